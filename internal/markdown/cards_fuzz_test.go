package markdown

import (
	"strings"
	"testing"
)

// FuzzCards renders arbitrary bodies mixing the card forms: no panic, and
// no player loads before a click.
func FuzzCards(f *testing.F) {
	f.Add("![a](/a.jpg)\n*c (d)*\n\n:::: callout x\n::: toggle t\nb\n:::\n::::\n\nhttps://youtu.be/dQw4w9WgXcQ\n*cap*")
	f.Add("::: bookmark\n[t](https://e.org)\nd\n*m*\n:::\n\n::: button\n:::")
	f.Fuzz(func(t *testing.T, s string) {
		h := Render(s).HTML
		if strings.Contains(h, "<iframe") || strings.Contains(h, "<script") {
			t.Fatalf("rendered a frame or script:\n%s", h)
		}
	})
}
