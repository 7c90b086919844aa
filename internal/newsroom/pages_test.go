package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// TestPagesInTheNewsroom: a page is written in the same editor, kept
// apart from Posts, keeps revisions, and its editor hides what only news
// has (kind, video, corrections, breaking).
func TestPagesInTheNewsroom(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.as(domain.RoleAdministrator)
	news := e.post(e.users[domain.RoleAdministrator], domain.StatusPublished, "Council votes")

	res := admin.get("/newsroom/pages/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, `name="type" value="page"`) || strings.Contains(res.body, `id="kind"`) {
		t.Fatalf("new page editor: %d %s", res.StatusCode, snippet(res.body))
	}
	v := newPostForm(e.users[domain.RoleAdministrator], "About the Courier")
	v.Set("type", "page")
	v.Set("body", "We are a **newsroom**.")
	v.Set("action", "publish")
	res = admin.postForm("/newsroom/posts/new", v)
	id := postIDFrom(t, res)
	page, err := e.store.PostByID(ctx, id)
	if err != nil || page.Type != domain.TypePage || page.Status != domain.StatusPublished || page.Slug != "about-the-courier" {
		t.Fatalf("saved page: %+v, %v", page, err)
	}
	if revs, _ := e.store.ListRevisions(ctx, id, 10); len(revs) != 1 {
		t.Errorf("a page keeps revisions like a post: %d", len(revs))
	}
	if !e.sawEvent(events.PostPublished, id) {
		t.Error("publishing a page sent no event (caches would not refresh)")
	}

	// Editing keeps it a page even though the form sends no type.
	edit := admin.get("/newsroom/posts/" + id)
	for _, hidden := range []string{`id="kind"`, `id="video_url"`, `id="corrections"`, "Pin as breaking"} {
		if strings.Contains(edit.body, hidden) {
			t.Errorf("the page editor shows %s", hidden)
		}
	}
	if !strings.Contains(edit.body, `href="/newsroom/pages"`) || !strings.Contains(edit.body, "Move to trash") {
		t.Errorf("the page editor does not lead back to Pages: %s", snippet(edit.body))
	}
	v = newPostForm(e.users[domain.RoleAdministrator], "About us")
	v.Set("updated_at", "0")
	v.Set("action", "publish") // a live page changes with Update live story
	res = admin.postForm("/newsroom/posts/"+id, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit page: %d %s", res.StatusCode, snippet(res.body))
	}
	if again, _ := e.store.PostByID(ctx, id); again.Type != domain.TypePage || again.Title != "About us" {
		t.Errorf("after an edit: %+v", again)
	}
	// A post's form cannot turn it into a page either.
	v = newPostForm(e.users[domain.RoleAdministrator], "Council votes")
	v.Set("type", "page")
	admin.postForm("/newsroom/posts/"+news.ID, v)
	if again, _ := e.store.PostByID(ctx, news.ID); again.Type != domain.TypePost {
		t.Errorf("an edit turned a post into a %s", again.Type)
	}

	// Pages list and Posts list keep to their own.
	list := admin.get("/newsroom/pages")
	if !strings.Contains(list.body, "About us") || strings.Contains(list.body, "Council votes") {
		t.Errorf("Pages list: %s", snippet(list.body))
	}
	posts := admin.get("/newsroom/")
	if strings.Contains(posts.body, "About us") || !strings.Contains(posts.body, "Council votes") {
		t.Errorf("Posts list shows a page: %s", snippet(posts.body))
	}

	// Contributors see their own pages only.
	contrib := e.users[domain.RoleContributor]
	mine := &domain.Post{Type: domain.TypePage, Title: "Contributor guide", Status: domain.StatusDraft, Authors: []domain.Author{contrib.Author}}
	mine.Validate()
	if err := e.store.CreatePost(ctx, mine); err != nil {
		t.Fatal(err)
	}
	list = e.as(domain.RoleContributor).get("/newsroom/pages")
	if !strings.Contains(list.body, "Contributor guide") || strings.Contains(list.body, "About us") {
		t.Errorf("contributor's Pages list: %s", snippet(list.body))
	}
	if n, _ := e.store.CountPosts(ctx, storage.PostQuery{Type: domain.TypePage}); n != 2 {
		t.Errorf("%d pages stored", n)
	}
}

