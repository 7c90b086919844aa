package newsroom

import (
	"strings"
	"testing"
)

func TestLineDiff(t *testing.T) {
	for _, tc := range []struct {
		name, a, b, want string
	}{
		{"same", "a\nb", "a\nb", " a  b"},
		{"changed middle", "a\nb\nc", "a\nB\nc", " a -b +B  c"},
		{"added at end", "a", "a\nb", " a +b"},
		{"removed at start", "x\na\nb", "a\nb", "-x  a  b"},
		{"moved line", "a\nb\nc\nd", "b\nc\na\nd", "-a  b  c +a  d"},
		{"empty to text", "", "a", "- +a"},
	} {
		var got []string
		for _, l := range lineDiff(tc.a, tc.b) {
			got = append(got, l.Op+l.Text)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, g, tc.want)
		}
	}
	// Common head and tail are trimmed before the table is built.
	big := strings.Repeat("line\n", 3000)
	lines := lineDiff(big+"old", big+"new")
	if n := len(lines); n != 3002 || lines[n-2].Op != "-" || lines[n-1].Op != "+" {
		t.Fatalf("long common head: %d lines, tail %+v", n, lines[n-2:])
	}
	// Middles too large for the table diff as "all replaced": coarse, still right.
	var a, b []string
	for i := 0; i < 2100; i++ {
		a = append(a, "a"+strings.Repeat("x", i%7)+string(rune('0'+i%10)))
		b = append(b, "b"+string(rune('0'+i%10)))
	}
	lines = lineDiff(strings.Join(a, "\n"), strings.Join(b, "\n"))
	if len(lines) != 4200 || lines[0].Op != "-" || lines[2099].Op != "-" || lines[2100].Op != "+" {
		t.Fatalf("huge diff: %d lines", len(lines))
	}
}

// A one-number edit inside a long paragraph marks the number, not the
// paragraph; lines too large to compare word by word still diff.
func TestWordDiff(t *testing.T) {
	para := "The Verna rose 40 centimetres at the Lower Quay gauge overnight, the agency said."
	lines := lineDiff("Intro.\n\n"+para, "Intro.\n\n"+strings.Replace(para, "40", "45", 1))
	var rem, ins diffLine
	for _, l := range lines {
		switch l.Op {
		case "-":
			rem = l
		case "+":
			ins = l
		}
	}
	changed := func(parts []diffPart) (out []string) {
		for _, p := range parts {
			if p.Changed {
				out = append(out, p.Text)
			}
		}
		return out
	}
	if got := changed(rem.Parts); len(got) != 1 || got[0] != "40" {
		t.Errorf("removed words = %q, want [40]", got)
	}
	if got := changed(ins.Parts); len(got) != 1 || got[0] != "45" {
		t.Errorf("added words = %q, want [45]", got)
	}
	var whole strings.Builder
	for _, p := range ins.Parts {
		whole.WriteString(p.Text)
	}
	if whole.String() != ins.Text {
		t.Errorf("parts do not add up to the line: %q", whole.String())
	}

	// Punctuation counts on its own; a pure addition has no pair.
	if _, pb := wordDiff("Kyiv, May 1", "Kyiv; May 1", new(int(maxWordCells))); len(changed(pb)) != 1 || changed(pb)[0] != ";" {
		t.Errorf("punctuation change = %+v", pb)
	}
	if l := lineDiff("a", "a\nb"); l[1].Parts != nil {
		t.Errorf("an added line got word parts: %+v", l[1])
	}

	// Beyond the budget the lines stay whole.
	long := strings.Repeat("word ", 3000)
	pa, pb := wordDiff(long+"x", long+"y", new(int(maxWordCells)))
	if pa != nil || pb != nil {
		t.Errorf("a pair over the budget got word parts")
	}
}
