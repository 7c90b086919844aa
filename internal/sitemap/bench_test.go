package sitemap

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"newsdesk/internal/events"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage/sqlstore/benchdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	benchdb.Cleanup()
	os.Exit(code)
}

// benchService serves sitemaps from the benchmark database (see benchdb.Open).
func benchService(b *testing.B) (*Service, http.Handler) {
	b.Helper()
	log := slog.New(slog.DiscardHandler)
	store := benchdb.Open(b)
	svc := New(store, events.NewBus(), log, "https://news.example.org")
	mux := http.NewServeMux()
	svc.Register(mux)
	return svc, mux
}

// BenchmarkSitemap renders each kind of sitemap from the database (cache
// dropped before every request). The index walks the keys of every public
// post; a posts file reads up to 50,000 rows by one keyset range.
func BenchmarkSitemap(b *testing.B) {
	for _, path := range []string{"/sitemap.xml", "/sitemap-posts.xml", "/sitemap-news.xml", "/sitemap-tags.xml"} {
		b.Run(strings.Trim(path, "/"), func(b *testing.B) {
			svc, h := benchService(b)
			req := httptest.NewRequest("GET", path, nil)
			var size int
			for b.Loop() {
				svc.cache.Invalidate(pagecache.All)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("status %d", w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "file-bytes")
		})
	}
}
