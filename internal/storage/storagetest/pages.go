package storagetest

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("PagesOutOfStreams", testPagesOutOfStreams)
	register("PageRoundTrip", testPageRoundTrip)
	register("Navigation", testNavigation)
	register("Redirects", testRedirects)
	register("RedirectsReplace", testRedirectsReplace)
	register("RedirectsAppend", testRedirectsAppend)
}

// pageFixture stores two published posts and a published page that share
// an author and a tag, plus a draft page; the page is the newest of all,
// so a listing that let pages in would show it first.
func pageFixture(t *testing.T, s storage.Store) (u *domain.User, tag *domain.Tag, page *domain.Post) {
	t.Helper()
	ctx := context.Background()
	u, tag = fixture(t, s)
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := newPost("Council votes on the bridge", u, tag)
	a.PublishedAt = now.Add(-3 * time.Hour)
	b := newPost("Flood warning lifted", u, tag)
	b.PublishedAt = now.Add(-2 * time.Hour)
	page = newPost("About the Courier", u, tag)
	page.Type = domain.TypePage
	page.PublishedAt = now.Add(-time.Hour)
	draft := newPost("Ethics policy", u)
	draft.Type, draft.Status = domain.TypePage, domain.StatusDraft
	if err := s.CreatePosts(ctx, []*domain.Post{a, b}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*domain.Post{page, draft} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	return u, tag, page
}

func testPagesOutOfStreams(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag, page := pageFixture(t, s)
	now := time.Now()
	noPage := func(what string, slugs []string, want int) {
		t.Helper()
		for _, sl := range slugs {
			if sl == page.Slug || sl == "ethics-policy" {
				t.Errorf("%s lists the page %q", what, sl)
			}
		}
		if len(slugs) != want {
			t.Errorf("%s lists %d items %v, want %d", what, len(slugs), slugs, want)
		}
	}
	list := func(q storage.PostQuery) []string {
		t.Helper()
		res, err := s.ListPosts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range res.Posts {
			out = append(out, p.Slug)
		}
		return out
	}
	noPage("home stream", list(storage.PostQuery{Public: true}), 2)
	noPage("author stream", list(storage.PostQuery{Public: true, AuthorID: u.ID}), 2)
	noPage("tag stream", list(storage.PostQuery{Public: true, TagID: tag.ID}), 2)
	noPage("search", list(storage.PostQuery{Public: true, Search: "o"}), 2)
	noPage("newsroom list", list(storage.PostQuery{}), 2)
	noPage("newsroom drafts", list(storage.PostQuery{Statuses: []domain.Status{domain.StatusDraft}}), 0)
	for _, q := range []storage.PostQuery{{Public: true}, {Public: true, TagID: tag.ID}, {Public: true, AuthorID: u.ID}, {}} {
		if n, err := s.CountPosts(ctx, q); err != nil || n != 2 {
			t.Errorf("CountPosts(%+v) = %d, %v; want 2", q, n, err)
		}
	}
	posts, total, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 15, Page: 1})
	if err != nil || total != 2 {
		t.Errorf("GhostPosts total %d, %v", total, err)
	}
	var slugs []string
	for _, p := range posts {
		slugs = append(slugs, p.Slug)
	}
	noPage("Ghost posts", slugs, 2)

	sm, err := s.SitemapPosts(ctx, nil, 100, now)
	if err != nil {
		t.Fatal(err)
	}
	slugs = nil
	for _, p := range sm {
		slugs = append(slugs, p.Slug)
	}
	noPage("sitemap posts", slugs, 2)
	news, err := s.RecentPosts(ctx, now.Add(-48*time.Hour), now, 100)
	if err != nil {
		t.Fatal(err)
	}
	slugs = nil
	for _, p := range news {
		slugs = append(slugs, p.Slug)
	}
	noPage("news sitemap", slugs, 2)
	keys := 0
	if err := s.SitemapKeys(ctx, now, func(k storage.SitemapKey) error {
		if k.Cursor.ID == page.ID {
			t.Error("sitemap keys include the page")
		}
		keys++
		return nil
	}); err != nil || keys != 2 {
		t.Errorf("sitemap keys: %d, %v", keys, err)
	}

	// The newest public item of the author and the tag is the page; their
	// sitemap dates must come from posts only.
	authors, err := s.PublicAuthors(ctx, now)
	if err != nil || len(authors) != 1 || !authors[0].LastPost.Before(page.PublishedAt) {
		t.Errorf("PublicAuthors = %+v, %v; the page counted", authors, err)
	}
	tags, err := s.PublicTags(ctx, now)
	if err != nil || len(tags) != 1 || !tags[0].LastPost.Before(page.PublishedAt) {
		t.Errorf("PublicTags = %+v, %v; the page counted", tags, err)
	}

	// An author whose only public item is a page has no author page.
	other := &domain.User{Author: domain.Author{Name: "Page Writer"}}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	only := newPost("Contact us", other)
	only.Type = domain.TypePage
	if err := s.CreatePost(ctx, only); err != nil {
		t.Fatal(err)
	}
	if authors, _ := s.PublicAuthors(ctx, now.Add(time.Second)); len(authors) != 1 {
		t.Errorf("an author of pages only is in the author sitemap: %+v", authors)
	}
}

