package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := Render("RIVERTON — The council met on *Tuesday*.\n\n> \"We will rebuild,\" she said.\n\n![Dam](/content/images/dam.jpg)\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) <a href=\"/x\" onclick=\"evil()\">x</a>")
	for _, want := range []string{"<em>Tuesday</em>", "<blockquote>", `<img src="/content/images/dam.jpg" alt="Dam"`} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, r.HTML)
		}
	}
	for _, bad := range []string{"<script", "javascript:", "onclick"} {
		if strings.Contains(r.HTML, bad) {
			t.Errorf("HTML keeps %q:\n%s", bad, r.HTML)
		}
	}
	if r.ImageCount != 1 {
		t.Errorf("ImageCount = %d", r.ImageCount)
	}
	if !strings.HasPrefix(r.Plaintext, "RIVERTON — The council met on Tuesday.") {
		t.Errorf("Plaintext = %q", r.Plaintext)
	}
	if strings.Contains(r.Plaintext, "<") {
		t.Errorf("Plaintext has tags: %q", r.Plaintext)
	}
}

func TestCountWords(t *testing.T) {
	tests := map[string]int{
		"":                     0,
		"one":                  1,
		"one two  three\nfour": 4,
		"Київ готується до зими.":       4,
		"It's a well-known fact — 2026": 5,
	}
	for in, want := range tests {
		if got := CountWords(in); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", in, got, want)
		}
	}
}
