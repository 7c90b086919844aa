package newsroom

import (
	"regexp"
	"strings"
)

// diffLine is one line of a line diff: Op is ' ' (same), '-' (only in the
// old text) or '+' (only in the new one). A changed line that replaced
// another carries Parts, its text split into the runs that both lines
// share and the words that changed, so a one-number edit marks the
// number and not the whole paragraph.
type diffLine struct {
	Op    string
	Text  string
	Parts []diffPart
}

// diffPart is a run of a changed line; Changed marks words the other
// line lacks.
type diffPart struct {
	Text    string
	Changed bool
}

// maxWordCells bounds the word-level tables of one whole diff: a body
// of many long changed paragraphs gets word marks on the first of them,
// and line marks alone after that.
const maxWordCells = 4_000_000

// wordToken splits a line into words, runs of spaces, and single other
// characters, so punctuation changes mark only themselves.
var wordToken = regexp.MustCompile(`[\p{L}\p{N}_]+|\s+|.`)

// withWords pairs each run of removed lines with the run of added lines
// after it, line by line, and marks the changed words in both.
func withWords(lines []diffLine) []diffLine {
	budget := maxWordCells
	for i := 0; i < len(lines); {
		if lines[i].Op != "-" {
			i++
			continue
		}
		r := i
		for r < len(lines) && lines[r].Op == "-" {
			r++
		}
		a := r
		for a < len(lines) && lines[a].Op == "+" {
			a++
		}
		for k := 0; k < r-i && k < a-r; k++ {
			lines[i+k].Parts, lines[r+k].Parts = wordDiff(lines[i+k].Text, lines[r+k].Text, &budget)
		}
		i = a
	}
	return lines
}

// wordDiff marks the tokens of a and b that are not in their longest
// common subsequence, spending the table's size from budget. Lines too
// long to compare get no parts: the whole line then shows as changed,
// which is still right.
func wordDiff(a, b string, budget *int) (pa, pb []diffPart) {
	x, y := wordToken.FindAllString(a, -1), wordToken.FindAllString(b, -1)
	cells := (len(x) + 1) * (len(y) + 1)
	if cells > *budget {
		return nil, nil
	}
	*budget -= cells
	w, lcs := len(y)+1, lcsTable(x, y)
	add := func(parts []diffPart, tok string, changed bool) []diffPart {
		if n := len(parts); n > 0 && parts[n-1].Changed == changed {
			parts[n-1].Text += tok
			return parts
		}
		return append(parts, diffPart{tok, changed})
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			pa, pb = add(pa, x[i], false), add(pb, y[j], false)
			i, j = i+1, j+1
		case j == len(y) || i < len(x) && lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			pa = add(pa, x[i], true)
			i++
		default:
			pb = add(pb, y[j], true)
			j++
		}
	}
	return pa, pb
}

// maxDiffCells bounds the LCS table; bodies beyond it diff as "all
// replaced", which is still correct, only less precise.
const maxDiffCells = 4_000_000

// lineDiff compares two texts line by line with a longest-common-
// subsequence table, after trimming the common head and tail.
func lineDiff(a, b string) []diffLine {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	var head, tail []diffLine
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		head = append(head, diffLine{Op: " ", Text: x[0]})
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		tail = append([]diffLine{{Op: " ", Text: x[len(x)-1]}}, tail...)
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	var mid []diffLine
	if (len(x)+1)*(len(y)+1) > maxDiffCells {
		for _, l := range x {
			mid = append(mid, diffLine{Op: "-", Text: l})
		}
		for _, l := range y {
			mid = append(mid, diffLine{Op: "+", Text: l})
		}
	} else {
		w, lcs := len(y)+1, lcsTable(x, y)
		i, j := 0, 0
		for i < len(x) && j < len(y) {
			switch {
			case x[i] == y[j]:
				mid = append(mid, diffLine{Op: " ", Text: x[i]})
				i, j = i+1, j+1
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				mid = append(mid, diffLine{Op: "-", Text: x[i]})
				i++
			default:
				mid = append(mid, diffLine{Op: "+", Text: y[j]})
				j++
			}
		}
		for ; i < len(x); i++ {
			mid = append(mid, diffLine{Op: "-", Text: x[i]})
		}
		for ; j < len(y); j++ {
			mid = append(mid, diffLine{Op: "+", Text: y[j]})
		}
	}
	return withWords(append(append(head, mid...), tail...))
}

// lcsTable returns, at [i*(len(y)+1)+j], the length of the longest common
// subsequence of x[i:] and y[j:]: the table both diffs walk.
func lcsTable(x, y []string) []int32 {
	w := len(y) + 1
	t := make([]int32, (len(x)+1)*w)
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	return t
}
