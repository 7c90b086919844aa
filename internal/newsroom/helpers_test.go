package newsroom

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/ghost"
	"newsdesk/internal/media"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/webhooks"
)

// env is a newsroom on a fresh SQLite database behind a real HTTP server.
type env struct {
	t      testing.TB
	store  *sqlstore.Store
	auth   *auth.Service
	srv    *httptest.Server
	nr     *Newsroom
	users  map[domain.Role]*domain.User
	mu     sync.Mutex
	events []events.Event
}

const testPassword = "correct horse battery"

var hashOnce = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "test.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := &env{t: t, store: store, users: map[domain.Role]*domain.User{}}
	bus := events.NewBus()
	bus.OnEvent(func(ev events.Event) {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
	})
	e.auth = auth.New(store, "http://newsroom.test", false)
	uploads := filepath.Join(dir, "uploads")
	os.MkdirAll(uploads, 0o750)
	pub, err := site.New(site.Deps{Store: store, Events: bus, BaseURL: "http://newsroom.test"})
	if err != nil {
		t.Fatal(err)
	}
	// Webhooks as the server wires them: changes queue their events.
	hooks := &webhooks.Outbox{Store: store, Shapes: ghost.Shapes{SiteURL: "http://newsroom.test"}}
	hooks.Follow(bus)
	nr, err := New(Config{Store: store, Auth: e.auth, Events: bus, Uploads: media.New(media.Options{Blobs: media.NewDir(uploads)}),
		SiteURL: "http://newsroom.test", Preview: pub, Publisher: &publish.Service{Store: store, Events: bus, Webhooks: hooks}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	nr.Register(mux)
	e.nr = nr
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	for _, role := range domain.Roles {
		u := &domain.User{Author: domain.Author{Name: "The " + title(string(role))}, Email: string(role) + "@example.org",
			Role: role, PasswordHash: hashOnce()}
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		e.users[role] = u
	}
	return e
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func (e *env) sawEvent(typ events.Type, postID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range e.events {
		if ev.Type == typ && (postID == "" || ev.PostID == postID) {
			return true
		}
	}
	return false
}

// post creates a post in the store directly, by the given author.
func (e *env) post(by *domain.User, status domain.Status, title string) *domain.Post {
	e.t.Helper()
	p := &domain.Post{Title: title, Status: status, BodyMD: "Body of " + title, Authors: []domain.Author{by.Author}}
	if err := p.Validate(); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.CreatePost(context.Background(), p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// client is a browser: a cookie jar, no automatic redirects, and the
// Origin header a same-site form sends.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a client signed in as the user with the role.
func (e *env) as(role domain.Role) *client {
	e.t.Helper()
	c := e.client()
	res := c.postForm("/newsroom/signin", url.Values{"email": {e.users[role].Email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: status %d", role, res.StatusCode)
	}
	c.loadCSRF()
	return c
}

var csrfRe = regexp.MustCompile(`<meta name="csrf" content="([^"]*)">`)

func (c *client) loadCSRF() {
	res := c.get("/newsroom/")
	if m := csrfRe.FindStringSubmatch(res.body); m != nil {
		c.csrf = m[1]
	}
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func (c *client) get(path string) response {
	req, _ := http.NewRequest("GET", c.e.srv.URL+path, nil)
	return c.do(req)
}

// postForm sends a same-origin form with the session's CSRF token.
func (c *client) postForm(path string, v url.Values) response {
	if v == nil {
		v = url.Values{}
	}
	if c.csrf != "" && v.Get("csrf") == "" {
		v.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.srv.URL)
	return c.do(req)
}

// postMultipart sends a form with one file field.
func (c *client) postMultipart(path string, v url.Values, field, name string, data []byte) response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if c.csrf != "" {
		v.Set("csrf", c.csrf)
	}
	for k, vals := range v {
		for _, val := range vals {
			mw.WriteField(k, val)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.srv.URL)
	return c.do(req)
}

// newPostForm is a valid editor form for a post by u.
func newPostForm(u *domain.User, title string) url.Values {
	return url.Values{"title": {title}, "kind": {"article"}, "body": {"KYIV — Body of " + title + "."}, "author[]": {u.ID}, "language": {"en"}}
}

func postIDFrom(t *testing.T, res response) string {
	t.Helper()
	loc := res.Header.Get("Location")
	m := regexp.MustCompile(`^/newsroom/posts/([0-9a-f]{24})`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("no post in redirect %q (status %d): %s", loc, res.StatusCode, snippet(res.body))
	}
	return m[1]
}

func snippet(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

func storageAll() storage.PostQuery { return storage.PostQuery{} }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
