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