func testPageRoundTrip(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag, page := pageFixture(t, s)
	got, err := s.PostBySlug(ctx, page.Slug)
	if err != nil || got.Type != domain.TypePage || !got.IsPage() {
		t.Fatalf("PostBySlug(page) = %+v, %v", got, err)
	}
	// Pages live at /{slug}/ like posts: one slug space.
	clash := newPost("About the Courier", u)
	if err := s.CreatePost(ctx, clash); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a post took a page's slug: %v", err)
	}

	// Newest first: the draft sorts by its creation, just now.
	res, err := s.ListPosts(ctx, storage.PostQuery{Type: domain.TypePage})
	if err != nil || len(res.Posts) != 2 || res.Posts[0].Slug != "ethics-policy" || res.Posts[1].Slug != page.Slug {
		t.Fatalf("pages list = %v, %v", res.Posts, err)
	}
	res, err = s.ListPosts(ctx, storage.PostQuery{Type: domain.TypePage, Public: true, TagID: tag.ID})
	if err != nil || len(res.Posts) != 1 || res.Posts[0].ID != page.ID {
		t.Errorf("public pages of a tag = %v, %v", res.Posts, err)
	}
	pages, total, err := s.GhostPosts(ctx, storage.GhostQuery{Type: domain.TypePage, Public: true, Limit: 15, Page: 1})
	if err != nil || total != 1 || len(pages) != 1 || pages[0].ID != page.ID || len(pages[0].Authors) != 1 {
		t.Errorf("Ghost pages = %v, %d, %v", pages, total, err)
	}
	pages, total, err = s.GhostPosts(ctx, storage.GhostQuery{Type: domain.TypePage, Limit: 15, Page: 1})
	if err != nil || total != 2 {
		t.Errorf("Ghost pages of every status: %d, %v", total, err)
	}
	sm, err := s.SitemapPages(ctx, time.Now(), 100)
	if err != nil || len(sm) != 1 || sm[0].Slug != page.Slug {
		t.Errorf("SitemapPages = %+v, %v", sm, err)
	}

	// Publishing a scheduled page keeps it a page everywhere.
	sched := newPost("Corrections policy", u, tag)
	sched.Type, sched.Status, sched.PublishedAt = domain.TypePage, domain.StatusScheduled, time.Now().Add(-time.Second)
	if err := s.CreatePost(ctx, sched); err != nil {
		t.Fatal(err)
	}
	due, err := s.PublishDue(ctx, time.Now())
	if err != nil || len(due) != 1 || due[0].Type != domain.TypePage {
		t.Fatalf("PublishDue = %v, %v", due, err)
	}
	if n, _ := s.CountPosts(ctx, storage.PostQuery{Public: true, TagID: tag.ID}); n != 2 {
		t.Errorf("a published scheduled page joined the tag stream: %d", n)
	}

	// A type survives an update, and an update may change it.
	got.Title = "About us"
	if err := s.UpdatePost(ctx, got, got.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.PostByID(ctx, got.ID); again.Type != domain.TypePage {
		t.Errorf("type after update = %q", again.Type)
	}
	got.Type = domain.TypePost
	if err := s.UpdatePost(ctx, got, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountPosts(ctx, storage.PostQuery{Public: true, TagID: tag.ID}); n != 3 {
		t.Errorf("a page turned post is not in its tag stream: %d", n)
	}
}

func testNavigation(t *testing.T, s storage.Store) {
	ctx := context.Background()
	st, err := s.Settings(ctx)
	if err != nil || st.Navigation != nil || st.SecondaryNavigation != nil {
		t.Fatalf("default menus = %v %v, %v", st.Navigation, st.SecondaryNavigation, err)
	}
	st.Navigation = []domain.NavItem{{Label: "Home", URL: "/"}, {Label: "About", URL: "/about/"}, {Label: "Ghost", URL: "https://ghost.org/"}}
	st.SecondaryNavigation = []domain.NavItem{{Label: "Корекції", URL: "/corrections/"}}
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.Settings(ctx)
	if err != nil || !reflect.DeepEqual(got.Navigation, st.Navigation) || !reflect.DeepEqual(got.SecondaryNavigation, st.SecondaryNavigation) {
		t.Fatalf("menus = %v %v, %v", got.Navigation, got.SecondaryNavigation, err)
	}
	bad := got
	bad.Navigation = []domain.NavItem{{Label: "x", URL: "javascript:alert(1)"}}
	bad.Title = "Changed"
	if err := s.SaveSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("javascript: link saved: %v", err)
	}
	if again, _ := s.Settings(ctx); again.Title == "Changed" || !reflect.DeepEqual(again.Navigation, st.Navigation) {
		t.Errorf("a refused menu changed settings: %+v", again)
	}
	got.Navigation = nil
	if err := s.SaveSettings(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Settings(ctx); again.Navigation != nil {
		t.Errorf("cleared menu reads back as %v", again.Navigation)
	}
}

func testRedirects(t *testing.T, s storage.Store) {
	ctx := context.Background()
	add := func(from, to string, permanent bool) *domain.Redirect {
		t.Helper()
		r := &domain.Redirect{From: from, To: to, Permanent: permanent}
		if err := s.AddRedirect(ctx, r); err != nil {
			t.Fatalf("add %q: %v", from, err)
		}
		return r
	}
	old := add("/old-story/", "/new-story/", true)
	add("^/blog/(.*)$", "/$1", false)
	wp := add("/?p=123", "/new-story/", true)
	add("/Old-Story", "/elsewhere/", false)
	add("/old-story", "/second/", false) // a duplicate: file order decides

	got, err := s.ExactRedirects(ctx, "/old-story", "")
	if err != nil || len(got) != 2 || got[0].ID != old.ID || got[0].To != "/new-story/" || !got[0].Permanent ||
		got[0].Match.Slash != domain.SlashOptional || got[1].To != "/second/" {
		t.Fatalf("ExactRedirects = %+v, %v", got, err)
	}
	if got, _ := s.ExactRedirects(ctx, "/", "p=123"); len(got) != 1 || got[0].ID != wp.ID {
		t.Errorf("query rule = %+v", got)
	}
	if got, _ := s.ExactRedirects(ctx, "/", "p=124"); len(got) != 0 {
		t.Errorf("another query matched: %+v", got)
	}
	if got, _ := s.ExactRedirects(ctx, "/old-story", "p=123"); len(got) != 0 {
		t.Errorf("query rule on another path: %+v", got)
	}
	pats, err := s.PatternRedirects(ctx)
	if err != nil || len(pats) != 1 || pats[0].Match.Pattern != "^/blog/(.*)$" || pats[0].Permanent {
		t.Fatalf("PatternRedirects = %+v, %v", pats, err)
	}
	keys, err := s.RedirectQueryKeys(ctx, 10)
	if err != nil || !reflect.DeepEqual(keys, []string{"/"}) {
		t.Errorf("RedirectQueryKeys = %v, %v", keys, err)
	}
	keys, err = s.RedirectPathKeys(ctx, 10)
	sort.Strings(keys)
	if err != nil || !reflect.DeepEqual(keys, []string{"", "/Old-Story", "/old-story"}) { // "": the pattern rule's
		t.Errorf("RedirectPathKeys = %v, %v", keys, err)
	}
	if all, patterns, err := s.CountRedirects(ctx); all != 5 || patterns != 1 || err != nil {
		t.Errorf("CountRedirects = %d, %d, %v", all, patterns, err)
	}

	// Listing pages by keyset in file order; search looks at from and to.
	page, err := s.ListRedirects(ctx, storage.RedirectQuery{Limit: 2})
	if err != nil || len(page.Redirects) != 2 || page.Redirects[0].ID != old.ID || page.Next == 0 {
		t.Fatalf("first page = %+v, %v", page, err)
	}
	var seen []string
	for q := (storage.RedirectQuery{Limit: 2}); ; {
		p, err := s.ListRedirects(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Redirects {
			seen = append(seen, r.From)
		}
		if p.Next == 0 {
			break
		}
		q.After = p.Next
	}
	if want := []string{"/old-story/", "^/blog/(.*)$", "/?p=123", "/Old-Story", "/old-story"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("paged %v, want %v", seen, want)
	}
	found, _ := s.ListRedirects(ctx, storage.RedirectQuery{Search: "ELSEWHERE"})
	if len(found.Redirects) != 1 || found.Redirects[0].From != "/Old-Story" {
		t.Errorf("search by to = %+v", found.Redirects)
	}
	found, _ = s.ListRedirects(ctx, storage.RedirectQuery{Search: "blog/(.*"})
	if len(found.Redirects) != 1 {
		t.Errorf("search with LIKE characters = %+v", found.Redirects)
	}

	if err := s.DeleteRedirect(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRedirect(ctx, old.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("delete twice: %v", err)
	}
	if got, _ := s.ExactRedirects(ctx, "/old-story", ""); len(got) != 1 || got[0].To != "/second/" {
		t.Errorf("after delete: %+v", got)
	}
	// A rule added after a delete still goes last.
	last := add("/latest/", "/", false)
	var order []string
	s.EachRedirect(ctx, func(r *domain.Redirect) error { order = append(order, r.From); return nil })
	if len(order) != 5 || order[4] != last.From {
		t.Errorf("file order = %v", order)
	}

	bad := &domain.Redirect{From: "^/(?=x)", To: "/"}
	if err := s.AddRedirect(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("uncompilable rule: %v", err)
	}
	bad = &domain.Redirect{From: "/a/", To: "javascript:alert(1)"}
	if err := s.AddRedirect(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("javascript: target: %v", err)
	}
}

func testRedirectsReplace(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if err := s.AddRedirect(ctx, &domain.Redirect{From: "/keep/", To: "/kept/"}); err != nil {
		t.Fatal(err)
	}
	file := func(n int) []*domain.Redirect {
		var rules []*domain.Redirect
		for i := range n {
			rules = append(rules, &domain.Redirect{From: fmt.Sprintf("/old/%d/", i), To: fmt.Sprintf("/new/%d/", i), Permanent: i%2 == 0})
		}
		return rules
	}
	// A bad rule anywhere saves nothing.
	rules := file(1200)
	rules[700] = &domain.Redirect{From: "^/(unclosed", To: "/x/"}
	if err := s.ReplaceRedirects(ctx, rules); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("bad file: %v", err)
	}
	if all, _, _ := s.CountRedirects(ctx); all != 1 {
		t.Fatalf("a refused file changed the rules: %d", all)
	}
	// Too many patterns saves nothing either.
	var pats []*domain.Redirect
	for i := range domain.MaxPatternRedirects + 1 {
		pats = append(pats, &domain.Redirect{From: fmt.Sprintf("^/p%d/(.*)$", i), To: "/$1"})
	}
	if err := s.ReplaceRedirects(ctx, pats); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("too many patterns: %v", err)
	}
	if err := s.ReplaceRedirects(ctx, pats[:domain.MaxPatternRedirects]); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRedirect(ctx, &domain.Redirect{From: "^/one-more/(.*)$", To: "/"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("pattern beyond the cap: %v", err)
	}
	if err := s.AddRedirect(ctx, &domain.Redirect{From: "/exact-is-fine/", To: "/"}); err != nil {
		t.Errorf("exact rule beside full patterns: %v", err)
	}

	// A good file replaces everything, in order.
	rules = file(1200)
	if err := s.ReplaceRedirects(ctx, rules); err != nil {
		t.Fatal(err)
	}
	all, patterns, err := s.CountRedirects(ctx)
	if err != nil || all != 1200 || patterns != 0 {
		t.Fatalf("after replace: %d, %d, %v", all, patterns, err)
	}
	if got, _ := s.ExactRedirects(ctx, "/keep", ""); len(got) != 0 {
		t.Error("replace kept an old rule")
	}
	got, _ := s.ExactRedirects(ctx, "/old/1199", "")
	if len(got) != 1 || got[0].To != "/new/1199/" || got[0].Permanent {
		t.Errorf("rule 1199 = %+v", got)
	}
	i := 0
	err = s.EachRedirect(ctx, func(r *domain.Redirect) error {
		if want := fmt.Sprintf("/old/%d/", i); r.From != want {
			return fmt.Errorf("rule %d is %q, want %q", i, r.From, want)
		}
		i++
		return nil
	})
	if err != nil || i != 1200 {
		t.Errorf("file order: %v after %d", err, i)
	}
	if err := s.ReplaceRedirects(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if all, _, _ := s.CountRedirects(ctx); all != 0 {
		t.Errorf("an empty file left %d rules", all)
	}
}

func testRedirectsAppend(t *testing.T, s storage.Store) {
	ctx := context.Background()
	if err := s.AddRedirect(ctx, &domain.Redirect{From: "/first/", To: "/one/"}); err != nil {
		t.Fatal(err)
	}
	batch := func() []*domain.Redirect {
		return []*domain.Redirect{
			{From: "/?p=1", To: "/hello/", Permanent: true},
			{From: "/first/", To: "/one/"},     // already there
			{From: "/?p=1", To: "/hello/"},     // twice in the batch
			{From: "/first/", To: "/another/"}, // same from, new to: a new rule
			{From: "^/cat/(.*)$", To: "/tag/$1/"},
		}
	}
	n, err := s.AppendRedirects(ctx, batch())
	if err != nil || n != 3 {
		t.Fatalf("append: %d, %v", n, err)
	}
	// An import run twice adds nothing.
	if n, err := s.AppendRedirects(ctx, batch()); err != nil || n != 0 {
		t.Fatalf("second append: %d, %v", n, err)
	}
	var order []string
	s.EachRedirect(ctx, func(r *domain.Redirect) error { order = append(order, r.From+" "+r.To); return nil })
	if want := []string{"/first/ /one/", "/?p=1 /hello/", "/first/ /another/", "^/cat/(.*)$ /tag/$1/"}; !reflect.DeepEqual(order, want) {
		t.Errorf("file = %v, want %v", order, want)
	}
	bad := []*domain.Redirect{{From: "/fine/", To: "/x/"}, {From: "/bad/", To: "javascript:alert(1)"}}
	if _, err := s.AppendRedirects(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad batch: %v", err)
	}
	if all, _, _ := s.CountRedirects(ctx); all != 4 {
		t.Errorf("a refused batch added rules: %d", all)
	}
}
