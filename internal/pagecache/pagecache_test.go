package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func page(n int) []byte {
	return []byte(strings.Repeat(fmt.Sprintf("<p>story %d</p>\n", n), 200))
}

// TestSingleFlight: a burst of requests for a key that is not cached
// renders it once; the others wait for that render and get its result.
func TestSingleFlight(t *testing.T) {
	c := New(0)
	var renders atomic.Int32
	release := make(chan struct{})
	render := func() (*Entry, error) {
		renders.Add(1)
		<-release
		return NewEntry(page(1), "text/html"), nil
	}
	const n = 50
	var wg sync.WaitGroup
	got := make([]*Entry, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.Load("/", render)
			if err != nil {
				t.Error(err)
			}
			got[i] = e
		}()
	}
	// Let every goroutine reach the cache before the render ends.
	for c.waiting("/") < n-1 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if r := renders.Load(); r != 1 {
		t.Fatalf("%d renders for %d concurrent requests, want 1", r, n)
	}
	for i, e := range got {
		if e != got[0] || e == nil {
			t.Fatalf("request %d got %p, want the one render %p", i, e, got[0])
		}
	}
	if e := c.Get("/"); e != got[0] {
		t.Fatal("the render was not stored")
	}
}

// waiting counts callers blocked on key's render (for the test above).
func (c *Cache) waiting(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.inflight[key]; !ok {
		return 0
	}
	return int(c.misses.Load()) - 1
}

// With a limit, renders of different keys run at most n at a time and
// the waiting ones start in the order they came.
func TestLimitRenders(t *testing.T) {
	c := New(0)
	c.LimitRenders(2)
	keys := []string{"/a/", "/b/", "/c/", "/d/", "/e/", "/f/"}
	started := make(chan string, len(keys))
	release := map[string]chan struct{}{}
	for _, key := range keys {
		release[key] = make(chan struct{})
	}
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Load(key, func() (*Entry, error) {
				started <- key
				<-release[key]
				return NewEntry(page(1), "text/html"), nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
		// Each Load counts its render before it queues for a slot; the
		// pause lets it reach the queue before the next one starts.
		for c.renders.Load() < uint64(i+1) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * time.Millisecond)
	}
	next := func() string {
		select {
		case key := <-started:
			return key
		case <-time.After(5 * time.Second):
			t.Fatal("no render started")
			return ""
		}
	}
	// Two run at once; each one that ends lets in the longest waiting.
	if a, b := next(), next(); a != "/a/" || b != "/b/" {
		t.Fatalf("first renders: %s and %s, want /a/ and /b/", a, b)
	}
	select {
	case key := <-started:
		t.Fatalf("%s started while two renders ran with a limit of 2", key)
	case <-time.After(20 * time.Millisecond):
	}
	for i, key := range keys[2:] {
		close(release[keys[i]])
		if got := next(); got != key {
			t.Fatalf("after %s ended, %s started; want %s, the longest waiting", keys[i], got, key)
		}
	}
	close(release["/e/"])
	close(release["/f/"])
	wg.Wait()
}

// A render that waited for its slot while content changed reads the
// changed content, so its page is kept.
func TestQueuedRenderAfterInvalidationIsStored(t *testing.T) {
	c := New(0)
	c.LimitRenders(1)
	release := holdRender(c, "/first/")
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Load("/second/", func() (*Entry, error) { return NewEntry(page(2), "text/html"), nil })
	}()
	for c.renders.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(5 * time.Millisecond) // queued behind /first/
	c.Invalidate(Post("changed"))
	release()
	<-done
	if c.Get("/second/") == nil {
		t.Fatal("a render that started after the change was not kept")
	}
	if c.Get("/first/") != nil {
		t.Fatal("a render that ran across the change was kept")
	}
}

