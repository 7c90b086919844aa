package app

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/config"
	"newsdesk/internal/site/sitetest"
)

func newTestApp(t *testing.T) *App {
	t.Helper()
	cfg := config.Config{Data: t.TempDir(), Addr: "127.0.0.1:0", LogFormat: "text"}
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestHealthAndLimits(t *testing.T) {
	a := newTestApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for path, want := range map[string]int{
		"/healthz":                         200,
		"/readyz":                          200,
		"/?q=" + strings.Repeat("x", 5000): http.StatusRequestURITooLong,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %.40s: %d, want %d", path, res.StatusCode, want)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %.40s: no nosniff header", path)
		}
	}
	// The request above shows up in the metrics under its route pattern.
	rec := httptest.NewRecorder()
	a.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if !strings.Contains(string(body), `route="GET /readyz"`) {
		t.Errorf("metrics lack the readyz route:\n%.500s", body)
	}
}

// TestCompression checks text answers are gzipped for clients that ask,
// images are not, and a conditional feed request still gets its 304.
func TestCompression(t *testing.T) {
	a := newTestApp(t)
	if _, err := sitetest.Load(context.Background(), a.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string, header ...string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		// A bare transport leaves decompression to us, so we see the wire.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	res := get("/rss/")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("/rss/: %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !strings.Contains(string(body), "<rss") {
		t.Fatalf("decompressed feed is not RSS: %.200s", body)
	}
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("feed has no ETag")
	}
	if res := get("/rss/", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional request with the compressed answer's ETag: %d, want 304", res.StatusCode)
	}
}
