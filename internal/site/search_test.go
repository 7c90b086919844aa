package site_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsdesk/internal/site"
)

func TestSearch(t *testing.T) {
	e := newEnv(t)

	// The masthead's form works without JavaScript: a plain GET to /search/.
	_, home, _ := e.get(t, "/")
	if !strings.Contains(home, `<form class="masthead-search" role="search" action="/search/" method="get">`) ||
		!strings.Contains(home, `<label class="visually-hidden" for="masthead-q">Search headlines</label>`) {
		t.Fatal("home page lacks the masthead search form")
	}

	status, body, res := e.get(t, "/search/?q=+odesa++")
	if status != http.StatusOK {
		t.Fatalf("search: %d", status)
	}
	if got := slugs(body); len(got) != 1 || got[0] != e.fix.Posts["grain"].Slug {
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
		if _, body, _ := e.get(t, "/search/?q="+url.QueryEscape(q)); len(slugs(body)) != 0 || !strings.Contains(body, "No headlines match") {
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
		if status != http.StatusOK || !strings.Contains(body, "Type a word or two from a headline to search.") {
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
