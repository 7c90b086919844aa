package ghost

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"newsdesk/internal/domain"
)

// TestAdminWebhooks: webhooks.add, edit and destroy as Ghost 5 takes
// them, scoped to the integration whose key signs the request.
func TestAdminWebhooks(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	other, _ := domain.NewIntegration("Other", "")
	if err := e.store.CreateIntegration(ctx, other); err != nil {
		t.Fatal(err)
	}
	hook := func(fields map[string]any) map[string]any { return map[string]any{"webhooks": []any{fields}} }
	// The integration comes from the key, whatever the body names.
	code, out := e.adminAPI("POST", "webhooks/", hook(map[string]any{"event": "post.published", "target_url": "https://hooks.example.org/ghost",
		"name": "Push", "secret": "shh", "integration_id": other.ID}))
	if code != http.StatusCreated {
		t.Fatalf("add: %d %v", code, out)
	}
	wh := out["webhooks"].([]any)[0].(map[string]any)
	if wh["integration_id"] != e.key.ID || wh["event"] != "post.published" || wh["secret"] != "shh" || wh["name"] != "Push" ||
		wh["api_version"] != "v6.0" || wh["created_at"] == nil || wh["last_triggered_at"] != nil {
		t.Fatalf("added: %v", wh)
	}
	id := wh["id"].(string)
	stored, err := e.store.WebhookByID(ctx, id)
	if err != nil || stored.TargetURL != "https://hooks.example.org/ghost" || stored.IntegrationID != e.key.ID {
		t.Fatalf("stored: %+v %v", stored, err)
	}
	for _, bad := range []struct {
		name   string
		fields map[string]any
	}{
		{"no event", map[string]any{"target_url": "https://hooks.example.org/x"}},
		{"no target", map[string]any{"event": "post.added"}},
		{"event not in lowercase", map[string]any{"event": "Post.Added", "target_url": "https://hooks.example.org/x"}},
		{"private target", map[string]any{"event": "post.added", "target_url": "http://169.254.169.254/latest/"}},
		{"loopback target", map[string]any{"event": "post.added", "target_url": "http://localhost:9000/"}},
		{"not a URL", map[string]any{"event": "post.added", "target_url": "hooks"}},
		{"duplicate", map[string]any{"event": "post.published", "target_url": "https://hooks.example.org/ghost"}},
	} {
		code, out := e.adminAPI("POST", "webhooks/", hook(bad.fields))
		if code != http.StatusUnprocessableEntity || errType(out) != "ValidationError" {
			t.Errorf("%s: %d %v", bad.name, code, out)
		}
	}
	if code, out := e.adminAPI("POST", "webhooks/", map[string]any{"hooks": []any{}}); code != 400 || errType(out) != "BadRequestError" {
		t.Errorf("no webhooks key: %d %v", code, out)
	}
	list, _ := e.store.ListWebhooks(ctx, "")
	if len(list) != 1 {
		t.Fatalf("refused webhooks were saved: %d", len(list))
	}
	// As in Ghost, an event newsdesk never sends is taken (Zapier's Ghost
	// app subscribes to member.added when it is set up).
	if code, out := e.adminAPI("POST", "webhooks/", hook(map[string]any{"event": "member.added", "target_url": "https://hooks.example.org/x"})); code != http.StatusCreated {
		t.Errorf("event newsdesk does not send: %d %v", code, out)
	}
	list, _ = e.store.ListWebhooks(ctx, "")
	if len(list) != 2 {
		t.Fatalf("refused webhooks were saved: %d", len(list))
	}

	code, out = e.adminAPI("PUT", "webhooks/"+id+"/", hook(map[string]any{"event": "post.published.edited", "target_url": "https://hooks.example.org/v2"}))
	if code != http.StatusOK {
		t.Fatalf("edit: %d %v", code, out)
	}
	wh = out["webhooks"].([]any)[0].(map[string]any)
	if wh["event"] != "post.published.edited" || wh["target_url"] != "https://hooks.example.org/v2" || wh["secret"] != "shh" {
		t.Fatalf("edited: %v", wh)
	}
	if code, out := e.adminAPI("PUT", "webhooks/"+id+"/", hook(map[string]any{"target_url": "http://10.0.0.5/"})); code != 422 {
		t.Fatalf("edit to a private target: %d %v", code, out)
	}

	// Another integration's key may not touch it.
	req := func(method, path string, body any, in *domain.Integration) (int, map[string]any) {
		var r *bytes.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		} else {
			r = bytes.NewReader(nil)
		}
		code, out, _ := e.do(method, "/ghost/api/admin/"+path, r, map[string]string{"Authorization": "Ghost " + e.token(in, nil), "Content-Type": "application/json"})
		return code, out
	}
	if code, out := req("PUT", "webhooks/"+id+"/", hook(map[string]any{"name": "Mine now"}), other); code != http.StatusForbidden || errType(out) != "NoPermissionError" {
		t.Fatalf("other integration edits: %d %v", code, out)
	}
	if code, out := req("DELETE", "webhooks/"+id+"/", nil, other); code != http.StatusForbidden {
		t.Fatalf("other integration deletes: %d %v", code, out)
	}

	// Sessions: Administrators name the integration; others may not.
	send := func(user string, body any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		code, out, _ := e.do("POST", "/ghost/api/admin/webhooks/", bytes.NewReader(b),
			map[string]string{"X-Test-User": user, "Content-Type": "application/json", "Origin": testSite})
		return code, out
	}
	if code, out := send("contrib", hook(map[string]any{"event": "post.added", "target_url": "https://hooks.example.org/c", "integration_id": e.key.ID})); code != http.StatusForbidden {
		t.Fatalf("contributor adds: %d %v", code, out)
	}
	if code, out := send("admin", hook(map[string]any{"event": "post.added", "target_url": "https://hooks.example.org/a"})); code != 422 {
		t.Fatalf("admin without integration_id: %d %v", code, out)
	}
	if code, out := send("admin", hook(map[string]any{"event": "post.added", "target_url": "https://hooks.example.org/a", "integration_id": other.ID})); code != http.StatusCreated {
		t.Fatalf("admin adds: %d %v", code, out)
	}
	if code, out := send("admin", hook(map[string]any{"event": "post.added", "target_url": "https://hooks.example.org/b", "integration_id": domain.NewID()})); code != 422 {
		t.Fatalf("admin adds to an unknown integration: %d %v", code, out)
	}

	code, _, hdr := e.do("DELETE", "/ghost/api/admin/webhooks/"+id+"/", nil, map[string]string{"Authorization": "Ghost " + e.token(e.key, nil)})
	if code != http.StatusNoContent || hdr.Get("Content-Version") == "" || hdr.Get("X-Cache-Invalidate") != "" {
		t.Fatalf("delete: %d %v", code, hdr)
	}
	if code, out := e.adminAPI("DELETE", "webhooks/"+id+"/", nil); code != 404 || errType(out) != "NotFoundError" {
		t.Fatalf("delete again: %d %v", code, out)
	}
	if _, err := e.store.WebhookByID(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("still stored: %v", err)
	}
}