// A long render neither waits for a slot nor takes one.
func TestLoadLongSkipsTheQueue(t *testing.T) {
	c := New(0)
	c.LimitRenders(1)
	release := holdRender(c, "/page/")
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := c.LoadLong("/sitemap-posts.xml", func() (*Entry, error) {
			return NewEntry(page(2), "application/xml"), nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a long render waited for the page render's slot")
	}
	release()
}

// holdRender starts a render of key on c and returns once it runs.
// release ends it and returns when its Load has returned.
func holdRender(c *Cache, key string) (release func()) {
	end := make(chan struct{})
	started := make(chan struct{})
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		c.Load(key, func() (*Entry, error) {
			close(started)
			<-end
			return NewEntry(page(1), "text/html"), nil
		})
	}()
	<-started
	return func() {
		close(end)
		<-loaded
	}
}

func TestRenderErrorIsNotStored(t *testing.T) {
	c := New(0)
	_, err := c.Load("/", func() (*Entry, error) { return nil, fmt.Errorf("database away") })
	if err == nil {
		t.Fatal("want the render's error")
	}
	var renders int
	c.Load("/", func() (*Entry, error) { renders++; return NewEntry(page(1), "text/html"), nil })
	if renders != 1 {
		t.Fatal("a failed render was cached")
	}
}

// TestEvictsLeastRecentlyUsed: the bound holds, and the entry read most
// recently survives.
func TestEvictsLeastRecentlyUsed(t *testing.T) {
	one := NewEntry(page(0), "text/html")
	New(0).prepare(one)
	c := New(one.size*4 + one.size/2) // room for four
	for i := range 4 {
		c.Put(c.Generation(), fmt.Sprint(i), NewEntry(page(i), "text/html"))
	}
	c.Get("0") // 0 is now the most recent; 1 the least
	c.Put(c.Generation(), "4", NewEntry(page(4), "text/html"))
	if c.Get("1") != nil {
		t.Error("the least recently used entry survived")
	}
	for _, k := range []string{"0", "2", "3", "4"} {
		if c.Get(k) == nil {
			t.Errorf("entry %s was evicted", k)
		}
	}
	if s := c.Stats(); s.Bytes > s.MaxBytes || s.Entries != 4 {
		t.Errorf("stats %+v: over the bound", s)
	}
}

// TestInvalidateDropsOnlyDependents: entries that do not show what
// changed stay fresh; dropped ones remain as last good copies.
func TestInvalidateDropsOnlyDependents(t *testing.T) {
	c := New(0)
	a := NewEntry(page(1), "text/html")
	a.Deps = []string{"post:a", "stream:/"}
	b := NewEntry(page(2), "text/html")
	b.Deps = []string{"post:b"}
	c.Put(c.Generation(), "/a/", a)
	c.Put(c.Generation(), "/b/", b)
	c.Invalidate("post:a")
	if c.Get("/a/") != nil {
		t.Error("/a/ still fresh after its post changed")
	}
	if c.Get("/b/") != b {
		t.Error("/b/ dropped though it does not show post a")
	}
	if c.LastGood("/a/") != a {
		t.Error("no last good copy of /a/")
	}
	c.Invalidate(All)
	if c.Get("/b/") != nil {
		t.Error("All left /b/ fresh")
	}
}

// TestRenderAcrossInvalidationIsNotStored: a render that read the
// database before a change must not be cached after it.
func TestRenderAcrossInvalidationIsNotStored(t *testing.T) {
	c := New(0)
	c.Put(c.Generation(), "/", NewEntry(page(0), "text/html"))
	c.Invalidate(All)
	e, _ := c.Load("/", func() (*Entry, error) {
		c.Invalidate("post:x") // the change lands while rendering
		return NewEntry(page(1), "text/html"), nil
	})
	if e == nil || c.Get("/") != nil {
		t.Fatal("a render that began before the change was stored as fresh")
	}
}

func TestExpires(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	c := New(0)
	c.SetClock(func() time.Time { return now })
	e := NewEntry(page(1), "text/html")
	e.Expires = now.Add(30 * time.Second)
	c.Put(c.Generation(), "/", e)
	if c.Get("/") == nil {
		t.Fatal("missing before expiry")
	}
	now = now.Add(31 * time.Second)
	if c.Get("/") != nil {
		t.Fatal("served after expiry")
	}
	if c.LastGood("/") != e {
		t.Fatal("an expired entry is no longer a last good copy")
	}
}

