// Package convert turns the bodies other platforms store (Ghost's Lexical
// and Mobiledoc documents, HTML from Ghost and WordPress, WordPress block
// markup and shortcodes) into newsdesk Markdown without losing content.
//
// # The newsdesk Markdown forms
//
// newsdesk bodies are CommonMark with GitHub's extensions. Rich content that
// plain Markdown has no element for uses the forms below, written once here
// and rendered by internal/markdown (cards.go). Each reads naturally in the
// editor and degrades to sensible text in any other Markdown renderer.
//
// Figure: a paragraph holding only an image, optionally followed on the next
// line by the caption in italics. A credit is the caption's last
// parenthesised group, as news sites print it:
//
//	![Rescuers in the square](/content/images/2026/03/square.jpg)
//	*Kyiv: rescuers at work, March 3. (Jane Doe / Agency)*
//
// Gallery: a paragraph holding only two or more images (one per line or
// side by side), optionally followed by an italic caption line:
//
//	![First](/content/images/a.jpg)
//	![Second](/content/images/b.jpg)
//	*The flood, from the bridge. (John Roe)*
//
// Embed: a paragraph holding only a bare URL, optionally followed by an
// italic caption line. YouTube, Vimeo, X (Twitter), Instagram, Telegram and
// Facebook posts become click-to-load facades; a URL of a video or audio file
// becomes a player; any other URL stays a plain link:
//
//	https://www.youtube.com/watch?v=dQw4w9WgXcQ
//	*The mayor's address.*
//
// An audio or video file on this site is not a bare URL but a path; it is
// written as a link alone in its paragraph, and plays the same way:
//
//	[flood.mp4](/content/media/2026/03/flood.mp4)
//	*The flood from the air.*
//
// The remaining forms are fenced blocks: a line of three or more colons
// and a name opens one, a line of at least as many colons closes it, and
// what lies between is Markdown.
//
// Callout (an emoji is optional):
//
//	::: callout 💡
//	The bridge stays closed until **Friday**.
//	:::
//
// Bookmark card (a link card: the first line links the title, then an
// optional description, then optional italic publisher and author):
//
//	::: bookmark
//	[Flood defences, explained](https://example.org/flood)
//	How the city plans to keep the river out.
//	*Riverton Courier · Jane Doe*
//	:::
//
// Button:
//
//	::: button
//	[Read the full report](https://example.org/report.pdf)
//	:::
//
// Pull quote (a line set large beside the story; a last short paragraph
// is the speaker), written by the newsroom's editor:
//
//	::: pullquote
//	The river gave us a week.
//
//	Mayor Ihor Klymenko
//	:::
//
// Toggle (a heading that opens to show the rest):
//
//	::: toggle How we verified this
//	We spoke to three witnesses.
//	:::
//
// Ghost's members-only marker stays as the HTML comment
// <!--members-only--> on its own line: the part before it is what
// anonymous readers see. Content with no Markdown form at all (a custom
// HTML card) stays as one sanitized raw HTML block.
package convert

import (
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/internal/domain"
)

// MembersOnly is Ghost's marker between the public and members-only parts
// of a body; newsdesk keeps it verbatim.
const MembersOnly = domain.MembersOnlyMarker

// doc collects the blocks of a converted body.
type doc struct {
	blocks []string
}

func (d *doc) add(block string) {
	block = strings.Trim(block, "\n")
	if strings.TrimSpace(block) == "" {
		return
	}
	d.blocks = append(d.blocks, block)
}

func (d *doc) String() string {
	if len(d.blocks) == 0 {
		return ""
	}
	return strings.Join(d.blocks, "\n\n") + "\n"
}

// Image is one picture of a figure or gallery.
type Image struct {
	URL string
	Alt string
	// Href is where a click on the picture leads, if anywhere.
	Href  string
	Title string
}

// Figure writes an image with its caption (inline Markdown, credit
// included) in the figure form.
func Figure(img Image, caption string) string {
	return Gallery([]Image{img}, caption)
}

