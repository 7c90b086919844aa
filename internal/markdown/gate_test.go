package markdown

import (
	"strings"
	"testing"

	"newsdesk/internal/domain"
)

func TestRenderPublic(t *testing.T) {
	const m = domain.MembersOnlyMarker
	for _, tc := range []struct {
		name, src string
		ok        bool
		want      string // the public HTML holds this
	}{
		{"marker", "Free part.\n\n" + m + "\n\nMembers' part.", true, "<p>Free part.</p>"},
		{"marker after a paragraph line", "Free part.\n" + m + "\nMembers' part.", true, "<p>Free part.</p>"},
		{"indented marker", "Free part.\n\n   " + m + "\n\nMembers' part.", true, "<p>Free part.</p>"},
		{"marker first", m + "\n\nMembers' part.", true, ""},
		{"no marker", "Members' part.", false, ""},
		{"marker in code", "Free part.\n\n```\n" + m + "\n```\n\nMembers' part.", false, ""},
		{"marker in a quote", "> Free part.\n> " + m + "\n\nMembers' part.", false, ""},
		{"marker in a callout", "::: callout\nFree part.\n\n" + m + "\n:::\n\nMembers' part.", false, ""},
		{"marker with text", "Free part.\n\n" + m + " Members' part.", false, ""},
		{"marker in a list", "- Free part.\n\n  " + m + "\n\nMembers' part.", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := RenderPublic(tc.src)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%q)", ok, tc.ok, r.HTML)
			}
			if strings.Contains(r.HTML, "Members") || strings.Contains(r.Plaintext, "Members") {
				t.Errorf("the public part shows the members' part: %q / %q", r.HTML, r.Plaintext)
			}
			if !strings.Contains(r.HTML, tc.want) || (tc.want == "" && r.HTML != "") {
				t.Errorf("public HTML = %q, want %q", r.HTML, tc.want)
			}
			// The whole body never shows the marker itself (but code does).
			if full := Render(tc.src); strings.Contains(full.HTML, "members-only") && !strings.Contains(tc.src, "```") {
				t.Errorf("the body shows the marker: %q", full.HTML)
			}
		})
	}
}

func TestApplyGated(t *testing.T) {
	p := &domain.Post{BodyMD: "Free **part**.\n\n" + domain.MembersOnlyMarker + "\n\nMembers' part."}
	Apply(p)
	if p.PublicHTML != "<p>Free <strong>part</strong>.</p>\n" || p.PublicPlaintext != "Free part." {
		t.Errorf("public part = %q / %q", p.PublicHTML, p.PublicPlaintext)
	}
	if !strings.Contains(p.BodyHTML, "Members’ part") {
		t.Errorf("the whole body lost the members' part: %q", p.BodyHTML)
	}
	p.BodyMD = "No marker now."
	Apply(p)
	if p.PublicHTML != "" || p.PublicPlaintext != "" {
		t.Errorf("a body without marker kept a public part: %q", p.PublicHTML)
	}
}
