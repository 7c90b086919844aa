package site_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/site"
	"newsdesk/internal/site/sitetest"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

// env is a site over a real SQLite store loaded with the fixtures.
type env struct {
	store   *sqlstore.Store
	bus     *events.Bus
	fix     *sitetest.Fixture
	handler http.Handler
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, nil)
}

// newEnvWith is newEnv with changes to the site's dependencies.
func newEnvWith(t testing.TB, change func(*site.Deps)) *env {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "site.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	fix, err := sitetest.Load(ctx, store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	bus := events.NewBus()
	deps := site.Deps{Store: store, Log: log, Events: bus, BaseURL: "https://news.example.org"}
	if change != nil {
		change(&deps)
	}
	s, err := site.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	return &env{store: store, bus: bus, fix: fix, handler: mux}
}

// get requests path and returns the status, body and response.
func (e *env) get(t testing.TB, path string) (int, string, *http.Response) {
	t.Helper()
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res
}

var (
	headlineRE = regexp.MustCompile(`<h[23] class="headline"><a href="/([a-z0-9-]+)/">`)
	moreRE     = regexp.MustCompile(`<a class="more" href="([^"]+)" data-more`)
	inlineRE   = regexp.MustCompile(`</?(?:a|time|strong|em|span)\b[^>]*>`)
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	spaceRE    = regexp.MustCompile(`\s+`)
)

// slugs returns the slugs of the stream items on a page, in order.
func slugs(body string) []string {
	var out []string
	for _, m := range headlineRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// text is the page's visible text, roughly: tags removed, entities decoded.
func text(body string) string {
	return strings.TrimSpace(spaceRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(inlineRE.ReplaceAllString(body, ""), " ")), " "))
}

// inOrder fails unless every needle occurs in haystack, each after the previous.
func inOrder(t *testing.T, haystack string, needles ...string) {
	t.Helper()
	pos := 0
	for _, n := range needles {
		i := strings.Index(haystack[pos:], n)
		if i < 0 {
			if strings.Contains(haystack, n) {
				t.Fatalf("%q appears, but not after %q", n, haystack[max(0, pos-80):pos])
			}
			t.Fatalf("%q not found", n)
		}
		pos += i + len(n)
	}
}

func TestHomePage(t *testing.T) {
	e := newEnv(t)
	status, body, res := e.get(t, "/")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("content type %q", ct)
	}
	got := slugs(body)
	if len(got) != site.PageSize {
		t.Fatalf("home shows %d items, want %d", len(got), site.PageSize)
	}
	for i, slug := range got {
		if want := e.fix.Stream[i].Slug; slug != want {
			t.Fatalf("item %d is %s, want %s", i, slug, want)
		}
	}
	m := moreRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no Show More link")
	}
	if want := "/?after=" + storage.CursorOf(e.fix.Stream[site.PageSize-1]).String(); html.UnescapeString(m[1]) != want {
		t.Fatalf("Show More goes to %s, want %s", m[1], want)
	}
	for _, want := range []string{
		`<html lang="en">`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<title>newsdesk</title>`,
		`<meta name="description" content="Independent news, as it happens.">`,
		`<meta name="theme-color"`,
		`<link rel="canonical" href="https://news.example.org/">`, // seo.Head output
		`<a class="skip" href="#site-main">`,
		`<main id="site-main"`, `<header class="masthead">`, `<nav class="sections" aria-label="Sections">`, `<footer`,
		`<a href="/tag/ukraine/">Ukraine</a>`,
		`<span class="label">Video</span>`,
		`<span class="label">Live</span>`,
		`<aside class="breaking" aria-label="Breaking news">`,
		`fetchpriority="high"`,
		`loading="lazy"`,
		`srcset="/content/images/size/w300/2026/11/parliament.jpg 300w, /content/images/size/w600/2026/11/parliament.jpg 600w, /content/images/size/w1000/2026/11/parliament.jpg 1000w, /content/images/size/w2000/2026/11/parliament.jpg 2000w"`,
		`width="1600" height="900"`,
		`By Marta Hnatiuk and Olena Kravets`,
		`<div class="brief-body"><p>Shipments of grain`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	// The first item's image loads at once, the others lazily.
	if strings.Count(body, `fetchpriority="high"`) != 1 {
		t.Errorf("want exactly one eager image, got %d", strings.Count(body, `fetchpriority="high"`))
	}
	if !strings.Contains(body, `<article class="item item-article item-lead" data-id=`) {
		t.Error("the top story is not shown as the lead")
	}
	// Deeper pages have no lead and load every picture lazily.
	_, page2, _ := e.get(t, html.UnescapeString(m[1]))
	if strings.Contains(page2, "item-lead") || strings.Contains(page2, `fetchpriority`) {
		t.Error("page 2 has a lead story or an eager image")
	}
	// Breaking banner: the pinned top story.
	inOrder(t, body, `<aside class="breaking"`, `Breaking</span>`, e.fix.Posts["rescue"].Title, `<main`)
	// Times: machine-readable in RFC 3339 and, for today, the bare time.
	p := e.fix.Stream[1]
	want := `<time datetime="` + p.PublishedAt.UTC().Format(time.RFC3339) + `"`
	if !strings.Contains(body, want) {
		t.Errorf("home page lacks %s", want)
	}
	assertNoExternalLoads(t, body)
}

// assertNoExternalLoads fails if the page would fetch anything from
// another host before the reader clicks.
func assertNoExternalLoads(t *testing.T, body string) {
	t.Helper()
	loads := regexp.MustCompile(`(?i)<(?:img|script|iframe|video|audio|source|link rel="(?:stylesheet|icon|preload)")\b[^>]*\b(?:src|href|poster|srcset)="(?:https?:)?//`)
	if m := loads.FindString(body); m != "" {
		t.Fatalf("page loads from another host: %s", m)
	}
	if strings.Contains(body, "<iframe") {
		t.Fatal("page embeds an iframe before any click")
	}
}

