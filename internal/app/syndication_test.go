package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsdesk/internal/config"
)

// TestSyndicationRoutes checks the feed and sitemap routes are wired and
// coexist with the public site's catch-all patterns (overlapping patterns
// panic at registration).
func TestSyndicationRoutes(t *testing.T) {
	cfg := config.Config{Data: t.TempDir(), SiteURL: "https://news.example.org", Addr: "127.0.0.1:0", LogFormat: "text"}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	mux := http.NewServeMux()
	for _, p := range []string{"GET /{$}", "GET /{slug}/{$}", "GET /author/{slug}/{$}", "GET /tag/{slug}/{$}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "site") })
	}
	a.Feeds.Register(mux)
	a.Sitemaps.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for path, want := range map[string]string{
		"/rss/": "<rss", "/atom/": "<feed", "/feed.json": `"version"`, "/sitemap.xml": "<sitemapindex",
		"/sitemap-news.xml": "<urlset", "/robots.txt": "Sitemap: https://news.example.org/sitemap.xml",
		"/some-story/": "site", "/author/someone/": "site",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	if h, err := a.Handler(); err != nil || h == nil {
		t.Fatalf("Handler: %v", err)
	}
}
