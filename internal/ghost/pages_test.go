package ghost

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
)

// addPage stores a page by the env's Administrator.
func (e *env) addPage(title string, status domain.Status) *domain.Post {
	e.t.Helper()
	p := &domain.Post{Type: domain.TypePage, Title: title, Status: status, BodyMD: "We are a **newsroom**.",
		Authors: []domain.Author{e.admin.Author}, Tags: []domain.Tag{*e.tags["World"]}}
	if status == domain.StatusPublished {
		p.PublishedAt = time.Now().Add(-time.Minute)
	}
	if err := p.Validate(); err != nil {
		e.t.Fatal(err)
	}
	markdown.Apply(p)
	if err := e.store.CreatePost(context.Background(), p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func TestContentPages(t *testing.T) {
	e := newEnv(t)
	about := e.addPage("About the Courier", domain.StatusPublished)
	draft := e.addPage("Ethics policy", domain.StatusDraft)

	code, out, _ := e.content("pages/?include=authors,tags")
	if code != 200 {
		t.Fatalf("browse pages: %d %v", code, out)
	}
	pages := out["pages"].([]any)
	if len(pages) != 1 {
		t.Fatalf("pages/ lists %d pages, want the one public page", len(pages))
	}
	pg := pages[0].(map[string]any)
	if pg["id"] != about.ID || pg["url"] != testSite+"/about-the-courier/" || !strings.Contains(pg["html"].(string), "<strong>newsroom</strong>") ||
		pg["show_title_and_feature_image"] != true || len(pg["authors"].([]any)) != 1 {
		t.Errorf("page object: %v", pg)
	}
	if _, ok := pg["email_subject"]; ok {
		t.Error("a page carries email_subject")
	}
	// The same keys as a post, less email_subject, plus the page switch.
	_, posts, _ := e.content("posts/?include=authors,tags&limit=1")
	post := posts["posts"].([]any)[0].(map[string]any)
	for k := range post {
		if _, ok := pg[k]; !ok && k != "email_subject" {
			t.Errorf("page lacks the post key %q", k)
		}
	}
	if total := out["meta"].(map[string]any)["pagination"].(map[string]any)["total"]; total != 1.0 {
		t.Errorf("pages total %v", total)
	}

	// posts/ never shows a page, by list, id or slug.
	_, all, _ := e.content("posts/?limit=100")
	for _, p := range all["posts"].([]any) {
		if p.(map[string]any)["id"] == about.ID {
			t.Error("posts/ lists the page")
		}
	}
	if n := all["meta"].(map[string]any)["pagination"].(map[string]any)["total"]; n != 20.0 {
		t.Errorf("posts total %v, want 20", n)
	}
	for _, path := range []string{"posts/" + about.ID + "/", "posts/slug/about-the-courier/"} {
		if code, out, _ := e.content(path); code != 404 || errType(out) != "NotFoundError" {
			t.Errorf("%s: %d %v", path, code, out)
		}
	}

	// pages/ reads by id and slug, takes the posts' parameters, and never
	// shows a draft or a post.
	for _, path := range []string{"pages/" + about.ID + "/", "pages/slug/about-the-courier/?fields=title,slug"} {
		code, out, _ := e.content(path)
		if code != 200 || out["pages"].([]any)[0].(map[string]any)["slug"] != "about-the-courier" {
			t.Errorf("%s: %d %v", path, code, out)
		}
	}
	_, out, _ = e.content("pages/slug/about-the-courier/?fields=title,slug")
	if got := out["pages"].([]any)[0].(map[string]any); len(got) != 2 {
		t.Errorf("fields=title,slug gave %v", got)
	}
	for _, path := range []string{"pages/" + draft.ID + "/", "pages/slug/ethics-policy/", "pages/" + e.posts[0].ID + "/", "pages/slug/" + e.posts[0].Slug + "/"} {
		if code, out, _ := e.content(path); code != 404 || errType(out) != "NotFoundError" {
			t.Errorf("%s: %d %v", path, code, out)
		}
	}
	if code, out, _ := e.content("pages/?filter=tag:world"); code != 200 || len(out["pages"].([]any)) != 1 {
		t.Errorf("filtered pages: %d %v", code, out)
	}
	if code, out, _ := e.content("pages/?filter=tag:politics"); code != 200 || len(out["pages"].([]any)) != 0 {
		t.Errorf("pages of another tag: %d %v", code, out)
	}
	if code, out, _ := e.content("pages/?filter=nonsense:x"); code != 400 || errType(out) != "BadRequestError" {
		t.Errorf("bad filter: %d %v", code, out)
	}
	// A tag's post count leaves pages out.
	_, out, _ = e.content("tags/slug/world/?include=count.posts")
	if n := out["tags"].([]any)[0].(map[string]any)["count"].(map[string]any)["posts"]; n != 10.0 {
		t.Errorf("World counts %v posts, want 10 (the page is not one)", n)
	}

	// The Admin API lists pages of every status and reads them.
	code, out = e.adminAPI("GET", "pages/", nil)
	if code != 200 || len(out["pages"].([]any)) != 2 {
		t.Fatalf("admin pages: %d %v", code, out)
	}
	if code, out = e.adminAPI("GET", "pages/"+draft.ID+"/", nil); code != 200 || out["pages"].([]any)[0].(map[string]any)["status"] != "draft" {
		t.Errorf("admin read draft page: %d %v", code, out)
	}
	if code, out = e.adminAPI("GET", "posts/"+about.ID+"/", nil); code != 404 {
		t.Errorf("admin posts/ read a page: %d %v", code, out)
	}
	code, out = e.adminAPI("GET", "posts/?limit=100", nil)
	for _, p := range out["posts"].([]any) {
		if p.(map[string]any)["id"] == about.ID || p.(map[string]any)["id"] == draft.ID {
			t.Error("admin posts/ lists a page")
		}
	}
}

func TestContentNavigation(t *testing.T) {
	e := newEnv(t)
	_, out, _ := e.content("settings/")
	st := out["settings"].(map[string]any)
	if nav, ok := st["navigation"].([]any); !ok || len(nav) != 0 {
		t.Fatalf("navigation without a menu: %#v", st["navigation"])
	}
	s, _ := e.store.Settings(context.Background())
	s.Navigation = []domain.NavItem{{Label: "Home", URL: "/"}, {Label: "About", URL: "/about/"}}
	s.SecondaryNavigation = []domain.NavItem{{Label: "Ghost", URL: "https://ghost.org/"}}
	if err := e.store.SaveSettings(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	_, out, _ = e.content("settings/")
	st = out["settings"].(map[string]any)
	nav := st["navigation"].([]any)
	if len(nav) != 2 || nav[1].(map[string]any)["label"] != "About" || nav[1].(map[string]any)["url"] != "/about/" || len(nav[0].(map[string]any)) != 2 {
		t.Errorf("navigation = %v", nav)
	}
	sec := st["secondary_navigation"].([]any)
	if len(sec) != 1 || sec[0].(map[string]any)["url"] != "https://ghost.org/" {
		t.Errorf("secondary_navigation = %v", sec)
	}
}

// uploadRedirects posts a redirects.json as Ghost's admin does.
func (e *env) uploadRedirects(auth map[string]string, body string) (int, map[string]any, http.Header) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("redirects", "redirects.json")
	io.WriteString(fw, body)
	mw.Close()
	hdr := map[string]string{"Content-Type": mw.FormDataContentType()}
	for k, v := range auth {
		hdr[k] = v
	}
	return e.do("POST", "/ghost/api/admin/redirects/upload/", &buf, hdr)
}

func TestAdminRedirects(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var seen []events.Type
	e.bus.OnEvent(func(ev events.Event) { seen = append(seen, ev.Type) })
	// As in Ghost, an Administrator's staff session manages redirects;
	// integrations get Ghost's 501 (redirects/ is not on their allow-list).
	key := map[string]string{"X-Test-User": "admin", "Origin": testSite}
	file := `[
  {"from": "^/old-story/?$", "to": "/new-story/", "permanent": true},
  {"from": "/?p=123", "to": "/new-story/", "permanent": true},
  {"from": "^/blog/(.*)$", "to": "/$1"},
  {"from": "/a&b/", "to": "/c/"}
]`
	code, out, hdr := e.uploadRedirects(key, file)
	if code != 200 || len(out) != 0 || hdr.Get("X-Cache-Invalidate") != "/*" {
		t.Fatalf("upload: %d %v %v", code, out, hdr)
	}
	if len(seen) != 1 || seen[0] != events.RedirectsUpdated {
		t.Errorf("events %v", seen)
	}
	if all, patterns, _ := e.store.CountRedirects(ctx); all != 4 || patterns != 1 {
		t.Errorf("stored %d rules, %d patterns", all, patterns)
	}

	// Download gives the file back, in order, as Ghost names it.
	req, _ := http.NewRequest("GET", e.srv.URL+"/ghost/api/admin/redirects/download/", nil)
	req.Header.Set("X-Test-User", "admin")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	want := `[
  {"from":"^/old-story/?$","to":"/new-story/","permanent":true},
  {"from":"/?p=123","to":"/new-story/","permanent":true},
  {"from":"^/blog/(.*)$","to":"/$1","permanent":false},
  {"from":"/a&b/","to":"/c/","permanent":false}
]
`
	if res.StatusCode != 200 || string(body) != want || res.Header.Get("Content-Disposition") != `Attachment; filename="redirects.json"` ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("download: %d %v\n%s", res.StatusCode, res.Header, body)
	}

	// Bad files change nothing and say what is wrong.
	seen = nil
	for _, tc := range []struct {
		body   string
		status int
		typ    string
		says   string
	}{
		{`[{"from": "/x/", "to": "/y/"`, 400, "BadRequestError", "line 1"},
		{"something", 400, "BadRequestError", "not valid JSON"},
		{`{"from": "/x/", "to": "/y/"}`, 422, "ValidationError", "JSON array"},
		{`[{"to": "/y/"}]`, 422, "ValidationError", "Redirect 1 of the file needs a from"},
		{`[{"from": "/x/", "to": "/y/"}, {"from": "^/(?=lookahead)", "to": "/z/"}]`, 422, "ValidationError", `Redirect 2 of the file is refused: The from "^/(?=lookahead)"`},
		{`[{"from": "/x/", "to": "javascript:alert(1)"}]`, 422, "ValidationError", "site path"},
		{`[{"from": "/x/", "to": "/y/", "permanent": "yes"}]`, 422, "ValidationError", "permanent"},
	} {
		code, out, _ := e.uploadRedirects(key, tc.body)
		msg := errMessage(out)
		if errs, _ := out["errors"].([]any); len(errs) > 0 {
			if c, ok := errs[0].(map[string]any)["context"].(string); ok {
				msg += " " + c
			}
		}
		if code != tc.status || errType(out) != tc.typ || !strings.Contains(msg, tc.says) {
			t.Errorf("upload %.40s: %d %s %q", tc.body, code, errType(out), msg)
		}
	}
	if all, _, _ := e.store.CountRedirects(ctx); all != 4 || len(seen) != 0 {
		t.Errorf("a refused upload changed the rules (%d) or sent events %v", all, seen)
	}

	// Administrators only: a Contributor's session is refused both ways.
	contrib := map[string]string{"X-Test-User": "contrib", "Origin": testSite}
	if code, out, _ := e.uploadRedirects(contrib, "[]"); code != 403 || errType(out) != "NoPermissionError" {
		t.Errorf("contributor upload: %d %v", code, out)
	}
	if code, out, _ := e.do("GET", "/ghost/api/admin/redirects/download/", nil, contrib); code != 403 || errType(out) != "NoPermissionError" {
		t.Errorf("contributor download: %d %v", code, out)
	}
	restricted, _ := domain.NewIntegration("Editor key", domain.RoleEditor)
	if err := e.store.CreateIntegration(ctx, restricted); err != nil {
		t.Fatal(err)
	}
	for _, in := range []*domain.Integration{e.key, restricted} {
		auth := map[string]string{"Authorization": "Ghost " + e.token(in, nil)}
		if code, out, _ := e.uploadRedirects(auth, "[]"); code != 501 || errType(out) != "NotImplementedError" {
			t.Errorf("integration %s upload: %d %v", in.Name, code, out)
		}
		if code, out, _ := e.do("GET", "/ghost/api/admin/redirects/download/", nil, auth); code != 501 || errType(out) != "NotImplementedError" {
			t.Errorf("integration %s download: %d %v", in.Name, code, out)
		}
	}
	if code, _, _ := e.uploadRedirects(map[string]string{}, "[]"); code != 403 && code != 401 {
		t.Errorf("anonymous upload: %d", code)
	}
	if all, _, _ := e.store.CountRedirects(ctx); all != 4 {
		t.Errorf("refused uploads changed the rules: %d", all)
	}

	// An empty file clears every rule.
	if code, _, _ := e.uploadRedirects(key, "[]"); code != 200 {
		t.Fatalf("empty upload: %d", code)
	}
	if all, _, _ := e.store.CountRedirects(ctx); all != 0 {
		t.Errorf("an empty file left %d rules", all)
	}
}

func TestAdminPageWrites(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var seen []events.Event
	e.bus.OnEvent(func(ev events.Event) { seen = append(seen, ev) })
	code, out := e.adminAPI("POST", "pages/?source=html", map[string]any{"pages": []any{map[string]any{
		"title": "About the Courier", "html": "<p>An <em>independent</em> newsroom.</p>", "status": "published",
		"tags": []any{"World"}}}})
	if code != 201 {
		t.Fatalf("add page: %d %v", code, out)
	}
	pg := out["pages"].([]any)[0].(map[string]any)
	id := pg["id"].(string)
	if pg["status"] != "published" || pg["slug"] != "about-the-courier" || pg["show_title_and_feature_image"] != true {
		t.Errorf("added page: %v", pg)
	}
	stored, err := e.store.PostByID(ctx, id)
	if err != nil || stored.Type != domain.TypePage || !strings.Contains(stored.BodyHTML, "<em>independent</em>") {
		t.Fatalf("stored page: %+v, %v", stored, err)
	}
	if len(seen) != 1 || seen[0].Type != events.PostPublished || seen[0].PostID != id {
		t.Errorf("events %+v", seen)
	}
	if revs, _ := e.store.ListRevisions(ctx, id, 5); len(revs) != 1 {
		t.Errorf("the API kept %d revisions of the page", len(revs))
	}
	// A clashing slug gets the next free one, across posts and pages.
	code, out = e.adminAPI("POST", "pages/", map[string]any{"pages": []any{map[string]any{"title": "x", "slug": e.posts[0].Slug}}})
	if code != 201 || out["pages"].([]any)[0].(map[string]any)["slug"] != e.posts[0].Slug+"-2" {
		t.Errorf("page on a post's slug: %d %v", code, out)
	}
	if code, out = e.adminAPI("POST", "pages/", map[string]any{"posts": []any{map[string]any{"title": "Wrong envelope"}}}); code != 422 || errType(out) != "ValidationError" {
		t.Errorf("posts envelope on pages/: %d %v", code, out)
	}

	code, out = e.adminAPI("PUT", "pages/"+id+"/", map[string]any{"pages": []any{map[string]any{"title": "About us", "updated_at": pg["updated_at"]}}})
	if code != 200 || out["pages"].([]any)[0].(map[string]any)["title"] != "About us" {
		t.Fatalf("edit page: %d %v", code, out)
	}
	if again, _ := e.store.PostByID(ctx, id); again.Type != domain.TypePage || again.Title != "About us" {
		t.Errorf("after edit: %+v", again)
	}
	// Each side finds only its own.
	post := e.posts[0]
	for _, tc := range []struct{ method, path string }{
		{"PUT", "pages/" + post.ID + "/"}, {"DELETE", "pages/" + post.ID + "/"}, {"GET", "pages/" + post.ID + "/"},
		{"PUT", "posts/" + id + "/"}, {"DELETE", "posts/" + id + "/"},
	} {
		body := map[string]any{"pages": []any{map[string]any{"title": "x", "updated_at": "2026-01-01T00:00:00.000Z"}}}
		if strings.HasPrefix(tc.path, "posts/") {
			body = map[string]any{"posts": []any{map[string]any{"title": "x", "updated_at": "2026-01-01T00:00:00.000Z"}}}
		}
		if code, out := e.adminAPI(tc.method, tc.path, body); code != 404 || errType(out) != "NotFoundError" {
			t.Errorf("%s %s: %d %v", tc.method, tc.path, code, out)
		}
	}
	if p, _ := e.store.PostByID(ctx, post.ID); p.Title != post.Title || p.Type != domain.TypePost {
		t.Errorf("a pages/ call changed a post: %+v", p)
	}

	// Contributors may not publish a page, as they may not publish a post.
	contrib := map[string]string{"X-Test-User": "contrib", "Origin": testSite, "Content-Type": "application/json"}
	code, out, _ = e.do("POST", "/ghost/api/admin/pages/", strings.NewReader(`{"pages":[{"title":"Mine","status":"published"}]}`), contrib)
	if code != 403 || errType(out) != "NoPermissionError" {
		t.Errorf("contributor publishing a page: %d %v", code, out)
	}

	code, _, _ = e.do("DELETE", "/ghost/api/admin/pages/"+id+"/", nil, map[string]string{"Authorization": "Ghost " + e.token(e.key, nil)})
	if code != 204 {
		t.Fatalf("delete page: %d", code)
	}
	if _, err := e.store.PostByID(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the page is still there: %v", err)
	}
}
