package site

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// Stream items are most of what an uncached tag, author or News Feed page
// renders, and html/template spends most of that in reflection and in
// escapers chosen at run time. appendItem writes the markup of
// partials/item.html directly, escaping each value as html/template does
// in that place (text, quoted attribute, URL, srcset); TestItemRenderer
// holds the two to the same bytes for every kind of item. Items it does
// not know how to write (search results with marked words) keep the
// template.

// renderItems fills each item's HTML where appendItem can write it; the
// others stay empty and the template renders them.
func renderItems(items []item) {
	bp := itemBufs.Get().(*[]byte)
	defer itemBufs.Put(bp)
	for i := range items {
		b, ok := appendItem((*bp)[:0], &items[i])
		*bp = b
		if ok {
			items[i].HTML = template.HTML(b) // copies: the buffer is reused
		}
	}
}

var itemBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendItem appends the markup partials/item.html renders for it and
// reports whether it could; on false b holds partial output to discard.
func appendItem(b []byte, it *item) ([]byte, bool) {
	if it.Snippet != "" || it.TitleHTML != "" || it.L == nil || it.HTML != "" {
		return b, false
	}
	if v := it.Video; v != nil && v.L == nil {
		return b, false
	}
	b = append(b, `<article class="item item-`...)
	b = appendEsc(b, string(it.Kind))
	if it.Lead {
		b = append(b, ` item-lead`...)
	}
	b = append(b, '"')
	if it.ID != "" {
		b = append(b, ` data-id="`...)
		b = appendEsc(b, it.ID)
		b = append(b, '"')
	}
	if it.Lang != "" {
		b = append(b, ` lang="`...)
		b = appendEsc(b, it.Lang)
		b = append(b, '"')
	}
	b = append(b, ">\n  <p class=\"meta\">"...)
	if it.Kind == "video" {
		b = append(b, `<span class="label">`...)
		b = appendEsc(b, it.L.T("Video"))
		b = append(b, `</span>`...)
	}
	if it.Live {
		b = append(b, `<span class="label">`...)
		b = appendEsc(b, it.L.T("Live"))
		b = append(b, `</span>`...)
	}
	if sec := it.Section; sec != nil {
		b = append(b, `<a class="section" href="/tag/`...)
		b = appendURLPart(b, sec.Slug)
		b = append(b, `/">`...)
		b = appendEsc(b, sec.Name)
		b = append(b, `</a>`...)
	}
	b = append(b, "\n    <time datetime=\""...)
	b = appendEsc(b, it.Time.ISO)
	b = append(b, `" title="`...)
	b = appendEsc(b, it.Time.Full)
	b = append(b, `">`...)
	b = appendEsc(b, it.Time.Text)
	b = append(b, "</time>\n  </p>\n  "...)
	if it.Sub {
		b = append(b, `<h3 class="headline">`...)
	} else {
		b = append(b, `<h2 class="headline">`...)
	}
	b = append(b, `<a href="`...)
	b = appendURL(b, it.URL)
	b = append(b, `">`...)
	b = appendEsc(b, it.Title)
	b = append(b, `</a>`...)
	if it.Sub {
		b = append(b, `</h3>`...)
	} else {
		b = append(b, `</h2>`...)
	}
	if it.Kind == "article" || it.Kind == "live" {
		b = append(b, "\n  "...)
		if it.Standfirst != "" {
			b = append(b, `<p class="standfirst">`...)
			b = appendEsc(b, it.Standfirst)
			b = append(b, `</p>`...)
		}
	} else {
		b = append(b, "\n  <div class=\"brief-body\">"...)
		b = append(b, it.Body...) // sanitized HTML, as the template writes it
		b = append(b, "</div>\n  "...)
		if it.Gated != "" {
			b = append(b, `<p class="members-only">`...)
			b = appendEsc(b, it.Gated)
			b = append(b, `</p>`...)
		}
	}
	b = append(b, "\n  "...)
	if it.Video != nil {
		b = appendPlayer(b, it.Video)
	}
	b = append(b, "\n  "...)
	if it.Byline != "" {
		b = append(b, `<p class="byline">`...)
		b = appendEsc(b, it.Byline)
		b = append(b, `</p>`...)
	}
	b = append(b, "\n  "...)
	if im := it.Image; im != nil {
		b = append(b, `<a class="thumb" href="`...)
		b = appendURL(b, it.URL)
		b = append(b, `" tabindex="-1" aria-hidden="true">`...)
		b = appendImg(b, im)
		b = append(b, `</a>`...)
	}
	b = append(b, "\n</article>"...)
	return b, true
}

// appendImg is the "img" template.
func appendImg(b []byte, im *picture) []byte {
	b = append(b, `<img src="`...)
	b = appendURL(b, im.URL)
	b = append(b, `" alt="`...)
	b = appendEsc(b, im.Alt)
	b = append(b, '"')
	if im.Width != 0 {
		b = append(b, ` width="`...)
		b = strconv.AppendInt(b, int64(im.Width), 10)
		b = append(b, `" height="`...)
		b = strconv.AppendInt(b, int64(im.Height), 10)
		b = append(b, '"')
	}
	if im.Srcset != "" {
		b = append(b, ` srcset="`...)
		b = appendSrcset(b, im.Srcset)
		b = append(b, `" sizes="`...)
		b = appendEsc(b, im.Sizes)
		b = append(b, '"')
	}
	if im.Eager {
		b = append(b, ` fetchpriority="high">`...)
	} else {
		b = append(b, ` loading="lazy" decoding="async">`...)
	}
	return b
}

