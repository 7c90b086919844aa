package site_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var readMoreRE = regexp.MustCompile(`<a class="read-more"([^>]*)>(.*?)</a>`)

// TestAuthorCardLinkSaysWhose: the author card's "Read more" link names the
// author in its text (hidden from sight only), as link lists, crawlers and
// Lighthouse's link-text audit read it; its accessible name starts with the
// visible words.
func TestAuthorCardLinkSaysWhose(t *testing.T) {
	e := newEnv(t)
	for path, want := range map[string]string{
		"/" + e.fix.Posts["rescue"].Slug + "/": "Read more about Olena Kravets",
		"/kyiv-mist/":                          "Читати далі про автора: Olena Kravets",
	} {
		if path == "/kyiv-mist/" {
			ukrainianPost(t, e)
		}
		status, body, _ := e.get(t, path)
		m := readMoreRE.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("%s: status %d, author card link missing", path, status)
		}
		if strings.Contains(m[1], "aria-label") {
			t.Errorf("%s: aria-label replaces the link's text for assistive technology: %s", path, m[0])
		}
		if got := html.UnescapeString(tagRE.ReplaceAllString(m[2], "")); got != want {
			t.Errorf("%s: link text %q, want %q", path, got, want)
		}
		if !strings.Contains(m[2], `<span class="visually-hidden">`) {
			t.Errorf("%s: the name is not hidden from sight: %s", path, m[0])
		}
	}
}
