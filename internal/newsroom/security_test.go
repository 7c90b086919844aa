package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

func TestNoSessionRefused(t *testing.T) {
	e := newEnv(t)
	p := e.post(e.users[domain.RoleAdministrator], domain.StatusDraft, "Secret draft")
	anon := e.client()
	for _, path := range []string{"/newsroom/", "/newsroom/posts/new", "/newsroom/posts/" + p.ID, "/newsroom/settings", "/newsroom/users", "/newsroom/profile",
		"/newsroom/assignments", "/newsroom/assignments/new", "/newsroom/assignments/" + p.ID} {
		res := anon.get(path)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/newsroom/signin?next=") {
			t.Errorf("GET %s without session: %d %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	for _, path := range []string{"/newsroom/posts/new", "/newsroom/posts/" + p.ID, "/newsroom/posts/" + p.ID + "/publish",
		"/newsroom/posts/" + p.ID + "/delete", "/newsroom/settings", "/newsroom/users/invite", "/newsroom/preview", "/newsroom/media",
		"/newsroom/assignments", "/newsroom/assignments/" + p.ID, "/newsroom/assignments/" + p.ID + "/cancel"} {
		res := anon.postForm(path, url.Values{"title": {"Typed while signed out"}, "body": {"Precious text."}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s without session: %d", path, res.StatusCode)
		}
	}
	// The 401 page gives the typed text back.
	res := anon.postForm("/newsroom/posts/"+p.ID, url.Values{"title": {"Typed while signed out"}, "body": {"Precious text."}})
	if !strings.Contains(res.body, "Precious text.") {
		t.Fatal("401 page lost the text")
	}
	if got, _ := e.store.PostByID(context.Background(), p.ID); got.Status != domain.StatusDraft || got.Title != "Secret draft" {
		t.Fatal("anonymous request changed the post")
	}
	// A forged cookie is no session either.
	anon.hc.Jar.SetCookies(mustURL(e.srv.URL), []*http.Cookie{{Name: auth.CookieName, Value: "forged"}})
	if res := anon.get("/newsroom/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("forged cookie: %d", res.StatusCode)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestCrossOriginAndCSRF(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleEditor)
	v := newPostForm(e.users[domain.RoleEditor], "Forged")
	v.Set("csrf", c.csrf)
	for _, tc := range []struct {
		name    string
		headers map[string]string
	}{
		{"forged origin", map[string]string{"Origin": "https://evil.example"}},
		{"forged referer", map[string]string{"Referer": "https://evil.example/page"}},
		{"cross-site fetch metadata", map[string]string{"Origin": e.srv.URL, "Sec-Fetch-Site": "cross-site"}},
	} {
		req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/posts/new", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, val := range tc.headers {
			req.Header.Set(k, val)
		}
		if res := c.do(req); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", tc.name, res.StatusCode)
		}
	}
	// Same origin but no token, or a wrong one.
	for _, tok := range []string{"", "wrong-token"} {
		v.Set("csrf", tok)
		req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/posts/new", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", e.srv.URL)
		if res := c.do(req); res.StatusCode != http.StatusForbidden || !strings.Contains(res.body, "Reload the page") {
			t.Errorf("csrf %q: %d, want 403", tok, res.StatusCode)
		}
	}
	if n, _ := e.store.CountPosts(context.Background(), storageAll()); n != 0 {
		t.Fatalf("%d posts created by refused requests", n)
	}
	// Sign-out is a state change too: a forged one does nothing.
	req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/signout", nil)
	req.Header.Set("Origin", "https://evil.example")
	if res := c.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged sign-out: %d", res.StatusCode)
	}
	if res := c.get("/newsroom/"); res.StatusCode != http.StatusOK {
		t.Fatal("forged sign-out ended the session")
	}
}

func TestSigninRateLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	email := e.users[domain.RoleAuthor].Email
	for i := 1; i <= 10; i++ {
		res := c.postForm("/newsroom/signin", url.Values{"email": {email}, "password": {"wrong password"}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.body, "Wrong email or password.") || !strings.Contains(res.body, `value="`+email+`"`) {
			t.Fatalf("attempt %d: %d", i, res.StatusCode)
		}
	}
	res := c.postForm("/newsroom/signin", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt with the right password: %d, want 429", res.StatusCode)
	}
	if len(res.Cookies()) > 0 {
		t.Fatal("a locked sign-in set a cookie")
	}
	if res := c.postForm("/newsroom/signin", url.Values{"email": {email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the right password reset the limit: %d", res.StatusCode)
	}
	// After the window the account works again.
	e.auth.Now = func() time.Time { return time.Now().Add(16 * time.Minute) }
	if res := c.postForm("/newsroom/signin", url.Values{"email": {email}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the window: %d", res.StatusCode)
	}
	e.auth.Now = time.Now

	// One address trying many accounts is limited too.
	for i := 0; i < 10; i++ {
		c.postForm("/newsroom/signin", url.Values{"email": {"nobody" + string(rune('a'+i)) + "@example.org"}, "password": {"guess"}})
	}
	if res := c.postForm("/newsroom/signin", url.Values{"email": {e.users[domain.RoleEditor].Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("address limit: %d, want 429", res.StatusCode)
	}
}

func TestSessionCookieExpiryAndSignout(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := c.postForm("/newsroom/signin", url.Values{"email": {e.users[domain.RoleAuthor].Email}, "password": {testPassword}, "next": {"/newsroom/profile"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/newsroom/profile" {
		t.Fatalf("sign in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var ck *http.Cookie
	for _, x := range res.Cookies() {
		if x.Name == auth.CookieName {
			ck = x
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || len(ck.Value) < 40 {
		t.Fatalf("session cookie %+v", ck)
	}
	// An open redirect target is ignored.
	res = e.client().postForm("/newsroom/signin", url.Values{"email": {e.users[domain.RoleAuthor].Email}, "password": {testPassword}, "next": {"//evil.example/"}})
	if res.Header.Get("Location") != "/newsroom/" {
		t.Fatalf("next=//evil.example redirected to %q", res.Header.Get("Location"))
	}
	c.loadCSRF()
	e.auth.Now = func() time.Time { return time.Now().Add(auth.SessionTTL + time.Hour) }
	if res := c.get("/newsroom/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("expired session still works: %d", res.StatusCode)
	}
	e.auth.Now = time.Now
	if res := c.postForm("/newsroom/signout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	if res := c.get("/newsroom/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signed-out session still works: %d", res.StatusCode)
	}
	// Secure under TLS-configured sites.
	secure := auth.New(e.store, "https://news.example.org", false)
	rec := newRecorder()
	req, _ := http.NewRequest("POST", "https://news.example.org/newsroom/signin", nil)
	if err := secure.StartSession(context.Background(), rec, req, e.users[domain.RoleAuthor]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Header().Get("Set-Cookie"), "Secure") {
		t.Fatalf("cookie on an https site: %q", rec.Header().Get("Set-Cookie"))
	}
}

func TestConflictKeepsBothVersions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed, admin := e.as(domain.RoleEditor), e.as(domain.RoleAdministrator)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusDraft, "Shared story")
	stamp := fmtMS(p.UpdatedAt)
	first := newPostForm(e.users[domain.RoleAuthor], "Shared story")
	first.Set("updated_at", stamp)
	first.Set("body", "Editor's version.")
	if res := ed.postForm("/newsroom/posts/"+p.ID, first); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	second := newPostForm(e.users[domain.RoleAuthor], "Shared story")
	second.Set("updated_at", stamp)
	second.Set("body", "Administrator's version.")
	res := admin.postForm("/newsroom/posts/"+p.ID, second)
	// The dialog names who saved, shows both texts, and offers the three
	// choices by the names its buttons carry.
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "The Editor saved this story at") ||
		!strings.Contains(res.body, "Administrator&#39;s version.") || !strings.Contains(res.body, "<ins>Editor</ins>") ||
		!strings.Contains(res.body, ">Keep theirs</a>") || !strings.Contains(res.body, ">Keep mine</button>") ||
		!strings.Contains(res.body, ">Save merged version</button>") {
		t.Fatalf("second save: %d %s", res.StatusCode, snippet(res.body))
	}
	got, _ := e.store.PostByID(ctx, p.ID)
	if got.BodyMD != "Editor's version." {
		t.Fatalf("stored body %q: the first save was overwritten", got.BodyMD)
	}
	// Pressing Save again without choosing is refused again: never a
	// silent overwrite.
	if res := admin.postForm("/newsroom/posts/"+p.ID, second); res.StatusCode != http.StatusConflict {
		t.Fatalf("plain save after a collision: %d", res.StatusCode)
	}
	// "Keep mine" is the deliberate overwrite, against the version shown.
	m := regexp.MustCompile(`name="theirs_updated_at" value="(\d+)"`).FindStringSubmatch(res.body)
	second.Set("theirs_updated_at", m[1])
	second.Set("theirs_pending_at", "0")
	second.Set("resolve", "save")
	if res := admin.postForm("/newsroom/posts/"+p.ID, second); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deliberate overwrite: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.PostByID(ctx, p.ID); got.BodyMD != "Administrator's version." {
		t.Fatalf("after Keep mine: %q", got.BodyMD)
	}
}

func TestRevisionsCorrectionsBreaking(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	me := e.users[domain.RoleEditor]
	v := newPostForm(me, "Flood in the south")
	v.Set("body", "Line one.\nLine two.\nLine three.")
	v.Set("action", "publish")
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", v))
	p, _ := e.store.PostByID(ctx, id)
	v.Set("body", "Line one.\nLine 2, corrected.\nLine three.\nLine four.")
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	v.Set("action", "publish")
	if res := c.postForm("/newsroom/posts/"+id, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.StatusCode)
	}
	revs, err := e.store.ListRevisions(ctx, id, 0)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %d, %v", len(revs), err)
	}
	oldest := revs[1]
	// Times with seconds: two saves within a minute must not look alike.
	if list := c.get("/newsroom/posts/" + id + "/revisions"); list.StatusCode != 200 || strings.Count(list.body, "/revisions/") < 2 ||
		len(regexp.MustCompile(`<time datetime="[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}</time>`).FindAllString(list.body, -1)) != 2 {
		t.Fatalf("revision list: %d %s", list.StatusCode, snippet(list.body))
	}
	// Inside a changed line only the changed words are marked.
	diff := c.get("/newsroom/posts/" + id + "/revisions/" + oldest.ID)
	if diff.StatusCode != 200 || !strings.Contains(diff.body, `<span class="rem">- Line <del>two</del>.`) || !strings.Contains(diff.body, `<span class="ins">&#43; Line <ins>2, corrected</ins>.`) ||
		!strings.Contains(diff.body, `<span class="ins">&#43; Line four.`) || !strings.Contains(diff.body, `<span class="">  Line one.`) {
		t.Fatalf("diff: %s", snippet(diff.body))
	}
	// The story is live: only "Restore and publish now" changes it at once.
	if res := c.postForm("/newsroom/posts/"+id+"/revisions/"+oldest.ID+"/restore", url.Values{"publish_now": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if p, _ = e.store.PostByID(ctx, id); p.BodyMD != "Line one.\nLine two.\nLine three." {
		t.Fatalf("restored body %q", p.BodyMD)
	}
	if revs, _ := e.store.ListRevisions(ctx, id, 0); len(revs) != 3 {
		t.Fatalf("restore kept no revision: %d", len(revs))
	}

	// Corrections show in the store, bump "Updated" and announce themselves.
	res := c.postForm("/newsroom/posts/"+id+"/corrections", url.Values{"correction_kind": {"correction"}, "correction": {"An earlier version misstated the river's name."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d", res.StatusCode)
	}
	p, _ = e.store.PostByID(ctx, id)
	if len(p.Corrections) != 1 || !p.Updated() || !e.sawEvent(events.PostCorrected, id) {
		t.Fatalf("corrections %+v updated=%v", p.Corrections, p.Updated())
	}
	if res := c.postForm("/newsroom/posts/"+id+"/corrections", url.Values{"correction_kind": {"correction"}, "correction": {"  "}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty correction: %d", res.StatusCode)
	}
	if prev := c.get("/newsroom/posts/" + id + "/preview"); !strings.Contains(prev.body, "Correction, ") || !strings.Contains(prev.body, "misstated the river") {
		t.Fatal("preview lacks the correction")
	}

	// Breaking: pin with expiry, then unpin.
	if res := c.postForm("/newsroom/posts/"+id+"/breaking", url.Values{"hours": {"6"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pin: %d", res.StatusCode)
	}
	p, _ = e.store.PostByID(ctx, id)
	if !p.IsBreaking(time.Now()) || p.IsBreaking(time.Now().Add(7*time.Hour)) {
		t.Fatalf("breaking until %v", p.BreakingUntil)
	}
	if res := c.postForm("/newsroom/posts/"+id+"/breaking", url.Values{"hours": {"500"}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("500 hours: %d", res.StatusCode)
	}
	c.postForm("/newsroom/posts/"+id+"/breaking", url.Values{"unpin": {"1"}})
	if p, _ = e.store.PostByID(ctx, id); p.IsBreaking(time.Now()) {
		t.Fatal("still breaking after unpin")
	}
}

func TestInvitationAndProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.as(domain.RoleEditor)
	res := ed.postForm("/newsroom/users/invite", url.Values{"email": {"not-an-email"}, "name": {"Petro"}, "role": {"author"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Enter a valid email address.") || !strings.Contains(res.body, `value="Petro"`) {
		t.Fatalf("bad invite: %d", res.StatusCode)
	}
	res = ed.postForm("/newsroom/users/invite", url.Values{"email": {"petro@example.org"}, "name": {"Petro"}, "role": {"owner"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Unknown role") {
		t.Fatalf("unknown role: %d", res.StatusCode)
	}
	res = ed.postForm("/newsroom/users/invite", url.Values{"email": {"petro@example.org"}, "name": {"Petro"}, "role": {"author"}})
	m := regexp.MustCompile(`/newsroom/invite/([A-Za-z0-9_-]{43})`).FindStringSubmatch(res.body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("invite: %d %s", res.StatusCode, snippet(res.body))
	}
	guest := e.client()
	if page := guest.get("/newsroom/invite/" + m[1]); page.StatusCode != 200 || !strings.Contains(page.body, "petro@example.org") {
		t.Fatalf("invite page: %d", page.StatusCode)
	}
	res = guest.postForm("/newsroom/invite/"+m[1], url.Values{"name": {"Petro Shevchenko"}, "password": {"short"}, "password2": {"short"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "at least 10") || !strings.Contains(res.body, "Petro Shevchenko") {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	res = guest.postForm("/newsroom/invite/"+m[1], url.Values{"name": {"Petro Shevchenko"}, "password": {"a long pass phrase"}, "password2": {"a long pass phrase"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept invite: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := guest.get("/newsroom/"); res.StatusCode != 200 {
		t.Fatal("not signed in after accepting the invitation")
	}
	if res := e.client().get("/newsroom/invite/" + m[1]); res.StatusCode != http.StatusNotFound {
		t.Fatalf("invitation reused: %d", res.StatusCode)
	}
	u, _ := e.store.UserByEmail(ctx, "petro@example.org")
	if u.Name != "Petro Shevchenko" || u.Role != domain.RoleAuthor || !auth.CheckPassword(u.PasswordHash, "a long pass phrase") {
		t.Fatalf("invited user %+v", u)
	}

	// Profile: bad slug comes back next to the field with the input kept;
	// a good save changes what readers see.
	guest.loadCSRF()
	res = guest.postMultipart("/newsroom/profile", url.Values{"name": {"Petro Shevchenko"}, "slug": {"Not A Slug"}, "email": {"petro@example.org"},
		"title": {"Reporter"}, "bio": {"Covers the south."}}, "avatar_file", "face.png", pngBytes(t))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Covers the south.") || !fieldHasError(res.body, "slug") {
		t.Fatalf("bad profile: %d %s", res.StatusCode, snippet(res.body))
	}
	res = guest.postMultipart("/newsroom/profile", url.Values{"name": {"Petro Shevchenko"}, "slug": {"petro"}, "email": {"petro@example.org"},
		"title": {"Reporter"}, "bio": {"Covers the south.\n\nBased in Odesa."}}, "avatar_file", "face.png", pngBytes(t))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile: %d %s", res.StatusCode, snippet(res.body))
	}
	a, err := e.store.AuthorBySlug(ctx, "petro")
	if err != nil || a.Title != "Reporter" || !strings.HasPrefix(a.Avatar, "/content/images/") || !e.sawEvent(events.AuthorUpdated, "") {
		t.Fatalf("author after profile save: %+v %v", a, err)
	}
}

func TestContributorCannotPublish(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleContributor)
	me := e.users[domain.RoleContributor]
	page := c.get("/newsroom/posts/new")
	if strings.Contains(page.body, `value="publish"`) || strings.Contains(page.body, `value="schedule"`) {
		t.Fatal("contributor sees publish or schedule buttons")
	}
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", newPostForm(me, "My pitch")))
	if page := c.get("/newsroom/posts/" + id); strings.Contains(page.body, `value="publish"`) {
		t.Fatal("contributor sees the publish button on an own draft")
	}
	v := newPostForm(me, "My pitch")
	v.Set("action", "publish")
	if res := c.postForm("/newsroom/posts/"+id, v); res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged publish: %d", res.StatusCode)
	}
	if p, _ := e.store.PostByID(context.Background(), id); p.Status != domain.StatusDraft {
		t.Fatal("contributor published")
	}
}

// TestBadInputNeverServerError throws malformed requests at every route
// and accepts any 4xx, never a 5xx.
func TestBadInputNeverServerError(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAdministrator)
	p := e.post(e.users[domain.RoleAdministrator], domain.StatusPublished, "Target")
	long := strings.Repeat("x", 70_000)
	gets := []string{"/newsroom/?after=garbage", "/newsroom/?after=1-zz", "/newsroom/?status=lost", "/newsroom/?kind=podcast",
		"/newsroom/?tag=no-such-tag", "/newsroom/?q=" + strings.Repeat("a", 300), "/newsroom/posts/nope", "/newsroom/posts/" + p.ID + "/revisions/nope",
		"/newsroom/posts/000000000000000000000000/preview", "/newsroom/invite/bogus", "/newsroom/password/bogus", "/newsroom/static/nope.css"}
	for _, path := range gets {
		if res := c.get(path); res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
	posts := []struct {
		path string
		v    url.Values
	}{
		{"/newsroom/posts/new", url.Values{"title": {long}, "author[]": {"x"}, "published_at": {"99999-01-01T00:00"}, "language": {long}}},
		{"/newsroom/posts/new", url.Values{"title": {"\x00\x01"}, "kind": {"<script>"}, "action": {"explode"}}},
		{"/newsroom/posts/" + p.ID, url.Values{"title": {"T"}, "updated_at": {"yesterday"}, "tags": {strings.Repeat("a,", 100)}, "author[]": {e.users[domain.RoleAdministrator].ID}}},
		{"/newsroom/posts/" + p.ID + "/schedule", url.Values{"published_at": {"never"}}},
		{"/newsroom/posts/" + p.ID + "/breaking", url.Values{"hours": {"-3"}}},
		{"/newsroom/posts/" + p.ID + "/corrections", url.Values{"correction_kind": {"apology"}, "correction": {"x"}}},
		{"/newsroom/posts/" + p.ID + "/revisions/nope/restore", nil},
		{"/newsroom/users/invite", url.Values{"email": {long}, "name": {""}, "role": {""}}},
		{"/newsroom/users/nope", url.Values{"role": {"owner"}}},
		{"/newsroom/users/" + e.users[domain.RoleAuthor].ID, url.Values{"role": {"owner"}}},
		{"/newsroom/tags/nope", url.Values{"name": {""}}},
		{"/newsroom/profile", url.Values{"name": {""}, "slug": {"-"}, "email": {"nope"}, "new_password": {"x"}}},
		{"/newsroom/settings", url.Values{"site_title": {long}}},
		{"/newsroom/preview", url.Values{"body": {strings.Repeat("*", 600_000)}}},
		{"/newsroom/posts/" + p.ID + "/preview", url.Values{"title": {"T"}, "body": {strings.Repeat("*", 600_000)}, "author[]": {e.users[domain.RoleAdministrator].ID}}},
		{"/newsroom/posts/new/preview", url.Values{"title": {"\x00\x01"}, "kind": {"<script>"}}},
		{"/newsroom/posts/new/preview", url.Values{"title": {long}, "author[]": {"x"}, "published_at": {"99999-01-01T00:00"}}},
		{"/newsroom/posts/nope/preview", url.Values{"title": {"T"}}},
		{"/newsroom/invite/bogus", url.Values{"password": {"x"}}},
	}
	for _, tc := range posts {
		if res := c.postForm(tc.path, tc.v); res.StatusCode >= 500 || res.StatusCode < 400 {
			t.Errorf("POST %s: %d %s", tc.path, res.StatusCode, snippet(res.body))
		}
	}
}
