// Package search turns English and Ukrainian text into the index terms
// newsdesk stores for full-text search, parses what readers type into a
// query of those terms, and cuts highlighted snippets. It does no I/O:
// both databases index the same pre-stemmed terms, so a story is found
// the same way on SQLite (FTS5) and PostgreSQL (tsvector).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTermRunes bounds a term: longer "words" (hashes, URLs run together)
// are not indexed.
const MaxTermRunes = 40

// Token is a word of a text with its place in it.
type Token struct {
	Word       string // folded: lower case, no apostrophes, composed letters
	Start, End int    // byte offsets of the original word in the text
}

// isApostrophe reports the apostrophes Ukrainian and English text use
// inside words: ASCII, the typographic right quote and the modifier
// letter (the one Ukrainian orthography prescribes).
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`' || r == '´'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Tokenize splits text into folded words. An apostrophe between two
// letters is part of the word and dropped ("п’ять", "п'ять" and "пʼять"
// are one word, as are "don't" and "dont"); a combining diaeresis or
// breve after і, и, е or у is composed, so a decomposed "ї" matches the
// precomposed one.
func Tokenize(text string) []Token {
	var out []Token
	scanWords(text, nil, func(w []byte, start, end int) {
		out = append(out, Token{Word: string(w), Start: start, End: end})
	})
	return out
}

// scanWords calls fn with each folded word of text and its byte offsets;
// w is only valid during the call. It is the indexing hot path (a
// million posts are billions of bytes), so ASCII takes a fast path and
// words are folded into one reused buffer.
func scanWords(text string, buf []byte, fn func(w []byte, start, end int)) {
	buf = buf[:0]
	start := -1
	var ascii, nonASCII bool
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := buf
		if ascii && nonASCII {
			w = []byte(fixMixedScript(string(w)))
		}
		if n := utf8.RuneCount(w); n > 0 && n <= MaxTermRunes {
			fn(w, start, end)
		}
		buf, start, ascii, nonASCII = buf[:0], -1, false, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'' || c == '`':
				if start >= 0 && !letterAt(text, i+1) {
					flush(i)
				}
				i++
				continue
			default:
				flush(i)
				i++
				continue
			}
			if start < 0 {
				start = i
			}
			if c > '9' {
				ascii = true
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isApostrophe(r):
			if start >= 0 && !letterAt(text, i+size) {
				flush(i)
			}
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			nonASCII = true
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case start >= 0 && (r == '\u0308' || r == '\u0306'):
			buf = composeLast(buf, r)
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
}

// letterAt reports whether a letter (not another apostrophe) starts at i.
func letterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) && !isApostrophe(r)
}

// composeLast replaces the last letter of b with its composed form
// under a combining mark (і + ◌̈ = ї, и + ◌̆ = й).
func composeLast(b []byte, mark rune) []byte {
	last, size := utf8.DecodeLastRune(b)
	var c rune
	switch {
	case mark == '\u0308' && last == 'і':
		c = 'ї'
	case mark == '\u0308' && last == 'е':
		c = 'ё'
	case mark == '\u0306' && last == 'и':
		c = 'й'
	case mark == '\u0306' && last == 'у':
		c = 'ў'
	default:
		return b
	}
	return utf8.AppendRune(b[:len(b)-size], c)
}

// latinLookalikes are Latin letters that look like Cyrillic ones; typed
// by mistake (or by a keyboard without Ukrainian "і") inside a Cyrillic
// word they would make it unfindable.
var latinLookalikes = map[rune]rune{
	'a': 'а', 'c': 'с', 'e': 'е', 'i': 'і', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у', 'k': 'к',
}

// fixMixedScript maps Latin look-alikes to Cyrillic in a word that is
// otherwise Cyrillic ("Kиїв" with a Latin K is "київ").
func fixMixedScript(w string) string {
	cyr, lat := 0, 0
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			lat++
		}
	}
	if cyr == 0 || lat == 0 {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if c, ok := latinLookalikes[r]; ok {
			r = c
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCyrillic reports whether a folded word is in Cyrillic script (then it
// is stemmed as Ukrainian, otherwise as English).
func isCyrillic(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Cyrillic, r)
}
