package ghost

import (
	"context"
	"fmt"
	"testing"
)

// A post refused by validation creates none of the tags it names: each
// would get a public page (regression: tags were created first).
func TestAdminRefusedPostCreatesNoTags(t *testing.T) {
	e := newEnv(t)
	before, err := e.store.ListTags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var tags []any
	for i := 0; i < 30; i++ {
		tags = append(tags, map[string]any{"name": fmt.Sprintf("Leaked topic %d", i)})
	}
	code, out := e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "Too many tags", "tags": tags}}})
	if code != 422 {
		t.Fatalf("30 tags: %d %v", code, out)
	}
	code, out = e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "", "tags": []any{"Orphan tag"}}}})
	if code != 422 {
		t.Fatalf("no title: %d %v", code, out)
	}
	after, _ := e.store.ListTags(context.Background())
	if len(after) != len(before) {
		t.Fatalf("refused posts created %d tags", len(after)-len(before))
	}
	// Ghost's ways of naming a new tag all create it with the post.
	code, out = e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "Tagged three ways",
		"tags": []any{map[string]any{"name": "By Name"}, map[string]any{"slug": "by-slug"}, map[string]any{"name": "Both", "slug": "both-ways"}}}}})
	if code != 201 {
		t.Fatalf("new tags: %d %v", code, out)
	}
	got := out["posts"].([]any)[0].(map[string]any)["tags"].([]any)
	want := [][2]string{{"By Name", "by-name"}, {"by-slug", "by-slug"}, {"Both", "both-ways"}}
	for i, w := range want {
		tg := got[i].(map[string]any)
		if tg["name"] != w[0] || tg["slug"] != w[1] {
			t.Errorf("tag %d = %v %v; want %v", i, tg["name"], tg["slug"], w)
		}
	}
	// A taken slug moves to the next free one, as Ghost does.
	code, out = e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "Tagged three ways"}}})
	if code != 201 || out["posts"].([]any)[0].(map[string]any)["slug"] != "tagged-three-ways-2" {
		t.Fatalf("duplicate slug: %d %v", code, out)
	}
}
