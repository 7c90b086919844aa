package search

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// Stem returns the index term of a folded word: English words through
// the Snowball English (Porter2) stemmer, Cyrillic ones through
// StemUkrainian. Digits stay as they are.
func Stem(w string) string {
	if isCyrillic(w) {
		return StemUkrainian(w)
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// Ukrainian has no Snowball stemmer, so StemUkrainian is a small suffix
// stripper written for search, where finding every form of a word
// matters more than an exact root:
//
//  1. the reflexive particle (-ся, -сь) goes;
//  2. the longest inflectional ending of nouns, adjectives and verbs in
//     ukEndings goes, if at least three letters with a vowel remain (past
//     tense endings only with their vowel, -ила, -ала: a bare -ла would
//     cut школа to шко);
//  3. a soft sign and a doubled final consonant go (повінню → повін,
//     зростання → зростан);
//  4. the alternation of a closed final syllable is undone: in stems of
//     four letters or more the last vowel, when it is о, е, є, і or ї
//     followed only by consonants, becomes і, so повінь and повені,
//     Львів and Львова, школа and шкіл meet. Shorter stems are left
//     alone: вода and від must not meet.
//
// It over-joins some unrelated words; the ranking copes with that better
// than readers cope with a search that misses "повені" for "повінь".
func StemUkrainian(w string) string {
	r := []rune(w)
	if len(r) <= 2 {
		return w
	}
	for _, e := range [][]rune{[]rune("ся"), []rune("сь")} {
		if hasSuffix(r, e) && len(r)-len(e) >= 3 {
			r = r[:len(r)-len(e)]
			break
		}
	}
	for _, e := range ukEndings {
		if hasSuffix(r, e) && len(r)-len(e) >= 3 && hasVowel(r[:len(r)-len(e)]) {
			r = r[:len(r)-len(e)]
			break
		}
	}
	if n := len(r); n > 3 && r[n-1] == 'ь' {
		r = r[:n-1]
	}
	if n := len(r); n > 3 && r[n-1] == r[n-2] && !isUkVowel(r[n-1]) {
		r = r[:n-1]
	}
	if len(r) >= 4 {
		last := len(r) - 1
		for last >= 0 && !isUkVowel(r[last]) {
			last--
		}
		if last >= 0 && last < len(r)-1 {
			switch r[last] {
			case 'о', 'е', 'є', 'і', 'ї':
				r[last] = 'і'
			}
		}
	}
	return string(r)
}

// ukEndings are tried longest first; the order within a length does not
// matter since no two of one length share a suffix.
var ukEndings = func() [][]rune {
	list := []string{
		// verbs
		"ували", "ювали", "ував", "ював", "ують", "юють", "ують", "ють", "ять", "уть", "ать",
		"ете", "ите", "ємо", "имо", "емо", "ати", "яти", "ити", "іти", "ути",
		"ила", "или", "ило", "ала", "али", "ало", "ела", "ели", "яла", "яли",
		"ив", "ав", "ів", "їв", "ти", "ть",
		// adjectives and participles
		"ього", "ьому", "ими", "іми", "ого", "ому", "ої", "ій", "ий", "им", "ім", "их", "іх", "ая", "яя", "ее",
		// nouns
		"ами", "ями", "ові", "еві", "єві", "ах", "ях", "ам", "ям", "ом", "ем", "єм", "ою", "ею", "єю", "ей",
		"а", "я", "о", "е", "є", "и", "і", "ї", "у", "ю", "ь", "й",
	}
	seen := map[string]bool{}
	var out [][]rune
	for max := 5; max >= 1; max-- {
		for _, e := range list {
			if utf8.RuneCountInString(e) == max && !seen[e] {
				seen[e] = true
				out = append(out, []rune(e))
			}
		}
	}
	return out
}()

func hasSuffix(r, suf []rune) bool {
	if len(suf) > len(r) {
		return false
	}
	off := len(r) - len(suf)
	for i, c := range suf {
		if r[off+i] != c {
			return false
		}
	}
	return true
}

func isUkVowel(c rune) bool {
	switch c {
	case 'а', 'е', 'є', 'и', 'і', 'ї', 'о', 'у', 'ю', 'я':
		return true
	}
	return false
}

func hasVowel(r []rune) bool {
	for _, c := range r {
		if isUkVowel(c) {
			return true
		}
	}
	return false
}

// Analyzer turns texts into terms, remembering stems: text is Zipfian,
// so a bounded cache spares most of the stemming when a million posts
// are indexed. An Analyzer is for one goroutine at a time.
type Analyzer struct {
	cache map[string]string
	buf   []byte
	seen  map[string]bool
}

const maxStemCache = 100_000

// NewAnalyzer returns an Analyzer with an empty cache.
func NewAnalyzer() *Analyzer {
	return &Analyzer{cache: map[string]string{}, seen: map[string]bool{}}
}

func (a *Analyzer) stem(w []byte) string {
	if s, ok := a.cache[string(w)]; ok {
		return s
	}
	s := Stem(string(w))
	if len(a.cache) < maxStemCache {
		a.cache[string(w)] = s
	}
	return s
}

// Terms returns the index terms of text, in order, one per word.
func (a *Analyzer) Terms(text string) []string {
	var out []string
	scanWords(text, a.buf, func(w []byte, _, _ int) { out = append(out, a.stem(w)) })
	return out
}

// DistinctTerms returns each term of text once, separated by spaces:
// what an index that keeps no positions needs.
func (a *Analyzer) DistinctTerms(text string) string {
	clear(a.seen)
	var b []byte
	scanWords(text, a.buf, func(w []byte, _, _ int) {
		s := a.stem(w)
		if !a.seen[s] {
			a.seen[s] = true
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, s...)
		}
	})
	return string(b)
}

var analyzers = sync.Pool{New: func() any { return NewAnalyzer() }}

// Terms returns the index terms of text, in order, one per word.
func Terms(text string) []string {
	a := analyzers.Get().(*Analyzer)
	defer analyzers.Put(a)
	return a.Terms(text)
}