func TestNavigationSettings(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.as(domain.RoleAdministrator)
	res := admin.get("/newsroom/settings/navigation")
	if res.StatusCode != 200 || !strings.Contains(res.body, `name="primary-0-label"`) || !strings.Contains(res.body, `name="secondary-2-url"`) {
		t.Fatalf("form: %d %s", res.StatusCode, snippet(res.body))
	}
	// Three links; the order numbers put Contact before About.
	res = admin.postForm("/newsroom/settings/navigation", url.Values{
		"primary-0-order": {"1"}, "primary-0-label": {"Home"}, "primary-0-url": {"/"},
		"primary-1-order": {"3"}, "primary-1-label": {"About"}, "primary-1-url": {"/about/"},
		"primary-2-order": {"2"}, "primary-2-label": {"Contact"}, "primary-2-url": {"https://example.org/contact"},
		"primary-3-order": {"4"}, "primary-3-label": {""}, "primary-3-url": {""},
		"secondary-0-order": {"1"}, "secondary-0-label": {"Corrections"}, "secondary-0-url": {"/corrections/"},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, snippet(res.body))
	}
	s, _ := e.store.Settings(ctx)
	want := []domain.NavItem{{Label: "Home", URL: "/"}, {Label: "Contact", URL: "https://example.org/contact"}, {Label: "About", URL: "/about/"}}
	if !reflect.DeepEqual(s.Navigation, want) || len(s.SecondaryNavigation) != 1 {
		t.Fatalf("menus = %v / %v", s.Navigation, s.SecondaryNavigation)
	}
	if !e.sawEvent(events.SettingsUpdated, "") {
		t.Error("no settings.updated event: the site would keep the old menu")
	}
	// The form shows them back in order, and Remove drops one.
	res = admin.get("/newsroom/settings/navigation")
	if i, j := strings.Index(res.body, `value="Contact"`), strings.Index(res.body, `value="About"`); i < 0 || j < i {
		t.Errorf("form order: %s", snippet(res.body))
	}
	res = admin.postForm("/newsroom/settings/navigation", url.Values{
		"primary-0-label": {"Home"}, "primary-0-url": {"/"},
		"primary-1-label": {"Contact"}, "primary-1-url": {"https://example.org/contact"}, "primary-1-remove": {"1"},
		"primary-2-label": {"About"}, "primary-2-url": {"/about/"},
	})
	s, _ = e.store.Settings(ctx)
	if res.StatusCode != http.StatusSeeOther || len(s.Navigation) != 2 || s.Navigation[1].Label != "About" || s.SecondaryNavigation != nil {
		t.Errorf("after remove: %d %v %v", res.StatusCode, s.Navigation, s.SecondaryNavigation)
	}

	// Bad links are refused with a reason, and nothing is saved.
	for _, bad := range []url.Values{
		{"primary-0-label": {"Evil"}, "primary-0-url": {"javascript:alert(1)"}},
		{"primary-0-label": {strings.Repeat("x", 51)}, "primary-0-url": {"/x/"}},
		{"primary-0-label": {""}, "primary-0-url": {"/x/"}},
		{"secondary-0-label": {"Other host"}, "secondary-0-url": {"//evil.example/"}},
	} {
		res := admin.postForm("/newsroom/settings/navigation", bad)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Nothing was saved") || !strings.Contains(res.body, `class="err"`) {
			t.Errorf("%v: %d %s", bad, res.StatusCode, snippet(res.body))
		}
	}
	if again, _ := e.store.Settings(ctx); !reflect.DeepEqual(again.Navigation, s.Navigation) {
		t.Errorf("a refused menu was saved: %v", again.Navigation)
	}
}

