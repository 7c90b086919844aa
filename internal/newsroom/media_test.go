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
