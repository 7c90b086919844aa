package newsroom

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"newsdesk/internal/domain"
)

// countingBody is a request body of n bytes that counts what is read of it.
type countingBody struct {
	left int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > b.left {
		n = b.left
	}
	for i := range p[:n] {
		p[i] = 'a'
	}
	b.left -= n
	b.read.Add(n)
	return int(n), nil
}

// serve runs one request through the newsroom's routes in process, so the
// test sees exactly how much of the body the handlers read.
func (e *env) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.srv.Config.Handler.ServeHTTP(rec, req)
	return rec
}

func bigPost(t *testing.T, target, contentType string, size int64, headers map[string]string) (*http.Request, *countingBody) {
	t.Helper()
	body := &countingBody{left: size}
	req := httptest.NewRequest("POST", target, io.NopCloser(body))
	req.ContentLength = size
	req.Header.Set("Content-Type", contentType)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req, body
}

// TestBodyReadAfterChecks: a POST's body is read only once the origin and
// the session have been checked, and never beyond what its route needs.
func TestBodyReadAfterChecks(t *testing.T) {
	e := newEnv(t)
	const mb = 1 << 20
	same := map[string]string{"Origin": "http://example.com"} // httptest.NewRequest's host

	// Without a session, 20 MB to the editor, a small form or the live
	// preview is refused unread.
	for _, tc := range []struct{ path, ctype string }{
		{"/newsroom/posts/new", "multipart/form-data; boundary=x"},
		{"/newsroom/posts/new", "application/x-www-form-urlencoded"},
		{"/newsroom/tags/abc", "application/x-www-form-urlencoded"},
		{"/newsroom/preview", "multipart/form-data; boundary=x"},
	} {
		req, body := bigPost(t, tc.path, tc.ctype, 20*mb, same)
		rec := e.serve(req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("anonymous 20 MB POST %s (%s): %d, want 401", tc.path, tc.ctype, rec.Code)
		}
		if n := body.read.Load(); n != 0 {
			t.Errorf("anonymous 20 MB POST %s (%s): %d bytes read, want 0", tc.path, tc.ctype, n)
		}
	}

	// Signed in, but from another site: refused before the body.
	c := e.as(domain.RoleEditor)
	cookie := "newsdesk_session=" + sessionValue(t, c)
	req, body := bigPost(t, "/newsroom/posts/new", "multipart/form-data; boundary=x", 20*mb,
		map[string]string{"Origin": "https://evil.example", "Cookie": cookie})
	if rec := e.serve(req); rec.Code != http.StatusForbidden || body.read.Load() != 0 {
		t.Errorf("cross-site 20 MB POST: %d, %d bytes read; want 403 and none", rec.Code, body.read.Load())
	}

	// Signed in and same-origin: a small form's route takes no 2 MB body,
	// whether it says so up front or streams it.
	tag := &domain.Tag{Name: "Weather", Slug: "weather"}
	if err := e.store.CreateTag(t.Context(), tag); err != nil {
		t.Fatal(err)
	}
	for _, declared := range []bool{true, false} {
		req, body := bigPost(t, "/newsroom/tags/"+tag.ID, "application/x-www-form-urlencoded", 2*mb,
			map[string]string{"Origin": "http://example.com", "Cookie": cookie})
		if !declared {
			req.ContentLength = -1
		}
		rec := e.serve(req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("signed-in 2 MB tag form (length declared %v): %d, want 413", declared, rec.Code)
		}
		if n := body.read.Load(); n > 128<<10 {
			t.Errorf("signed-in 2 MB tag form (length declared %v): %d bytes read", declared, n)
		}
	}
	// The same over a real connection, with the token: 413 with a message.
	v := url.Values{"name": {"Weather"}, "slug": {"weather"}, "description": {strings.Repeat("x", 2*mb)}}
	if res := c.postForm("/newsroom/tags/"+tag.ID, v); res.StatusCode != http.StatusRequestEntityTooLarge ||
		!strings.Contains(res.body, "larger than") {
		t.Fatalf("2 MB tag form: %d %s", res.StatusCode, snippet(res.body))
	}
	// A post of the largest allowed body still saves, whatever its script.
	long := newPostForm(e.users[domain.RoleEditor], "Longest story")
	long.Set("body", strings.Repeat("ї", domain.MaxBodyLen/2))
	if res := c.postForm("/newsroom/posts/new", long); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save of a %d-byte body: %d %s", domain.MaxBodyLen, res.StatusCode, snippet(res.body))
	}
}

func sessionValue(t *testing.T, c *client) string {
	t.Helper()
	for _, ck := range c.hc.Jar.Cookies(mustURL(c.e.srv.URL)) {
		if ck.Name == "newsdesk_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
