// Package markdown renders post bodies: Markdown to sanitized HTML, plus the
// plain text, word count and image count that reading time and feeds use.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
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
		goldmark.WithExtensions(extension.GFM, extension.Typographer),
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

var tagRe = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)

// blockBreaks are the line breaks around block elements, as Ghost's
// plaintext (html-to-text) puts them: two around paragraphs, lists and
// quotes, three before a heading.
var blockBreaks = map[string][2]int{
	"p": {2, 2}, "blockquote": {2, 2}, "pre": {2, 2}, "figure": {2, 2}, "table": {2, 2},
	"ul": {2, 2}, "ol": {2, 2},
	"h1": {3, 2}, "h2": {3, 2}, "h3": {3, 2}, "h4": {3, 2}, "h5": {3, 2}, "h6": {3, 2},
	"tr": {1, 1},
}

// PlainText turns HTML into the plain text Ghost derives from a post: block
// elements on their own lines (paragraphs apart by a blank line, headings by
// two), list items as " * item" or "1. item", links as their text, and no
// images, figure captions or rules.
func PlainText(h string) string {
	var b []byte
	owed := 0       // line breaks due before the next text
	skip := 0       // inside an element whose text is left out
	var lists []int // open lists: -1 unordered, else the next number
	text := func(s string) {
		if skip > 0 || s == "" {
			return
		}
		if len(b) == 0 {
			owed = 0
		}
		if owed > 0 {
			b = bytes.TrimRight(b, " ")
			b = append(b, strings.Repeat("\n", owed)...)
			owed = 0
		}
		b = append(b, s...)
	}
	pos := 0
	for _, m := range tagRe.FindAllStringSubmatchIndex(h, -1) {
		text(inlineText(h[pos:m[0]], len(b) == 0 || owed > 0))
		pos = m[1]
		closing := m[3] > m[2]
		name := strings.ToLower(h[m[4]:m[5]])
		switch name {
		case "figcaption", "script", "style":
			if closing {
				skip = max(skip-1, 0)
			} else {
				skip++
			}
			continue
		case "br":
			if skip == 0 && len(b) > 0 {
				owed++
			}
			continue
		case "li":
			if !closing {
				owed = max(owed, 1)
				prefix := " * "
				if n := len(lists); n > 0 && lists[n-1] >= 0 {
					prefix = strconv.Itoa(lists[n-1]) + ". "
					lists[n-1]++
				}
				text(prefix)
			}
			continue
		case "ul", "ol":
			if closing {
				if len(lists) > 0 {
					lists = lists[:len(lists)-1]
				}
			} else if name == "ol" {
				lists = append(lists, 1)
			} else {
				lists = append(lists, -1)
			}
		}
		if br, ok := blockBreaks[name]; ok {
			if closing {
				owed = max(owed, br[1])
			} else {
				owed = max(owed, br[0])
			}
		}
	}
	text(inlineText(h[pos:], len(b) == 0 || owed > 0))
	return strings.TrimSpace(string(b))
}

// inlineText unescapes a run of text between tags and collapses its
// spaces; whitespace alone between blocks is no text.
func inlineText(s string, atBlockStart bool) string {
	s = html.UnescapeString(s)
	if strings.TrimSpace(s) == "" && (atBlockStart || strings.Contains(s, "\n")) {
		return ""
	}
	// Runs of spaces become one; a run holding a line break stays a line
	// break (Ghost keeps the newlines of the source).
	var b strings.Builder
	var gap string
	for _, r := range s {
		switch r {
		case '\n':
			gap = "\n"
			continue
		case ' ', '\t', '\r':
			if gap == "" {
				gap = " "
			}
			continue
		}
		if gap != "" && (b.Len() > 0 || !atBlockStart) {
			b.WriteString(gap)
		}
		gap = ""
		b.WriteRune(r)
	}
	if gap != "" && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return b.String()
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
