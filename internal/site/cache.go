package site

import (
	"bytes"
	"net/http"
	"sync"
	"time"
)

// Rendered pages are kept in memory until content changes. The event
// bus's version says when anything changed; the short lifetime covers what
// changes with the clock alone: "today" in stream times and breaking-news
// pins running out.
const (
	cacheTTL      = 30 * time.Second
	cacheMaxBytes = 32 << 20
)

// pageCache holds rendered responses by request.
type pageCache struct {
	mu      sync.Mutex
	version uint64
	entries map[string]*cachedPage
	bytes   int
	// stale keeps the last good copy of each page, whatever changed since,
	// served only while the database is unavailable (stale-if-error): a
	// reader then gets the page as it was a moment ago rather than an
	// error. It shares pages with entries and is bounded the same.
	stale      map[string]*cachedPage
	staleBytes int
}

type cachedPage struct {
	header  http.Header
	body    []byte
	expires time.Time
}

func (c *pageCache) get(key string, version uint64, now time.Time) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		c.version, c.entries, c.bytes = version, nil, 0
		return nil
	}
	p := c.entries[key]
	if p == nil || now.After(p.expires) {
		return nil
	}
	return p
}

func (c *pageCache) put(key string, version uint64, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return // content changed while this page was rendered
	}
	// A crude bound on memory: start over rather than track recency. Keys
	// are normalised, so only real pages fill it.
	if c.entries == nil || c.bytes+len(p.body) > cacheMaxBytes {
		c.entries, c.bytes = make(map[string]*cachedPage), 0
	}
	if old := c.entries[key]; old != nil {
		c.bytes -= len(old.body)
	}
	c.entries[key] = p
	c.bytes += len(p.body)
}

// keep records p as the last good copy of key. Over the bound, copies are
// dropped at random (map order) until it fits.
func (c *pageCache) keep(key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stale == nil {
		c.stale = make(map[string]*cachedPage)
	}
	if old := c.stale[key]; old != nil {
		c.staleBytes -= len(old.body)
		delete(c.stale, key)
	}
	for k, old := range c.stale {
		if c.staleBytes+len(p.body) <= cacheMaxBytes {
			break
		}
		c.staleBytes -= len(old.body)
		delete(c.stale, k)
	}
	if len(p.body) > cacheMaxBytes {
		return
	}
	c.stale[key] = p
	c.staleBytes += len(p.body)
}

// lastGood returns the last good copy of key, however old, or nil.
func (c *pageCache) lastGood(key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stale[key]
}

// cacheKey names a request by what the handlers read from it: the path,
// the cursor and whether a fragment was asked for. Other query parameters
// (utm_source and friends) do not change the page.
func cacheKey(r *http.Request) string {
	q := r.URL.Query()
	return r.URL.Path + "\x00" + q.Get("after") + "\x00" + q.Get("partial")
}

// bufferedWriter collects a response so it can be cached before it is sent.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// cached serves h's successful responses from memory while nothing has
// changed. Errors are never cached: a 500 must not outlive its cause. When
// rendering fails because the database is unavailable (503), the last good
// copy of the page is served instead, if there is one.
func (s *Site) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, version, now := cacheKey(r), s.events.Version(), s.now()
		if p := s.rendered.get(key, version, now); p != nil {
			writePage(w, p.header, http.StatusOK, p.body)
			return
		}
		buf := &bufferedWriter{header: http.Header{}}
		h(buf, r)
		if buf.status == 0 {
			buf.status = http.StatusOK
		}
		switch buf.status {
		case http.StatusOK:
			p := &cachedPage{header: buf.header.Clone(), body: buf.body.Bytes(), expires: now.Add(cacheTTL)}
			s.rendered.put(key, version, p)
			s.rendered.keep(key, p)
		case http.StatusServiceUnavailable:
			if p := s.rendered.lastGood(key); p != nil {
				s.log.Warn("site: database unavailable; serving the last good copy", "path", r.URL.Path)
				writePage(w, p.header, http.StatusOK, p.body)
				return
			}
		}
		writePage(w, buf.header, buf.status, buf.body.Bytes())
	}
}

func writePage(w http.ResponseWriter, header http.Header, status int, body []byte) {
	dst := w.Header()
	for k, v := range header {
		dst[k] = v
	}
	w.WriteHeader(status)
	w.Write(body)
}
