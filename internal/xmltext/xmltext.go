// Package xmltext makes text safe to put in XML 1.0 documents (feeds,
// sitemaps) and HTML metadata: the escapers of encoding/xml and
// html/template handle markup, but characters XML forbids outright must
// be removed before escaping, or one imported title breaks a whole feed.
package xmltext

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// Clean removes what XML 1.0 forbids: C0 control characters other than
// tab, newline and carriage return, U+FFFE and U+FFFF, and invalid UTF-8.
// Everything else (emoji, right-to-left text) is kept as is.
func Clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if !Allowed(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && size == 1) && Allowed(r) {
			sb.WriteString(s[i : i+size])
		}
		i += size
	}
	return sb.String()
}

// Allowed reports whether r is a character XML 1.0 documents may hold.
func Allowed(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Marshal encodes v as an indented XML document with the standard header
// and a final newline, the shape every feed and sitemap newsdesk serves has.
func Marshal(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
