package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("SitemapPosts", testSitemapPosts)
	register("SitemapProfiles", testSitemapProfiles)
}

func testSitemapPosts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Now().UTC().Truncate(time.Millisecond)
	var posts []*domain.Post
	for i := 0; i < 25; i++ {
		p := newPost(fmt.Sprintf("Sitemap item %02d", i), u)
		// Pairs share a timestamp so the id tie-break is exercised.
		p.PublishedAt = now.Add(-time.Duration(100-(i/2)*8) * time.Hour)
		if i == 3 {
			p.Image.URL = "/content/images/lead.jpg"
		}
		posts = append(posts, p)
	}
	draft := newPost("Sitemap draft", u)
	draft.Status = domain.StatusDraft
	future := newPost("Sitemap future", u)
	future.PublishedAt = now.Add(time.Hour)
	if err := s.CreatePosts(ctx, append(posts, draft, future)); err != nil {
		t.Fatal(err)
	}

	// Paging oldest first by keyset visits every public post once, in order.
	var all []storage.SitemapPost
	var from *storage.Cursor
	for {
		page, err := s.SitemapPosts(ctx, from, 7, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) > 0 && len(page) > 0 && page[0].ID == all[len(all)-1].ID {
			page = page[1:] // from is inclusive
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		c := page[len(page)-1].Cursor()
		from = &c
	}
	if len(all) != 25 {
		t.Fatalf("paged %d posts, want 25", len(all))
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if b.PublishedAt.Before(a.PublishedAt) || b.PublishedAt.Equal(a.PublishedAt) && b.ID <= a.ID {
			t.Fatalf("order broken at %d: %s then %s", i, a.Slug, b.Slug)
		}
	}
	if first := all[0]; !first.PublishedAt.Equal(posts[0].PublishedAt) || first.Slug != domain.Slugify(first.Title) ||
		first.Language != "en" || first.UpdatedAt.IsZero() {
		t.Fatalf("first post %+v", all[0])
	}

	var keys []storage.SitemapKey
	err := s.SitemapKeys(ctx, now, func(k storage.SitemapKey) error {
		keys = append(keys, k)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 25 {
		t.Fatalf("%d keys, want 25", len(keys))
	}
	for i, k := range keys {
		p := all[i]
		if k.Cursor != p.Cursor() || !k.UpdatedAt.Equal(p.UpdatedAt) {
			t.Fatalf("key %d = %+v, post %+v", i, k, p)
		}
	}

	recent, err := s.RecentPosts(ctx, now.Add(-48*time.Hour), now, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Items 14..24 are 44 to 4 hours old: within two days, newest first.
	if len(recent) != 11 || recent[0].Slug != posts[24].Slug || !recent[len(recent)-1].PublishedAt.Equal(posts[14].PublishedAt) {
		t.Fatalf("recent: %d posts: %+v", len(recent), recent)
	}
	if limited, _ := s.RecentPosts(ctx, now.Add(-100*time.Hour), now, 3); len(limited) != 3 {
		t.Fatalf("limit ignored: %d posts", len(limited))
	}
}

func testSitemapProfiles(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	idle := &domain.User{Author: domain.Author{Name: "No Posts Yet"}}
	if err := s.CreateUser(ctx, idle); err != nil {
		t.Fatal(err)
	}
	internal := &domain.Tag{Name: "#homepage"}
	empty := &domain.Tag{Name: "Empty"}
	for _, tg := range []*domain.Tag{internal, empty} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	old := newPost("Profile old", u, tag, internal)
	old.PublishedAt = now.Add(-2 * time.Hour)
	recent := newPost("Profile recent", u, tag)
	recent.PublishedAt = now.Add(-time.Hour)
	draft := newPost("Profile draft", idle, empty)
	draft.Status = domain.StatusDraft
	for _, p := range []*domain.Post{old, recent, draft} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	authors, err := s.PublicAuthors(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(authors) != 1 || authors[0].Slug != u.Slug || authors[0].Name != u.Name || !authors[0].LastPost.Equal(recent.PublishedAt) {
		t.Fatalf("authors = %+v", authors)
	}
	tags, err := s.PublicTags(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 1 || tags[0].Slug != tag.Slug || !tags[0].LastPost.Equal(recent.PublishedAt) {
		t.Fatalf("tags = %+v (internal and empty tags must be left out)", tags)
	}
}
