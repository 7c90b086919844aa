package sitemap

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"newsdesk/internal/events"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/storage/storagetest"
)

var (
	benchDirOnce sync.Once
	benchDir     string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchService opens the database in NEWSDESK_BENCH_DB (a data folder),
// seeding NEWSDESK_BENCH_POSTS posts (default 10,000) when it holds none;
// without the variable it seeds a temporary folder once per run.
func benchService(b *testing.B) (*Service, http.Handler) {
	b.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := os.Getenv("NEWSDESK_BENCH_DB")
	if dir == "" {
		benchDirOnce.Do(func() {
			var err error
			if benchDir, err = os.MkdirTemp("", "newsdesk-sitemap-bench-"); err != nil {
				b.Fatal(err)
			}
		})
		dir = benchDir
	}
	path := filepath.Join(dir, "newsdesk.db")
	_, statErr := os.Stat(path)
	store, err := sqlstore.Open(ctx, path, log)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if statErr != nil {
		n := 10_000
		if v := os.Getenv("NEWSDESK_BENCH_POSTS"); v != "" {
			if n, err = strconv.Atoi(v); err != nil {
				b.Fatalf("NEWSDESK_BENCH_POSTS: %v", err)
			}
		}
		if err := storagetest.Seed(ctx, store, n, nil); err != nil {
			b.Fatal(err)
		}
	}
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
				svc.cache.Invalidate(svc.cache.ChangedAt())
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
