package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Nothing in review is visible outside the newsroom: a submitted draft
// and one sent back are absent from the article address, the home page,
// search, feeds, sitemaps and the Content API, as drafts are. Approved
// for later, it is still absent until its time.
func TestReviewNeverPublic(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	co := addUser(t, a, "Taras Melnyk", "taras@example.org", domain.RoleContributor, "Reporter")
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	in, _ := domain.NewIntegration("Apps", "")
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	livePost(t, a, ed, "Council approves budget", "RIVERTON — The council approved the budget.")
	mk := func(title string) *domain.Post {
		p := &domain.Post{Kind: domain.KindArticle, Title: title, BodyMD: "RIVERTON — " + title + " at the quay.",
			Authors: []domain.Author{co.Author}, Tags: []domain.Tag{{Name: "City"}}}
		if err := a.Publisher.Create(ctx, publish.Actor{User: co}, p, publish.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Publisher.Submit(ctx, publish.Actor{User: co}, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		return p
	}
	waiting, back := mk("Quayside warehouse fire"), mk("Ferry pier subsidence")
	if _, _, err := a.Publisher.SendBack(ctx, publish.Actor{User: ed}, back.ID, "Get the engineer's name."); err != nil {
		t.Fatal(err)
	}
	hidden := func(stage string, posts ...*domain.Post) {
		t.Helper()
		for _, p := range posts {
			if code, _, _ := getNoFollow(t, srv.URL+"/"+p.Slug+"/"); code != http.StatusNotFound {
				t.Errorf("%s: /%s/ answers %d", stage, p.Slug, code)
			}
			if code, _, _ := getNoFollow(t, srv.URL+"/ghost/api/content/posts/slug/"+p.Slug+"/?key="+in.ContentKey); code != http.StatusNotFound {
				t.Errorf("%s: Content API by slug answers %d", stage, code)
			}
		}
		for _, path := range []string{"/", "/rss/", "/atom/", "/feed.json", "/sitemap-posts.xml", "/tag/city/", "/author/" + co.Slug + "/",
			"/search/?q=quayside", "/search/?q=ferry", "/ghost/api/content/posts/?limit=all&key=" + in.ContentKey} {
			_, body, _ := getNoFollow(t, srv.URL+path)
			for _, p := range posts {
				if strings.Contains(body, p.Title) || strings.Contains(body, p.Slug) {
					t.Errorf("%s: %s shows %q", stage, path, p.Title)
				}
			}
		}
	}
	hidden("in review", waiting, back)
	at := time.Now().Add(24 * time.Hour)
	if _, _, err := a.Publisher.Approve(ctx, publish.Actor{User: ed}, waiting.ID, at, time.Time{}); err != nil {
		t.Fatal(err)
	}
	hidden("approved for tomorrow", waiting, back)
	if _, _, err := a.Publisher.Approve(ctx, publish.Actor{User: ed}, back.ID, time.Time{}, time.Time{}); err == nil {
		t.Fatal("a post sent back was approved")
	}
}

// The Admin API saves through the same service: with "Require review for
// Authors" on, an Author's publish through it is refused with the reason.
func TestReviewRequiredThroughAdminAPI(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	au := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	st, _ := a.Store.Settings(ctx)
	st.ReviewAuthors = true
	if err := a.Store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	cookie := sessionCookie(t, a, au)
	post := func(status string) (int, string) {
		body := `{"posts":[{"title":"Harbour crane collapses","status":"` + status + `","authors":[{"id":"` + au.ID + `"}]}]}`
		req, _ := http.NewRequest("POST", srv.URL+"/ghost/api/admin/posts/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", srv.URL)
		req.AddCookie(cookie)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	code, body := post("published")
	if code != http.StatusForbidden || !strings.Contains(body, "requires review for Authors") {
		t.Fatalf("Author publishing through the Admin API: %d %s", code, body)
	}
	if n, _ := a.Store.CountPosts(ctx, storage.PostQuery{}); n != 0 {
		t.Fatalf("the refused publish saved %d posts", n)
	}
	if code, body := post("draft"); code != http.StatusCreated {
		t.Fatalf("Author's draft through the Admin API: %d %s", code, body)
	}
}
