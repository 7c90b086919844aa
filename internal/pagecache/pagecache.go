// Package pagecache keeps rendered answers (site pages, feeds, sitemaps,
// Ghost Content API answers) in memory, ready to send: each entry holds its
// body, the same body gzip-compressed once when it is stored, its ETag,
// Content-Length and content type. A hit is a map lookup and two writes.
//
// The cache is bounded by bytes and evicts the least recently used entry.
// A burst of requests for a missing key renders it once (single flight).
// Entries name what they show (Deps: "post:ID", "stream:/tag/world/", ...)
// so a content change drops only the answers that show it; an entry that
// was dropped is kept, as long as room allows, as the last good copy to
// serve while the database is unavailable (stale-if-error).
package pagecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
)

// DefaultMaxBytes is the bound of a cache made with New(0): about 1,500
// article pages with their compressed copies. Operators change it with
// --cache-size.
const DefaultMaxBytes = 32 << 20

// minGzip is the body size below which compressing does not pay: the
// gzip framing and a round of inflate cost more than the bytes saved.
const minGzip = 1024

// Entry is one stored answer. Fields are read-only once the entry is
// stored: entries are shared by every request that reads them.
type Entry struct {
	Body        []byte
	ContentType string
	// ETag is the quoted entity tag; NewEntry makes a strong one from a
	// digest of Body. An entry may carry a weak one (W/"...") instead.
	ETag string
	// LastModified, when not zero, is sent and answers If-Modified-Since.
	LastModified time.Time
	// CacheControl, when not empty, is sent as Cache-Control.
	CacheControl string
	// Header holds further headers to send with the entry (a content
	// policy, WebSub links).
	Header http.Header
	// Expires, when set, ends the entry's life even without an event:
	// some answers change with the clock alone.
	Expires time.Time
	// Deps names what the answer shows, for Invalidate. Every entry also
	// depends on All.
	Deps []string
	// Spans are the parts of streams the answer lists: a post entering a
	// stream at a time inside a span changes the answer (InvalidateAt).
	Spans []Span
	// Throttled entries are costly to render and refresh on their own
	// schedule: Invalidate(All) leaves them, only their own Deps drop them.
	Throttled bool
	// Transient entries are handed to the requests waiting on their
	// render but not kept (large sitemap files).
	Transient bool
	// Value is a number kept instead of an answer (a listing's total).
	Value int64
	// Route is the ServeMux pattern that made the entry, for metrics on
	// answers served before routing.
	Route string

	gz []byte // Body compressed, or nil when that does not pay

	// Header values built once, shared by every answer (net/http only
	// reads them).
	hContentType, hETag, hLength, hGzLength, hCacheControl, hLastModified []string

	wire atomic.Pointer[Wire] // heads for internal/edge, built on first use

	key        string
	size       int64
	stale      bool // dropped by an event or expired: only for stale-if-error
	prev, next *Entry
}

// All is the dependency every entry has: Invalidate(All) drops everything.
const All = "*"

// NewEntry returns an entry for body with a strong ETag made from its
// digest.
func NewEntry(body []byte, contentType string) *Entry {
	return &Entry{Body: body, ContentType: contentType, ETag: ETag(body)}
}

// ETag returns a strong entity tag for body.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// Key returns the key the entry is stored under: for a site page, its
// path.
func (e *Entry) Key() string { return e.key }

// Gzip returns the stored compressed body, or nil when the entry is sent
// uncompressed.
func (e *Entry) Gzip() []byte { return e.gz }

// gzipWriters keeps compressors between pages: each holds about a
// megabyte of state, and an uncached page spent more on setting one up
// and on the standard library's best compression (1.3 ms for a 25 KB
// article) than on rendering; this package's default level takes a
// ninth of that for a body 2% larger.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// gzipBufs keeps the buffers compressors write into; each stored copy is
// cut to size from one.
var gzipBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// prepare compresses the body and builds the header values, once.
func (c *Cache) prepare(e *Entry) {
	if e.hLength != nil {
		return
	}
	if c.Finish != nil {
		if e.Header == nil {
			e.Header = http.Header{}
		}
		if e.ContentType != "" {
			e.Header["Content-Type"] = []string{e.ContentType}
		}
		c.Finish(e.Header)
		delete(e.Header, "Content-Type")
	}
	// The entry keeps exactly its bytes: a body grown by doubling (or a
	// compressed one guessed too big) holds up to twice what the bound
	// counts, and the cache is most of the server's heap.
	if cap(e.Body)-len(e.Body) > len(e.Body)/8 {
		e.Body = bytes.Clone(e.Body)
	}
	if len(e.Body) >= minGzip {
		buf := gzipBufs.Get().(*bytes.Buffer)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(buf)
		zw.Write(e.Body)
		zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(e.Body)*9/10 {
			e.gz = bytes.Clone(buf.Bytes())
			e.hGzLength = []string{strconv.Itoa(len(e.gz))}
		}
		if buf.Cap() <= 256<<10 {
			buf.Reset()
			gzipBufs.Put(buf)
		}
	}
	e.hLength = []string{strconv.Itoa(len(e.Body))}
	if e.ContentType != "" {
		e.hContentType = []string{e.ContentType}
	}
	if e.ETag != "" {
		e.hETag = []string{e.ETag}
	}
	if e.CacheControl != "" {
		e.hCacheControl = []string{e.CacheControl}
	}
	if !e.LastModified.IsZero() {
		e.LastModified = e.LastModified.UTC().Truncate(time.Second)
		e.hLastModified = []string{e.LastModified.Format(http.TimeFormat)}
	}
	e.size = int64(len(e.Body)+len(e.gz)+len(e.key)) + 512
	for k, v := range e.Header {
		e.size += int64(len(k))
		for _, s := range v {
			e.size += int64(len(s))
		}
	}
}

