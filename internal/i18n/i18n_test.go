package i18n

import "testing"

func TestUkrainianForm(t *testing.T) {
	want := map[int]int{0: Many, 1: One, 2: Few, 4: Few, 5: Many, 11: Many, 12: Many, 14: Many,
		21: One, 22: Few, 25: Many, 101: One, 111: Many, 112: Many, 122: Few, 1001: One}
	for n, f := range want {
		if got := UkrainianForm(n); got != f {
			t.Errorf("UkrainianForm(%d) = %d, want %d", n, got, f)
		}
	}
}
