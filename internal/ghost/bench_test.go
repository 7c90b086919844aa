package ghost

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage/sqlstore"
)

// BenchmarkContentPosts measures GET /ghost/api/content/posts/ through the
// handler on a real SQLite database:
//
//	NEWSDESK_BENCH_DB=/path/to.db   use (or, if missing, create) this database
//	NEWSDESK_BENCH_POSTS=1000000    posts to create when building one (default 10000)
//
//	NEWSDESK_BENCH_DB=/tmp/ghost-1m.db NEWSDESK_BENCH_POSTS=1000000 \
//	  go test -run '^$' -bench BenchmarkContentPosts -benchtime 2s ./internal/ghost/
func BenchmarkContentPosts(b *testing.B) {
	store, total := benchStore(b)
	ctx := context.Background()
	in, _ := domain.NewIntegration("bench", "")
	if err := store.CreateIntegration(ctx, in); err != nil {
		b.Fatal(err)
	}
	bus := events.NewBus()
	api := New(Deps{Store: store, Events: bus, SiteURL: "https://news.example.org", Log: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	api.Register(mux)
	b.Logf("database holds %d posts", total)

	run := func(b *testing.B, query string, bump bool) {
		req := httptest.NewRequest("GET", "/ghost/api/content/posts/?"+query+"&key="+in.ContentKey, nil)
		req.Header.Set("Accept-Version", "v6.0")
		// One request before timing fills the total cache, as a running
		// server's would be; the uncached runs bump the version every time.
		mux.ServeHTTP(httptest.NewRecorder(), req)
		for b.Loop() {
			if bump {
				// A content change invalidates the cached total: every
				// request counts again, the worst case.
				bus.Publish(events.Event{Type: events.PostUpdated})
			}
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", query, rec.Code, rec.Body.String())
			}
		}
	}
	b.Run("page1", func(b *testing.B) { run(b, "include=tags,authors&limit=15", false) })
	b.Run("page1-uncached-total", func(b *testing.B) { run(b, "include=tags,authors&limit=15", true) })
	b.Run("page100", func(b *testing.B) { run(b, "include=tags,authors&limit=15&page=100", false) })
	// The deepest pages storage.MaxPageDepth allows, and reading on past
	// them by date from the middle of the archive.
	b.Run("page666", func(b *testing.B) { run(b, "include=tags,authors&limit=15&page=666", false) })
	b.Run("page100-limit100", func(b *testing.B) { run(b, "include=tags,authors&limit=100&page=100", false) })
	b.Run("page1-limit100", func(b *testing.B) { run(b, "include=tags,authors&limit=100", false) })
	var mid int64
	if err := store.DB().QueryRowContext(ctx, `SELECT sort_at FROM posts ORDER BY sort_at DESC LIMIT 1 OFFSET ?`, total/2).Scan(&mid); err != nil {
		b.Fatal(err)
	}
	before := url.QueryEscape("published_at:<'" + time.UnixMilli(mid).UTC().Format("2006-01-02T15:04:05.000Z") + "'")
	b.Run("read-on-by-date", func(b *testing.B) { run(b, "include=tags,authors&limit=15&filter="+before, false) })
	b.Run("read-on-by-date-tag", func(b *testing.B) {
		run(b, "include=tags,authors&limit=15&filter=tag:world%2B"+before, false)
	})
	b.Run("filter-tag", func(b *testing.B) { run(b, "include=tags,authors&limit=15&filter=tag:world", false) })
	b.Run("filter-tag-uncached-total", func(b *testing.B) { run(b, "include=tags,authors&limit=15&filter=tag:world", true) })
}

// benchStore opens NEWSDESK_BENCH_DB, building it first when missing, or
// a temporary database.
func benchStore(b *testing.B) (*sqlstore.Store, int) {
	b.Helper()
	ctx := context.Background()
	n := 10000
	if s := os.Getenv("NEWSDESK_BENCH_POSTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("NEWSDESK_BENCH_POSTS: %v", err)
		}
	}
	path := os.Getenv("NEWSDESK_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	store, err := sqlstore.Open(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if os.IsNotExist(statErr) {
		start := time.Now()
		if err := fillBench(ctx, store, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s with %d posts in %s", path, n, time.Since(start).Round(time.Second))
	}
	var total int
	if err := store.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&total); err != nil {
		b.Fatal(err)
	}
	return store, total
}

// fillBench writes n published posts over 20 authors and 30 tags (one in
// three posts tagged "world"), a post every minute back from now.
func fillBench(ctx context.Context, store *sqlstore.Store, n int) error {
	var authors []domain.Author
	for i := 0; i < 20; i++ {
		u := &domain.User{Author: domain.Author{Name: fmt.Sprintf("Reporter %02d", i), Title: "Reporter", Bio: "Bio."}}
		if err := store.CreateUser(ctx, u); err != nil {
			return err
		}
		authors = append(authors, u.Author)
	}
	var tags []domain.Tag
	for i := 0; i < 30; i++ {
		name := fmt.Sprintf("Topic %02d", i)
		if i == 0 {
			name = "World"
		}
		t := &domain.Tag{Name: name}
		if err := store.CreateTag(ctx, t); err != nil {
			return err
		}
		tags = append(tags, *t)
	}
	now := time.Now().UTC().Add(-time.Hour)
	const batch = 5000
	for start := 0; start < n; start += batch {
		var posts []*domain.Post
		for i := start; i < min(start+batch, n); i++ {
			p := &domain.Post{
				ID: domain.NewID(), Kind: domain.KindArticle, Status: domain.StatusPublished,
				Slug: fmt.Sprintf("bench-story-%d", i), Title: fmt.Sprintf("Bench story %d", i),
				Standfirst: "A short standfirst for the benchmark.",
				BodyMD:     "Kyiv — body.", BodyHTML: "<p>Kyiv — body.</p>", Plaintext: "Kyiv — body.", WordCount: 220,
				Language: "en", PublishedAt: now.Add(-time.Duration(i) * time.Minute),
				Authors: []domain.Author{authors[i%len(authors)]},
				Tags:    []domain.Tag{tags[(i%3)*(i%10)%len(tags)], tags[1+i%(len(tags)-1)]},
			}
			if i%3 == 0 {
				p.Tags[0] = tags[0]
			}
			posts = append(posts, p)
		}
		if err := store.CreatePosts(ctx, posts); err != nil {
			return err
		}
	}
	return nil
}
