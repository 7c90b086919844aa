package convert

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// format is a set of inline text styles, numbered as Lexical numbers them.
type format uint16

const (
	fBold format = 1 << iota
	fItalic
	fStrike
	fUnderline
	fCode
	fSub
	fSup
	fMark
)

// run is a stretch of text with one style and at most one link; a run
// with br set is a hard line break.
type run struct {
	text  string
	f     format
	href  string
	title string
	br    bool
}

// inline writes runs as inline Markdown.
func inline(runs []run) string {
	runs = mergeRuns(runs)
	var b strings.Builder
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) && runs[j].href == runs[i].href && !(runs[i].href != "" && runs[j].br) {
			j++
		}
		group := runs[i:j]
		if href := runs[i].href; href != "" && !runs[i].br {
			text := styled(group, runBefore(runs, i), runAfter(runs, j))
			if strings.TrimSpace(text) == "" {
				text = EscapeText(href)
			}
			b.WriteString("[" + text + "](" + Destination(href) + titlePart(runs[i].title) + ")")
		} else {
			b.WriteString(styled(group, runBefore(runs, i), runAfter(runs, j)))
		}
		i = j
	}
	return strings.TrimSpace(trimHardBreaks(b.String()))
}

// trimHardBreaks drops hard breaks that end the text: they would render as
// a stray backslash.
func trimHardBreaks(s string) string {
	for {
		t := strings.TrimRight(s, " \t")
		if !strings.HasSuffix(t, "\\\n") {
			return s
		}
		s = strings.TrimSuffix(t, "\\\n")
	}
}

func runBefore(runs []run, i int) rune {
	if i == 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(runs[i-1].text)
	return r
}

func runAfter(runs []run, j int) rune {
	if j >= len(runs) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(runs[j].text)
	return r
}

func mergeRuns(runs []run) []run {
	out := runs[:0:0]
	for _, r := range runs {
		if r.text == "" && !r.br {
			continue
		}
		if n := len(out); n > 0 && !r.br && !out[n-1].br && out[n-1].f == r.f && out[n-1].href == r.href {
			out[n-1].text += r.text
			continue
		}
		out = append(out, r)
	}
	return out
}

// styled writes runs that share a link (or none). before and after are
// the characters around the group, which decide whether * delimiters
// would open and close where they should; where they would not, HTML tags
// say the same thing.
func styled(runs []run, before, after rune) string {
	var b strings.Builder
	for i, r := range runs {
		if r.br {
			b.WriteString("\\\n")
			continue
		}
		prev, next := before, after
		if i > 0 {
			prev, _ = utf8.DecodeLastRuneInString(runs[i-1].text)
			if runs[i-1].br {
				prev = '\n'
			}
		}
		if i+1 < len(runs) {
			next, _ = utf8.DecodeRuneInString(runs[i+1].text)
			if runs[i+1].br {
				next = '\n'
			}
		}
		b.WriteString(styleRun(r, prev, next, endsWithDelimiter(b.String())))
	}
	return b.String()
}

func endsWithDelimiter(s string) bool {
	return strings.HasSuffix(s, "*") || strings.HasSuffix(s, "~") || strings.HasSuffix(s, "_")
}

func styleRun(r run, prev, next rune, touching bool) string {
	text := r.text
	if r.f == 0 {
		return EscapeText(text)
	}
	// Whitespace goes outside the delimiters: "** bold **" is no emphasis.
	core := strings.TrimSpace(text)
	if core == "" {
		return EscapeText(text)
	}
	lead := text[:strings.Index(text, core)]
	trail := text[len(lead)+len(core):]
	if lead != "" {
		prev = ' '
	}
	if trail != "" {
		next = ' '
	}
	var s string
	if r.f&fCode != 0 {
		s = codeSpan(core)
	} else {
		s = EscapeText(core)
	}
	for _, tag := range []struct {
		f   format
		tag string
	}{{fSub, "sub"}, {fSup, "sup"}, {fUnderline, "u"}, {fMark, "mark"}} {
		if r.f&tag.f != 0 {
			s = "<" + tag.tag + ">" + s + "</" + tag.tag + ">"
		}
	}
	first, _ := utf8.DecodeRuneInString(core)
	last, _ := utf8.DecodeLastRuneInString(core)
	// Delimiter runs flank correctly unless punctuation inside meets a
	// letter outside, or they would touch another run's delimiters.
	html := touching || (isPunct(first) && isWordRune(prev)) || (isPunct(last) && isWordRune(next))
	for _, d := range []struct {
		f         format
		md, tag   string
		needsHTML bool
	}{{fStrike, "~~", "del", false}, {fItalic, "*", "em", false}, {fBold, "**", "strong", false}} {
		if r.f&d.f == 0 {
			continue
		}
		if html {
			s = "<" + d.tag + ">" + s + "</" + d.tag + ">"
		} else {
			s = d.md + s + d.md
		}
	}
	return EscapeText(lead) + s + EscapeText(trail)
}

func isPunct(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// codeSpan writes text as inline code with enough backticks around it.
func codeSpan(text string) string {
	fence := "`"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") {
		text = " " + text + " "
	}
	return fence + text + fence
}
