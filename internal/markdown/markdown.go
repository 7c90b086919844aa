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

	"newsdesk/internal/domain"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
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
	policy = newPolicy()
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
	buf := &cappedBuffer{max: maxHTML}
	conv := md
	if headings(src) > maxHeadingIDs {
		conv = mdNoIDs
	}
	err := conv.Convert([]byte(bound(src)), buf)
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

// PlainText strips tags from HTML, keeping paragraph breaks.
func PlainText(h string) string {
	text, _ := textOf(balance(h))
	return text
}

// CountWords counts words as runs of letters or digits, the way Ghost's
// helper does for Latin and Cyrillic text.
func CountWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// Apply renders p.BodyMD into the post's derived fields.
func Apply(p *domain.Post) {
	r := Render(p.BodyMD)
	p.BodyHTML, p.Plaintext, p.WordCount, p.ImageCount = r.HTML, r.Plaintext, r.WordCount, r.ImageCount
}
