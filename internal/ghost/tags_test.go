package ghost

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// TestAdminTagWrites: tags.add, edit and delete as Ghost answers them,
// free slugs on a clash, and the role rules (Contributors may not manage
// tags).
func TestAdminTagWrites(t *testing.T) {
	e := newEnv(t)
	body := func(v any) *bytes.Reader {
		b, _ := json.Marshal(v)
		return bytes.NewReader(b)
	}
	code, out := e.adminAPI("POST", "tags/", map[string]any{"tags": []any{map[string]any{"name": "World", "description": "Abroad."}}})
	if code != 201 {
		t.Fatalf("add: %d %v", code, out)
	}
	tg := out["tags"].([]any)[0].(map[string]any)
	if tg["slug"] != "world-2" || tg["description"] != "Abroad." || tg["created_at"] == nil {
		t.Fatalf("add with a taken slug: %v", tg)
	}
	id := tg["id"].(string)
	code, out = e.adminAPI("PUT", "tags/"+id+"/", map[string]any{"tags": []any{map[string]any{"name": "Abroad", "slug": "abroad"}}})
	if code != 200 || out["tags"].([]any)[0].(map[string]any)["slug"] != "abroad" {
		t.Fatalf("edit: %d %v", code, out)
	}
	if code, out := e.adminAPI("POST", "tags/", map[string]any{"tags": []any{map[string]any{"slug": "x"}}}); code != 422 || errType(out) != "ValidationError" {
		t.Fatalf("no name: %d %v", code, out)
	}
	// A contributor's session may not add, edit or delete tags.
	for _, m := range []struct{ method, path string }{{"POST", "tags/"}, {"PUT", "tags/" + id + "/"}, {"DELETE", "tags/" + id + "/"}} {
		code, out, _ := e.do(m.method, "/ghost/api/admin/"+m.path, body(map[string]any{"tags": []any{map[string]any{"name": "Nope"}}}),
			map[string]string{"X-Test-User": "contrib", "Content-Type": "application/json", "Origin": testSite})
		if code != http.StatusForbidden || errType(out) != "NoPermissionError" {
			t.Errorf("contributor %s %s: %d %v", m.method, m.path, code, out)
		}
	}
	code, _, hdr := e.do("DELETE", "/ghost/api/admin/tags/"+id+"/", nil, map[string]string{"Authorization": "Ghost " + e.token(e.key, nil)})
	if code != http.StatusNoContent || hdr.Get("X-Cache-Invalidate") != "/*" {
		t.Fatalf("delete: %d %v", code, hdr)
	}
	if code, out := e.adminAPI("DELETE", "tags/"+id+"/", nil); code != 404 || errType(out) != "NotFoundError" {
		t.Fatalf("delete again: %d %v", code, out)
	}
}
