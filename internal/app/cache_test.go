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

// TestEditDropsOnlyWhatShowsThePost: every article's News Feed is the
// top of the stream (stories 19 to 04 of 20). An edit of a story in it
// reaches every article page, the streams and the feeds; an edit of an
// older story drops its own page and leaves the other articles cached.
func TestEditDropsOnlyWhatShowsThePost(t *testing.T) {
	s, posts, actor := cacheSite(t)
	ctx := context.Background()
	pathOf := func(p *domain.Post) string { return "/" + p.Slug + "/" }
	inRail := posts["Council story 05"]
	old := posts["Council story 01"] // older than every rail
	reader := posts["Council story 10"]
	far := posts["Council story 00"]
	watched := []string{pathOf(inRail), pathOf(old), pathOf(reader), pathOf(far), "/", "/tag/politics/", "/author/olena-kravets/"}
	for _, path := range watched {
		if st, _, _ := s.get(t, path); st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
	}
	if _, body, _ := s.get(t, pathOf(far)); !strings.Contains(body, inRail.Title) || strings.Contains(body, old.Title+"<") {
		t.Fatalf("the rail under %s should list %q and not %q; the test needs it", far.Title, inRail.Title, old.Title)
	}

	edited := *old
	edited.Title = "Council story 01, corrected"
	if err := s.a.Publisher.Update(ctx, actor, old, &edited, publish.Options{Action: publish.Save}); err != nil {
		t.Fatal(err)
	}
	before := rendersOf(s.a)
	if _, body, _ := s.get(t, pathOf(reader)); strings.Contains(body, "corrected") {
		t.Fatal("an article page shows an edit of a story its rail does not list")
	}
	if got := rendersOf(s.a); got != before {
		t.Errorf("%s was rendered again after an edit it does not show (%d renders)", pathOf(reader), got-before)
	}
	if _, body, _ := s.get(t, pathOf(old)); !strings.Contains(body, "Council story 01, corrected") {
		t.Errorf("%s does not show its own edit", pathOf(old))
	}

	edited = *inRail
	edited.Title = "Council story 05, corrected"
	if err := s.a.Publisher.Update(ctx, actor, inRail, &edited, publish.Options{Action: publish.Save}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{pathOf(inRail), pathOf(reader), pathOf(far), "/", "/tag/politics/", "/author/olena-kravets/"} {
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

// TestPublishReachesEveryRail: a new story is in the News Feed under
// every article at once; a story published into the past, older than
// the rails, leaves the article pages cached.
func TestPublishReachesEveryRail(t *testing.T) {
	s, posts, actor := cacheSite(t)
	ctx := context.Background()
	old := posts["Council story 02"]
	oldPath := "/" + old.Slug + "/"
	s.get(t, oldPath)
	s.get(t, "/")
	p := &domain.Post{Title: "Council votes on the budget", BodyMD: "KYIV — The council voted.",
		Authors: old.Authors, Tags: old.Tags}
	if err := s.a.Publisher.Create(ctx, actor, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", oldPath} {
		if _, body, _ := s.get(t, path); !strings.Contains(body, p.Title) {
			t.Errorf("%s does not show the new story", path)
		}
	}
	back := &domain.Post{Title: "Backdated council minutes", BodyMD: "KYIV — Minutes.", Authors: old.Authors, Status: domain.StatusPublished,
		Tags: old.Tags, PublishedAt: posts["Council story 00"].PublishedAt.Add(-30 * time.Minute)}
	if err := s.a.Publisher.Create(ctx, actor, back, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	before := rendersOf(s.a)
	if st, body, _ := s.get(t, oldPath); st != 200 || strings.Contains(body, back.Title) || rendersOf(s.a) != before {
		t.Errorf("%s was rendered again after a story older than its rail was published", oldPath)
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
