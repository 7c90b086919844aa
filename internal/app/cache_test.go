package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// cacheSite is newPagesSite with its posts by title and the user that
// edits them.
func cacheSite(t *testing.T) (*pagesSite, map[string]*domain.Post, publish.Actor) {
	t.Helper()
	s := newPagesSite(t)
	ctx := context.Background()
	res, err := s.a.Store.ListPosts(ctx, publicFirstN(30))
	if err != nil {
		t.Fatal(err)
	}
	posts := map[string]*domain.Post{}
	for _, p := range res.Posts {
		full, err := s.a.Store.PostByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		posts[p.Title] = full
	}
	u, err := s.a.Store.UserByEmail(ctx, "olena@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return s, posts, publish.Actor{User: u}
}

func publicFirstN(n int) storage.PostQuery { return storage.PostQuery{Public: true, Limit: n} }

// rendersOf counts renders so far: a request that renders adds one.
func rendersOf(a *App) uint64 { return a.Cache.Stats().Renders }

// TestEditDropsOnlyWhatShowsThePost: after an edit of post A, the page of
// a post B that does not show A is still served from the cache, while
// A's page, the pages listing A and the streams' first pages show the
// edit.
func TestEditDropsOnlyWhatShowsThePost(t *testing.T) {
	s, posts, actor := cacheSite(t)
	ctx := context.Background()
	a := posts["Council story 05"]   // edited
	b := posts["Council story 18"]   // newer than a and its rail (17..03) holds a
	far := posts["Council story 00"] // the oldest: its rail is empty of a
	newer := posts["Council story 19"]
	pathsOf := func(p *domain.Post) string { return "/" + p.Slug + "/" }
	watched := []string{pathsOf(a), pathsOf(b), pathsOf(far), pathsOf(newer), "/", "/tag/politics/", "/author/olena-kravets/"}
	for _, path := range watched {
		if st, _, _ := s.get(t, path); st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
	}
	if _, body, _ := s.get(t, pathsOf(b)); !strings.Contains(body, a.Title) {
		t.Fatalf("the rail under %s does not list %q; the test needs it", b.Title, a.Title)
	}
	edited := *a
	edited.Title = "Council story 05, corrected"
	if err := s.a.Publisher.Update(ctx, actor, a, &edited, publish.Options{Action: publish.Save}); err != nil {
		t.Fatal(err)
	}

	before := rendersOf(s.a)
	if _, body, _ := s.get(t, pathsOf(far)); strings.Contains(body, "corrected") {
		t.Fatal("the oldest post's page shows the edit: its rail does not list the edited post")
	}
	if got := rendersOf(s.a); got != before {
		t.Errorf("%s was rendered again after an edit it does not show (%d renders)", pathsOf(far), got-before)
	}
	for _, path := range []string{pathsOf(a), pathsOf(b), "/", "/tag/politics/", "/author/olena-kravets/"} {
		if _, body, _ := s.get(t, path); !strings.Contains(body, "Council story 05, corrected") {
			t.Errorf("%s does not show the edit", path)
		}
	}
	// The feeds of its streams follow too.
	for _, path := range []string{"/rss/", "/tag/politics/rss/", "/author/olena-kravets/feed.json"} {
		if _, body, _ := s.get(t, path); !strings.Contains(body, "Council story 05, corrected") {
			t.Errorf("%s does not show the edit", path)
		}
	}
}

// TestPublishKeepsOlderArticlesCached: a new story changes the first
// pages and feeds, not the pages of the stories before it.
func TestPublishKeepsOlderArticlesCached(t *testing.T) {
	s, posts, actor := cacheSite(t)
	ctx := context.Background()
	old := posts["Council story 19"]
	oldPath := "/" + old.Slug + "/"
	s.get(t, oldPath)
	s.get(t, "/")
	p := &domain.Post{Title: "Council votes on the budget", BodyMD: "KYIV — The council voted.",
		Authors: old.Authors, Tags: old.Tags}
	if err := s.a.Publisher.Create(ctx, actor, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if _, body, _ := s.get(t, "/"); !strings.Contains(body, p.Title) {
		t.Error("the home page does not show the new story")
	}
	before := rendersOf(s.a)
	if st, _, _ := s.get(t, oldPath); st != 200 || rendersOf(s.a) != before {
		t.Errorf("%s was rendered again after a newer story was published", oldPath)
	}
	// A story published into the past lands in the rails that reach its
	// time.
	back := &domain.Post{Title: "Backdated council minutes", BodyMD: "KYIV — Minutes.", Authors: old.Authors, Status: domain.StatusPublished,
		Tags: old.Tags, PublishedAt: old.PublishedAt.Add(-30 * time.Minute)}
	if err := s.a.Publisher.Create(ctx, actor, back, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if _, body, _ := s.get(t, oldPath); !strings.Contains(body, back.Title) {
		t.Errorf("%s does not list a story published just before it", oldPath)
	}
}

// TestCachedAnswersBeforeRouting: a page served from the cache carries the
// headers the full chain gives, gzip bytes stored once, and 304s.
func TestCachedAnswersBeforeRouting(t *testing.T) {
	s, posts, _ := cacheSite(t)
	path := "/" + posts["Council story 10"].Slug + "/"
	do := func(hdr ...string) *http.Response {
		req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
		for i := 0; i < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	first := do("Accept-Encoding", "gzip") // renders
	before := rendersOf(s.a)
	second := do("Accept-Encoding", "gzip") // from the cache, before routing
	if rendersOf(s.a) != before {
		t.Fatal("the second request rendered again")
	}
	for _, h := range []*http.Response{first, second} {
		if h.Header.Get("Content-Encoding") != "gzip" || h.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("encoding %q, vary %q", h.Header.Get("Content-Encoding"), h.Header.Values("Vary"))
		}
	}
	first.Header.Del("Date")
	second.Header.Del("Date")
	if a, b := headerText(first.Header), headerText(second.Header); a != b {
		t.Errorf("headers differ between the render and the cached answer:\n%s\n---\n%s", a, b)
	}
	if res := do("If-None-Match", second.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
}

func headerText(h http.Header) string {
	var b strings.Builder
	h.Write(&b)
	return b.String()
}

// TestContentAPIFromCache: a repeated Content API query is answered from
// the cache before routing, with the headers of the first answer; an
// unknown key is still refused.
func TestContentAPIFromCache(t *testing.T) {
	s, _, _ := cacheSite(t)
	url := s.srv.URL + "/ghost/api/content/posts/?limit=15&include=tags,authors&key=" + s.key.ContentKey
	do := func(url string) *http.Response {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	first := do(url)
	before := rendersOf(s.a)
	second := do(url)
	if first.StatusCode != 200 || second.StatusCode != 200 || rendersOf(s.a) != before {
		t.Fatalf("statuses %d %d; renders %d", first.StatusCode, second.StatusCode, rendersOf(s.a)-before)
	}
	first.Header.Del("Date")
	second.Header.Del("Date")
	if a, b := headerText(first.Header), headerText(second.Header); a != b {
		t.Errorf("headers differ between the render and the cached answer:\n%s\n---\n%s", a, b)
	}
	if second.Header.Get("Content-Encoding") != "gzip" || second.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("cached answer headers: %q", second.Header)
	}
	bad := strings.Replace(url, s.key.ContentKey, strings.Repeat("0", len(s.key.ContentKey)), 1)
	if res := do(bad); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown key: %d, want 401", res.StatusCode)
	}
}