// Gallery writes images with one caption in the gallery form (a figure
// when there is one image).
func Gallery(images []Image, caption string) string {
	var b strings.Builder
	n := 0
	for _, im := range images {
		if im.URL == "" {
			continue
		}
		if n > 0 {
			b.WriteByte('\n')
		}
		n++
		img := "![" + escapeLinkText(oneLine(im.Alt)) + "](" + Destination(im.URL) + titlePart(im.Title) + ")"
		if im.Href != "" {
			img = "[" + img + "](" + Destination(im.Href) + ")"
		}
		b.WriteString(img)
	}
	if n == 0 {
		return Caption(caption)
	}
	if c := Caption(caption); c != "" {
		b.WriteString("\n" + c)
	}
	return b.String()
}

// Caption writes a caption line: inline Markdown in emphasis.
func Caption(caption string) string {
	c := oneLine(caption)
	if c == "" {
		return ""
	}
	// A caption that starts or ends with * would merge with the
	// delimiters, so those get underscores.
	if strings.HasPrefix(c, "*") || strings.HasSuffix(c, "*") || strings.HasSuffix(c, "\\") {
		if strings.HasSuffix(c, "\\") {
			c += " "
		}
		return "_" + c + "_"
	}
	return "*" + c + "*"
}

// Embed writes a URL in the embed form, with an optional caption.
func Embed(rawURL, caption string) string {
	u := strings.TrimSpace(rawURL)
	if isSiteMedia(u) {
		// A site path is no autolink: it is written as a link to itself,
		// which the renderer plays like a bare URL.
		line := "[" + EscapeText(path.Base(u)) + "](" + strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29").Replace(u) + ")"
		if c := Caption(caption); c != "" {
			line += "\n" + c
		}
		return line
	}
	if !isWebURL(u) {
		return ""
	}
	// A bare URL is a GFM autolink only when it has no spaces or angle
	// brackets; <...> keeps odd ones whole.
	line := u
	if strings.ContainsAny(u, " <>()*_~`[]") || strings.HasSuffix(u, ".") {
		line = "<" + strings.ReplaceAll(u, ">", "%3E") + ">"
	}
	if c := Caption(caption); c != "" {
		line += "\n" + c
	}
	return line
}

// Callout writes a callout holding body (Markdown blocks).
func Callout(emoji, body string) string {
	head := "callout"
	if e := oneLine(emoji); e != "" {
		head += " " + e
	}
	return Fenced(head, body)
}

// Bookmark writes a link card.
func Bookmark(rawURL, title, description, publisher, author string) string {
	if !isWebURL(rawURL) {
		return ""
	}
	t := oneLine(title)
	if t == "" {
		t = rawURL
	}
	lines := []string{"[" + escapeLinkText(EscapeText(t)) + "](" + Destination(rawURL) + ")"}
	if d := oneLine(description); d != "" {
		lines = append(lines, EscapeText(d))
	}
	var meta []string
	for _, m := range []string{publisher, author} {
		if m = oneLine(m); m != "" {
			meta = append(meta, EscapeText(m))
		}
	}
	if len(meta) > 0 {
		lines = append(lines, Caption(strings.Join(meta, " · ")))
	}
	return Fenced("bookmark", strings.Join(lines, "\n"))
}

// Button writes a button linking to rawURL.
func Button(rawURL, label string) string {
	l := oneLine(label)
	if l == "" {
		l = rawURL
	}
	if rawURL == "" {
		return EscapeText(l)
	}
	return Fenced("button", "["+escapeLinkText(EscapeText(l))+"]("+Destination(rawURL)+")")
}

// Toggle writes a toggle with heading (plain text) over body (Markdown).
func Toggle(heading, body string) string {
	return Fenced("toggle "+oneLine(heading), body)
}

// Fenced writes a ::: block; its fence is longer than any colon fence
// inside, so nested blocks close where they should.
func Fenced(head, body string) string {
	n := 2
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		c := len(t) - len(strings.TrimLeft(t, ":"))
		n = max(n, c)
	}
	fence := strings.Repeat(":", n+1)
	body = strings.Trim(body, "\n")
	if body == "" {
		return fence + " " + head + "\n" + fence
	}
	return fence + " " + head + "\n" + body + "\n" + fence
}

// Code writes a fenced code block.
func Code(language, code string) string {
	fence := "```"
	for strings.Contains(code, fence) {
		fence += "`"
	}
	lang := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '`' {
			return -1
		}
		return r
	}, language)
	return fence + lang + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
}

