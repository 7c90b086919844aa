package site_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/site"
)

// liveEnv serves the site with the client address taken from a test
// header, so one test can be many readers.
func liveEnv(t *testing.T, lifetime time.Duration) *httptest.Server {
	t.Helper()
	e := newEnvWith(t, func(d *site.Deps) {
		d.LiveLifetime = lifetime
		d.ClientAddr = func(r *http.Request) string { return r.Header.Get("X-Test-Client") }
	})
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close) // runs after the readers the test closes
	return srv
}

func openLive(t *testing.T, srv *httptest.Server, client string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/live/", nil)
	req.Header.Set("X-Test-Client", client)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
	}
	return res
}

// TestLiveReaderLimit fills /live/ to its limit: one reader more gets 503
// with Retry-After, and a place freed by a reader who leaves is taken again.
func TestLiveReaderLimit(t *testing.T) {
	srv := liveEnv(t, 0)
	var open []io.Closer
	t.Cleanup(func() {
		for _, c := range open {
			c.Close()
		}
	})
	reader := func(i int) string { return fmt.Sprintf("10.0.%d.%d", i/256, i%256) }
	for i := range site.MaxLiveReaders {
		res := openLive(t, srv, reader(i))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reader %d of %d refused: %d", len(open)+1, site.MaxLiveReaders, res.StatusCode)
		}
		open = append(open, res.Body)
	}
	res := openLive(t, srv, "10.9.9.9")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("reader over the limit: %d, Retry-After %q; want 503 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	open[0].Close()
	open = open[1:]
	// The server notices the reader left when its connection closes.
	waitOpen(t, srv, "10.9.9.9", &open)
}

// waitOpen opens a stream for client as soon as the server has a place.
func waitOpen(t *testing.T, srv *httptest.Server, client string, open *[]io.Closer) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		res := openLive(t, srv, client)
		if res.StatusCode == http.StatusOK {
			*open = append(*open, res.Body)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("a freed place was not taken again: %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLivePerClientLimit: one address cannot hold more than its share of
// streams, so it cannot lock other readers out; IPv6 counts by /64.
func TestLivePerClientLimit(t *testing.T) {
	srv := liveEnv(t, 0)
	var open []io.Closer
	t.Cleanup(func() {
		for _, c := range open {
			c.Close()
		}
	})
	for _, client := range []string{"203.0.113.9", "2001:db8:1:2::1"} {
		for i := range site.MaxLiveReadersPerClient {
			res := openLive(t, srv, client)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: stream %d refused: %d", client, i+1, res.StatusCode)
			}
			open = append(open, res.Body)
		}
	}
	for _, client := range []string{"203.0.113.9", "2001:db8:1:2::ffff"} {
		res := openLive(t, srv, client)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s over its share: %d, Retry-After %q; want 429", client, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	// Other readers are not affected.
	res := openLive(t, srv, "198.51.100.4")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("another reader: %d", res.StatusCode)
	}
	open = append(open, res.Body)
	// A stream the client closes gives its place back.
	open[0].Close()
	open = open[1:]
	waitOpen(t, srv, "203.0.113.9", &open)
}

// TestLiveLifetime: a stream ends by itself after its lifetime, telling
// the browser to come back within seconds, and gives its place back.
func TestLiveLifetime(t *testing.T) {
	const life = 400 * time.Millisecond
	srv := liveEnv(t, life)
	start := time.Now()
	res := openLive(t, srv, "203.0.113.9")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("open: %d", res.StatusCode)
	}
	defer res.Body.Close()
	ended := make(chan []string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if l := sc.Text(); l != "" {
				lines = append(lines, l)
			}
		}
		ended <- lines
	}()
	select {
	case lines := <-ended:
		took := time.Since(start)
		if took < life*3/4 {
			t.Fatalf("stream ended after %s, before its lifetime (%s less a quarter)", took, life)
		}
		last := lines[len(lines)-1]
		var ms int
		if _, err := fmt.Sscanf(last, "retry: %d", &ms); err != nil || ms < 1000 || ms > 5000 {
			t.Fatalf("stream ended with %q, want a retry of 1-5 s", strings.Join(lines, " | "))
		}
		t.Logf("stream ended after %s with %q", took.Round(time.Millisecond), last)
	case <-time.After(10 * time.Second):
		t.Fatal("stream still open 10 s after a lifetime of 400 ms")
	}
	// Its place is free again: the client can open its full share.
	var open []io.Closer
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	for range site.MaxLiveReadersPerClient {
		waitOpen(t, srv, "203.0.113.9", &open)
	}
}
