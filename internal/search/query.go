package search

import (
	"html"
	"html/template"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Query limits: a search is a few words, not a document.
const (
	MaxGroups       = 8 // words and phrases in one query
	MaxPhraseTerms  = 8
	maxSnippetWords = 30
)

// Query is a parsed search: every group must match; a group of one term
// is a word, a longer one a phrase whose terms must follow each other.
type Query struct {
	Groups [][]string
}

// ParseQuery reads what a reader typed: words, and phrases in straight or
// typographic quotes ("…", “…”, «…»). Words and phrases beyond the limits
// are ignored; an unclosed quote runs to the end.
func ParseQuery(s string) Query {
	var q Query
	add := func(text string, phrase bool) {
		terms := Terms(text)
		if len(terms) == 0 {
			return
		}
		if phrase {
			if len(terms) > MaxPhraseTerms {
				terms = terms[:MaxPhraseTerms]
			}
			q.Groups = append(q.Groups, terms)
			return
		}
		for _, t := range terms {
			q.Groups = append(q.Groups, []string{t})
		}
	}
	var cur strings.Builder
	inQuote := false
	for _, r := range s {
		if r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„' {
			add(cur.String(), inQuote)
			cur.Reset()
			inQuote = !inQuote
			continue
		}
		cur.WriteRune(r)
	}
	add(cur.String(), inQuote)
	// Repeated words add nothing but cost.
	seen := map[string]bool{}
	out := q.Groups[:0]
	for _, g := range q.Groups {
		k := strings.Join(g, " ")
		if !seen[k] && len(out) < MaxGroups {
			seen[k] = true
			out = append(out, g)
		}
	}
	q.Groups = out
	return q
}

// Empty reports whether the query has nothing to search for.
func (q Query) Empty() bool { return len(q.Groups) == 0 }

// FTS5 is the query as an SQLite FTS5 expression over the given
// columns: every term, quoted (terms are letters and digits only). The
// index keeps no positions, so phrases are checked by MatchesPhrases.
func (q Query) FTS5(columns string) string {
	var parts []string
	for _, t := range q.Terms() {
		parts = append(parts, `"`+t+`"`)
	}
	return "{" + columns + "} : (" + strings.Join(parts, " AND ") + ")"
}

// Terms returns q's distinct terms in order.
func (q Query) Terms() []string {
	var out []string
	for t := range q.termSet() {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// HasPhrase reports whether q has a phrase of two terms or more.
func (q Query) HasPhrase() bool {
	for _, g := range q.Groups {
		if len(g) > 1 {
			return true
		}
	}
	return false
}

// MatchesPhrases reports whether every phrase of q appears, its terms
// in a row, in one of texts (a phrase does not run from the headline
// into the body).
func (q Query) MatchesPhrases(texts ...string) bool {
	var terms [][]string
	for _, g := range q.Groups {
		if len(g) < 2 {
			continue
		}
		if terms == nil {
			for _, t := range texts {
				terms = append(terms, Terms(t))
			}
		}
		if !slices.ContainsFunc(terms, func(ts []string) bool { return containsRun(ts, g) }) {
			return false
		}
	}
	return true
}

func containsRun(ts, run []string) bool {
	for i := 0; i+len(run) <= len(ts); i++ {
		if slices.Equal(ts[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// TSQuery is the query as a PostgreSQL tsquery literal; phrases use <->.
func (q Query) TSQuery() string {
	parts := make([]string, len(q.Groups))
	for i, g := range q.Groups {
		quoted := make([]string, len(g))
		for j, t := range g {
			quoted[j] = "'" + t + "'"
		}
		parts[i] = "(" + strings.Join(quoted, " <-> ") + ")"
	}
	return strings.Join(parts, " & ")
}

func (q Query) termSet() map[string]bool {
	set := map[string]bool{}
	for _, g := range q.Groups {
		for _, t := range g {
			set[t] = true
		}
	}
	return set
}

// Highlight escapes text and marks the words that match q.
func Highlight(text string, q Query) template.HTML {
	toks := Tokenize(text)
	return mark(text, toks, 0, len(toks), q.termSet(), false, false)
}

// Snippet is the passage of text, about thirty words, with the most
// distinct words of q, escaped, with those words marked and an ellipsis
// where it cuts; found reports whether any word of q is in text. Without
// a match it is the start of text.
func Snippet(text string, q Query) (snippet template.HTML, found bool) {
	toks := Tokenize(text)
	if len(toks) == 0 {
		return "", false
	}
	set := q.termSet()
	a := analyzers.Get().(*Analyzer)
	defer analyzers.Put(a)
	hit := make([]string, len(toks))
	for i, t := range toks {
		if s := a.stem([]byte(t.Word)); set[s] {
			hit[i] = s
		}
	}
	best, bestN := 0, 0
	for start := 0; start < len(toks); start++ {
		if hit[start] == "" {
			continue // windows start at a match (or the text's start)
		}
		seen := map[string]bool{}
		for i := start; i < min(start+maxSnippetWords, len(toks)); i++ {
			if hit[i] != "" {
				seen[hit[i]] = true
			}
		}
		if len(seen) > bestN {
			best, bestN = start, len(seen)
		}
	}
	// A few words of context before the first match read better.
	best = max(0, best-5)
	end := min(best+maxSnippetWords, len(toks))
	return mark(text, toks, best, end, set, best > 0, end < len(toks)), bestN > 0
}

// mark writes text from toks[from] to the end of toks[to-1], escaped,
// with matching words in <mark>.
func mark(text string, toks []Token, from, to int, set map[string]bool, before, after bool) template.HTML {
	var b strings.Builder
	if before {
		b.WriteString("… ")
	}
	pos := 0
	if from < len(toks) && before {
		pos = toks[from].Start
	}
	for i := from; i < to; i++ {
		t := toks[i]
		b.WriteString(html.EscapeString(text[pos:t.Start]))
		word := html.EscapeString(text[t.Start:t.End])
		if set[Stem(t.Word)] { // a few dozen words: no cache needed
			b.WriteString("<mark>" + word + "</mark>")
		} else {
			b.WriteString(word)
		}
		pos = t.End
	}
	if after {
		b.WriteString(" …")
	} else if to == len(toks) && utf8.ValidString(text[pos:]) {
		b.WriteString(html.EscapeString(text[pos:]))
	}
	return template.HTML(b.String())
}
