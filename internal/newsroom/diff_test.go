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
