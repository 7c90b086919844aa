// Package markdown renders post bodies: Markdown to sanitized HTML, plus the
// plain text, word count and image count that reading time and feeds use.
package markdown

import (
	"bytes"
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
	policy = newPolicy()
)

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

// Render converts Markdown to sanitized HTML and derives text statistics.
func Render(src string) Result {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		buf.Reset()
		buf.WriteString("<p>" + html.EscapeString(src) + "</p>")
	}
	return FromHTML(buf.String())
}

// Sanitize cleans HTML from an untrusted source (API input, imports).
func Sanitize(s string) string {
	return policy.Sanitize(s)
}

// FromHTML sanitizes HTML and derives the plain text and counts from it.
func FromHTML(raw string) Result {
	clean := policy.Sanitize(raw)
	text := PlainText(clean)
	return Result{
		HTML:       clean,
		Plaintext:  text,
		WordCount:  CountWords(text),
		ImageCount: strings.Count(clean, "<img"),
	}
}

var (
	tagRe   = regexp.MustCompile(`<[^>]*>`)
	blockRe = regexp.MustCompile(`(?i)</(p|h[1-6]|li|blockquote|figure|figcaption|pre|tr)>|<br\s*/?>`)
	blankRe = regexp.MustCompile(`\n{3,}`)
)

// PlainText strips tags from HTML, keeping paragraph breaks.
func PlainText(h string) string {
	s := blockRe.ReplaceAllString(h, "\n\n")
	s = tagRe.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	s = strings.Join(lines, "\n")
	return strings.TrimSpace(blankRe.ReplaceAllString(s, "\n\n"))
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
