package app

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/testsupport"
)

// TestDatabaseOutage cuts the connection to PostgreSQL (a proxy in front
// of it) under a running site: readers keep the pages they could read a
// moment ago, everything that needs the database answers 503 with
// Retry-After saying so (never 401 for a good key, never 500), and writes
// succeed again once it is back.
func TestDatabaseOutage(t *testing.T) {
	base := testsupport.PostgresURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := testsupport.StartProxy(t, u.Host)
	dsn := proxy.URL(testsupport.PostgresDB(t))
	a, srv := startAppWith(t, func(c *config.Config) { c.DB = dsn })
	ctx := context.Background()

	editor := addUser(t, a, "Olena Editor", "olena@example.org", domain.RoleEditor, "Editor")
	in, err := domain.NewIntegration("Wire desk", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	older := &domain.Post{Title: "Ferry timetable changes", Slug: "ferry-timetable-changes", Status: domain.StatusPublished, BodyMD: "The ferry runs hourly.",
		Authors: []domain.Author{editor.Author}, PublishedAt: time.Now().Add(-time.Hour)}
	markdown.Apply(older)
	if err := a.Store.CreatePost(ctx, older); err != nil {
		t.Fatal(err)
	}

	get := func(path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	publish := func(title string) (*http.Response, map[string]any) {
		t.Helper()
		body := `{"posts":[{"title":"` + title + `","status":"published"}]}`
		req, _ := http.NewRequest("POST", srv.URL+"/ghost/api/admin/posts/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Ghost "+adminToken(t, in))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res, out
	}
	unavailable := func(what string, res *http.Response, body string) {
		t.Helper()
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "5" {
			t.Errorf("%s during the outage: %d, Retry-After %q; want 503 with Retry-After: 5", what, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if !strings.Contains(body, "database is unavailable") {
			t.Errorf("%s during the outage does not say the database is unavailable: %.300s", what, body)
		}
	}

	// Before: the older story's page is read (so a copy of it is kept),
	// then a new story goes out through the Admin API, which changes the
	// content: the older page's cached copy is no longer current. The home
	// page is read after that, so it is current in the cache.
	if res, body := get("/" + older.Slug + "/"); res.StatusCode != 200 || !strings.Contains(body, "<title>"+older.Title) {
		t.Fatalf("article before the outage: %d", res.StatusCode)
	}
	if res, out := publish("Bridge reopens after repairs"); res.StatusCode != http.StatusCreated {
		t.Fatalf("publish before the outage: %d %v", res.StatusCode, out)
	}
	if res, body := get("/"); res.StatusCode != 200 || !strings.Contains(body, "Bridge reopens after repairs") {
		t.Fatalf("home before the outage: %d", res.StatusCode)
	}
	session := sessionCookie(t, a, editor)

	proxy.Cut()
	start := time.Now()

	res, out := publish("Written during the outage")
	b, _ := json.Marshal(out)
	unavailable("Admin API write", res, string(b))
	if errs, _ := out["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["type"] != "ServiceUnavailableError" {
		t.Errorf("Admin API write during the outage: %s, want one ServiceUnavailableError", b)
	}
	res, body := get("/ghost/api/content/posts/?key=" + in.ContentKey)
	unavailable("Content API", res, body)
	if !strings.Contains(body, "ServiceUnavailableError") {
		t.Errorf("Content API during the outage: %.300s", body)
	}
	res, body = get("/search/?q=bridge")
	unavailable("search", res, body)
	if !strings.Contains(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "<main") {
		t.Errorf("search during the outage is not the site's styled page: %q %.200s", res.Header.Get("Content-Type"), body)
	}
	res, body = get("/author/" + editor.Slug + "/")
	unavailable("a page never rendered before", res, body)
	res, body = get("/newsroom/", "Cookie", session.Name+"="+session.Value)
	unavailable("the newsroom with a session", res, body)
	res, body = get("/ghost/api/admin/posts/", "Cookie", session.Name+"="+session.Value)
	unavailable("the Admin API with a session", res, body)

	// Readers see what they saw a moment ago.
	if res, body := get("/"); res.StatusCode != 200 || !strings.Contains(body, "Bridge reopens after repairs") {
		t.Errorf("cached home page during the outage: %d", res.StatusCode)
	}
	if res, body := get("/" + older.Slug + "/"); res.StatusCode != 200 || !strings.Contains(body, "<title>"+older.Title) {
		t.Errorf("last good copy of the article during the outage: %d %.300s", res.StatusCode, body)
	}
	if res, _ := get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz during the outage: %d", res.StatusCode)
	}
	t.Logf("outage checks took %s", time.Since(start).Round(time.Millisecond))

	// Back: writes go through again within moments.
	proxy.Restore()
	back := time.Now()
	for {
		res, out := publish("Written after the outage")
		if res.StatusCode == http.StatusCreated {
			break
		}
		if time.Since(back) > 15*time.Second {
			t.Fatalf("publish after the database came back: %d %v", res.StatusCode, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("writes resumed %s after the database came back", time.Since(back).Round(time.Millisecond))
	if res, body := get("/"); res.StatusCode != 200 || !strings.Contains(body, "Written after the outage") {
		t.Fatalf("home after the outage: %d", res.StatusCode)
	}
	if res, _ := get("/author/" + editor.Slug + "/"); res.StatusCode != 200 {
		t.Fatalf("author page after the outage: %d", res.StatusCode)
	}
}

// adminToken signs a short-lived Admin API token for the integration, as
// Ghost's clients do.
func adminToken(t testing.TB, in *domain.Integration) string {
	t.Helper()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "aud": "/admin/"})
	tok.Header["kid"] = in.AdminKeyID
	secret, err := hex.DecodeString(in.AdminSecret)
	if err != nil {
		t.Fatal(err)
	}
	s, err := tok.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
