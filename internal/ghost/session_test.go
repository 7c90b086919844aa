package ghost

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"newsdesk/internal/auth"
	"newsdesk/internal/events"
)

// TestStaffSession signs in through POST /ghost/api/admin/session/ as
// Ghost's tools do (e-mail and password, the site's Origin, a cookie
// jar), takes the export and manages redirects with that session, which
// Ghost keeps from integrations, then signs out.
func TestStaffSession(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hash, err := auth.HashPassword("Correct-horse-42")
	if err != nil {
		t.Fatal(err)
	}
	e.admin.PasswordHash = hash
	if err := e.store.UpdateUser(ctx, e.admin); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	api := New(Deps{Store: e.store, Events: events.NewBus(), SiteURL: srv.URL, Log: slog.New(slog.DiscardHandler),
		Sessions: auth.New(e.store, srv.URL, false)})
	api.Register(mux)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	call := func(method, path, origin, contentType string, body io.Reader) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+"/ghost/api/admin/"+path, body)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	signIn := func(origin, email, password string) (int, string) {
		b, _ := json.Marshal(map[string]string{"username": email, "password": password})
		return call("POST", "session/", origin, "application/json", bytes.NewReader(b))
	}

	for _, tc := range []struct {
		name, origin, email, password string
		status                        int
		says                          string
	}{
		{"no password", srv.URL, "olena@example.org", "", 401, "Access Denied."},
		{"wrong password", srv.URL, "olena@example.org", "Wrong-horse-42", 422, "Your password is incorrect."},
		// Ghost says "no user with that email"; newsdesk does not tell.
		{"unknown e-mail", srv.URL, "nobody@example.org", "Correct-horse-42", 422, "Your password is incorrect."},
		{"opaque origin", "null", "olena@example.org", "Correct-horse-42", 400, "Could not determine origin"},
		{"another site's page", "https://evil.example", "olena@example.org", "Correct-horse-42", 403, "incorrect origin"},
	} {
		if code, body := signIn(tc.origin, tc.email, tc.password); code != tc.status || !strings.Contains(body, tc.says) {
			t.Errorf("%s: %d %s", tc.name, code, body)
		}
	}
	if code, body := call("GET", "db/", srv.URL, "", nil); code != 403 {
		t.Fatalf("export before signing in: %d %s", code, body)
	}

	if code, body := signIn(srv.URL, "olena@example.org", "Correct-horse-42"); code != 201 || body != "Created" {
		t.Fatalf("sign in: %d %q", code, body)
	}
	if code, body := call("GET", "db/", srv.URL, "", nil); code != 200 || !strings.Contains(body, `"posts"`) {
		t.Errorf("export with the session: %d %.200s", code, body)
	}
	var form bytes.Buffer
	mw := newMultipart(&form, "redirects", "redirects.json", `[{"from": "/old/", "to": "/new/", "permanent": true}]`)
	if code, body := call("POST", "redirects/upload/", srv.URL, mw, &form); code != 200 {
		t.Errorf("upload redirects with the session: %d %s", code, body)
	}
	if code, body := call("GET", "redirects/download/", srv.URL, "", nil); code != 200 || !strings.Contains(body, `"from":"/old/"`) {
		t.Errorf("download redirects with the session: %d %s", code, body)
	}
	// A session writes only from the site's own pages.
	form.Reset()
	mw = newMultipart(&form, "redirects", "redirects.json", `[]`)
	if code, body := call("POST", "redirects/upload/", "https://evil.example", mw, &form); code != 403 {
		t.Errorf("cross-origin upload: %d %s", code, body)
	}

	if code, body := call("DELETE", "session/", srv.URL, "", nil); code != 204 {
		t.Fatalf("sign out: %d %s", code, body)
	}
	if code, body := call("GET", "db/", srv.URL, "", nil); code != 403 {
		t.Errorf("export after signing out: %d %.200s", code, body)
	}
}

// newMultipart writes one file field into buf and returns the body's
// content type.
func newMultipart(buf *bytes.Buffer, field, name, content string) string {
	mw := multipart.NewWriter(buf)
	fw, _ := mw.CreateFormFile(field, name)
	io.WriteString(fw, content)
	mw.Close()
	return mw.FormDataContentType()
}