// Cache maps keys to entries. Use New.
type Cache struct {
	mu       sync.Mutex
	max      int64
	bytes    int64
	entries  map[string]*Entry
	head     Entry // sentinel of the recency list: head.next is the newest
	inflight map[string]*call
	routes   map[string]bool // the Route of every entry ever stored
	gen      uint64
	now      func() time.Time

	changedAt  atomic.Int64 // unix nanoseconds of the latest invalidation
	followOnce sync.Once

	hits, misses, renders atomic.Uint64

	// slots, when set, bounds the renders running at once; waiting renders
	// start in the order they came (LimitRenders).
	slots chan struct{}

	// Finish, when set, completes each entry's extra headers when it is
	// stored (the application adds what its middleware would), so an
	// answer served before routing has the same headers as one served
	// after. Set it before use.
	Finish func(http.Header)
}

// New returns a cache bounded by maxBytes (bodies, compressed bodies and
// headers); zero or less means DefaultMaxBytes.
func New(maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	c := &Cache{max: maxBytes, entries: map[string]*Entry{}, inflight: map[string]*call{}, routes: map[string]bool{}, now: time.Now}
	c.head.next, c.head.prev = &c.head, &c.head
	return c
}

// SetClock replaces time.Now, for tests of expiry.
func (c *Cache) SetClock(now func() time.Time) { c.now = now }

// LimitRenders lets at most n renders run at once; the others wait and
// start first come, first served. Renders read the database, whose pool
// hands a freed connection to a random waiter (database/sql): with more
// readers than connections, a page could lose that draw again and again
// and wait many times as long as the rest. Waiting here in order instead
// keeps the slowest page near the typical one. n should not exceed the
// connections renders may use, and a render must not Load from a cache
// with a limit (it would hold a slot while waiting for another). Renders
// through LoadLong are not counted. Call it before use; n <= 0 leaves
// renders unbounded.
func (c *Cache) LimitRenders(n int) {
	if n > 0 {
		c.slots = make(chan struct{}, n)
	}
}

// call is one render in progress; requests for the same key wait for it.
type call struct {
	done  chan struct{}
	entry *Entry
	err   error
}

// Get returns the fresh entry for key, or nil. Misses are counted by
// Load, which follows them.
func (c *Cache) Get(key string) *Entry {
	c.mu.Lock()
	e := c.fresh(key)
	c.mu.Unlock()
	if e != nil {
		c.hits.Add(1)
	}
	return e
}

// GetBytes is Get for a key built in a byte buffer: the lookup does not
// allocate a string.
func (c *Cache) GetBytes(key []byte) *Entry {
	c.mu.Lock()
	e := c.entries[string(key)]
	if e != nil && !c.usable(e) {
		e = nil
	}
	if e != nil {
		c.touch(e)
	}
	c.mu.Unlock()
	if e != nil {
		c.hits.Add(1)
	}
	return e
}

// fresh returns key's entry if it may be served, marking it used.
// c.mu is held.
func (c *Cache) fresh(key string) *Entry {
	e := c.entries[key]
	if e == nil || !c.usable(e) {
		return nil
	}
	c.touch(e)
	return e
}

func (c *Cache) usable(e *Entry) bool {
	if e.stale {
		return false
	}
	if !e.Expires.IsZero() && c.now().After(e.Expires) {
		e.stale = true
		return false
	}
	return true
}

// Load returns the fresh entry for key, or renders, stores and returns
// it. While one render of a key runs, other callers wait for its result
// instead of rendering too. A render that began before an invalidation is
// handed to its waiters but not stored: it may show what changed.
func (c *Cache) Load(key string, render func() (*Entry, error)) (*Entry, error) {
	return c.load(key, render, true)
}

// LoadLong is Load for a render that takes long (a sitemap of 50,000
// addresses: half a second at a million posts). It does not wait for a
// slot (LimitRenders) nor hold one: pages queued behind it would wait
// that long.
func (c *Cache) LoadLong(key string, render func() (*Entry, error)) (*Entry, error) {
	return c.load(key, render, false)
}