func TestServe(t *testing.T) {
	c := New(0)
	body := page(7)
	e := NewEntry(body, "text/html; charset=utf-8")
	e.CacheControl = "public, max-age=60"
	e.Header = http.Header{"Content-Security-Policy": {"default-src 'self'"}}
	c.Put(c.Generation(), "/", e)
	e = c.Get("/")

	get := func(hdr ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		for i := 0; i < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		Serve(w, r, e)
		return w
	}
	w := get()
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), body) || w.Header().Get("Content-Encoding") != "" {
		t.Fatalf("plain: %d %q", w.Code, w.Header())
	}
	for k, want := range map[string]string{"Content-Length": fmt.Sprint(len(body)), "Etag": e.ETag,
		"Vary": "Accept-Encoding", "Cache-Control": "public, max-age=60", "Content-Type": "text/html; charset=utf-8",
		"Content-Security-Policy": "default-src 'self'"} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}

	w = get("Accept-Encoding", "br, gzip;q=0.8")
	if w.Header().Get("Content-Encoding") != "gzip" || !bytes.Equal(w.Body.Bytes(), e.Gzip()) {
		t.Fatalf("gzip: %q", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, body) {
		t.Fatal("the gzip body is not the page")
	}
	if w.Header().Get("Content-Length") != fmt.Sprint(len(e.Gzip())) {
		t.Error("Content-Length is not the compressed length")
	}
	if w = get("Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}

	for _, inm := range []string{e.ETag, `"x", ` + e.ETag, "W/" + e.ETag, "*"} {
		if w = get("If-None-Match", inm); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d", inm, w.Code)
		}
	}
	if w = get("If-None-Match", `"other"`); w.Code != 200 {
		t.Errorf("If-None-Match other: %d", w.Code)
	}
}

func TestSmallBodiesAreNotCompressed(t *testing.T) {
	e := NewEntry([]byte("ok\n"), "text/plain")
	New(0).Put(0, "/healthz", e)
	if e.Gzip() != nil {
		t.Fatal("a 3-byte body was compressed")
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	Serve(w, r, e)
	if w.Body.String() != "ok\n" || w.Header().Get("Vary") != "" {
		t.Fatalf("%q %q", w.Body, w.Header())
	}
}

// TestServeDoesNotAllocate: the hit path (lookup and headers) adds no
// allocation to what net/http makes.
func TestServeDoesNotAllocate(t *testing.T) {
	c := New(0)
	c.Put(c.Generation(), "/", NewEntry(page(1), "text/html"))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &discard{h: http.Header{}}
	key := []byte("/")
	allocs := testing.AllocsPerRun(1000, func() {
		clear(w.h)
		e := c.GetBytes(key)
		Serve(w, r, e)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per hit", allocs)
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// TestInvalidateAt drops the entries whose listed part of the stream
// reaches the time, and no other.
func TestInvalidateAt(t *testing.T) {
	c := New(0)
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	early := NewEntry(page(1), "text/html")
	early.Spans = []Span{{Path: "/", From: t0.Add(-2 * time.Hour), To: t0.Add(-time.Hour)}}
	late := NewEntry(page(2), "text/html")
	late.Spans = []Span{{Path: "/", From: t0.Add(-time.Hour), To: t0}}
	tag := NewEntry(page(3), "text/html")
	tag.Spans = []Span{{Path: "/tag/world/", From: t0.Add(-2 * time.Hour), To: t0}}
	c.Put(c.Generation(), "early", early)
	c.Put(c.Generation(), "late", late)
	c.Put(c.Generation(), "tag", tag)
	c.InvalidateAt(t0.Add(-30*time.Minute), "/")
	if c.Get("late") != nil {
		t.Error("the page whose part of / reaches the time is still fresh")
	}
	if c.Get("early") == nil || c.Get("tag") == nil {
		t.Error("a page of another part or another stream was dropped")
	}
}
