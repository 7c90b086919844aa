package feed

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

func benchService(b *testing.B) (*Service, http.Handler) {
	b.Helper()
	svc := New(benchdb.Open(b), events.NewBus(), slog.New(slog.NewTextHandler(io.Discard, nil)), "https://news.example.org", "")
	mux := http.NewServeMux()
	svc.Register(mux)
	return svc, mux
}

func serveBench(b *testing.B, h http.Handler, req *http.Request, want int) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != want {
		b.Fatalf("%s: status %d, want %d", req.URL.Path, w.Code, want)
	}
	return w
}

// BenchmarkFeedFull renders a feed from the database on every request: the
// cost of the first request after a content change.
func BenchmarkFeedFull(b *testing.B) {
	for _, path := range []string{"/rss/", "/atom/", "/feed.json", "/tag/topic-07/rss/"} {
		b.Run(strings.Trim(path, "/"), func(b *testing.B) {
			svc, h := benchService(b)
			req := httptest.NewRequest("GET", path, nil)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				svc.cache.Invalidate(pagecache.All)
				size = serveBench(b, h, req, 200).Body.Len()
			}
			b.ReportMetric(float64(size), "feed-bytes")
		})
	}
}

// BenchmarkFeedCached serves the feed body from memory (a reader without
// validators, between two changes).
func BenchmarkFeedCached(b *testing.B) {
	_, h := benchService(b)
	req := httptest.NewRequest("GET", "/rss/", nil)
	serveBench(b, h, req, 200)
	b.ReportAllocs()
	for b.Loop() {
		serveBench(b, h, req, 200)
	}
}

// BenchmarkFeedConditional is a feed reader polling with If-None-Match:
// 304 Not Modified from a map lookup.
func BenchmarkFeedConditional(b *testing.B) {
	_, h := benchService(b)
	first := serveBench(b, h, httptest.NewRequest("GET", "/rss/", nil), 200)
	req := httptest.NewRequest("GET", "/rss/", nil)
	req.Header.Set("If-None-Match", first.Header().Get("ETag"))
	b.ReportAllocs()
	for b.Loop() {
		serveBench(b, h, req, 304)
	}
}

// BenchmarkStaticReference serves the same RSS bytes from a file with the
// standard library's file server, in the same run: the reference the feed
// numbers are compared with (what a static web server would do).
func BenchmarkStaticReference(b *testing.B) {
	_, h := benchService(b)
	body := serveBench(b, h, httptest.NewRequest("GET", "/rss/", nil), 200).Body.Bytes()
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rss.xml"), body, 0o644); err != nil {
		b.Fatal(err)
	}
	fs := http.FileServer(http.Dir(dir))
	b.Run("full", func(b *testing.B) {
		req := httptest.NewRequest("GET", "/rss.xml", nil)
		b.ReportAllocs()
		for b.Loop() {
			serveBench(b, fs, req, 200)
		}
	})
	b.Run("conditional", func(b *testing.B) {
		first := serveBench(b, fs, httptest.NewRequest("GET", "/rss.xml", nil), 200)
		req := httptest.NewRequest("GET", "/rss.xml", nil)
		req.Header.Set("If-Modified-Since", first.Header().Get("Last-Modified"))
		b.ReportAllocs()
		for b.Loop() {
			serveBench(b, fs, req, 304)
		}
	})
}
