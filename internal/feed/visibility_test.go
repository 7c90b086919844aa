package feed

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// TestFeedsOfHiddenTagsAndInvitations: a tag whose posts are all drafts or
// scheduled, and a pending invitation, have no feeds.
func TestFeedsOfHiddenTagsAndInvitations(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	embargo := &domain.Tag{Name: "Merger talks"}
	if err := f.store.CreateTag(ctx, embargo); err != nil {
		t.Fatal(err)
	}
	invited := &domain.User{Author: domain.Author{Name: "Invited Person"}, Email: "invited@example.org", Pending: true}
	if err := f.store.CreateUser(ctx, invited); err != nil {
		t.Fatal(err)
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusScheduled, Title: "Embargoed merger", BodyMD: "x",
		PublishedAt: time.Now().Add(time.Hour), Authors: []domain.Author{invited.Author}, Tags: []domain.Tag{*embargo}}
	markdown.Apply(p)
	if err := f.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats {
		for _, scope := range []Scope{{Kind: "tag", Slug: embargo.Slug}, {Kind: "author", Slug: invited.Slug}} {
			if resp := f.get(t, scope.Path(format)); resp.StatusCode != 404 {
				t.Errorf("GET %s: %d, want 404", scope.Path(format), resp.StatusCode)
			}
		}
	}
	// The public tag's feed is still there.
	if resp := f.get(t, Scope{Kind: "tag", Slug: f.tag.Slug}.Path(RSS)); resp.StatusCode != 200 {
		t.Errorf("public tag feed: %d", resp.StatusCode)
	}
}
