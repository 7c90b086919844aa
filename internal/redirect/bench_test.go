package redirect

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage/sqlstore"
)

// Benchmarks of a lookup with 100,000 exact rules and 1,000 patterns
// against none, on SQLite:
//
//	go test ./internal/redirect -run '^$' -bench . -benchtime 2s
//
// "cold" drops the cached answers before every lookup, so each one asks
// the database (and tries the patterns); "warm" is a path asked before.
// Half the patterns have a literal start ("^/section-7/(.*)$"), half not
// ("^/(\d{4})/(\d{2})/7-([a-z0-9-]+)/?$"), which must each be run.

const (
	benchExact    = 100_000
	benchPatterns = 1_000
)

type benchEnv struct {
	full, empty *Service
}

var (
	benchOnce sync.Once
	benchSet  benchEnv
	benchErr  error
)

func benchServices(b *testing.B) benchEnv {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsdesk-redirect-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = dir
		ctx := context.Background()
		open := func(name string) (*Service, *sqlstore.Store, error) {
			store, err := sqlstore.Open(ctx, filepath.Join(dir, name), quiet)
			if err != nil {
				return nil, nil, err
			}
			return New(store, events.NewBus(), quiet), store, nil
		}
		full, store, err := open("full.db")
		if err != nil {
			benchErr = err
			return
		}
		rules := make([]*domain.Redirect, 0, benchExact+benchPatterns)
		for i := range benchExact {
			rules = append(rules, &domain.Redirect{From: fmt.Sprintf("/%d/%02d/old-story-%d/", 2010+i%15, 1+i%12, i),
				To: fmt.Sprintf("/story-%d/", i), Permanent: true})
		}
		for i := range benchPatterns {
			from := fmt.Sprintf("^/section-%d/(.*)$", i)
			if i%2 == 1 {
				from = fmt.Sprintf(`^/(\d{4})/(\d{2})/%d-([a-z0-9-]+)/?$`, i)
			}
			rules = append(rules, &domain.Redirect{From: from, To: "/$1/"})
		}
		if benchErr = store.ReplaceRedirects(ctx, rules); benchErr != nil {
			return
		}
		if benchErr = store.Optimize(ctx); benchErr != nil {
			return
		}
		empty, _, err := open("empty.db")
		if err != nil {
			benchErr = err
			return
		}
		benchSet = benchEnv{full: full, empty: empty}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchSet
}

func (s *Service) dropAnswers() {
	s.mu.Lock()
	s.cache = answers{}
	s.mu.Unlock()
}

func lookupBench(b *testing.B, s *Service, path func(i int) string, cold bool, want int) {
	ctx := context.Background()
	urls := make([]*url.URL, 256)
	for i := range urls {
		urls[i], _ = url.Parse(path(i))
	}
	// Compile the patterns before the clock starts.
	if status, _, err := s.Lookup(ctx, urls[0]); err != nil || status != want {
		b.Fatalf("%s: %d, %v; want %d", urls[0], status, err, want)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if cold {
			s.dropAnswers()
		}
		if _, _, err := s.Lookup(ctx, urls[i%len(urls)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	env := benchServices(b)
	miss := func(i int) string { return fmt.Sprintf("/a-current-story-%d/", i) }
	exact := func(i int) string { return fmt.Sprintf("/%d/%02d/old-story-%d/", 2010+(i*397)%15, 1+(i*397)%12, i*397) }
	pattern := func(i int) string { return fmt.Sprintf("/2019/05/%d-old-slug/", 2*(i%(benchPatterns/2))+1) }
	for _, c := range []struct {
		name string
		s    *Service
		path func(int) string
		cold bool
		want int
	}{
		{"none/miss/cold", env.empty, miss, true, 0},
		{"none/miss/warm", env.empty, miss, false, 0},
		{"rules/miss/cold", env.full, miss, true, 0},
		{"rules/miss/warm", env.full, miss, false, 0},
		{"rules/exact/cold", env.full, exact, true, 301},
		{"rules/exact/warm", env.full, exact, false, 301},
		{"rules/pattern/cold", env.full, pattern, true, 302},
		{"rules/pattern/warm", env.full, pattern, false, 302},
	} {
		b.Run(c.name, func(b *testing.B) { lookupBench(b, c.s, c.path, c.cold, c.want) })
	}
}

// BenchmarkMiddleware is what every reader's request pays once answers
// are cached: the wrapper around a handler that writes nothing.
func BenchmarkMiddleware(b *testing.B) {
	env := benchServices(b)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	for _, c := range []struct {
		name string
		s    *Service
	}{{"none", env.empty}, {"rules", env.full}} {
		b.Run(c.name, func(b *testing.B) {
			h := c.s.Wrap(next)
			req := httptest.NewRequest("GET", "/a-current-story/", nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			b.ResetTimer()
			for b.Loop() {
				h.ServeHTTP(w, req)
			}
		})
	}
}

// benchDir outlives one benchmark (the 100,000 rules are written once)
// and goes when the test binary ends.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
