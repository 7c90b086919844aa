package markdown

import "testing"

// TestPlainTextAsGhost checks the plain text against what Ghost 5.130.6
// derived from the same HTML (internal/ghost/testdata/golden/seed.json).
func TestPlainTextAsGhost(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Kyiv — Ministers from five countries met on Wednesday.</p><ul><li>Trade</li><li>Energy</li></ul>": "Kyiv — Ministers from five countries met on Wednesday.\n\n * Trade\n * Energy",
		"<p>Riverton — The council voted on Monday to rebuild the Old Mill bridge.</p><h2 id=\"what-happens-next\">What happens next</h2>" +
			"<p>Work starts in <strong>spring</strong> and ends in <em>autumn</em>.</p><p>Read the <a href=\"https://example.org/plan\">full plan</a>.</p>": "Riverton — The council voted on Monday to rebuild the Old Mill bridge.\n\n\nWhat happens next\n\nWork starts in spring and ends in autumn.\n\nRead the full plan.",
		"<p>All six wards have declared.</p><blockquote>A close race in the east.</blockquote>":                                 "All six wards have declared.\n\nA close race in the east.",
		"<ol><li>a</li><li>b</li></ol><figure><img src=\"/x.jpg\" alt=\"\"><figcaption>Caption</figcaption></figure><p>end</p>": "1. a\n2. b\n\nend",
	} {
		if got := PlainText(Sanitize(in)); got != want {
			t.Errorf("PlainText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}
