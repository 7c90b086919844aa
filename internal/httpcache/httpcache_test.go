package httpcache

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoadRendersOncePerChange(t *testing.T) {
	c := New(8)
	var renders atomic.Int32
	release := make(chan struct{})
	render := func() (*Entry, error) {
		renders.Add(1)
		<-release
		return NewEntry([]byte("body"), "text/plain", time.Now()), nil
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if e, err := c.Load("k", render); err != nil || string(e.Body) != "body" {
				t.Errorf("Load: %v %v", e, err)
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 20 concurrent requests, want 1", n)
	}
	c.Load("k", render)
	if n := renders.Load(); n != 1 {
		t.Errorf("cached entry rendered again")
	}
	c.Invalidate(time.Now())
	c.Load("k", render)
	if n := renders.Load(); n != 2 {
		t.Errorf("%d renders after an invalidation, want 2", n)
	}
}

func TestStaleRenderIsNotStored(t *testing.T) {
	c := New(8)
	gen := c.Generation()
	c.Invalidate(time.Now()) // content changed while rendering
	c.Put(gen, "k", NewEntry([]byte("stale"), "text/plain", time.Now()))
	if _, ok := c.Get("k"); ok {
		t.Fatal("a render older than the change was cached")
	}
}

func TestExpiresAndBound(t *testing.T) {
	c := New(2)
	e := NewEntry([]byte("x"), "text/plain", time.Now())
	e.Expires = time.Now().Add(-time.Second)
	c.Put(c.Generation(), "old", e)
	if _, ok := c.Get("old"); ok {
		t.Error("expired entry served")
	}
	for _, k := range []string{"a", "b", "c"} {
		c.Put(c.Generation(), k, NewEntry([]byte(k), "text/plain", time.Now()))
	}
	if len(c.entries) > 2 {
		t.Errorf("%d entries, bound is 2", len(c.entries))
	}
}

func TestServeConditional(t *testing.T) {
	e := NewEntry([]byte("hello"), "text/plain; charset=utf-8", time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		header, value string
		want          int
	}{
		{"", "", 200},
		{"If-None-Match", e.ETag, 304},
		{"If-None-Match", `"nope"`, 200},
		{"If-Modified-Since", "Sun, 01 Mar 2026 12:00:00 GMT", 304},
		{"If-Modified-Since", "Sun, 01 Mar 2026 11:59:59 GMT", 200},
	} {
		req := httptest.NewRequest("GET", "/x", nil)
		if tc.header != "" {
			req.Header.Set(tc.header, tc.value)
		}
		w := httptest.NewRecorder()
		Serve(w, req, e, 60)
		if w.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.header, tc.value, w.Code, tc.want)
		}
		if w.Header().Get("ETag") != e.ETag || w.Header().Get("Cache-Control") != "public, max-age=60" {
			t.Errorf("headers %v", w.Header())
		}
		if tc.want == http.StatusOK && w.Body.String() != "hello" {
			t.Errorf("body %q", w.Body.String())
		}
	}
}
