package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

func init() {
	register("Visibility", testVisibility)
}

// testVisibility: a post's visibility and its public part (the body
// before the members-only marker) survive every way posts are written
// and read, and Ghost's visibility filter sees them.
func testVisibility(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	now := time.Now().UTC().Truncate(time.Millisecond)

	open := newPost("Open story", u, tag)
	open.Visibility = "" // as posts written before visibility existed
	open.PublishedAt = now.Add(-3 * time.Hour)
	paid := newPost("Paid story", u, tag)
	paid.Visibility, paid.PublicHTML, paid.PublicPlaintext = domain.VisibilityPaid, "<p>Free part.</p>", "Free part."
	paid.PublishedAt = now.Add(-2 * time.Hour)
	for _, p := range []*domain.Post{open, paid} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	members := newPost("Members story", u, tag)
	members.Visibility, members.PublicHTML, members.PublicPlaintext = domain.VisibilityMembers, "<p>Teaser.</p>", "Teaser."
	members.PublishedAt = now.Add(-time.Hour)
	if err := s.CreatePosts(ctx, []*domain.Post{members}); err != nil {
		t.Fatal(err)
	}

	check := func(how string, got *domain.Post, want *domain.Post) {
		t.Helper()
		v := want.Visibility
		if v == "" {
			v = domain.VisibilityPublic
		}
		if got.Visibility != v || got.PublicHTML != want.PublicHTML || got.PublicPlaintext != want.PublicPlaintext {
			t.Errorf("%s %q: visibility %q, public part %q / %q; want %q, %q / %q", how, got.Slug,
				got.Visibility, got.PublicHTML, got.PublicPlaintext, v, want.PublicHTML, want.PublicPlaintext)
		}
	}
	for _, p := range []*domain.Post{open, paid, members} {
		got, err := s.PostByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("PostByID", got, p)
	}
	want := map[string]*domain.Post{open.ID: open, paid.ID: paid, members.ID: members}
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, TagID: tag.ID})
	if err != nil || len(page.Posts) != 3 {
		t.Fatalf("gated posts are listed like others: %d, %v", len(page.Posts), err)
	}
	for _, p := range page.Posts {
		check("ListPosts", p, want[p.ID])
	}

	ghost := func(src string) []*domain.Post {
		t.Helper()
		e, err := filter.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		posts, _, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 15, Page: 1, Filter: e})
		if err != nil {
			t.Fatalf("filter %s: %v", src, err)
		}
		return posts
	}
	for src, wantSlugs := range map[string][]string{
		"visibility:public":            {open.Slug},
		"visibility:paid":              {paid.Slug},
		"visibility:[members,paid]":    {members.Slug, paid.Slug},
		"visibility:-public":           {members.Slug, paid.Slug},
		"visibility:tiers":             nil,
		"visibility:PAID+tag:politics": {paid.Slug},
	} {
		got := ghost(src)
		equal(t, src, slugs(got), wantSlugs...)
		for _, p := range got {
			check("GhostPosts", p, want[p.ID])
		}
	}

	// An update changes the visibility and public part, or keeps them.
	got, _ := s.PostByID(ctx, paid.ID)
	got.Title = "Paid story, edited"
	if err := s.UpdatePost(ctx, got, got.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	again, _ := s.PostByID(ctx, paid.ID)
	check("UpdatePost (kept)", again, paid)
	again.Visibility, again.PublicHTML, again.PublicPlaintext = domain.VisibilityPublic, "", ""
	if err := s.UpdatePost(ctx, again, again.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	final, _ := s.PostByID(ctx, paid.ID)
	check("UpdatePost (made public)", final, again)

	// The export's snapshot carries them too.
	err = s.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		return sn.Posts(ctx, func(p *domain.Post) error {
			if p.ID == members.ID {
				check("ExportSnapshot", p, members)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
