package ghost

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text that reads like markup stays text through the Admin API: a plain
// custom_excerpt comes back as the words it spelled, and
// feature_image_caption, which Ghost clients render as HTML, comes back
// escaped, so it is never a live element and survives being sent back.
func TestExcerptAndCaptionStayText(t *testing.T) {
	e := newEnv(t)
	code, out := e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{
		"title": "Markup-looking text", "feature_image": "/content/images/x.jpg",
		"custom_excerpt":        "a &lt;b&gt; c",
		"feature_image_caption": "&lt;img src=x onerror=alert(1)&gt; Kyiv & Lviv",
	}}})
	if code != 201 {
		t.Fatalf("add: %d %v", code, out)
	}
	post := out["posts"].([]any)[0].(map[string]any)
	if got := post["custom_excerpt"]; got != "a <b> c" {
		t.Errorf("custom_excerpt = %q, want the plain text %q", got, "a <b> c")
	}
	const caption = "<img src=x onerror=alert(1)> Kyiv & Lviv"
	asHTML := func(s string) string {
		t.Helper()
		nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "figcaption", DataAtom: atom.Figcaption})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, n := range nodes {
			if n.Type != html.TextNode {
				t.Errorf("feature_image_caption %q holds a live <%s>", s, n.Data)
				continue
			}
			b.WriteString(n.Data)
		}
		return b.String()
	}
	got, _ := post["feature_image_caption"].(string)
	if text := asHTML(got); text != caption {
		t.Errorf("feature_image_caption reads %q as HTML, want %q", text, caption)
	}
	// A client that sends the caption back as it read it changes nothing.
	code, out = e.adminAPI("PUT", "posts/"+post["id"].(string)+"/", map[string]any{"posts": []any{map[string]any{
		"updated_at": post["updated_at"], "feature_image_caption": got,
	}}})
	if code != 200 {
		t.Fatalf("edit: %d %v", code, out)
	}
	again := out["posts"].([]any)[0].(map[string]any)["feature_image_caption"]
	if again != got {
		t.Errorf("caption sent back as read changed: %q -> %q", got, again)
	}
}
