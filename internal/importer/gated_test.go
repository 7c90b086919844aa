// The HTTP checks of imported members-only posts sit in an external test
// package: the site, feed and Ghost API packages may come to import the
// importer (Ghost's POST /ghost/api/admin/db/), and package importer's
// own tests could then not import them.
package importer_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/feed"
	"newsdesk/internal/ghost"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage/sqlstore"
)

// TestImportedGatedPostStaysGated imports the Ghost 5 export, whose post
// "every-card" is for some tiers only and has a paywall card: its page,
// the site's RSS and the Content API show the part before the card and
// never the text after it, "Only for members."
func TestImportedGatedPostStaysGated(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "site.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	admin := &domain.User{Author: domain.Author{Name: "Site Admin"}, Email: "admin@example.org", Role: domain.RoleAdministrator}
	if err := store.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	bus := events.NewBus()
	pub := &publish.Service{Store: store, Events: bus}
	f, err := os.Open(filepath.Join("testdata", "ghost-5.x.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := importer.Open(f, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Apply(ctx, importer.Target{Store: store, Publisher: pub}, publish.Actor{User: admin}, im, importer.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}

	const base = "https://news.example.org"
	mux := http.NewServeMux()
	pages, err := site.New(site.Deps{Store: store, Log: log, Events: bus, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	feeds := feed.New(store, bus, log, base, "")
	feeds.SetMembersNote(site.MembersNote)
	feeds.Register(mux)
	ghost.New(ghost.Deps{Store: store, Events: bus, SiteURL: base, Log: log, Publisher: pub}).Register(mux)
	pages.Register(mux)
	key, _ := domain.NewIntegration("Front end", "")
	if err := store.CreateIntegration(ctx, key); err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		body, _ := io.ReadAll(rec.Result().Body)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, body)
		}
		return string(body)
	}

	const before, after = "The council met on", "Only for members"
	page := get("/every-card/")
	if !strings.Contains(page, before) || strings.Contains(page, after) {
		t.Errorf("the page: public part shown %v, members' part shown %v", strings.Contains(page, before), strings.Contains(page, after))
	}
	if !strings.Contains(page, "The rest of this story is for paying members of") {
		t.Error("the page has no members-only note")
	}
	rss := get("/rss/")
	if !strings.Contains(rss, before) || strings.Contains(rss, after) || !strings.Contains(rss, "paying members") {
		t.Errorf("/rss/: public part %v, members' part %v, note %v", strings.Contains(rss, before), strings.Contains(rss, after),
			strings.Contains(rss, "paying members"))
	}
	raw := get("/ghost/api/content/posts/slug/every-card/?formats=html,plaintext&key=" + key.ContentKey)
	var out struct {
		Posts []map[string]any `json:"posts"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil || len(out.Posts) != 1 {
		t.Fatalf("Content API: %v %s", err, raw)
	}
	p := out.Posts[0]
	if p["visibility"] != "tiers" || p["access"] != false {
		t.Errorf("Content API: visibility %v, access %v", p["visibility"], p["access"])
	}
	if html, _ := p["html"].(string); !strings.Contains(html, before) {
		t.Errorf("Content API html lacks the public part: %q", html)
	}
	if strings.Contains(raw, after) {
		t.Error("the Content API shows the members' part")
	}
}
