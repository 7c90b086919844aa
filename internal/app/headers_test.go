package app

import (
	"net/http"
	"strings"
	"testing"

	"newsdesk/internal/config"
)

// TestFramingAndHSTS: no answer may be framed by another site, and an
// https site tells browsers to come back over https only.
func TestFramingAndHSTS(t *testing.T) {
	_, srv := startApp(t)
	get := func(base, path string) *http.Response {
		t.Helper()
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for _, path := range []string{"/", "/no-such-story/", "/search/?q=x", "/rss/", "/sitemap.xml", "/ghost/api/content/settings/", "/healthz"} {
		res := get(srv.URL, path)
		csp := res.Header.Values("Content-Security-Policy")
		if len(csp) != 1 || strings.Count(csp[0], "frame-ancestors") != 1 || !strings.Contains(csp[0], "frame-ancestors 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q, want one frame-ancestors 'self'", path, csp)
		}
		if got := res.Header.Get("X-Frame-Options"); got != "SAMEORIGIN" {
			t.Errorf("GET %s: X-Frame-Options %q", path, got)
		}
		if got := res.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("GET %s on an http site: HSTS %q", path, got)
		}
	}
	// The site's own policy is kept, with the framing rule added once.
	if csp := get(srv.URL, "/").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("home page policy lost: %q", csp)
	}
	// The newsroom allows no framing at all, and stays so.
	res := get(srv.URL, "/newsroom/signin")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "'self'; frame-ancestors 'self'") {
		t.Errorf("newsroom policy %q", csp)
	}
	if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("newsroom X-Frame-Options %q", got)
	}

	_, secure := startAppWith(t, func(c *config.Config) { c.SiteURL = "https://news.example.org" })
	for _, path := range []string{"/", "/newsroom/signin", "/rss/"} {
		if got := get(secure.URL, path).Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
			t.Errorf("GET %s on an https site: HSTS %q", path, got)
		}
	}
}
