package ghost

import (
	"regexp"
	"strings"

	"newsdesk/internal/markdown"
)

var (
	preRe = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)
	// blockStartRe matches tags that open a CommonMark HTML block running
	// to the next blank line (type 6).
	blockStartRe = regexp.MustCompile(`(?i)^<(address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|section|table|ul)[\s/>]`)
)

// htmlBody turns HTML sent with ?source=html into a stored body. newsdesk
// keeps Markdown bodies; sanitized HTML written as one raw HTML block is
// valid Markdown that renders to itself (the renderer passes raw HTML
// through and sanitizes), so no conversion can lose or garble content.
// A CommonMark HTML block ends at a blank line, so blank lines go: outside
// <pre> they mean nothing in HTML, inside <pre> newlines become &#10;.
func htmlBody(raw string) string {
	clean := strings.ReplaceAll(markdown.Sanitize(raw), "\r\n", "\n")
	clean = preRe.ReplaceAllStringFunc(clean, func(pre string) string {
		return strings.ReplaceAll(pre, "\n", "&#10;")
	})
	lines := strings.Split(clean, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			kept = append(kept, l)
		}
	}
	body := strings.TrimSpace(strings.Join(kept, "\n"))
	if body == "" {
		return ""
	}
	if !blockStartRe.MatchString(body) {
		// Text, inline markup or <pre> first: a <div> keeps it all one block.
		body = "<div>\n" + body + "\n</div>"
	}
	return body
}
