package ghost

import (
	"net/http"
	"strings"
	"testing"
)

func firstPost(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	list, _ := out["posts"].([]any)
	if len(list) == 0 {
		t.Fatalf("no posts in %v", out)
	}
	return list[0].(map[string]any)
}

// A gated post written through the Admin API: staff read and edit all of
// it and its visibility; the Content API answers as Ghost does to a
// visitor, with the part before the members-only marker and access false.
func TestGatedPostInBothAPIs(t *testing.T) {
	e := newEnv(t)
	const secret = "Secret council minutes"
	code, out := e.adminAPI("POST", "posts/?source=html", map[string]any{"posts": []any{map[string]any{
		"title": "Council budget leaks", "status": "published", "visibility": "paid",
		"html": "<p>The council met on Tuesday.</p><!--members-only--><p>" + secret + " follow.</p>"}}})
	if code != http.StatusCreated {
		t.Fatalf("add: %d %v", code, out)
	}
	post := firstPost(t, out)
	id, slug := post["id"].(string), post["slug"].(string)
	// Ghost's Admin API posts carry no access field (staff see everything).
	if _, has := post["access"]; post["visibility"] != "paid" || !strings.Contains(post["html"].(string), secret) || has {
		t.Errorf("Admin API answer: visibility %v, access %v, html %q", post["visibility"], post["access"], post["html"])
	}

	check := func(what string, p map[string]any) {
		t.Helper()
		if p["visibility"] != "paid" || p["access"] != false {
			t.Errorf("%s: visibility %v, access %v; want paid, false", what, p["visibility"], p["access"])
		}
		for _, f := range []string{"html", "plaintext", "excerpt"} {
			v, _ := p[f].(string)
			if strings.Contains(v, "Secret") {
				t.Errorf("%s: %s shows the members' part: %q", what, f, v)
			}
			if !strings.Contains(v, "The council met on Tuesday.") {
				t.Errorf("%s: %s lacks the public part: %q", what, f, v)
			}
		}
	}
	code, out, _ = e.content("posts/slug/" + slug + "/?formats=html,plaintext")
	if code != http.StatusOK {
		t.Fatalf("read: %d %v", code, out)
	}
	check("posts/slug/", firstPost(t, out))
	code, out, _ = e.content("posts/?filter=visibility:paid&formats=html,plaintext")
	if code != http.StatusOK || len(out["posts"].([]any)) != 1 {
		t.Fatalf("browse visibility:paid: %d %v", code, out)
	}
	check("posts/?filter=visibility:paid", firstPost(t, out))
	if code, out, _ = e.content("posts/?filter=visibility:public&limit=all"); code != http.StatusOK || len(out["posts"].([]any)) != 20 {
		t.Errorf("browse visibility:public: %d, %d posts", code, len(out["posts"].([]any)))
	}

	// Staff read it whole, and may open it to everyone.
	code, out = e.adminAPI("GET", "posts/"+id+"/?formats=html,plaintext", nil)
	post = firstPost(t, out)
	if code != http.StatusOK || !strings.Contains(post["html"].(string), secret) || !strings.Contains(post["plaintext"].(string), secret) {
		t.Errorf("Admin API read: %d, html %q", code, post["html"])
	}
	code, out = e.adminAPI("PUT", "posts/"+id+"/", map[string]any{"posts": []any{map[string]any{
		"visibility": "members-only", "updated_at": post["updated_at"]}}})
	if code != http.StatusUnprocessableEntity || errType(out) != "ValidationError" || !strings.Contains(errMessage(out), "isibility") {
		t.Errorf("unknown visibility: %d %v; want a 422 ValidationError about visibility", code, out)
	}
	code, out = e.adminAPI("PUT", "posts/"+id+"/", map[string]any{"posts": []any{map[string]any{
		"visibility": "public", "updated_at": post["updated_at"]}}})
	if code != http.StatusOK || firstPost(t, out)["visibility"] != "public" {
		t.Fatalf("make public: %d %v", code, out)
	}
	code, out, _ = e.content("posts/slug/" + slug + "/?formats=html,plaintext")
	p := firstPost(t, out)
	if code != http.StatusOK || p["access"] != true || !strings.Contains(p["html"].(string), secret) {
		t.Errorf("made public: access %v, html %q", p["access"], p["html"])
	}
}
