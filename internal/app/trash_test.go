package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
)

// get fetches a path without following redirects.
func getNoFollow(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// A trashed story's address answers 410 Gone with the site's page, and
// the story leaves the feeds and sitemaps; a redirect rule for the same
// address wins; restored, it is back; purged, the address is 404.
func TestTrashedStoryOnTheSite(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	admin := addUser(t, a, "Admin", "admin@example.org", domain.RoleAdministrator, "")
	act := publish.Actor{User: ed}
	p := &domain.Post{Kind: domain.KindArticle, Title: "Ferry timetable changes", BodyMD: "RIVERTON — The ferry runs hourly.",
		Authors: []domain.Author{ed.Author}}
	if err := a.Publisher.Create(ctx, act, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	url := srv.URL + "/" + p.Slug + "/"
	if code, _, _ := getNoFollow(t, url); code != 200 {
		t.Fatalf("live story: %d", code)
	}
	if _, err := a.Publisher.Trash(ctx, act, p.ID); err != nil {
		t.Fatal(err)
	}
	code, body, _ := getNoFollow(t, url)
	if code != http.StatusGone || !strings.Contains(body, "This story was removed") || !strings.Contains(body, "Error 410") {
		t.Fatalf("trashed story: %d %s", code, body)
	}
	for _, path := range []string{"/rss/", "/sitemap-posts.xml", "/", "/search/?q=ferry"} {
		if _, body, _ := getNoFollow(t, srv.URL+path); strings.Contains(body, "Ferry timetable") {
			t.Errorf("%s still shows the trashed story", path)
		}
	}
	// A redirect for the address wins over the 410.
	r := &domain.Redirect{From: "/" + p.Slug + "/", To: "/timetables/"}
	if err := a.Store.AddRedirect(ctx, r); err != nil {
		t.Fatal(err)
	}
	a.Events.Publish(events.Event{Type: events.RedirectsUpdated})
	if code, _, h := getNoFollow(t, url); code/100 != 3 || h.Get("Location") != "/timetables/" {
		t.Fatalf("redirect over a trashed story: %d %q", code, h.Get("Location"))
	}
	a.Store.DeleteRedirect(ctx, r.ID)
	a.Events.Publish(events.Event{Type: events.RedirectsUpdated})
	if _, err := a.Publisher.Restore(ctx, act, p.ID); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := getNoFollow(t, url); code != 200 || !strings.Contains(body, "Ferry timetable changes") {
		t.Fatalf("restored story: %d", code)
	}
	if _, body, _ := getNoFollow(t, srv.URL+"/rss/"); !strings.Contains(body, "Ferry timetable") {
		t.Error("the restored story is not back in the feed")
	}
	a.Publisher.Trash(ctx, act, p.ID)
	if _, err := a.Publisher.Purge(ctx, publish.Actor{User: admin}, p.ID); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := getNoFollow(t, url); code != http.StatusNotFound {
		t.Fatalf("purged story: %d", code)
	}
	// A trashed draft was never public: its address stays 404.
	d := &domain.Post{Kind: domain.KindArticle, Title: "Embargoed draft", BodyMD: "Secret.", Authors: []domain.Author{ed.Author}}
	a.Publisher.Create(ctx, act, d, publish.Options{})
	a.Publisher.Trash(ctx, act, d.ID)
	if code, _, _ := getNoFollow(t, srv.URL+"/"+d.Slug+"/"); code != http.StatusNotFound {
		t.Fatalf("trashed draft: %d", code)
	}
}

// The server's scheduler purges trash older than 30 days and leaves
// newer trash alone.
func TestSchedulerPurgesExpiredTrash(t *testing.T) {
	a, srv := startApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	old := &domain.Post{Kind: domain.KindArticle, Title: "Old mistake", BodyMD: "x", Authors: []domain.Author{ed.Author}}
	fresh := &domain.Post{Kind: domain.KindArticle, Title: "Fresh mistake", BodyMD: "y", Authors: []domain.Author{ed.Author}}
	for _, p := range []*domain.Post{old, fresh} {
		if err := a.Publisher.Create(ctx, publish.Actor{User: ed}, p, publish.Options{Action: publish.Publish}); err != nil {
			t.Fatal(err)
		}
	}
	a.Publisher.Now = func() time.Time { return time.Now().Add(-31 * 24 * time.Hour) }
	a.Publisher.Trash(ctx, publish.Actor{User: ed}, old.ID)
	a.Publisher.Now = nil
	a.Publisher.Trash(ctx, publish.Actor{User: ed}, fresh.ID)
	go a.runScheduler(ctx, 20*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := a.Store.PostByID(ctx, old.ID); domain.ErrorCode(err) == domain.ENOTFOUND {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduler did not purge expired trash")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, _, _ := getNoFollow(t, srv.URL+"/"+old.Slug+"/"); code != http.StatusNotFound {
		t.Fatalf("purged story: %d", code)
	}
	if _, err := a.Store.TrashOf(ctx, fresh.ID); err != nil {
		t.Fatalf("fresh trash purged: %v", err)
	}
	if code, _, _ := getNoFollow(t, srv.URL+"/"+fresh.Slug+"/"); code != http.StatusGone {
		t.Fatalf("fresh trash: %d", code)
	}
}
