package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCachedHitAllocations: answering a cached page before routing, with
// the access log line and the metrics, allocates nothing of its own.
func TestCachedHitAllocations(t *testing.T) {
	a, _, h := startWithHome(t)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &nullWriter{h: http.Header{}}
	h.ServeHTTP(w, r)
	if w.status != 200 || a.Cache.Get("/") == nil {
		t.Fatalf("status %d; the home page is not cached", w.status)
	}
	allocs := testing.AllocsPerRun(2000, func() {
		clear(w.h)
		h.ServeHTTP(w, r)
	})
	if allocs > 0 {
		t.Errorf("%.1f allocations per cached answer", allocs)
	}
}

type nullWriter struct {
	h      http.Header
	status int
}

func (d *nullWriter) Header() http.Header         { return d.h }
func (d *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *nullWriter) WriteHeader(s int)           { d.status = s }

// BenchmarkCachedHit is the work of one cached answer in the handler
// (lookup, headers, access log line, metrics), without the network.
func BenchmarkCachedHit(b *testing.B) {
	a, srv := benchApp(b, "")
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	h, err := a.Handler()
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &nullWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// startWithHome starts the app, asks it for the home page once (so the
// page is cached and its route known to make cached answers), and
// returns the app, its server and its handler.
func startWithHome(t *testing.T) (*App, *httptest.Server, http.Handler) {
	t.Helper()
	a, srv := startApp(t)
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return a, srv, h
}
