// Package httpcache keeps rendered responses (feeds, sitemaps) in memory
// with their validators, so a conditional request costs a map lookup. Any
// content event drops the whole cache; renders that started before the
// event are not stored, so a stale body never outlives the change.
package httpcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Entry is one rendered response.
type Entry struct {
	Body         []byte
	ContentType  string
	ETag         string // quoted, strong
	LastModified time.Time
	// Expires, when set, ends the entry's life even without an event:
	// some content changes with the clock alone (an embargoed post going
	// public, a post leaving the two-day news window).
	Expires time.Time
	// Transient entries are served to the requests waiting on their
	// render but not kept (large sitemap files).
	Transient bool
}

// NewEntry builds an entry whose ETag is a digest of body.
func NewEntry(body []byte, contentType string, lastModified time.Time) *Entry {
	sum := sha256.Sum256(body)
	return &Entry{
		Body:         body,
		ContentType:  contentType,
		ETag:         `"` + hex.EncodeToString(sum[:12]) + `"`,
		LastModified: lastModified.UTC().Truncate(time.Second),
	}
}

// Cache maps keys (request paths) to entries. The zero value is not
// usable; call New.
type Cache struct {
	mu        sync.Mutex
	entries   map[string]*Entry
	inflight  map[string]*call
	gen       uint64
	changedAt time.Time
	max       int
}

// New returns a cache holding at most max entries; when full, an arbitrary
// entry makes room, which bounds memory against crawlers walking every
// author and tag feed.
func New(max int) *Cache {
	return &Cache{entries: map[string]*Entry{}, inflight: map[string]*call{}, max: max}
}

// call is one render in progress; concurrent requests for the same key
// wait for it instead of rendering again, so a burst of readers right
// after a change costs one database read, not one each.
type call struct {
	done  chan struct{}
	entry *Entry
	err   error
}

// Load returns the cached entry for key, or renders, stores and returns
// it. Only one render per key runs at a time.
func (c *Cache) Load(key string, render func() (*Entry, error)) (*Entry, error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && (e.Expires.IsZero() || time.Now().Before(e.Expires)) {
		c.mu.Unlock()
		return e, nil
	}
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.entry, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	gen := c.gen
	c.mu.Unlock()

	cl.entry, cl.err = render()
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(cl.done)
	if cl.err == nil && cl.entry != nil && !cl.entry.Transient {
		c.Put(gen, key, cl.entry)
	}
	return cl.entry, cl.err
}

// Generation returns a token to pass to Put: take it before reading the
// data a render uses.
func (c *Cache) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Get returns the entry for key, if cached.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if ok && !e.Expires.IsZero() && time.Now().After(e.Expires) {
		delete(c.entries, key)
		return nil, false
	}
	return e, ok
}

// Put stores e under key unless the cache was invalidated since gen.
func (c *Cache) Put(gen uint64, key string, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = e
}

// Invalidate drops every entry; at is when the content changed.
func (c *Cache) Invalidate(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	if at.After(c.changedAt) {
		c.changedAt = at
	}
}

// ChangedAt is the time of the latest invalidation seen by this process;
// renders use it as a floor for Last-Modified, so a deletion (which makes
// the newest remaining item older) still moves the date forward.
func (c *Cache) ChangedAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changedAt
}

// Serve writes e, answering 304 Not Modified to If-None-Match and
// If-Modified-Since (and handling HEAD and Range) through
// http.ServeContent. maxAge is the Cache-Control max-age in seconds.
func Serve(w http.ResponseWriter, r *http.Request, e *Entry, maxAge int) {
	h := w.Header()
	h.Set("Content-Type", e.ContentType)
	h.Set("ETag", e.ETag)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(max(maxAge, 0)))
	http.ServeContent(w, r, "", e.LastModified, bytes.NewReader(e.Body))
}
