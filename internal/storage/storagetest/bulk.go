package storagetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("BulkCreate", testBulkCreate)
	register("BulkCreateFailsWhole", testBulkCreateFailsWhole)
}

// testBulkCreate loads more posts than one multi-row statement holds, so
// full-size and remainder statements both run, and reads them back.
func testBulkCreate(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	u2 := &domain.User{Author: domain.Author{Name: "Marko Bondar", Title: "Photographer"}}
	if err := s.CreateUser(ctx, u2); err != nil {
		t.Fatal(err)
	}
	city := &domain.Tag{Name: "City"}
	if err := s.CreateTag(ctx, city); err != nil {
		t.Fatal(err)
	}
	const n = 1234
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	edited := base.Add(-time.Hour)
	posts := make([]*domain.Post, n)
	for i := range posts {
		p := newPost(fmt.Sprintf("Bulk item %04d", i), u, politics, city)
		p.PublishedAt = base.Add(-time.Duration(i) * time.Minute)
		if i%2 == 0 {
			// A repeated author counts once, as in CreatePost.
			p.Authors = []domain.Author{u2.Author, u.Author, u2.Author}
		}
		if i == 7 {
			p.UpdatedAt = edited
			p.Image = domain.Image{URL: "/content/images/x.jpg", Alt: "Alt", Caption: "Cap", Credit: "A / B", Width: 1600, Height: 900}
			p.Featured = true
		}
		posts[i] = p
	}
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	total, err := s.CountPosts(ctx, storage.PostQuery{})
	if err != nil || total != n {
		t.Fatalf("count = %d, %v; want %d", total, err, n)
	}
	byTag, err := s.CountPosts(ctx, storage.PostQuery{Public: true, TagID: city.ID})
	if err != nil || byTag != n {
		t.Fatalf("city tag count = %d, %v; want %d", byTag, err, n)
	}
	byAuthor, err := s.CountPosts(ctx, storage.PostQuery{Public: true, AuthorID: u2.ID})
	if err != nil || byAuthor != n/2 {
		t.Fatalf("second author count = %d, %v; want %d", byAuthor, err, n/2)
	}
	got, err := s.PostBySlug(ctx, posts[7].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !got.UpdatedAt.Equal(edited) {
		t.Errorf("updated_at = %v, want the caller's %v", got.UpdatedAt, edited)
	}
	if got.Image != posts[7].Image || !got.Featured || got.Title != posts[7].Title {
		t.Errorf("post 7 round trip: got %+v", got)
	}
	if len(got.Tags) != 2 || got.Tags[0].ID != politics.ID || got.Tags[1].ID != city.ID {
		t.Errorf("tags = %+v, want politics then city", got.Tags)
	}
	got, err = s.PostBySlug(ctx, posts[8].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Authors) != 2 || got.Authors[0].ID != u2.ID || got.Authors[1].ID != u.ID {
		t.Errorf("authors = %+v, want Marko then Olena once each", got.Authors)
	}
	if got.UpdatedAt.IsZero() {
		t.Error("updated_at not set")
	}
	// The stream pages through every loaded post in order.
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Posts[0].ID != posts[0].ID || page.Posts[99].ID != posts[99].ID {
		t.Errorf("stream order: first %s, want %s", page.Posts[0].Slug, posts[0].Slug)
	}
}

// testBulkCreateFailsWhole checks a bad post fails its batch with a clear
// error and saves nothing of it.
func testBulkCreateFailsWhole(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	existing := newPost("Already here", u, tag)
	if err := s.CreatePost(ctx, existing); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		spoil func(p *domain.Post)
		field string
	}{
		{"duplicate slug", func(p *domain.Post) { p.Slug = existing.Slug }, "slug"},
		{"unknown author", func(p *domain.Post) { p.Authors = []domain.Author{{ID: domain.NewID(), Name: "Nobody"}} }, "authors"},
		{"unknown tag", func(p *domain.Post) { p.Tags = []domain.Tag{{ID: domain.NewID(), Name: "Nothing"}} }, "tags"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			posts := make([]*domain.Post, 450)
			for i := range posts {
				posts[i] = newPost(fmt.Sprintf("%s %d", tc.name, i), u, tag)
			}
			tc.spoil(posts[321])
			err := s.CreatePosts(ctx, posts)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID || de.Field != tc.field {
				t.Fatalf("got %v, want EINVALID on %s", err, tc.field)
			}
			n, err := s.CountPosts(ctx, storage.PostQuery{})
			if err != nil || n != 1 {
				t.Fatalf("after failed batch: %d posts, %v; want only the existing one", n, err)
			}
		})
	}
}
