package domain

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseRedirectFrom(t *testing.T) {
	tests := []struct {
		from  string
		key   string // exact rules
		query string
		slash Slash
		re    string // pattern rules
	}{
		{from: "/old-story/", key: "/old-story", slash: SlashOptional},
		{from: "/old-story", key: "/old-story", slash: SlashOptional},
		{from: "/2019/05/feed.html", key: "/2019/05/feed.html", slash: SlashOptional},
		{from: "/caf%C3%A9/", key: "/café", slash: SlashOptional},
		{from: "/", key: "/", slash: SlashOptional},
		{from: "/?p=123", key: "/", query: "p=123"},
		{from: "/archives/?page_id=7", key: "/archives", query: "page_id=7"},
		{from: "^/old/?$", key: "/old", slash: SlashOptional},
		{from: `^\/old\/?$`, key: "/old", slash: SlashOptional},
		{from: "^/old/$", key: "/old", slash: SlashAlways},
		{from: "^/old$", key: "/old", slash: SlashNever},
		{from: "^/old/", key: "/old", slash: SlashOptional},
		{from: `^/a\.b-c/?$`, key: "/a.b-c", slash: SlashOptional},
		{from: "^/blog/(.*)$", re: "^/blog/(.*)$"},
		{from: `^/\d+/?$`, re: `^/\d+/?$`},
		{from: "/Old/i", re: "(?i)Old/?$"},
		{from: "k", re: "k/?$"},
		{from: "/old/?", re: "/old/?/?$"},
		{from: "^/old/?x$", re: "^/old/?x$"},
	}
	for _, tc := range tests {
		m, err := ParseRedirectFrom(tc.from)
		if err != nil {
			t.Errorf("%q: %v", tc.from, err)
			continue
		}
		if tc.re != "" {
			if m.Exact() || m.Pattern != tc.re {
				t.Errorf("%q: got %+v, want pattern %q", tc.from, m, tc.re)
			}
			continue
		}
		if !m.Exact() || m.Key != tc.key || m.Query != tc.query || m.Slash != tc.slash {
			t.Errorf("%q: got %+v, want key %q query %q slash %d", tc.from, m, tc.key, tc.query, tc.slash)
		}
	}
}

// TestExactMatchesGhost checks that every from read as an exact rule
// matches the paths Ghost's own expression (anchored, as the literal rule
// is) would match, and no others, over a set of probe paths.
func TestExactMatchesGhost(t *testing.T) {
	froms := []string{"/old/", "/old", "^/old/?$", "^/old/$", "^/old$", "^/old/", `^\/old\/?$`, "^/a/b$"}
	probes := []string{"/old", "/old/", "/old/x", "/olds", "/a/b", "/a/b/", "/"}
	for _, from := range froms {
		m, err := ParseRedirectFrom(from)
		if err != nil || !m.Exact() {
			t.Fatalf("%q: %+v %v", from, m, err)
		}
		ghost := GhostPattern(from)
		if !strings.HasPrefix(ghost, "^") {
			ghost = "^" + ghost // the literal reading anchors plain paths
		}
		re := regexp.MustCompile(ghost)
		for _, p := range probes {
			key, slash := RedirectKey(p)
			got := key == m.Key && m.Accepts(key, slash)
			if want := re.MatchString(p); got != want {
				t.Errorf("from %q, path %q: exact rule says %v, Ghost's expression %v", from, p, got, want)
			}
		}
	}
}

func TestRedirectValidate(t *testing.T) {
	ok := []Redirect{
		{From: "/a/", To: "/b/"},
		{From: "/a/", To: "https://example.org/b"},
		{From: "k", To: "l"}, // Ghost replaces the matched part: /k/ -> /l
		{From: "^/blog/(.*)$", To: "/$1"},
	}
	for _, r := range ok {
		if err := r.Validate(); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
	}
	bad := []struct {
		r     Redirect
		field string
	}{
		{Redirect{From: "", To: "/b/"}, "from"},
		{Redirect{From: "/a/", To: ""}, "to"},
		{Redirect{From: "/a/", To: "javascript:alert(1)"}, "to"},
		{Redirect{From: "/a/", To: "//evil.example/"}, "to"},
		{Redirect{From: "/a/", To: "data:text/html,x"}, "to"},
		{Redirect{From: "^/(?=x)", To: "/b/"}, "from"}, // lookahead: JavaScript has it, Go does not
		{Redirect{From: "^/(unclosed", To: "/b/"}, "from"},
		{Redirect{From: "/a/" + strings.Repeat("x", MaxRedirectLen), To: "/b/"}, "from"},
	}
	for _, tc := range bad {
		err := tc.r.Validate()
		var e *Error
		if err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("%+v: got %v, want a field error", tc.r, err)
			continue
		}
		if ve, ok := err.(ValidationErrors); ok {
			e = ve[0]
		}
		if e == nil || e.Field != tc.field {
			t.Errorf("%+v: error %v is not about %s", tc.r, err, tc.field)
		}
	}
	r := Redirect{From: "^/(?=x)", To: "/b/"}
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "^/(?=x)") {
		t.Errorf("error does not name the rule: %v", err)
	}
}

func TestValidateNavigation(t *testing.T) {
	good := []NavItem{{Label: " About ", URL: "/about/"}, {Label: "Ghost", URL: "https://ghost.org/"}, {Label: "Home", URL: "/"}}
	if err := ValidateNavigation("navigation", good); err != nil {
		t.Fatal(err)
	}
	if good[0].Label != "About" {
		t.Errorf("label not trimmed: %q", good[0].Label)
	}
	for _, bad := range [][]NavItem{
		{{Label: "", URL: "/a/"}},
		{{Label: strings.Repeat("x", MaxNavLabelLen+1), URL: "/a/"}},
		{{Label: "X", URL: "javascript:alert(1)"}},
		{{Label: "X", URL: "//evil.example/"}},
		{{Label: "X", URL: ""}},
		{{Label: "X\x00", URL: "/a/"}},
		make([]NavItem, MaxNavItems+1),
	} {
		if err := ValidateNavigation("navigation", bad); ErrorCode(err) != EINVALID {
			t.Errorf("%v: got %v", bad, err)
		}
	}
}

func TestPostType(t *testing.T) {
	p := Post{Title: "About us", Kind: KindVideo, Authors: []Author{{}}, Type: TypePage}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindArticle || !p.IsPage() {
		t.Errorf("a page keeps kind %q", p.Kind)
	}
	q := Post{Title: "News", Authors: []Author{{}}}
	if err := q.Validate(); err != nil || q.Type != TypePost {
		t.Errorf("default type %q, %v", q.Type, err)
	}
	r := Post{Title: "News", Authors: []Author{{}}, Type: "story"}
	if err := r.Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("unknown type: %v", err)
	}
}