func TestArticlePage(t *testing.T) {
	e := newEnv(t)
	p := e.fix.Posts["rescue"]
	status, body, _ := e.get(t, "/"+p.Slug+"/")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	// Every element of the page, in DESIGN.md order.
	inOrder(t, body,
		`<title>Rescuers search rubble after overnight strike on Kyiv apartment block — newsdesk</title>`,
		`<p class="feed-name"><a href="/">News Feed</a></p>`,
		`<span class="label">Breaking</span>`,
		`<a class="section" href="/tag/ukraine/">Ukraine</a>`,
		`<h1 class="article-title">Rescuers search rubble`,
		`<span class="reading-time">`+p.ReadingTime()+`</span>`,
		`<time datetime="`+p.PublishedAt.UTC().Format(time.RFC3339)+`">`+p.PublishedAt.UTC().Format("2 January 2006, 15:04")+`</time>`,
		`Updated <time datetime=`,
		`<figure class="lead">`,
		`alt="Rescuers in helmets climb a heap of concrete beside a damaged apartment block"`,
		`<figcaption>Kyiv: rescuers clear debris from a residential building hit by a drone, November 27, 2026. <span class="credit">(Olena Kravets / News Feed)</span></figcaption>`,
		`<p class="standfirst article-standfirst">At least nine people`,
		`<div class="article-body"><p>KYIV — Rescue crews`,
		`>Power restored by morning</h2>`,
		`<section class="notes"`,
		`<nav class="tags" aria-label="Tags"><ul><li><a href="/tag/ukraine/">Ukraine</a></li></ul></nav>`,
		`<img class="avatar" src="/content/images/authors/olena-kravets.jpg" alt="Avatar"`,
		`<a href="/author/olena-kravets/">Olena Kravets</a>`,
		`<p class="author-role">Reporter</p>`,
		`<p>Olena Kravets covers emergencies`, `<p>Before joining the News Feed`, `<p>She can be reached`,
		`<a class="read-more" href="/author/olena-kravets/">Read more<span class="visually-hidden"> about Olena Kravets</span></a>`,
		`<h2 class="stream-heading" id="news-stream-heading"><a href="/">News Feed</a></h2>`,
		`<h3 class="headline"><a href="/`+e.fix.Stream[1].Slug+`/">`,
		`<span class="label">Video</span>`,
		`>Show More</a>`,
	)
	// The fixture corrects the story two minutes before the test runs.
	inOrder(t, text(body), "Correction, "+time.Now().Add(-2*time.Minute).UTC().Format("January 2")+": An earlier version of this article gave the wrong district.")
	if strings.Contains(body, "hash-live") || strings.Contains(body, "#live") {
		t.Error("internal tag shown to readers")
	}
	// The stream under the article is the top of the News Feed, without it.
	got := slugs(body)
	if len(got) != site.PageSize {
		t.Fatalf("stream under the article has %d items, want %d", len(got), site.PageSize)
	}
	for i, slug := range got {
		if want := e.fix.Stream[i+1].Slug; slug != want {
			t.Fatalf("stream item %d is %s, want %s", i, slug, want)
		}
	}
	assertNoExternalLoads(t, body)

	// An older article shows the same newest items: what is new, not what
	// came before it.
	if len(e.fix.Stream) < site.PageSize+2 {
		t.Fatalf("the fixture has %d stream posts; the test needs more than a page", len(e.fix.Stream))
	}
	older := e.fix.Stream[len(e.fix.Stream)-1]
	_, body, _ = e.get(t, "/"+older.Slug+"/")
	got = slugs(body)
	if len(got) != site.PageSize {
		t.Fatalf("stream under an older article has %d items, want %d", len(got), site.PageSize)
	}
	for i, slug := range got {
		if want := e.fix.Stream[i].Slug; slug != want {
			t.Fatalf("under an older article, stream item %d is %s, want %s", i, slug, want)
		}
	}
	if m := moreRE.FindStringSubmatch(body); m == nil || !strings.HasPrefix(m[1], "/?after=") {
		t.Fatalf("no Show More after the newest items: %v", m)
	}
}

