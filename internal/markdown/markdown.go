// Package markdown renders post bodies: Markdown to sanitized HTML, plus the
// plain text, word count and image count that reading time and feeds use.
package markdown

import (
	"bytes"
	"errors"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/domain"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Typographer, cards{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Raw HTML is allowed through goldmark and cleaned by bluemonday, so
		// imported Ghost/WordPress bodies keep their figures and embeds' text.
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	// mdNoIDs renders bodies with more headings than any article has:
	// making a unique id for each of a quarter million headings costs
	// seconds.
	mdNoIDs = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Typographer),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	// mdBlocks finds the members-only marker: the block structure with
	// the cards, so a marker inside a callout or code is not one.
	mdBlocks = goldmark.New(goldmark.WithExtensions(extension.GFM, cards{}))
	policy   = newPolicy()
)

// maxHeadingIDs is how many headings get an id for in-page links.
const maxHeadingIDs = 1000

// headings counts the lines that may be headings, ATX or setext.
func headings(src string) int {
	n := 0
	for line := range strings.Lines(src) {
		line = strings.TrimLeft(stripContainers(line), " \t")
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "=") || strings.HasPrefix(line, "-") {
			n++
		}
	}
	return n
}

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowElements("figure", "figcaption", "mark", "small")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-zA-Z0-9 _-]{1,100}$`)).Globally()
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[a-zA-Z0-9_-]{1,100}$`)).Globally()
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("srcset", "sizes").OnElements("img")
	allowCards(p)
	p.RequireNoFollowOnLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// Result is a rendered body.
type Result struct {
	HTML       string
	Plaintext  string
	WordCount  int
	ImageCount int
}

// maxHTML bounds what goldmark may write for one body: beyond it (a few
// link reference definitions used many thousands of times, say) the body
// is shown as plain text instead.
const maxHTML = 8 * domain.MaxBodyLen

// maxTags bounds the elements one body may make (a long article makes a
// few thousand); sanitizing and balancing cost is per element, so a body
// that makes more, such as 250,000 empty headings, is shown as text.
const maxTags = 100_000

// Render converts Markdown to sanitized, balanced HTML and derives text
// statistics. Its time grows linearly with the size of src: bound
// rewrites the constructs goldmark would spend quadratic time on.
func Render(src string) Result {
	return renderBounded(bound(src), src)
}

// renderBounded renders b, which bound has rewritten; src is the text a
// body too large for goldmark shows as paragraphs instead.
func renderBounded(b, src string) Result {
	buf := &cappedBuffer{max: maxHTML}
	conv := md
	if headings(b) > maxHeadingIDs {
		conv = mdNoIDs
	}
	err := conv.Convert([]byte(b), buf)
	if err != nil || buf.over || bytes.Count(buf.Bytes(), []byte("<")) > maxTags {
		buf.Reset()
		for _, para := range strings.Split(src, "\n\n") {
			if strings.TrimSpace(para) != "" {
				buf.WriteString("<p>" + html.EscapeString(para) + "</p>\n")
			}
		}
	}
	return FromHTML(buf.String())
}

// cappedBuffer stops taking writes after max bytes and remembers that it
// did; goldmark then runs on without copying anything more.
type cappedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.over || b.Len()+len(p) > b.max {
		b.over = true
		return 0, errTooLarge
	}
	return b.Buffer.Write(p)
}

var errTooLarge = errors.New("markdown: rendered body too large")

// Sanitize cleans HTML from an untrusted source (API input, imports). The
// result is a balanced fragment: whatever tags the input leaves open or
// closes without opening, the output cannot close or open the page's own
// containers.
func Sanitize(s string) string {
	nodes := balance(policy.Sanitize(s))
	return renderNodes(nodes, len(s))
}

// FromHTML sanitizes HTML and derives the plain text and counts from it.
func FromHTML(raw string) Result {
	nodes := balance(policy.Sanitize(raw))
	text, images := textOf(nodes)
	return Result{
		HTML:       renderNodes(nodes, len(raw)),
		Plaintext:  text,
		WordCount:  CountWords(text),
		ImageCount: images,
	}
}

// PlainText is the plain text of HTML as Ghost derives a post's (see textOf).
func PlainText(h string) string {
	text, _ := textOf(balance(h))
	return text
}

// CountWords counts words as runs of letters or digits, the way Ghost's
// helper does for Latin and Cyrillic text.
func CountWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		var w bool
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, most of most text, without decoding a rune.
			w = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '\'' || c == '-'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			w = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’'
			i += size
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// RenderPublic renders the part of src before Ghost's members-only
// marker: a line holding only domain.MembersOnlyMarker at the top level
// of the body (not inside a quote, list, card or code). ok is false when
// src has no marker.
func RenderPublic(src string) (r Result, ok bool) {
	if !strings.Contains(src, domain.MembersOnlyMarker) {
		return Result{}, false
	}
	b := bound(src)
	at := markerOffset([]byte(b))
	if at < 0 {
		return Result{}, false
	}
	return renderBounded(b[:at], b[:at]), true
}

// markerOffset is where the members-only marker's line starts in src, or -1.
func markerOffset(src []byte) int {
	doc := mdBlocks.Parser().Parse(text.NewReader(src))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		hb, ok := n.(*ast.HTMLBlock)
		if !ok || hb.HTMLBlockType != ast.HTMLBlockType2 || hb.Lines().Len() != 1 || hb.HasClosure() {
			continue
		}
		line := hb.Lines().At(0)
		if strings.TrimSpace(string(line.Value(src))) == domain.MembersOnlyMarker {
			return line.Start
		}
	}
	return -1
}

// Apply renders p.BodyMD into the post's derived fields: the whole body,
// and the part before the members-only marker when it has one.
func Apply(p *domain.Post) {
	r := Render(p.BodyMD)
	p.BodyHTML, p.Plaintext, p.WordCount, p.ImageCount = r.HTML, r.Plaintext, r.WordCount, r.ImageCount
	pub, _ := RenderPublic(p.BodyMD)
	p.PublicHTML, p.PublicPlaintext = pub.HTML, pub.Plaintext
}
