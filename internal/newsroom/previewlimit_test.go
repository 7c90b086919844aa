package newsroom

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

func livePreviewRequest(c *client, body string) *http.Request {
	req, _ := http.NewRequest("POST", c.e.srv.URL+"/newsroom/preview", strings.NewReader(url.Values{"body": {body}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", c.csrf)
	req.Header.Set("X-Requested-With", "fetch")
	return req
}

// One user gets at most maxPreviewsPerUser live previews at once; the
// next waits briefly, then gets 429 with Retry-After, and others are not
// held up.
func TestLivePreviewsPerUserAreBounded(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAuthor)
	author := e.users[domain.RoleAuthor]
	for range maxPreviewsPerUser {
		if !e.nr.previews.acquire(t.Context(), author.ID) {
			t.Fatal("a free slot was refused")
		}
	}
	start := time.Now()
	res := c.do(livePreviewRequest(c, "**bold**"))
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("third preview: %d %q, want 429 with Retry-After", res.StatusCode, res.body)
	}
	if waited := time.Since(start); waited < previewWait/2 {
		t.Errorf("refused after %v without waiting for a slot", waited)
	}
	// Another user's preview runs meanwhile.
	other := e.as(domain.RoleEditor)
	if res := other.do(livePreviewRequest(other, "**bold**")); res.StatusCode != 200 || !strings.Contains(res.body, "<strong>bold</strong>") {
		t.Fatalf("another user's preview: %d %q", res.StatusCode, res.body)
	}
	// A slot freed while waiting lets the preview through.
	go func() {
		time.Sleep(previewWait / 4)
		e.nr.previews.release(author.ID)
	}()
	if res := c.do(livePreviewRequest(c, "**bold**")); res.StatusCode != 200 || !strings.Contains(res.body, "<strong>bold</strong>") {
		t.Fatalf("preview after a slot freed: %d %q", res.StatusCode, res.body)
	}
	e.nr.previews.release(author.ID)
	if n := e.nr.previews.running[author.ID]; n != 0 {
		t.Errorf("%d slots still held after all previews ended", n)
	}
}

// A preview whose request was abandoned (the editor aborts it when a
// newer keystroke replaces it) is not rendered.
func TestAbandonedPreviewIsNotRendered(t *testing.T) {
	e := newEnv(t)
	author := e.users[domain.RoleAuthor]
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "POST", "/newsroom/preview", nil)
	rec := httptest.NewRecorder()
	res, err := e.nr.renderPreview(rec, req, author, strings.Repeat("text ", 1000))
	if err != errPreviewGone || res.HTML != "" {
		t.Fatalf("abandoned preview: %v, %d bytes rendered", err, len(res.HTML))
	}
	if n := e.nr.previews.running[author.ID]; n != 0 {
		t.Errorf("%d slots held after an abandoned preview", n)
	}
}

// The editor's script aborts the preview in flight when it sends a newer
// one.
func TestEditorAbortsReplacedPreviews(t *testing.T) {
	js, err := staticFS.ReadFile("static/newsroom.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"new AbortController()", "inflight.abort()", "signal: inflight.signal"} {
		if !strings.Contains(string(js), want) {
			t.Errorf("newsroom.js lacks %q", want)
		}
	}
}