func TestVideoPlayers(t *testing.T) {
	e := newEnv(t)
	_, body, _ := e.get(t, "/"+e.fix.Posts["video"].Slug+"/")
	inOrder(t, body,
		`<a class="facade" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"`,
		`Play video: Watch: inside the metro station`,
	)
	assertNoExternalLoads(t, body)
	_, body, _ = e.get(t, "/"+e.fix.Posts["metrofile"].Slug+"/")
	if !strings.Contains(body, `<video controls preload="metadata" src="/content/media/2026/11/tram.mp4" poster="/content/images/2026/11/video-poster.jpg">`) {
		t.Error("direct video file not played with <video>")
	}
	// A file on another host is not touched until the reader presses play,
	// and a poster from elsewhere is left out.
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindVideo, Status: domain.StatusPublished, Slug: "cdn-video", Title: "Clip from a CDN",
		VideoURL: "https://cdn.example.org/clip.webm", Image: domain.Image{URL: "https://cdn.example.org/poster.jpg"},
		Authors: e.fix.Posts["metrofile"].Authors, PublishedAt: time.Now().Add(-time.Second)}
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	_, body, _ = e.get(t, "/cdn-video/")
	if !strings.Contains(body, `<video controls preload="none" src="https://cdn.example.org/clip.webm">`) {
		t.Error("a video on another host is preloaded or has a remote poster")
	}
}

