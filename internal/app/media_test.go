package app

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestMediaRoutes checks the image routes are wired: an image put on
// disk (as demo content is) is served, and its variant made on request.
func TestMediaRoutes(t *testing.T) {
	a := newTestApp(t)
	dir := filepath.Join(a.Config.MediaDir(), "demo")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 800, 500)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "street.jpg"), buf.Bytes(), 0o640); err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for path, want := range map[string]int{
		"/content/images/demo/street.jpg":            800,
		"/content/images/size/w300/demo/street.jpg":  300,
		"/content/images/size/w1000/demo/street.jpg": 800,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || err != nil || cfg.Width != want {
			t.Errorf("GET %s: %d, width %d (%v), want %d", path, res.StatusCode, cfg.Width, err, want)
		}
		if res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q", path, res.Header.Get("Cache-Control"))
		}
	}
	for _, path := range []string{"/content/images/demo/", "/content/images/%2e%2e/%2e%2e/newsdesk.db", "/content/images/size/w300/%2e%2e/%2e%2e/newsdesk.db"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
}
