package site_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"newsdesk/internal/events"
)

// BenchmarkPages measures whole requests through the handlers on SQLite.
// "rendered" publishes an event before each request, so every one runs
// the queries and templates; "cached" is the steady state between
// changes. Compare with BenchmarkStaticBytes, the cost of writing the same
// bytes without doing any work.
func BenchmarkPages(b *testing.B) {
	e := newEnv(b)
	pages := map[string]string{"home": "/", "page2": "/?after=" + cursorOf(e, 14),
		"article": "/" + e.fix.Posts["rescue"].Slug + "/", "author": "/author/olena-kravets/"}
	for _, mode := range []string{"rendered", "cached"} {
		for _, name := range []string{"home", "page2", "article", "author"} {
			path := pages[name]
			b.Run(mode+"/"+name, func(b *testing.B) {
				size := 0
				for b.Loop() {
					if mode == "rendered" {
						e.bus.Publish(events.Event{Type: events.PostUpdated})
					}
					rec := httptest.NewRecorder()
					e.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != http.StatusOK {
						b.Fatalf("status %d", rec.Code)
					}
					size = rec.Body.Len()
				}
				b.SetBytes(int64(size))
			})
		}
	}
}

// BenchmarkStaticBytes is the reference: the home page's bytes written
// from memory.
func BenchmarkStaticBytes(b *testing.B) {
	e := newEnv(b)
	_, body, _ := e.get(b, "/")
	page := []byte(body)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "text/html; charset=utf-8")
		rec.Write(page)
	}
}