// appendPlayer is the "player" template.
func appendPlayer(b []byte, v *video) []byte {
	b = append(b, `<div class="player">`...)
	switch {
	case v.File != "":
		b = append(b, "\n  <video controls preload=\""...)
		if v.Local {
			b = append(b, `metadata`...)
		} else {
			b = append(b, `none`...)
		}
		b = append(b, `" src="`...)
		b = appendURL(b, v.File)
		b = append(b, '"')
		if v.Poster != "" {
			b = append(b, ` poster="`...)
			b = appendURL(b, v.Poster)
			b = append(b, '"')
		}
		b = append(b, ">\n    <a href=\""...)
		b = appendURL(b, v.File)
		b = append(b, `">`...)
		b = appendEsc(b, v.L.T("Download the video"))
		b = append(b, "</a>\n  </video>"...)
	case v.Embed != "":
		b = append(b, "\n  <a class=\"facade\" href=\""...)
		b = appendURL(b, v.Watch)
		b = append(b, `" data-embed="`...)
		b = appendEsc(b, v.Embed)
		b = append(b, `" data-title="`...)
		b = appendEsc(b, v.Title)
		b = append(b, "\">\n    "...)
		if v.Poster != "" {
			b = append(b, `<img src="`...)
			b = appendURL(b, v.Poster)
			b = append(b, `" alt="" loading="lazy" decoding="async">`...)
		}
		b = append(b, "\n    <span class=\"play\" aria-hidden=\"true\"></span>\n    <span class=\"facade-text\"><span class=\"facade-title\">"...)
		b = appendEsc(b, v.L.T("Play video: %s", v.Title))
		b = append(b, "</span>\n    <span class=\"facade-note\">"...)
		b = appendEsc(b, v.L.T("Plays from %s when you click", v.Provider))
		b = append(b, "</span></span>\n  </a>"...)
	default:
		b = append(b, "\n  <p><a href=\""...)
		b = appendURL(b, v.Watch)
		b = append(b, `">`...)
		b = appendEsc(b, v.L.T("Watch the video: %s", v.Title))
		b = append(b, `</a></p>`...)
	}
	return append(b, "\n</div>"...)
}

// appendEsc escapes s for HTML text or a quoted attribute value, as
// html/template's text and attribute escapers do (they are one table:
// NUL becomes U+FFFD and '+' is escaped too). Working on bytes is the
// same as on runes: no byte of a multi-byte UTF-8 sequence is ASCII.
func appendEsc(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURL is a whole URL attribute value (href, src, poster): a scheme
// other than http, https or mailto is replaced, then appendURLPart.
func appendURL(b []byte, s string) []byte {
	if !safeURL(s) {
		return append(b, "#ZgotmplZ"...)
	}
	return appendURLPart(b, s)
}

// safeURL is html/template's test: relative, or http, https or mailto.
func safeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

// appendURLPart normalizes s as part of a URL in a quoted attribute:
// bytes a URL may not hold are percent-encoded (valid escapes are kept),
// then '&' and '+' are escaped for the attribute, as html/template's
// URL normalizer followed by its attribute escaper does.
func appendURLPart(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case urlKeeps(c):
			b = append(b, c)
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// urlKeeps reports the bytes normalizing leaves as they are: unreserved
// and reserved characters of RFC 3986 but for quote and parentheses.
func urlKeeps(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// appendSrcset is html/template's srcset filter then attribute escaper:
// each comma-separated candidate keeps its URL (normalized) and its
// descriptor when the URL is safe and the descriptor is only spaces,
// letters and digits; otherwise the candidate becomes "#ZgotmplZ".
func appendSrcset(b []byte, s string) []byte {
	for {
		cand, rest, more := strings.Cut(s, ",")
		b = appendCandidate(b, cand)
		if !more {
			return b
		}
		b = append(b, ',')
		s = rest
	}
}

func appendCandidate(b []byte, s string) []byte {
	start := 0
	for start < len(s) && isHTMLSpace(s[start]) {
		start++
	}
	end := len(s)
	for i := start; i < len(s); i++ {
		if isHTMLSpace(s[i]) {
			end = i
			break
		}
	}
	u, desc := s[start:end], s[end:]
	ok := safeURL(u)
	for i := 0; ok && i < len(desc); i++ {
		c := desc[i]
		ok = isHTMLSpace(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	if !ok {
		return append(b, "#ZgotmplZ"...)
	}
	b = append(b, s[:start]...) // spaces: nothing to escape
	b = appendURLPart(b, u)
	return append(b, desc...)
}

// isHTMLSpace is ASCII whitespace as HTML defines it.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
