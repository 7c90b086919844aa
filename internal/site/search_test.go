package site_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/site"
)

func TestSearch(t *testing.T) {
	e := newEnv(t)

	// The masthead's form works without JavaScript: a plain GET to /search/.
	_, home, _ := e.get(t, "/")
	if !strings.Contains(home, `<form class="masthead-search" role="search" action="/search/" method="get">`) ||
		!strings.Contains(home, `<label class="visually-hidden" for="masthead-q">Search stories</label>`) {
		t.Fatal("home page lacks the masthead search form")
	}

	status, body, res := e.get(t, "/search/?q=+odesa++")
	if status != http.StatusOK {
		t.Fatalf("search: %d", status)
	}
	// The headline that has the word ranks above the story that has it
	// only in its text.
	if got := slugs(body); len(got) != 2 || got[0] != e.fix.Posts["grain"].Slug {
		t.Errorf("search for odesa found %v", got)
	}
	for _, want := range []string{`<meta name="robots" content="noindex, follow">`, `value="odesa"`, "Results for “odesa”",
		`<section class="stream-wrap" aria-label="Search results">`,
		`<title>Results for “odesa” — `} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %s", want)
		}
	}
	if strings.Contains(body, `class="masthead-search"`) {
		t.Error("the search page repeats the search form in the masthead")
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}

	// Readers never find what is not published.
	for _, q := range []string{"Unfinished draft", "Embargoed"} {
		if _, body, _ := e.get(t, "/search/?q="+url.QueryEscape(q)); len(slugs(body)) != 0 || !strings.Contains(body, "No stories match") {
			t.Errorf("search for %q found unpublished posts: %v", q, slugs(body))
		}
	}

	// Many results page with Show More, keyset like every stream.
	_, body, _ = e.get(t, "/search/?q=council+briefing")
	first := slugs(body)
	m := moreRE.FindStringSubmatch(body)
	if len(first) != site.PageSize || m == nil {
		t.Fatalf("first page: %d results, more link %v", len(first), m)
	}
	more := html.UnescapeString(m[1])
	if !strings.HasPrefix(more, "/search/?q=council+briefing&after=") {
		t.Fatalf("Show More link %q", more)
	}
	_, body, _ = e.get(t, more)
	second := slugs(body)
	if len(second) == 0 || second[0] == first[len(first)-1] {
		t.Fatalf("second page: %v", second)
	}
	seen := map[string]bool{}
	for _, s := range append(first, second...) {
		if seen[s] {
			t.Fatalf("%s shown twice", s)
		}
		seen[s] = true
	}
	// The script's fragment carries items only.
	_, frag, _ := e.get(t, more+"&partial=1")
	if strings.Contains(frag, "<html") || len(slugs(frag)) != len(second) {
		t.Errorf("fragment: %d items, page markup %v", len(slugs(frag)), strings.Contains(frag, "<html"))
	}

	// Hostile queries are escaped everywhere they are shown.
	evil := `<script>alert(1)</script>"'`
	status, body, _ = e.get(t, "/search/?q="+url.QueryEscape(evil))
	if status != http.StatusOK || strings.Contains(body, "<script>alert") {
		t.Fatalf("hostile search: %d, raw markup: %v", status, strings.Contains(body, "<script>alert"))
	}
	if !strings.Contains(body, `value="&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;"`) {
		t.Error("the query is not escaped in the form")
	}

	// Nothing asked: a friendly prompt, not an error.
	for _, path := range []string{"/search/", "/search/?q=", "/search/?q=+++"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusOK || !strings.Contains(body, "Type a word or two to search headlines and stories.") {
			t.Errorf("%s: %d", path, status)
		}
	}

	// 200 characters is the limit; one more is a clear 400.
	if status, _, _ := e.get(t, "/search/?q="+strings.Repeat("я", site.MaxSearchLength)); status != http.StatusOK {
		t.Errorf("a %d-character search: %d", site.MaxSearchLength, status)
	}
	status, body, _ = e.get(t, "/search/?q="+strings.Repeat("я", site.MaxSearchLength+1))
	if status != http.StatusBadRequest || !strings.Contains(body, "Search for at most 200 characters; this search has 201.") {
		t.Errorf("a 201-character search: %d", status)
	}
	if status, _, _ := e.get(t, "/search/?q=x&after=bogus"); status != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", status)
	}
}

// Readers find words in bodies, in English and Ukrainian, in any of
// their forms; results show the passage with the words marked, escaped;
// filters narrow them and bad filters are a clear 400.
func TestFullTextSearch(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	uk := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Language: "uk", Slug: "dnipro-voda",
		Title: "Дніпро вийшов з берегів", BodyMD: "Після повені у Києві <рятувальники> працювали до ранку.",
		Authors: []domain.Author{e.fix.Authors["olena"].Author}, Tags: []domain.Tag{*e.fix.Tags["ukraine"]},
		PublishedAt: time.Now().Add(-time.Hour)}
	en := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Slug: "levee-holds",
		Title: "Levee holds overnight", BodyMD: "Flooding eased after the levee held & the river fell.",
		Authors: []domain.Author{e.fix.Authors["olena"].Author}, PublishedAt: time.Now().Add(-2 * time.Hour)}
	for _, p := range []*domain.Post{uk, en} {
		sitetestApply(p)
		if err := e.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	_, body, _ := e.get(t, "/search/?q="+url.QueryEscape("повінь"))
	if got := slugs(body); len(got) != 1 || got[0] != uk.Slug {
		t.Fatalf("повінь found %v", got)
	}
	if !strings.Contains(body, `<p class="snippet">Після <mark>повені</mark> у Києві &lt;рятувальники&gt; працювали до ранку.</p>`) {
		t.Errorf("no escaped, marked snippet in %s", body)
	}
	_, body, _ = e.get(t, "/search/?q=flood+levees")
	if got := slugs(body); len(got) != 1 || got[0] != en.Slug || !strings.Contains(body, `<mark>Levee</mark> holds overnight`) {
		t.Errorf("flood levees found %v", got)
	}
	for query, want := range map[string]int{
		"q=flood&kind=brief":   1,
		"q=flood&kind=article": 0,
		"q=повінь&section=" + e.fix.Tags["ukraine"].Slug: 1,
		"q=flood&section=" + e.fix.Tags["ukraine"].Slug:  0,
		"q=flood&section=no-such-section":                0,
		"q=flood&author=" + e.fix.Authors["olena"].Slug:  1,
		"q=flood&from=2000-01-01&to=2000-12-31":          0,
		"q=flood&from=2000-01-01":                        1,
	} {
		status, body, _ := e.get(t, "/search/?"+query)
		if status != http.StatusOK || len(slugs(body)) != want {
			t.Errorf("%s: status %d, %d results, want %d", query, status, len(slugs(body)), want)
		}
	}
	for query, msg := range map[string]string{
		"q=flood&kind=podcast":    "Choose articles, briefs or videos, not “podcast”.",
		"q=flood&from=27.11.2026": "Write dates as YYYY-MM-DD, like 2026-11-27, not “27.11.2026”.",
	} {
		status, body, _ := e.get(t, "/search/?"+query)
		if status != http.StatusBadRequest || !strings.Contains(body, html.EscapeString(msg)) {
			t.Errorf("%s: status %d, message missing", query, status)
		}
	}
}
