package site

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"time"

	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage"
)

// Rendered pages are kept in the answer cache until an event drops what
// they show. The short lifetime covers what changes with the clock alone:
// "today" in stream times and breaking-news pins running out.
const cacheTTL = 30 * time.Second

// cacheKey names a request by what the handlers read from it: the path,
// the cursor and whether a fragment was asked for. Other query parameters
// (utm_source and friends) do not change the page. The first page of a
// stream is its path alone, which is what answers requests before routing.
func cacheKey(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.Path
	}
	q := r.URL.Query()
	after, partial := q.Get("after"), q.Get("partial")
	if after == "" && partial == "" {
		return r.URL.Path
	}
	return r.URL.Path + "?after=" + url.QueryEscape(after) + "&partial=" + url.QueryEscape(partial)
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
	if b.body.Len() == 0 {
		// A page arrives in one write (writeHTML): one allocation of its
		// size instead of a dozen doublings.
		b.body.Grow(len(p))
	}
	return b.body.Write(p)
}
func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// uncacheable carries a render that is not a page to keep (an error, a
// 404) to every request that waited on it.
type uncacheable struct{ *bufferedWriter }

func (uncacheable) Error() string { return "not cacheable" }

// cached serves h's successful responses from the answer cache. Requests
// for a page being rendered wait for that render. Errors are never cached:
// a 500 must not outlive its cause. When rendering fails because the
// database is unavailable (503), the last good copy of the page is served
// instead, if there is one.
func (s *Site) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := cacheKey(r)
		e, err := s.cache.Load(key, func() (*pagecache.Entry, error) {
			buf := &bufferedWriter{header: http.Header{}}
			deps := &pageDeps{}
			// The render outlives a client that hangs up: others may wait on it.
			ctx := context.WithValue(context.WithoutCancel(r.Context()), depsKey{}, deps)
			h(buf, r.WithContext(ctx))
			if buf.status != 0 && buf.status != http.StatusOK {
				return nil, uncacheable{buf}
			}
			e := pagecache.NewEntry(buf.body.Bytes(), buf.header.Get("Content-Type"))
			buf.header.Del("Content-Type")
			e.Header, e.Deps, e.Spans = buf.header, deps.deps, deps.spans
			e.Expires, e.Route = s.now().Add(cacheTTL), r.Pattern
			return e, nil
		})
		if err == nil {
			pagecache.Serve(w, r, e)
			return
		}
		u, ok := err.(uncacheable)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		if u.status == http.StatusServiceUnavailable {
			if p := s.cache.LastGood(key); p != nil {
				s.log.Warn("site: database unavailable; serving the last good copy", "path", r.URL.Path)
				pagecache.Serve(w, r, p)
				return
			}
		}
		dst := w.Header()
		for k, v := range u.header {
			dst[k] = v
		}
		w.WriteHeader(u.status)
		w.Write(u.body.Bytes())
	}
}

// pageDeps collects what a page being cached shows.
type pageDeps struct {
	deps  []string
	spans []pagecache.Span
}

type depsKey struct{}

// noteDeps records, for the cache, the posts a page shows and the part of
// its stream it lists, so that a change drops only the pages it touches.
// Breaking-news items are there too, though any change to a pinned post
// drops every page.
func noteDeps(r *http.Request, data any) {
	d, _ := r.Context().Value(depsKey{}).(*pageDeps)
	if d == nil {
		return
	}
	var str *stream
	switch data := data.(type) {
	case *stream: // a Show More fragment
		str = data
	case *page:
		str = data.Stream
		if data.Post != nil {
			d.deps = append(d.deps, pagecache.Post(data.Post.ID))
		}
		for _, it := range data.Breaking {
			d.deps = append(d.deps, pagecache.Post(it.ID))
		}
	}
	if p, ok := data.(*page); ok && p.fillStream != nil {
		// An article's News Feed is the top of the stream: a change to
		// any post from its oldest item on changes the page.
		var from time.Time
		for _, q := range p.rail {
			d.deps = append(d.deps, pagecache.Post(q.ID))
			from = q.PublishedAt
		}
		if p.Stream == nil || p.Stream.More == "" {
			from = time.Time{}
		}
		d.spans = append(d.spans, pagecache.Span{Path: "/", From: from, To: time.Unix(1<<40, 0)})
		return
	}
	if str == nil {
		return
	}
	for _, it := range str.Items {
		d.deps = append(d.deps, pagecache.Post(it.ID))
	}
	// The oldest item the stream could list: the next page's cursor, or
	// the beginning of time at the end of the stream.
	var from time.Time
	if str.More != "" {
		if u, err := url.Parse(str.More); err == nil {
			if c, err := storage.ParseCursor(u.Query().Get("after")); err == nil {
				from = c.Time
			}
		}
	}
	to := time.Unix(1<<40, 0) // no newer bound known: any time
	path := r.URL.Path
	if c, err := cursorParam(r); err == nil && c != nil {
		to = c.Time
	} else {
		// A stream's first page: any change to the stream's posts.
		d.deps = append(d.deps, pagecache.Top(path))
	}
	d.spans = append(d.spans, pagecache.Span{Path: path, From: from, To: to})
}