func TestHostileContentIsEscaped(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const evil = `<script>alert(1)</script> "&'`
	u := &domain.User{Author: domain.Author{Name: "Eve " + evil, Slug: "eve", Title: evil, Bio: "First " + evil + "\n\nSecond " + evil,
		Website: "javascript:alert(1)"}}
	if err := e.store.CreateUser(ctx, u); err == nil {
		t.Fatal("store accepted a javascript: website")
	}
	u.Website = ""
	if err := e.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tag := &domain.Tag{Name: "Tag " + evil, Slug: "evil", Description: evil}
	if err := e.store.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Slug: "evil-story", Title: "Title " + evil,
		Standfirst: "Standfirst " + evil, BodyMD: "Body " + evil + "\n\n<img src=x onerror=alert(1)>",
		Image:   domain.Image{URL: "/content/images/evil.jpg", Alt: "Alt " + evil, Caption: "Caption " + evil, Credit: "Credit " + evil},
		Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}, PublishedAt: time.Now().Add(-time.Second)}
	sitetestApply(p)
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/evil-story/", "/author/eve/", "/tag/evil/"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "onerror") {
			t.Fatalf("%s: hostile markup reached the page", path)
		}
		if !strings.Contains(body, `&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;`) {
			t.Fatalf("%s: escaped text missing", path)
		}
	}
	_, body, _ := e.get(t, "/evil-story/")
	for _, want := range []string{
		`<title>Title &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39; — newsdesk</title>`,
		`<h1 class="article-title">Title &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;</h1>`,
		`alt="Alt &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;"`,
		`<figcaption>Caption &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39; <span class="credit">(Credit &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;)</span></figcaption>`,
		`<p>First &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;</p><p>Second &lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;</p>`,
		`<p class="author-role">&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;</p>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{
		"/no-such-story/",
		"/" + e.fix.Posts["draft"].Slug + "/",
		"/" + e.fix.Posts["scheduled"].Slug + "/",
		"/author/nobody/",
		"/tag/nothing/",
		"/tag/" + e.fix.Tags["live"].Slug + "/", // internal tag
		"/a/b/c",
		"/Bad%20Slug/",
		"/assets/site.00000000.css",
	} {
		status, body, res := e.get(t, path)
		if status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, status)
			continue
		}
		if !strings.Contains(body, `<h1 class="page-title">Page not found</h1>`) || !strings.Contains(body, `<a class="button" href="/">`) ||
			!strings.Contains(body, `<header class="masthead">`) {
			t.Errorf("%s: 404 page lacks the site layout or the way home", path)
		}
		if res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", path, res.Header.Get("Content-Type"))
		}
	}
	// A post path without its slash is redirected, as Ghost does.
	p := e.fix.Posts["grain"]
	status, _, res := e.get(t, "/"+p.Slug)
	if status/100 != 3 || res.Header.Get("Location") != "/"+p.Slug+"/" {
		t.Fatalf("/%s: status %d location %q", p.Slug, status, res.Header.Get("Location"))
	}
}

func TestBadCursor(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/?after=garbage", "/?after=123-zz", "/author/olena-kravets/?after=-1-x", "/tag/economy/?after=1-%3Cscript%3E", "/?after=1&partial=1"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", path, status)
			continue
		}
		if !strings.Contains(body, "Malformed page cursor.") {
			t.Errorf("%s: 400 page does not say what is wrong", path)
		}
	}
}

func TestShowMorePaging(t *testing.T) {
	e := newEnv(t)
	for _, partial := range []bool{false, true} {
		var seen []string
		next := "/"
		for pages := 0; next != ""; pages++ {
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			path := next
			if partial && path != "/" {
				path += "&partial=1"
			}
			status, body, _ := e.get(t, path)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", path, status)
			}
			isFragment := !strings.Contains(body, "<html")
			if isFragment != (partial && path != "/") {
				t.Fatalf("%s: fragment=%v", path, isFragment)
			}
			if isFragment && !strings.HasPrefix(strings.TrimSpace(body), `<article class="item`) {
				t.Fatalf("%s: fragment does not start with an item: %.80s", path, body)
			}
			seen = append(seen, slugs(body)...)
			next = ""
			if m := moreRE.FindStringSubmatch(body); m != nil {
				next = html.UnescapeString(m[1])
			}
		}
		if len(seen) != len(e.fix.Stream) {
			t.Fatalf("partial=%v: paging showed %d items, want %d", partial, len(seen), len(e.fix.Stream))
		}
		dup := map[string]bool{}
		for i, slug := range seen {
			if dup[slug] {
				t.Fatalf("partial=%v: %s shown twice", partial, slug)
			}
			dup[slug] = true
			if slug != e.fix.Stream[i].Slug {
				t.Fatalf("partial=%v: item %d is %s, want %s", partial, i, slug, e.fix.Stream[i].Slug)
			}
		}
	}
}

