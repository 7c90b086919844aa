package feed

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// TestLiveBlogFeeds: a live blog's Atom, RSS and JSON feeds carry its
// published entries, newest first, linking to each entry's page; a draft
// stays out; a new entry drops the cached feed; an article has no such feed.
func TestLiveBlogFeeds(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "")
	ed := &domain.User{Author: domain.Author{Name: "Desk Editor"}, Role: domain.RoleEditor, Email: "desk@example.org"}
	if err := f.store.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	svc := &publish.Service{Store: f.store, Events: f.bus}
	a := publish.Actor{User: ed}
	blog := &domain.Post{Kind: domain.KindLive, Title: "Flood live", BodyMD: "Coverage.", Authors: []domain.Author{ed.Author}}
	if err := svc.Create(ctx, a, blog, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"First: water at 3 m.", "Second: see ![quay](/content/images/quay.jpg)"} {
		if err := svc.AddEntry(ctx, a, blog, &domain.LiveEntry{BodyMD: body}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := svc.AddEntry(ctx, a, blog, &domain.LiveEntry{BodyMD: "Draft", Status: domain.EntryDraft}); err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats {
		path := Scope{Kind: "live", Slug: blog.Slug}.Path(format)
		feed := f.parse(t, path)
		if len(feed.Items) != 2 || !strings.HasPrefix(feed.Items[0].Title, "Second") || !strings.Contains(feed.Items[0].Link, "/"+blog.Slug+"/entries/") {
			t.Fatalf("%s: %d items, first %+v", path, len(feed.Items), feed.Items[0])
		}
		if !strings.Contains(feed.Items[0].Content, base+"/content/images/quay.jpg") {
			t.Fatalf("%s: relative image in %q", path, feed.Items[0].Content)
		}
	}
	// The cached feed follows a new entry.
	if err := svc.AddEntry(ctx, a, blog, &domain.LiveEntry{BodyMD: "Third: the bridge closes."}); err != nil {
		t.Fatal(err)
	}
	if feed := f.parse(t, "/live/"+blog.Slug+"/atom/"); len(feed.Items) != 3 || !strings.HasPrefix(feed.Items[0].Title, "Third") {
		t.Fatalf("after a new entry: %d items", len(feed.Items))
	}
	for _, path := range []string{"/live/" + f.posts[0].Slug + "/atom/", "/live/no-such-blog/feed.json"} {
		if resp := f.get(t, path); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}