func (c *Cache) load(key string, render func() (*Entry, error), queue bool) (*Entry, error) {
	c.mu.Lock()
	if e := c.fresh(key); e != nil {
		c.mu.Unlock()
		c.hits.Add(1)
		return e, nil
	}
	c.misses.Add(1)
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.entry, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()

	c.renders.Add(1)
	var gen uint64
	func() {
		defer func() {
			if v := recover(); v != nil {
				c.finish(key, cl)
				panic(v)
			}
		}()
		if queue && c.slots != nil {
			// A channel's blocked senders are woken in the order they came.
			c.slots <- struct{}{}
			defer func() { <-c.slots }()
		}
		// Taken once the render may start: a change made while it waited
		// is in what it reads, so its page may be kept.
		gen = c.Generation()
		cl.entry, cl.err = render()
	}()
	if cl.err == nil && cl.entry != nil {
		cl.entry.key = key
		c.prepare(cl.entry)
		if !cl.entry.Transient {
			c.put(gen, key, cl.entry)
		}
	}
	c.finish(key, cl)
	return cl.entry, cl.err
}

func (c *Cache) finish(key string, cl *call) {
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(cl.done)
}

// Generation returns a token for Put: take it before reading what a
// render uses.
func (c *Cache) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Put stores e under key unless something was invalidated since gen.
func (c *Cache) Put(gen uint64, key string, e *Entry) {
	e.key = key
	c.prepare(e)
	c.put(gen, key, e)
}

func (c *Cache) put(gen uint64, key string, e *Entry) {
	if e.size > c.max/4 {
		return // one answer may not push out everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		// Content changed while e was rendered. Still keep it as the
		// last good copy if there is none.
		if old := c.entries[key]; old != nil || e.stale {
			return
		}
		e.stale = true
	}
	if old := c.entries[key]; old != nil {
		c.remove(old)
	}
	c.entries[key] = e
	c.bytes += e.size
	c.pushFront(e)
	if e.Route != "" {
		c.routes[e.Route] = true
	}
	for c.bytes > c.max && c.head.prev != &c.head {
		c.remove(c.head.prev)
	}
}

// Caches reports whether an answer of route (a ServeMux pattern) was ever
// stored: its handler answers at once, with no stream.
func (c *Cache) Caches(route string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.routes[route]
}

// LastGood returns key's entry even if an event or the clock dropped it:
// the answer to serve when rendering fails because the database is
// unavailable. Nil when there is none.
func (c *Cache) LastGood(key string) *Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[key]
}

// Invalidate drops every entry that depends on any of deps (All drops
// everything). Dropped entries stay as last good copies until room is
// needed; renders already running are not stored.
func (c *Cache) Invalidate(deps ...string) {
	if len(deps) == 0 {
		return
	}
	all := false
	want := make(map[string]bool, len(deps))
	for _, d := range deps {
		want[d] = true
		all = all || d == All
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.changedAt.Store(c.now().UnixNano())
	for _, e := range c.entries {
		if e.stale {
			continue
		}
		if all && !e.Throttled {
			e.stale = true
			continue
		}
		for _, d := range e.Deps {
			if want[d] {
				e.stale = true
				break
			}
		}
	}
}

// InvalidateAt drops every entry listing a part of a stream in paths that
// includes t: where a post published or moved to t now shows.
func (c *Cache) InvalidateAt(t time.Time, paths ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.changedAt.Store(c.now().UnixNano())
	for _, e := range c.entries {
		if e.stale {
			continue
		}
		for _, sp := range e.Spans {
			if !t.Before(sp.From) && !t.After(sp.To) && slices.Contains(paths, sp.Path) {
				e.stale = true
				break
			}
		}
	}
}

// InvalidatePrefix drops every entry whose key starts with prefix (all
// feeds, all sitemaps).
func (c *Cache) InvalidatePrefix(prefixes ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.changedAt.Store(c.now().UnixNano())
	for k, e := range c.entries {
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				e.stale = true
				break
			}
		}
	}
}

// ChangedAt is the time of the latest invalidation; renders use it as a
// floor for Last-Modified, so a deletion (which makes the newest remaining
// item older) still moves the date forward.
func (c *Cache) ChangedAt() time.Time {
	n := c.changedAt.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Stats are the cache's counters.
type Stats struct {
	Entries, Bytes, MaxBytes int64
	Hits, Misses, Renders    uint64
}

// Stats returns the counters so far.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Entries: int64(len(c.entries)), Bytes: c.bytes, MaxBytes: c.max,
		Hits: c.hits.Load(), Misses: c.misses.Load(), Renders: c.renders.Load()}
}

func (c *Cache) pushFront(e *Entry) {
	e.prev, e.next = &c.head, c.head.next
	c.head.next.prev = e
	c.head.next = e
}

func (c *Cache) touch(e *Entry) {
	if c.head.next == e {
		return
	}
	e.prev.next, e.next.prev = e.next, e.prev
	c.pushFront(e)
}

func (c *Cache) remove(e *Entry) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	delete(c.entries, e.key)
	c.bytes -= e.size
}