func TestAuthorAndTagPages(t *testing.T) {
	e := newEnv(t)
	status, body, _ := e.get(t, "/author/marta-hnatiuk/")
	if status != http.StatusOK {
		t.Fatalf("author page status %d", status)
	}
	inOrder(t, body, `<title>Marta Hnatiuk — newsdesk</title>`, `alt="Avatar"`, `<h1 class="page-title">Marta Hnatiuk</h1>`,
		`Economics Editor`, `<p>Marta Hnatiuk edits the economy desk.</p><p>She writes about trade`)
	for _, slug := range slugs(body) {
		if !hasAuthor(e.fix, slug, "marta") {
			t.Errorf("author stream shows %s, not by Marta", slug)
		}
	}
	if n := len(slugs(body)); n != 4 { // grain, parliament, harbour, lab; not her draft and embargoed posts
		t.Errorf("author stream has %d items, want 4", n)
	}
	_, body, _ = e.get(t, "/author/olena-kravets/")
	inOrder(t, body, `Reporter · Kyiv`, `<a href="https://example.org/olena" rel="me">Website</a>`, `<a href="https://example.social/@olena" rel="me">Mastodon</a>`)
	if m := moreRE.FindStringSubmatch(body); m == nil || !strings.HasPrefix(m[1], "/author/olena-kravets/?after=") {
		t.Errorf("author stream's Show More: %v", m)
	}

	status, body, _ = e.get(t, "/tag/culture/")
	if status != http.StatusOK {
		t.Fatalf("tag page status %d", status)
	}
	inOrder(t, body, `<h1 class="page-title">Culture</h1>`, `Music, books, film and the arts.`, e.fix.Posts["concert"].Title)
	if got := slugs(body); len(got) != 1 || got[0] != e.fix.Posts["concert"].Slug {
		t.Errorf("culture stream = %v", got)
	}
	if strings.Contains(body, `<a class="section" href="/tag/culture/">`) {
		t.Error("items on the Culture page repeat their section")
	}
	if !strings.Contains(body, `<a href="/tag/culture/" aria-current="page">Culture</a>`) {
		t.Error("current section not marked in the masthead")
	}
}

func hasAuthor(f *sitetest.Fixture, slug, key string) bool {
	for _, p := range f.Stream {
		if p.Slug == slug {
			for _, a := range p.Authors {
				if a.ID == f.Authors[key].ID {
					return true
				}
			}
		}
	}
	return false
}

func TestAssets(t *testing.T) {
	e := newEnv(t)
	_, body, _ := e.get(t, "/")
	for _, tc := range []struct{ re, ctype string }{
		{`href="(/assets/site\.[0-9a-f]{8}\.css)"`, "text/css; charset=utf-8"},
		{`src="(/assets/site\.[0-9a-f]{8}\.js)"`, "text/javascript; charset=utf-8"},
		{`href="(/assets/favicon\.[0-9a-f]{8}\.svg)"`, "image/svg+xml"},
	} {
		m := regexp.MustCompile(tc.re).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("page does not reference %s", tc.re)
		}
		status, content, res := e.get(t, m[1])
		if status != http.StatusOK || len(content) == 0 {
			t.Fatalf("%s: status %d, %d bytes", m[1], status, len(content))
		}
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", m[1], got)
		}
		if got := res.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", m[1], got, tc.ctype)
		}
	}
}

func TestSettingsFollowEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	st, err := e.store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Title, st.Language, st.Accent, st.Timezone, st.Logo = "Kyiv Evening Post", "uk", "#0057b7", "Europe/Kyiv", "/content/images/logo.svg"
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if _, body, _ := e.get(t, "/"); strings.Contains(body, "Kyiv Evening Post") {
		t.Fatal("settings reloaded without an event: the cache is not a cache")
	}
	e.bus.Publish(events.Event{Type: events.SettingsUpdated})
	_, body, _ := e.get(t, "/")
	for _, want := range []string{`<html lang="uk">`, `<title>Kyiv Evening Post</title>`, `--accent:#0057b7`,
		`<a class="brand" href="/"><img class="logo" src="/content/images/logo.svg" alt="Kyiv Evening Post"></a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("after settings.updated the page lacks %s", want)
		}
	}
	kyiv, _ := time.LoadLocation("Europe/Kyiv")
	p := e.fix.Stream[0]
	// html/template writes the "+" of the offset as &#43;.
	iso := strings.ReplaceAll(p.PublishedAt.In(kyiv).Format(time.RFC3339), "+", "&#43;")
	if want := `<time datetime="` + iso + `"`; !strings.Contains(body, want) {
		t.Errorf("times not in the site's zone: want %s in %s", want, regexp.MustCompile(`<time datetime="[^"]+"`).FindAllString(body, 3))
	}
	// A hostile accent never reaches the style sheet.
	st.Accent = "red;}</style><script>alert(1)</script>"
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	e.bus.Publish(events.Event{Type: events.SettingsUpdated})
	if _, body, _ := e.get(t, "/"); !strings.Contains(body, `--accent:#c8102e`) || strings.Contains(body, "alert(1)") {
		t.Error("hostile accent not replaced by the default")
	}
}

func TestServerErrorLeaksNothing(t *testing.T) {
	e := newEnv(t)
	e.store.Close()
	for _, path := range []string{"/", "/" + e.fix.Posts["grain"].Slug + "/", "/author/olena-kravets/"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusInternalServerError {
			t.Fatalf("%s: status %d, want 500", path, status)
		}
		if !strings.Contains(body, "Something went wrong") {
			t.Errorf("%s: no error page", path)
		}
		for _, leak := range []string{"sql", "database", "closed", "list posts"} {
			if strings.Contains(strings.ToLower(text(body)), leak) {
				t.Errorf("%s: error page leaks %q", path, leak)
			}
		}
	}
}

func TestPagesFollowEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p, err := e.store.PostBySlug(ctx, e.fix.Posts["grain"].Slug)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/" + p.Slug + "/", "/author/marta-hnatiuk/", "/tag/economy/"}
	for _, path := range paths {
		if _, body, _ := e.get(t, path); !strings.Contains(body, p.Title) {
			t.Fatalf("%s does not show %q", path, p.Title)
		}
	}
	p.Title = "Grain exports hit a record in November"
	if err := e.store.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Served from memory until an event says something changed.
	if _, body, _ := e.get(t, "/"); strings.Contains(body, p.Title) {
		t.Fatal("home page re-rendered without an event: pages are not cached")
	}
	e.bus.Publish(events.Event{Type: events.PostUpdated, PostID: p.ID, Slug: p.Slug})
	for _, path := range paths {
		if _, body, _ := e.get(t, path); !strings.Contains(body, p.Title) {
			t.Errorf("%s still shows the old title after post.updated", path)
		}
	}
	// Errors are not cached.
	if status, _, _ := e.get(t, "/?after=nonsense"); status != http.StatusBadRequest {
		t.Fatalf("status %d", status)
	}
	e.store.Close()
	e.bus.Publish(events.Event{Type: events.PostUpdated})
	if status, _, _ := e.get(t, "/"); status != http.StatusInternalServerError {
		t.Fatalf("with the database gone: status %d, want 500", status)
	}
}

// TestTagPageFollowsItsPosts: the site remembers the tags and authors its
// pages found, but a content change forgets them: a tag whose only public
// post goes to the trash stops having a page at once, deeper pages too.
func TestTagPageFollowsItsPosts(t *testing.T) {
	e := newEnv(t)
	concert := e.fix.Posts["concert"]
	for _, path := range []string{"/tag/culture/", "/tag/culture/?after=" + cursorString(concert)} {
		if status, _, _ := e.get(t, path); status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
	}
	if err := e.store.TrashPost(context.Background(), &storage.Trash{PostID: concert.ID, TrashedAt: time.Now(),
		UserID: concert.Authors[0].ID}); err != nil {
		t.Fatal(err)
	}
	e.bus.Publish(events.Event{Type: events.PostUpdated, PostID: concert.ID})
	for _, path := range []string{"/tag/culture/", "/tag/culture/?after=" + cursorString(concert)} {
		if status, _, _ := e.get(t, path); status != http.StatusNotFound {
			t.Errorf("%s after its only post went to the trash: status %d, want 404", path, status)
		}
	}
}
