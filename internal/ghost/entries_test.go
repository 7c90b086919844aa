package ghost

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// TestEntriesAPI: the Admin API adds entries (Markdown, or HTML with
// ?source=html), browses them by cursor, edits with updated_at (409 when
// stale) and deletes; the roles are the posts'; the Content API lists the
// published ones and a live post's html carries its key points and
// entries.
func TestEntriesAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	live := &domain.Post{Kind: domain.KindLive, Title: "Flood on the river, live", Status: domain.StatusPublished, BodyMD: "Our coverage.",
		Authors: []domain.Author{e.admin.Author}}
	live.Validate()
	if err := e.store.CreatePost(ctx, live); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SaveLiveBlog(ctx, &domain.LiveBlog{PostID: live.ID, KeyPoints: []string{"Water at 4.6 m"}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	base := "posts/" + live.ID + "/entries/"

	for i, body := range []string{"Barriers go up on the quay.", "Evacuation ordered.", "The **bridge** is closed."} {
		code, out := e.adminAPI("POST", base, map[string]any{"entries": []any{map[string]any{"markdown": body, "key_event": i == 1}}})
		if code != 201 {
			t.Fatalf("add: %d %v", code, out)
		}
	}
	code, out := e.adminAPI("POST", base+"?source=html", map[string]any{"entries": []any{map[string]any{"title": "From a tool", "html": "<p>Water at <b>4.6 m</b>.</p>"}}})
	if code != 201 {
		t.Fatalf("add html: %d %v", code, out)
	}
	added := out["entries"].([]any)[0].(map[string]any)
	if added["markdown"] != "Water at **4.6 m**." || !strings.Contains(added["html"].(string), "<strong>4.6 m</strong>") || added["status"] != "published" {
		t.Fatalf("html entry = %v", added)
	}
	if code, out := e.adminAPI("POST", base, map[string]any{"entries": []any{map[string]any{"html": "<p>x</p>"}}}); code != 422 {
		t.Fatalf("html without source=html: %d %v", code, out)
	}
	if code, out := e.adminAPI("POST", base, map[string]any{"entries": []any{map[string]any{"markdown": " "}}}); code != 422 {
		t.Fatalf("empty entry: %d %v", code, out)
	}
	if code, _ := e.adminAPI("POST", "posts/"+e.posts[0].ID+"/entries/", map[string]any{"entries": []any{map[string]any{"markdown": "x"}}}); code != 404 {
		t.Fatalf("entry on an article: %d", code)
	}

	// Browse by cursor, newest first.
	var seen []string
	next := ""
	for {
		path := base + "?limit=3"
		if next != "" {
			path += "&after=" + url.QueryEscape(next)
		}
		code, out := e.adminAPI("GET", path, nil)
		if code != 200 {
			t.Fatalf("browse: %d %v", code, out)
		}
		for _, en := range out["entries"].([]any) {
			seen = append(seen, en.(map[string]any)["id"].(string))
		}
		n, _ := out["meta"].(map[string]any)["pagination"].(map[string]any)["next"].(string)
		if n == "" {
			break
		}
		next = n
	}
	if len(seen) != 4 || seen[0] != added["id"] {
		t.Fatalf("browsed %v", seen)
	}

	// Edit with the updated_at read; a stale one is 409.
	id := added["id"].(string)
	code, out = e.adminAPI("PUT", base+id+"/", map[string]any{"entries": []any{map[string]any{"markdown": "Water at 4.7 m.", "updated_at": added["updated_at"]}}})
	if code != 200 || out["entries"].([]any)[0].(map[string]any)["markdown"] != "Water at 4.7 m." {
		t.Fatalf("edit: %d %v", code, out)
	}
	code, out = e.adminAPI("PUT", base+id+"/", map[string]any{"entries": []any{map[string]any{"markdown": "Water at 5 m.", "updated_at": added["updated_at"]}}})
	if code != 409 || errType(out) != "UpdateCollisionError" {
		t.Fatalf("stale edit: %d %v", code, out)
	}
	if code, _ := e.adminAPI("PUT", base+id+"/", map[string]any{"entries": []any{map[string]any{"markdown": "x"}}}); code != 422 {
		t.Fatalf("edit without updated_at: %d", code)
	}

	// Roles: a Contributor's session may draft, not publish, and not
	// touch others' entries.
	as := func(method, path string, body any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		code, out, _ := e.do(method, "/ghost/api/admin/"+path, bytes.NewReader(b), map[string]string{
			"X-Test-User": "contrib", "Origin": e.srv.URL, "Content-Type": "application/json"})
		return code, out
	}
	if code, _ := as("POST", base, map[string]any{"entries": []any{map[string]any{"markdown": "Mine"}}}); code != 403 {
		t.Fatalf("contributor publishing: %d", code)
	}
	if code, out := as("POST", base, map[string]any{"entries": []any{map[string]any{"markdown": "Mine", "status": "draft"}}}); code != 201 {
		t.Fatalf("contributor draft: %d %v", code, out)
	}
	if code, _ := as("DELETE", base+id+"/", nil); code != 403 {
		t.Fatalf("contributor deleting another's entry: %d", code)
	}

	// The Content API: published entries only, and the live post's html.
	code, out, _ = e.content(base)
	if code != 200 || len(out["entries"].([]any)) != 4 {
		t.Fatalf("content entries: %d %v", code, out)
	}
	if _, ok := out["entries"].([]any)[0].(map[string]any)["markdown"]; ok {
		t.Fatal("the Content API shows markdown")
	}
	code, out, _ = e.content("posts/" + live.ID + "/")
	h, _ := out["posts"].([]any)[0].(map[string]any)["html"].(string)
	if code != 200 || !strings.Contains(h, "Water at 4.6 m</li>") || !strings.Contains(h, "Water at 4.7 m.") || strings.Contains(h, "Mine") {
		t.Fatalf("live post html: %d %s", code, h)
	}
	// Delete.
	code, _ = e.adminAPI("DELETE", base+id+"/", nil)
	if code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _ := e.adminAPI("DELETE", base+id+"/", nil); code != 404 {
		t.Fatalf("delete twice: %d", code)
	}
}
