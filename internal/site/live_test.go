package site_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"newsdesk/internal/site"
)

// TestLiveReaderLimit fills /live/ to its limit: one reader more gets 503
// with Retry-After, and a place freed by a reader who leaves is taken again.
func TestLiveReaderLimit(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close) // runs after the readers below are closed
	var open []io.Closer
	t.Cleanup(func() {
		for _, c := range open {
			c.Close()
		}
	})
	for range site.MaxLiveReaders {
		res, err := http.Get(srv.URL + "/live/")
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reader %d of %d refused: %d", len(open)+1, site.MaxLiveReaders, res.StatusCode)
		}
		open = append(open, res.Body)
	}
	res, err := http.Get(srv.URL + "/live/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("reader over the limit: %d, Retry-After %q; want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	open[0].Close()
	open = open[1:]
	// The server notices the reader left when its connection closes.
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := http.Get(srv.URL + "/live/")
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusOK {
			open = append(open, res.Body)
			break
		}
		res.Body.Close()
		if time.Now().After(deadline) {
			t.Fatalf("a freed place was not taken again: %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
