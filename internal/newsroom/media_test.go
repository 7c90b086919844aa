package newsroom

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsdesk/internal/domain"
)

// TestEditorUploadRefusals: the editor's picture upload says what is wrong
// with a request and stores nothing for it.
func TestEditorUploadRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAuthor)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusDraft, "Mine")
	tests := []struct {
		name   string
		res    response
		status int
		says   string
	}{
		{"no file", c.postForm("/newsroom/media", url.Values{"post": {p.ID}}), http.StatusBadRequest, "Choose an image"},
		{"not an image", c.postMultipart("/newsroom/media", url.Values{"post": {p.ID}}, "file", "a.png", []byte("<svg onload=alert(1)>")), http.StatusBadRequest, ""},
		{"unknown post", c.postMultipart("/newsroom/media", url.Values{"post": {"ffffffffffffffffffffffff"}}, "file", "a.png", pngBytes(t)), http.StatusNotFound, ""},
	}
	for _, tc := range tests {
		if tc.res.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d: %s", tc.name, tc.res.StatusCode, tc.status, snippet(tc.res.body))
		}
		if !strings.Contains(tc.res.body, tc.says) || strings.Contains(tc.res.body, "/content/images/") {
			t.Errorf("%s: answer %q", tc.name, snippet(tc.res.body))
		}
	}
	ok := c.postMultipart("/newsroom/media", url.Values{"post": {p.ID}}, "file", "a.png", pngBytes(t))
	if ok.StatusCode != http.StatusOK || ok.Header.Get("Content-Type") != "application/json" || !strings.Contains(ok.body, `"width":`) {
		t.Fatalf("upload: %d %s %s", ok.StatusCode, ok.Header.Get("Content-Type"), snippet(ok.body))
	}
}

// TestEditorPageScripts: the post editor loads the rich-text editor as a
// same-origin file under a policy that runs no inline script, and keeps
// the Markdown textarea the form posts.
func TestEditorPageScripts(t *testing.T) {
	e := newEnv(t)
	res := e.as(domain.RoleAuthor).get("/newsroom/posts/new")
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy: %s", csp)
	}
	for _, want := range []string{`<textarea id="body" name="body"`, ` data-rich`, `<script src="/newsroom/static/editor.js?v=`, `<link rel="stylesheet" href="/newsroom/static/editor.css?v=`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("editor page lacks %s", want)
		}
	}
	if strings.Contains(res.body, "<script>") || strings.Contains(res.body, " onclick=") {
		t.Error("editor page has inline script")
	}
	src := strings.Split(strings.SplitAfter(res.body, `<script src="/newsroom/static/editor.js`)[1], `"`)[0]
	js := e.as(domain.RoleAuthor).get("/newsroom/static/editor.js" + src)
	if js.StatusCode != http.StatusOK || len(js.body) < 100_000 || js.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("editor bundle: %d, %d bytes", js.StatusCode, len(js.body))
	}
}
