package newsroom

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/ghost"
)

// The newsroom and the Ghost Admin API make the same change the same way:
// one publishing path, so the same events (drafts included) and one
// revision per save through either.
func TestNewsroomAndAdminAPISaveAlike(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	editor := e.users[domain.RoleEditor]

	// The Admin API over the same store, acting as the same editor.
	key, _ := domain.NewIntegration("Desk bot", domain.RoleEditor)
	if err := e.store.CreateIntegration(ctx, key); err != nil {
		t.Fatal(err)
	}
	bus := events.NewBus()
	var apiEvents []events.Event
	bus.OnEvent(func(ev events.Event) { apiEvents = append(apiEvents, ev) })
	mux := http.NewServeMux()
	ghost.New(ghost.Deps{Store: e.store, Events: bus, SiteURL: "http://newsroom.test"}).Register(mux)
	api := httptest.NewServer(mux)
	defer api.Close()
	admin := func(method, path string, body any) map[string]any {
		t.Helper()
		now := time.Now()
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "aud": "/admin/"})
		tok.Header["kid"] = key.AdminKeyID
		secret, _ := hex.DecodeString(key.AdminSecret)
		signed, _ := tok.SignedString(secret)
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, api.URL+"/ghost/api/admin/"+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Ghost "+signed)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
		}
		return out
	}
	updatedAt := func(id string) string {
		p, err := e.store.PostByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return p.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	type step struct{ name, nrPath, apiStatus string }
	steps := []step{
		{"edit draft", "", "draft"},
		{"publish", "publish", "published"},
		{"edit published", "update", "published"},
		{"unpublish", "unpublish", "draft"},
	}

	// Through the newsroom.
	c := e.as(domain.RoleEditor)
	e.mu.Lock()
	e.events = nil
	e.mu.Unlock()
	nrID := postIDFrom(t, c.postForm("/newsroom/posts/new", newPostForm(editor, "Same path")))
	for i, st := range steps {
		f := newPostForm(editor, fmt.Sprintf("Same path, take %d", i))
		f.Set("slug", "same-path")
		switch st.nrPath {
		case "publish", "update": // a live edit is "Update live story"
			f.Set("action", "publish")
		case "unpublish":
			f.Set("action", "unpublish")
		}
		if res := c.postForm("/newsroom/posts/"+nrID, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("newsroom %s: %d %s", st.name, res.StatusCode, snippet(res.body))
		}
	}
	if revs, _ := e.store.ListRevisions(ctx, nrID, 100); len(revs) != 1+len(steps) {
		t.Errorf("newsroom saves kept %d revisions, want %d", len(revs), 1+len(steps))
	}
	if res := c.postForm("/newsroom/posts/"+nrID+"/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("newsroom delete: %d", res.StatusCode)
	}

	// Through the Admin API.
	out := admin("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "Same path API", "authors": []string{editor.ID}}}})
	apiID := out["posts"].([]any)[0].(map[string]any)["id"].(string)
	for i, st := range steps {
		admin("PUT", "posts/"+apiID+"/", map[string]any{"posts": []any{map[string]any{
			"title": fmt.Sprintf("Same path API, take %d", i), "status": st.apiStatus, "updated_at": updatedAt(apiID)}}})
	}
	if revs, _ := e.store.ListRevisions(ctx, apiID, 100); len(revs) != 1+len(steps) {
		t.Errorf("Admin API saves kept %d revisions, want %d", len(revs), 1+len(steps))
	}
	admin("DELETE", "posts/"+apiID+"/", nil)

	e.mu.Lock()
	nrEvents := append([]events.Event{}, e.events...)
	e.mu.Unlock()
	kinds := func(evs []events.Event) []string {
		var out []string
		for _, ev := range evs {
			out = append(out, fmt.Sprintf("%s public=%v", ev.Type, ev.Public))
		}
		return out
	}
	want := []string{"post.added public=false", "post.updated public=false", "post.published public=true",
		"post.updated public=true", "post.unpublished public=true", "post.deleted public=false"}
	// The one intended difference: the newsroom's delete goes to the
	// trash, the Admin API's is Ghost's deletion at once.
	nrWant := append(append([]string{}, want[:len(want)-1]...), "post.trashed public=false")
	if got := kinds(nrEvents); fmt.Sprint(got) != fmt.Sprint(nrWant) {
		t.Errorf("newsroom events:\n got %v\nwant %v", got, want)
	}
	if got := kinds(apiEvents); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Admin API events:\n got %v\nwant %v", got, want)
	}
}
