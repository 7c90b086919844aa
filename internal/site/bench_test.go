package site_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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

// BenchmarkLiveFanout measures one published story reaching every open
// /live/ stream over real connections: ns/op is the time from Publish
// until the last reader has read the event.
func BenchmarkLiveFanout(b *testing.B) {
	for _, readers := range []int{10, 1000} {
		b.Run(strconv.Itoa(readers)+"-readers", func(b *testing.B) {
			e := newEnv(b)
			srv := httptest.NewServer(e.handler)
			got := make(chan struct{}, readers)
			var bodies []io.Closer
			for range readers {
				res, err := http.Get(srv.URL + "/live/")
				if err != nil {
					b.Fatal(err)
				}
				if res.StatusCode != http.StatusOK {
					b.Fatalf("reader %d: status %d", len(bodies), res.StatusCode)
				}
				bodies = append(bodies, res.Body)
				go func() {
					sc := bufio.NewScanner(res.Body)
					sc.Buffer(make([]byte, 64<<10), 1<<20)
					for sc.Scan() {
						if sc.Text() == "event: post" {
							got <- struct{}{}
						}
					}
				}()
			}
			p := e.fix.Posts["rescue"]
			for b.Loop() {
				e.bus.Publish(events.Event{Type: events.PostPublished, PostID: p.ID, Slug: p.Slug})
				for range readers {
					<-got
				}
			}
			b.StopTimer()
			for _, c := range bodies {
				c.Close()
			}
			srv.Close()
		})
	}
}
