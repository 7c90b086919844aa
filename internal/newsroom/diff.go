package newsroom

import "strings"

// diffLine is one line of a line diff: Op is ' ' (same), '-' (only in the
// old text) or '+' (only in the new one).
type diffLine struct {
	Op   string
	Text string
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
		head = append(head, diffLine{" ", x[0]})
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		tail = append([]diffLine{{" ", x[len(x)-1]}}, tail...)
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	var mid []diffLine
	if (len(x)+1)*(len(y)+1) > maxDiffCells {
		for _, l := range x {
			mid = append(mid, diffLine{"-", l})
		}
		for _, l := range y {
			mid = append(mid, diffLine{"+", l})
		}
	} else {
		// lcs[i][j] is the LCS length of x[i:] and y[j:].
		w := len(y) + 1
		lcs := make([]int32, (len(x)+1)*w)
		for i := len(x) - 1; i >= 0; i-- {
			for j := len(y) - 1; j >= 0; j-- {
				if x[i] == y[j] {
					lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
				} else {
					lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(x) && j < len(y) {
			switch {
			case x[i] == y[j]:
				mid = append(mid, diffLine{" ", x[i]})
				i, j = i+1, j+1
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				mid = append(mid, diffLine{"-", x[i]})
				i++
			default:
				mid = append(mid, diffLine{"+", y[j]})
				j++
			}
		}
		for ; i < len(x); i++ {
			mid = append(mid, diffLine{"-", x[i]})
		}
		for ; j < len(y); j++ {
			mid = append(mid, diffLine{"+", y[j]})
		}
	}
	return append(append(head, mid...), tail...)
}
