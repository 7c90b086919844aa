package redirect

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage/sqlstore"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newService(t testing.TB) (*Service, *sqlstore.Store, *events.Bus) {
	t.Helper()
	store, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	bus := events.NewBus()
	return New(store, bus, quiet), store, bus
}

func replace(t testing.TB, store *sqlstore.Store, bus *events.Bus, rules ...domain.Redirect) {
	t.Helper()
	list := make([]*domain.Redirect, len(rules))
	for i := range rules {
		list[i] = &rules[i]
	}
	if err := store.ReplaceRedirects(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	bus.Publish(events.Event{Type: events.RedirectsUpdated})
}

func get(t *testing.T, h http.Handler, target string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Code, rec.Header().Get("Location")
}

func TestRules(t *testing.T) {
	s, store, bus := newService(t)
	replace(t, store, bus,
		domain.Redirect{From: "/old-story/", To: "/new-story/", Permanent: true},
		domain.Redirect{From: "^/strict/$", To: "/s/"},
		domain.Redirect{From: "^/noslash$", To: "/n/"},
		domain.Redirect{From: "/?p=123", To: "/from-wordpress/", Permanent: true},
		domain.Redirect{From: "/?page_id=7", To: "/about/", Permanent: true},
		domain.Redirect{From: "^/blog/(\\d+)/([^/]*)/?$", To: "/archive/$2/?src=$1"}, // as Ghost: the query is not filled in
		domain.Redirect{From: "^/old-story/$", To: "/regex-loses/"},                  // the same path again: the first rule wins
		domain.Redirect{From: "/^\\/Category/i", To: "/tag/category/"},
		domain.Redirect{From: "section", To: "/tag/section/"}, // unanchored: the match starts after the first slash
		domain.Redirect{From: "^/external/(.*)$", To: "https://ghost.org/$1", Permanent: true},
		domain.Redirect{From: "k", To: "l"}, // Ghost's own test: /k/ -> /l
		domain.Redirect{From: "/loop/", To: "/loop/"},
		domain.Redirect{From: "/caf%C3%A9/", To: "/cafe/", Permanent: true},
	)
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := s.Wrap(site)
	tests := []struct {
		target   string
		status   int
		location string
	}{
		{"/old-story/", 301, "/new-story/"},
		{"/old-story", 301, "/new-story/"},
		{"/old-story/?utm_source=x", 301, "/new-story/?utm_source=x"},
		{"/old-story/more/", 418, ""},
		{"/strict/", 302, "/s/"},
		{"/strict", 418, ""},
		{"/noslash", 302, "/n/"},
		{"/noslash/", 418, ""},
		{"/?p=123", 301, "/from-wordpress/"},
		{"/?p=123&utm_source=feed", 301, "/from-wordpress/"},
		{"/?page_id=7", 301, "/about/"},
		{"/?p=124", 418, ""},
		{"/", 418, ""},
		{"/blog/2019/hello-world/", 302, "/archive/hello-world/?src=$1"},
		{"/blog/x/hello-world/", 418, ""},
		{"/CATEGORY/", 302, "/tag/category/"},
		{"/category", 302, "/tag/category/"},
		{"/section/", 302, "/tag/section/"}, // never "//tag/section/", another host
		{"/external/docs/", 301, "https://ghost.org/docs/"},
		{"/k/", 302, "/l"},
		{"/loop/", 418, ""},
		{"/café/", 301, "/cafe/"},
		{"/newsroom/old-story/", 418, ""}, // the back office is never redirected
	}
	for _, tc := range tests {
		status, loc := get(t, h, tc.target)
		if status != tc.status || loc != tc.location {
			t.Errorf("GET %s: %d %q, want %d %q", tc.target, status, loc, tc.status, tc.location)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/old-story/", nil))
	if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000" {
		t.Errorf("permanent redirect Cache-Control %q", cc)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/old-story/", nil))
	if rec.Code != http.StatusTeapot {
		t.Errorf("POST was redirected: %d", rec.Code)
	}
}

// TestLivePostWins: a rule for a path gives way to a public post or page
// there, but not to a draft, and follows the post as it changes.
func TestLivePostWins(t *testing.T) {
	s, store, bus := newService(t)
	ctx := context.Background()
	u := &domain.User{Author: domain.Author{Name: "Writer"}}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	replace(t, store, bus, domain.Redirect{From: "/about/", To: "/who-we-are/"}, domain.Redirect{From: "^/(ab.*)$", To: "/x/$1"})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	page := &domain.Post{Type: domain.TypePage, Kind: domain.KindArticle, Status: domain.StatusDraft, Title: "About", Slug: "about",
		Authors: []domain.Author{u.Author}}
	if err := store.CreatePost(ctx, page); err != nil {
		t.Fatal(err)
	}
	if status, _ := get(t, h, "/about/"); status != 302 {
		t.Fatalf("a draft at the path held off the redirect: %d", status)
	}
	page.Status = domain.StatusPublished
	if err := store.UpdatePost(ctx, page, time.Time{}); err != nil {
		t.Fatal(err)
	}
	bus.Publish(events.Event{Type: events.PostPublished, PostID: page.ID})
	if status, _ := get(t, h, "/about/"); status != http.StatusTeapot {
		t.Errorf("the redirect hid a live page: %d", status)
	}
	if status, _ := get(t, h, "/about"); status != http.StatusTeapot {
		t.Errorf("the redirect hid a live page without its slash: %d", status)
	}
	if status, loc := get(t, h, "/abc/"); status != 302 || loc != "/x/abc/" {
		t.Errorf("pattern elsewhere: %d %q", status, loc)
	}
	if err := store.DeletePost(ctx, page.ID); err != nil {
		t.Fatal(err)
	}
	bus.Publish(events.Event{Type: events.PostDeleted, PostID: page.ID})
	if status, loc := get(t, h, "/about/"); status != 302 || loc != "/who-we-are/" {
		t.Errorf("after the page went: %d %q", status, loc)
	}
}

// TestRulesFollowChanges: answers are cached, and a change of the rules
// is seen at once.
func TestRulesFollowChanges(t *testing.T) {
	s, store, bus := newService(t)
	ctx := context.Background()
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	if status, _ := get(t, h, "/gone/"); status != http.StatusTeapot {
		t.Fatalf("no rules yet: %d", status)
	}
	r := &domain.Redirect{From: "/gone/", To: "/here/"}
	if err := store.AddRedirect(ctx, r); err != nil {
		t.Fatal(err)
	}
	if status, _ := get(t, h, "/gone/"); status != http.StatusTeapot {
		t.Fatalf("the cached answer did not hold until an event: %d", status)
	}
	bus.Publish(events.Event{Type: events.RedirectsUpdated})
	if status, loc := get(t, h, "/gone/"); status != 302 || loc != "/here/" {
		t.Fatalf("added rule: %d %q", status, loc)
	}
	replace(t, store, bus, domain.Redirect{From: "^/go(ne)?/$", To: "/pattern/"})
	if status, loc := get(t, h, "/gone/"); status != 302 || loc != "/pattern/" {
		t.Fatalf("replaced rules: %d %q", status, loc)
	}
	replace(t, store, bus)
	if status, _ := get(t, h, "/gone/"); status != http.StatusTeapot {
		t.Fatalf("emptied rules still answer: %d", status)
	}
}

func TestExpand(t *testing.T) {
	re := []int{0, 9, 1, 4, 5, 9} // "/abc/defg" with groups "abc", "defg"
	s := "/abc/defg"
	for tmpl, want := range map[string]string{
		"/$1/$2": "/abc/defg", "/$2x": "/defgx", "/$12": "/abc2", "/$$1": "/$1", "/$&": "//abc/defg", "/$3": "/$3", "/$": "/$",
	} {
		if got := expand(tmpl, s, re); got != want {
			t.Errorf("expand(%q) = %q, want %q", tmpl, got, want)
		}
	}
	if got := anchoredPrefix(`^\/blog\/(.*)$`); got != "/blog/" {
		t.Errorf("anchoredPrefix = %q", got)
	}
	for _, p := range []string{"(?i)^/blog/", "/blog/(.*)", "^/a|^/b"} {
		if got := anchoredPrefix(p); got != "" {
			t.Errorf("anchoredPrefix(%q) = %q, want none", p, got)
		}
	}
	u, _ := url.Parse("/x/?a=1")
	if got := substitute(u, "/old/y", []int{0, 5}).String(); got != "/x/y?a=1" {
		t.Errorf("substitute = %q", got)
	}
}

// countingStore counts exact lookups.
type countingStore struct {
	*sqlstore.Store
	exact atomic.Int64
}

func (c *countingStore) ExactRedirects(ctx context.Context, key, query string) ([]*domain.Redirect, error) {
	c.exact.Add(1)
	return c.Store.ExactRedirects(ctx, key, query)
}

// TestExactLookupOnlyForKnownPaths: the keys of exact rules are held in
// memory, so a request for any other path (nearly every page a reader
// opens) asks the database nothing; a path with a rule is still looked
// up and redirected, and a rule added later is seen after the event.
func TestExactLookupOnlyForKnownPaths(t *testing.T) {
	_, store, bus := newService(t)
	cs := &countingStore{Store: store}
	s := New(cs, bus, quiet)
	replace(t, store, bus, domain.Redirect{From: "/old-story/", To: "/new-story/", Permanent: true})
	h := s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	for i := range 50 {
		if status, _ := get(t, h, fmt.Sprintf("/story-%d/", i)); status != http.StatusTeapot {
			t.Fatalf("story %d: %d", i, status)
		}
	}
	if n := cs.exact.Load(); n != 0 {
		t.Fatalf("%d exact lookups for paths without rules", n)
	}
	if status, loc := get(t, h, "/old-story/"); status != 301 || loc != "/new-story/" {
		t.Fatalf("rule: %d %q", status, loc)
	}
	if n := cs.exact.Load(); n != 1 {
		t.Fatalf("%d exact lookups for the path with a rule, want 1", n)
	}
	if err := store.AddRedirect(context.Background(), &domain.Redirect{From: "/story-7/", To: "/seven/"}); err != nil {
		t.Fatal(err)
	}
	bus.Publish(events.Event{Type: events.RedirectsUpdated})
	if status, loc := get(t, h, "/story-7/"); status != 302 || loc != "/seven/" {
		t.Fatalf("added rule: %d %q", status, loc)
	}
}
