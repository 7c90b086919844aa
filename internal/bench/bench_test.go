package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

var (
	envOnce sync.Once
	env     *Env
	envErr  error
)

// TestMain closes the shared environment once every benchmark has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if env != nil {
		env.Close()
	}
	os.Exit(code)
}

func open(b *testing.B) *Env {
	b.Helper()
	envOnce.Do(func() {
		start := time.Now()
		env, envErr = Open(context.Background())
		if envErr == nil {
			b.Logf("bench data: %d public posts, deep page %d, setup %s", env.Posts, env.DeepDepth, time.Since(start).Round(time.Millisecond))
		}
	})
	if envErr != nil {
		b.Fatal(envErr)
	}
	return env
}

// timer records each iteration so benchmarks can report the median and
// the 99th percentile beside Go's mean ns/op.
type timer struct{ d []time.Duration }

func (t *timer) report(b *testing.B, prefix string) {
	if len(t.d) == 0 {
		return
	}
	slices.Sort(t.d)
	b.ReportMetric(float64(t.d[len(t.d)/2].Nanoseconds()), prefix+"p50-ns")
	b.ReportMetric(float64(t.d[len(t.d)*99/100].Nanoseconds()), prefix+"p99-ns")
}

// get serves one request through the whole handler (middleware, mux,
// site) and fails on anything but 200.
func get(b *testing.B, h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d (is the public site wired into app.Handler?)", path, rec.Code)
	}
	return rec.Body.Len()
}

func handler(b *testing.B, e *Env) http.Handler {
	b.Helper()
	h, err := e.App.Handler()
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkPages measures whole requests in process. "rendered" publishes
// a content event before each request, so the site's page cache is cold
// and every request queries and renders; "cached" is the steady state
// between content changes.
func BenchmarkPages(b *testing.B) {
	e := open(b)
	h := handler(b, e)
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"article", "/" + e.Article + "/"},
		{"more-page1", "/?after=" + e.Page1.String() + "&partial=1"},
		{"more-deep", "/?after=" + e.Deep.String() + "&partial=1"},
	}
	for _, mode := range []string{"rendered", "cached"} {
		for _, pg := range pages {
			b.Run(mode+"/"+pg.name, func(b *testing.B) {
				var t timer
				size := get(b, h, pg.path) // warm: templates, SQLite pages, cache
				b.ResetTimer()
				for b.Loop() {
					if mode == "rendered" {
						e.App.Events.Publish(events.Event{Type: events.PostUpdated})
					}
					start := time.Now()
					size = get(b, h, pg.path)
					t.d = append(t.d, time.Since(start))
				}
				b.SetBytes(int64(size))
				t.report(b, "")
			})
		}
	}
}

// BenchmarkShowMoreDepth alternates "Show More" near the top and DeepPage
// pages down, with the page cache cold, and reports both medians and their
// ratio. Alternating keeps a noisy shared machine from favouring either.
func BenchmarkShowMoreDepth(b *testing.B) {
	e := open(b)
	h := handler(b, e)
	top := "/?after=" + e.Page1.String() + "&partial=1"
	deep := "/?after=" + e.Deep.String() + "&partial=1"
	get(b, h, top)
	get(b, h, deep)
	var t1, t2 timer
	b.ResetTimer()
	for b.Loop() {
		e.App.Events.Publish(events.Event{Type: events.PostUpdated})
		start := time.Now()
		get(b, h, top)
		t1.d = append(t1.d, time.Since(start))
		e.App.Events.Publish(events.Event{Type: events.PostUpdated})
		start = time.Now()
		get(b, h, deep)
		t2.d = append(t2.d, time.Since(start))
	}
	reportRatio(b, &t1, &t2, e.DeepDepth)
}

func reportRatio(b *testing.B, top, deep *timer, depth int) {
	top.report(b, "page1-")
	deep.report(b, "deep-")
	slices.Sort(top.d)
	slices.Sort(deep.d)
	if len(top.d) > 0 {
		b.ReportMetric(float64(deep.d[len(deep.d)/2])/float64(top.d[len(top.d)/2]), "deep/page1")
		b.ReportMetric(float64(depth), "depth")
	}
}

// BenchmarkListPosts is the storage query under "Show More": one page of
// the public stream with authors and tags, near the top and deep down.
func BenchmarkListPosts(b *testing.B) {
	e := open(b)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		after *storage.Cursor
	}{{"first", nil}, {"page1", e.Page1}, {"deep", e.Deep}} {
		b.Run(c.name, func(b *testing.B) {
			var t timer
			for b.Loop() {
				start := time.Now()
				page, err := e.App.Store.ListPosts(ctx, storage.PostQuery{Public: true, Limit: PageSize, After: c.after})
				t.d = append(t.d, time.Since(start))
				if err != nil || len(page.Posts) != PageSize {
					b.Fatalf("list: %d posts, %v", len(page.Posts), err)
				}
			}
			t.report(b, "")
		})
	}
}

// BenchmarkListPostsDepth alternates the storage query at page 1 and deep
// down and reports the ratio of the medians.
func BenchmarkListPostsDepth(b *testing.B) {
	e := open(b)
	ctx := context.Background()
	var t1, t2 timer
	for b.Loop() {
		for i, after := range []*storage.Cursor{e.Page1, e.Deep} {
			start := time.Now()
			page, err := e.App.Store.ListPosts(ctx, storage.PostQuery{Public: true, Limit: PageSize, After: after})
			d := time.Since(start)
			if err != nil || len(page.Posts) != PageSize {
				b.Fatalf("list: %d posts, %v", len(page.Posts), err)
			}
			if i == 0 {
				t1.d = append(t1.d, d)
			} else {
				t2.d = append(t2.d, d)
			}
		}
	}
	reportRatio(b, &t1, &t2, e.DeepDepth)
}

// cpuTime is the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkUncached requests pages nobody asked for before: every
// iteration a different random article, or a tag or author page at a
// random depth (BENCHMARKS.md, "Uncached pages"), so nothing of the page
// comes from the page cache. Besides the median and p99 it reports the
// process's CPU time per page, which says more than wall time on a busy
// machine: two cores serve about 2 s / cpu-ns pages a second.
func BenchmarkUncached(b *testing.B) {
	e := open(b)
	h := handler(b, e)
	for _, kind := range []string{Articles, Tags, Authors} {
		paths, err := e.RandomPaths(context.Background(), kind, 20000, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(kind, func(b *testing.B) {
			var t timer
			i := 0
			cpu := cpuTime()
			for b.Loop() {
				start := time.Now()
				get(b, h, paths[i%len(paths)])
				t.d = append(t.d, time.Since(start))
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(i), "cpu-ns/op")
			t.report(b, "")
		})
	}
}