func TestRedirectsInTheNewsroom(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.as(domain.RoleAdministrator)

	res := admin.postForm("/newsroom/redirects", url.Values{"from": {"/old-story/"}, "to": {"/new-story/"}, "permanent": {"1"}})
	if res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.RedirectsUpdated, "") {
		t.Fatalf("add: %d %s", res.StatusCode, snippet(res.body))
	}
	got, _ := e.store.ExactRedirects(ctx, "/old-story", "")
	if len(got) != 1 || !got[0].Permanent || got[0].To != "/new-story/" {
		t.Fatalf("stored %+v", got)
	}
	for _, bad := range []url.Values{
		{"from": {"^/(?=x)"}, "to": {"/y/"}},
		{"from": {"/x/"}, "to": {"javascript:alert(1)"}},
		{"from": {""}, "to": {"/y/"}},
	} {
		res := admin.postForm("/newsroom/redirects", bad)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Nothing was saved") || !strings.Contains(res.body, `class="err"`) {
			t.Errorf("%v: %d %s", bad, res.StatusCode, snippet(res.body))
		}
	}
	if n, _, _ := e.store.CountRedirects(ctx); n != 1 {
		t.Errorf("refused rules were saved: %d", n)
	}

	// A file replaces everything; the list pages and searches it.
	var file strings.Builder
	file.WriteString("[")
	for i := range 120 {
		if i > 0 {
			file.WriteString(",")
		}
		file.WriteString(`{"from": "/archive/` + string(rune('a'+i%26)) + "/" + itoa(i) + `/", "to": "/stories/` + itoa(i) + `/", "permanent": true}`)
	}
	file.WriteString(`,{"from": "^/blog/(.*)$", "to": "/$1"}]`)
	res = admin.postMultipart("/newsroom/redirects/upload", url.Values{}, "file", "redirects.json", []byte(file.String()))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, snippet(res.body))
	}
	if all, patterns, _ := e.store.CountRedirects(ctx); all != 121 || patterns != 1 {
		t.Fatalf("after upload: %d rules, %d patterns", all, patterns)
	}
	list := admin.get("/newsroom/redirects")
	if !strings.Contains(list.body, "121 rules, 1 of them") || !strings.Contains(list.body, "/archive/a/0/") || strings.Contains(list.body, "/archive/a/52/") ||
		!strings.Contains(list.body, "/newsroom/redirects?after=50") {
		t.Errorf("first page: %s", snippet(list.body))
	}
	next := admin.get("/newsroom/redirects?after=50")
	if !strings.Contains(next.body, "/archive/a/52/") || strings.Contains(next.body, "/archive/a/0/") {
		t.Errorf("second page: %s", snippet(next.body))
	}
	found := admin.get("/newsroom/redirects?q=stories/77/")
	if !strings.Contains(found.body, "/archive/z/77/") || strings.Contains(found.body, "/archive/a/0/") {
		t.Errorf("search: %s", snippet(found.body))
	}
	// Bad files change nothing and say why.
	for body, says := range map[string]string{
		`[{"from": "/a/", "to": "/b/"`:                                 "not valid JSON",
		`[{"from": "/a/", "to": "/b/"}, {"from": "/c/"}]`:              "Redirect 2 of the file needs a to",
		`[{"from": "^/(?<=x)", "to": "/b/"}]`:                          "Redirect 1 of the file is refused",
		`{"from": "/a/", "to": "/b/"}`:                                 "JSON array",
		`[{"from": "/a/", "to": "data:text/html,<script>x</script>"}]`: "site path",
	} {
		res := admin.postMultipart("/newsroom/redirects/upload", url.Values{}, "file", "redirects.json", []byte(body))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, says) || !strings.Contains(res.body, "Nothing was changed") {
			t.Errorf("%s: %d %s", body, res.StatusCode, snippet(res.body))
		}
	}
	if all, _, _ := e.store.CountRedirects(ctx); all != 121 {
		t.Errorf("a refused file changed the rules: %d", all)
	}
	dl := admin.get("/newsroom/redirects/download")
	if dl.StatusCode != 200 || !strings.HasPrefix(dl.body, "[\n  {\"from\":\"/archive/a/0/\"") || !strings.Contains(dl.Header.Get("Content-Disposition"), "redirects.json") {
		t.Errorf("download: %d %.200s", dl.StatusCode, dl.body)
	}
	rules, _ := e.store.ListRedirects(ctx, storage.RedirectQuery{Limit: 1})
	res = admin.postForm("/newsroom/redirects/"+rules.Redirects[0].ID+"/delete", nil)
	if all, _, _ := e.store.CountRedirects(ctx); res.StatusCode != http.StatusSeeOther || all != 120 {
		t.Errorf("delete: %d, %d left", res.StatusCode, all)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
