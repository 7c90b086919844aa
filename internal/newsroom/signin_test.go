package newsroom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
)

// TestConcurrentSigninsAnswerBusy: 40 sign-ins at once never run more than
// auth.MaxHashes password hashes together; each is answered 401 or 429,
// never 500, and a 429 for a busy server says to retry in seconds, not in
// the 15 minutes of the failure limit.
func TestConcurrentSigninsAnswerBusy(t *testing.T) {
	e := newEnv(t)
	e.auth.HashWait = 20 * time.Millisecond
	const n = 40
	codes := make([]int, n)
	retry := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			res := e.client().postForm("/newsroom/signin", url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"a guess at it"}})
			codes[i], retry[i] = res.StatusCode, res.Header.Get("Retry-After")
		})
	}
	close(start)
	wg.Wait()
	busy := 0
	for i := range n {
		switch {
		case codes[i] == http.StatusUnauthorized:
		case codes[i] == http.StatusTooManyRequests && retry[i] == "5":
			busy++
		case codes[i] == http.StatusTooManyRequests && retry[i] == "900":
		default:
			t.Errorf("attempt %d: status %d, Retry-After %q", i, codes[i], retry[i])
		}
	}
	if busy == 0 {
		t.Errorf("no attempt was answered busy: %v", codes)
	}
	if peak := auth.Hashes().Peak; peak > auth.MaxHashes {
		t.Fatalf("%d password hashes ran at once, want at most %d", peak, auth.MaxHashes)
	}
}

var passwordLinkRe = regexp.MustCompile(`/newsroom/password/([A-Za-z0-9_-]{43})`)

// TestSettingPasswordRevokesLinks: once a password is set through one
// link, the user's other password links and invitation stop working; so
// do they after a password change on the profile page.
func TestSettingPasswordRevokesLinks(t *testing.T) {
	e := newEnv(t)
	ed := e.as(domain.RoleEditor)
	res := ed.postForm("/newsroom/users/invite", url.Values{"email": {"petro@example.org"}, "name": {"Petro"}, "role": {"author"}})
	invite := regexp.MustCompile(`/newsroom/invite/([A-Za-z0-9_-]{43})`).FindStringSubmatch(res.body)
	if invite == nil {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	petro, err := e.store.UserByEmail(context.Background(), "petro@example.org")
	if err != nil {
		t.Fatal(err)
	}
	link := func(u *domain.User) string {
		t.Helper()
		res := ed.postForm("/newsroom/users/"+u.ID+"/link", nil)
		m := passwordLinkRe.FindStringSubmatch(res.body)
		if m == nil {
			t.Fatalf("password link for %s: %d", u.Email, res.StatusCode)
		}
		return m[0]
	}
	first, second := link(petro), link(petro)
	setPassword := func(path string) int {
		res := e.client().postForm(path, url.Values{"name": {"Petro"}, "password": {"a long pass phrase"}, "password2": {"a long pass phrase"}})
		return res.StatusCode
	}
	if code := setPassword(second); code != http.StatusSeeOther {
		t.Fatalf("set password: %d", code)
	}
	for _, path := range []string{first, "/newsroom/invite/" + invite[1]} {
		if res := e.client().get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s after the password was set: %d, want 404", path, res.StatusCode)
		}
		if code := setPassword(path); code != http.StatusNotFound {
			t.Errorf("POST %s after the password was set: %d, want 404", path, code)
		}
	}

	// A password change on the profile page revokes links too.
	author := e.users[domain.RoleAuthor]
	pending := link(author)
	me := e.as(domain.RoleAuthor)
	res = me.postMultipart("/newsroom/profile", url.Values{"name": {author.Name}, "slug": {"the-author"}, "email": {author.Email},
		"current_password": {testPassword}, "new_password": {"another long phrase"}}, "avatar_file", "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile password change: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := e.client().get(pending); res.StatusCode != http.StatusNotFound {
		t.Errorf("password link after a profile password change: %d, want 404", res.StatusCode)
	}
}

// TestLinkPagesSendNoReferrer: the set-password page carries its secret in
// the address, so it tells browsers not to pass it on.
func TestLinkPagesSendNoReferrer(t *testing.T) {
	e := newEnv(t)
	ed := e.as(domain.RoleEditor)
	res := ed.postForm("/newsroom/users/"+e.users[domain.RoleAuthor].ID+"/link", nil)
	m := passwordLinkRe.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("password link: %d", res.StatusCode)
	}
	page := e.client().get(m[0])
	if page.StatusCode != http.StatusOK || page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("link page: %d, Referrer-Policy %q", page.StatusCode, page.Header.Get("Referrer-Policy"))
	}
}

func TestLogPath(t *testing.T) {
	for in, want := range map[string]string{
		"/newsroom/password/abcDEF123_-x": "/newsroom/password/REDACTED",
		"/newsroom/invite/abcDEF123_-x":   "/newsroom/invite/REDACTED",
		"/newsroom/invite/":               "/newsroom/invite/",
		"/newsroom/posts/abc":             "/newsroom/posts/abc",
		"/":                               "/",
	} {
		if got := LogPath(in); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", in, got, want)
		}
	}
	if strings.Contains(LogPath("/newsroom/password/secret/more"), "secret") {
		t.Error("a longer path kept the token")
	}
}
