package demo

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

// TestDemoLogo: the demo paper has a painted logo, set in its settings, so
// its articles' NewsArticle JSON-LD names a publisher with a logo.
func TestDemoLogo(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	media := t.TempDir()
	if err := Load(ctx, s, media, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	st, err := s.Settings(ctx)
	if err != nil || st.Logo != LogoURL {
		t.Fatalf("logo setting %q, %v; want %s", st.Logo, err, LogoURL)
	}
	if size := decodeMedia(t, media, st.Logo); size.Y != logoHeight || size.X < 4*size.Y {
		t.Errorf("logo is %v, want a wide nameplate %d px high", size, logoHeight)
	}

	const base = "https://riverton.example.org"
	pub, err := site.New(site.Deps{Store: s, Log: slog.New(slog.DiscardHandler), Events: events.NewBus(), BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	pub.Register(mux)
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Kind: domain.KindArticle, Limit: 1})
	if err != nil || len(page.Posts) == 0 {
		t.Fatalf("no demo article: %v", err)
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/"+page.Posts[0].Slug+"/", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("article: %d", rec.Code)
	}
	var article map[string]any
	for _, m := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllSubmatch(body, -1) {
		var v map[string]any
		if err := json.Unmarshal(m[1], &v); err != nil {
			t.Fatal(err)
		}
		if v["@type"] == "NewsArticle" {
			article = v
		}
	}
	publisher, _ := article["publisher"].(map[string]any)
	logo, _ := publisher["logo"].(map[string]any)
	if logo["url"] != base+LogoURL || logo["@type"] != "ImageObject" {
		t.Errorf("NewsArticle publisher = %v, want a logo at %s", publisher, base+LogoURL)
	}
}