// Rule is a thematic break.
const Rule = "---"

// Heading writes a heading of level 1 to 6 with inline Markdown text.
func Heading(level int, text string) string {
	level = max(1, min(level, 6))
	t := oneLine(text)
	if t == "" {
		return ""
	}
	return strings.Repeat("#", level) + " " + t
}

// Quote prefixes every line of body with "> ".
func Quote(body string) string {
	return prefixLines(strings.Trim(body, "\n"), "> ", ">")
}

func prefixLines(s, prefix, blankPrefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = blankPrefix
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// indent indents every line but the first by n spaces (list item bodies).
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// Destination writes a link destination, in <...> when it has spaces or
// parentheses Markdown would misread.
func Destination(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return "<>"
	}
	if strings.ContainsAny(u, " ()<>\n\\") {
		r := strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "", "\\", "%5C")
		return "<" + r.Replace(u) + ">"
	}
	return u
}

func titlePart(t string) string {
	t = oneLine(t)
	if t == "" {
		return ""
	}
	return ` "` + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), `"`, `\"`) + `"`
}

// escapeLinkText escapes what would end link text early. Its input is
// already inline Markdown, so only unescaped brackets are touched.
func escapeLinkText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '[' || c == ']' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// oneLine joins lines with spaces and trims: captions and headings are one
// line in their forms.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)), " ")
}

// isSiteMedia reports whether u is a path on this site to an audio or
// video file (/content/media/2026/03/flood.mp4), as Ghost's media cards
// hold uploads.
func isSiteMedia(u string) bool {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.ContainsAny(u, "<>\n\\") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch strings.ToLower(path.Ext(p.Path)) {
	case ".mp4", ".webm", ".ogv", ".m4v", ".mov", ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".aac", ".opus", ".flac":
		return true
	}
	return false
}

func isWebURL(u string) bool {
	p, err := url.Parse(strings.TrimSpace(u))
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// EscapeText escapes plain text so Markdown shows it as written. Only the
// characters that could start markup where they stand are escaped, so
// ordinary prose stays readable in the editor.
func EscapeText(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	atLineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' || r == '`' || r == '*' || r == '[' || r == ']' || r == '<' || r == '~' || r == '|':
			b.WriteByte('\\')
		case r == '_':
			// Only underscores at a word edge can start or end emphasis.
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if !(isWordRune(prev) && isWordRune(next)) {
				b.WriteByte('\\')
			}
		case r == '&':
			if entityAhead(s[i+1:]) {
				b.WriteByte('\\')
			}
		case r == '!':
			if strings.HasPrefix(s[i+1:], "[") {
				b.WriteByte('\\')
			}
		case atLineStart && (r == '>' || (r == '#' || r == '+' || r == '-' || r == '=') && startsBlock(s[i:])):
			b.WriteByte('\\')
		case atLineStart && r == ':' && strings.HasPrefix(s[i:], ":::"):
			b.WriteByte('\\')
		case atLineStart && r >= '0' && r <= '9':
			// "1984. A year" would start an ordered list.
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString(s[i:j])
			if j < len(s) && (s[j] == '.' || s[j] == ')') {
				b.WriteByte('\\')
			}
			i = j
			atLineStart = false
			continue
		}
		b.WriteString(s[i : i+size])
		if r == '\n' {
			atLineStart = true
		} else if !(atLineStart && (r == ' ' || r == '\t')) {
			atLineStart = false
		}
		i += size
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// entityAhead reports whether s (after an '&') reads as an HTML entity.
func entityAhead(s string) bool {
	for i := 0; i < len(s) && i < 32; i++ {
		c := s[i]
		switch {
		case c == ';':
			return i > 0
		case c == '#' && i == 0, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return false
}

// startsBlock reports whether a line beginning with #, +, - or = would be
// read as a heading, list item, rule or setext underline.
func startsBlock(line string) bool {
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	c := line[0]
	rest := strings.TrimLeft(line, string(c))
	if strings.TrimSpace(rest) == "" {
		return true // "---", "===", "#"
	}
	switch c {
	case '#':
		return len(line)-len(rest) <= 6 && (rest[0] == ' ' || rest[0] == '\t')
	case '+', '-':
		return line[1] == ' ' || line[1] == '\t'
	}
	return false
}
