package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
)

// pagesSite is a running site with news, a published static page and a
// draft page, by one author under one tag.
type pagesSite struct {
	a     *App
	srv   *httptest.Server
	page  *domain.Post
	draft *domain.Post
	key   *domain.Integration
}

func newPagesSite(t *testing.T) *pagesSite {
	t.Helper()
	a, srv := startApp(t)
	ctx := context.Background()
	u := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAdministrator, "Reporter")
	tag := &domain.Tag{Name: "Politics"}
	if err := a.Store.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var posts []*domain.Post
	for i := range 20 {
		p := &domain.Post{Title: fmt.Sprintf("Council story %02d", i), Status: domain.StatusPublished, BodyMD: "KYIV — News.",
			Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}, PublishedAt: now.Add(-time.Duration(20-i) * time.Hour)}
		p.Validate()
		markdown.Apply(p)
		posts = append(posts, p)
	}
	if err := a.Store.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	s := &pagesSite{a: a, srv: srv}
	// The page is the newest item of all: any list that let it in would
	// show it first.
	for i, title := range []string{"About the Courier", "Ethics policy"} {
		p := &domain.Post{Type: domain.TypePage, Title: title, Status: domain.StatusPublished, Standfirst: "Who we are.",
			BodyMD: "The Courier is an **independent** newsroom.", Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag},
			PublishedAt: now.Add(-time.Minute)}
		if i == 1 {
			p.Status, p.PublishedAt = domain.StatusDraft, time.Time{}
		}
		p.Validate()
		markdown.Apply(p)
		if err := a.Store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			s.page = p
		} else {
			s.draft = p
		}
	}
	s.key, _ = domain.NewIntegration("Front end", "")
	if err := a.Store.CreateIntegration(ctx, s.key); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *pagesSite) get(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(s.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// TestPagesLeftOutOfEveryList asserts, list by list, that a static page
// appears in none of the site's streams, feeds, sitemaps or API post
// lists, and that it has its own address, sitemap and API.
func TestPagesLeftOutOfEveryList(t *testing.T) {
	s := newPagesSite(t)
	_, home, _ := s.get(t, "/")
	more := regexp.MustCompile(`href="(/\?after=[^"]+)"`).FindStringSubmatch(home)
	if more == nil {
		t.Fatal("no Show More link on the home page")
	}
	_, story, _ := s.get(t, "/council-story-19/")
	lists := map[string]string{
		"/": "home",
		strings.ReplaceAll(more[1], "&amp;", "&"): "Show More",
		"/author/olena-kravets/":                  "author page",
		"/tag/politics/":                          "tag page",
		"/search/?q=Courier":                      "search",
		"/rss/":                                   "RSS",
		"/atom/":                                  "Atom",
		"/feed.json":                              "JSON Feed",
		"/author/olena-kravets/rss/":              "author feed",
		"/tag/politics/feed.json":                 "tag feed",
		"/sitemap-posts.xml":                      "posts sitemap",
		"/sitemap-news.xml":                       "Google News sitemap",
		"/ghost/api/content/posts/?limit=100&key=" + s.key.ContentKey:           "Content API posts",
		"/ghost/api/content/posts/?filter=tag:politics&key=" + s.key.ContentKey: "Content API posts of a tag",
	}
	for path, name := range lists {
		code, body, _ := s.get(t, path)
		if code != 200 {
			t.Errorf("%s (%s): %d", name, path, code)
			continue
		}
		if strings.Contains(body, "about-the-courier") || strings.Contains(body, "About the Courier") || strings.Contains(body, "ethics-policy") {
			t.Errorf("%s (%s) lists a page", name, path)
		}
		if path != "/search/?q=Courier" && !strings.Contains(body, "council-story") {
			t.Errorf("%s (%s) lists no posts either: the check proves nothing", name, path)
		}
	}
	if strings.Contains(story, "about-the-courier") {
		t.Error("the News Feed under an article lists the page")
	}

	// The page itself: title, standfirst, body; no stream, byline or dates.
	code, body, _ := s.get(t, "/about-the-courier/")
	if code != 200 || !strings.Contains(body, `<h1 class="article-title">About the Courier</h1>`) ||
		!strings.Contains(body, "<strong>independent</strong>") || !strings.Contains(body, "Who we are.") {
		t.Fatalf("page: %d %.300s", code, body)
	}
	for _, news := range []string{`class="stream-wrap"`, `class="author-card"`, `class="reading-time"`, `class="feed-name"`, `"NewsArticle"`} {
		if strings.Contains(body, news) {
			t.Errorf("the page shows %s", news)
		}
	}
	if !strings.Contains(body, `"WebPage"`) {
		t.Error("the page's JSON-LD is not a WebPage")
	}
	if code, _, _ := s.get(t, "/ethics-policy/"); code != 404 {
		t.Errorf("a draft page answers %d", code)
	}

	// Its own sitemap, named in the index.
	_, smap, _ := s.get(t, "/sitemap-pages.xml")
	if !strings.Contains(smap, "/about-the-courier/</loc>") || strings.Contains(smap, "council-story") || strings.Contains(smap, "ethics-policy") {
		t.Errorf("sitemap-pages.xml: %s", smap)
	}
	_, index, _ := s.get(t, "/sitemap.xml")
	if !strings.Contains(index, "/sitemap-pages.xml</loc>") {
		t.Errorf("the sitemap index does not name sitemap-pages.xml: %s", index)
	}
	// Content API pages/.
	_, pages, _ := s.get(t, "/ghost/api/content/pages/?key="+s.key.ContentKey)
	if !strings.Contains(pages, `"slug":"about-the-courier"`) || strings.Contains(pages, "council-story") || strings.Contains(pages, "ethics-policy") {
		t.Errorf("Content API pages/: %.300s", pages)
	}
}

// TestMenusOnTheSite: the Administrator's menus replace the masthead's
// automatic sections and fill the footer, and Ghost clients read them.
func TestMenusOnTheSite(t *testing.T) {
	s := newPagesSite(t)
	ctx := context.Background()
	_, home, _ := s.get(t, "/")
	if !strings.Contains(home, `href="/tag/politics/"`) {
		t.Fatalf("no automatic section before a menu is set")
	}
	st, _ := s.a.Store.Settings(ctx)
	st.Navigation = []domain.NavItem{{Label: "Front page", URL: "/"}, {Label: "About us", URL: "/about-the-courier/"}, {Label: "Archive", URL: "https://archive.example.org/"}}
	st.SecondaryNavigation = []domain.NavItem{{Label: "Ethics", URL: "/ethics/"}}
	if err := s.a.Store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	s.a.Events.Publish(events.Event{Type: events.SettingsUpdated})
	_, body, _ := s.get(t, "/about-the-courier/")
	masthead := body[strings.Index(body, `<nav class="sections"`):]
	masthead = masthead[:strings.Index(masthead, "</nav>")]
	for _, want := range []string{`<a href="/">Front page</a>`, `<a href="/about-the-courier/" aria-current="page">About us</a>`, `<a href="https://archive.example.org/">Archive</a>`} {
		if !strings.Contains(masthead, want) {
			t.Errorf("masthead lacks %s: %s", want, masthead)
		}
	}
	if strings.Contains(masthead, "/tag/politics/") {
		t.Error("the automatic sections stayed beside the menu")
	}
	footer := body[strings.Index(body, `<footer`):]
	if !strings.Contains(footer, `<a href="/ethics/">Ethics</a>`) {
		t.Errorf("footer menu: %s", footer)
	}
	_, api, _ := s.get(t, "/ghost/api/content/settings/?key="+s.key.ContentKey)
	if !strings.Contains(api, `"navigation":[{"label":"Front page","url":"/"},{"label":"About us","url":"/about-the-courier/"}`) ||
		!strings.Contains(api, `"secondary_navigation":[{"label":"Ethics","url":"/ethics/"}]`) {
		t.Errorf("settings/: %s", api)
	}
}

// TestRedirectPrecedence: a rule wins over what is at its path (a tag
// page, a draft's address, the home page's query) except a live post or
// page, and answers before the 404 page.
func TestRedirectPrecedence(t *testing.T) {
	s := newPagesSite(t)
	ctx := context.Background()
	var rules []*domain.Redirect
	for _, r := range []domain.Redirect{
		{From: "/tag/politics/", To: "/tag/government/", Permanent: true},
		{From: "/about-the-courier/", To: "/elsewhere/"},
		{From: "/council-story-03/", To: "/elsewhere/"},
		{From: "/ethics-policy/", To: "/ethics/"},
		{From: "/?p=123", To: "/council-story-07/", Permanent: true},
		{From: "/?page_id=2", To: "/about-the-courier/", Permanent: true},
		{From: "^/(\\d{4})/(\\d{2})/([a-z0-9-]+)\\.html$", To: "/$3/", Permanent: true},
		{From: "/gone/", To: "https://archive.example.org/gone/"},
	} {
		rules = append(rules, &r)
	}
	if err := s.a.Store.ReplaceRedirects(ctx, rules); err != nil {
		t.Fatal(err)
	}
	s.a.Events.Publish(events.Event{Type: events.RedirectsUpdated})
	for _, tc := range []struct {
		path, location string
		status         int
	}{
		{"/tag/politics/", "/tag/government/", 301},
		{"/tag/politics/rss/", "", 200},
		{"/about-the-courier/", "", 200}, // a live page wins
		{"/council-story-03/", "", 200},  // a live post wins
		{"/ethics-policy/", "/ethics/", 302},
		{"/?p=123", "/council-story-07/", 301},
		{"/?page_id=2", "/about-the-courier/", 301},
		{"/?p=999", "", 200},
		{"/2019/05/council-story-05.html", "/council-story-05/", 301},
		{"/gone/?utm_source=x", "https://archive.example.org/gone/?utm_source=x", 302},
		{"/nothing-here/", "", 404},
	} {
		code, _, hdr := s.get(t, tc.path)
		if code != tc.status || hdr.Get("Location") != tc.location {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, code, hdr.Get("Location"), tc.status, tc.location)
		}
	}
	// Unpublishing the post hands its address to the rule.
	p, _ := s.a.Store.PostBySlug(ctx, "council-story-03")
	p.Status, p.PublishedAt = domain.StatusDraft, time.Time{}
	if err := s.a.Store.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.a.Events.Publish(events.Event{Type: events.PostUnpublished, PostID: p.ID})
	if code, _, hdr := s.get(t, "/council-story-03/"); code != 302 || hdr.Get("Location") != "/elsewhere/" {
		t.Errorf("after unpublishing: %d %q", code, hdr.Get("Location"))
	}
}
