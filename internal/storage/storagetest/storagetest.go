// Package storagetest is the conformance suite every storage.Store backend
// must pass. Backends call Run from their own tests with a factory that
// returns a fresh, empty store.
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

// Factory returns a new empty store; the suite closes it.
type Factory func(t *testing.T) storage.Store

type conformanceTest struct {
	name string
	fn   func(*testing.T, storage.Store)
}

// tests is the suite; each file of this package adds its tests with
// register from an init function, so features add tests without touching
// a shared list.
var tests []conformanceTest

func register(name string, fn func(*testing.T, storage.Store)) {
	tests = append(tests, conformanceTest{name, fn})
}

func init() {
	register("PostRoundTrip", testPostRoundTrip)
	register("StreamKeyset", testStreamKeyset)
}

// Run runs every conformance test against stores made by newStore.
func Run(t *testing.T, newStore Factory) {
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

// fixture creates one author and one tag.
func fixture(t *testing.T, s storage.Store) (*domain.User, *domain.Tag) {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets", Title: "Reporter", Bio: "One.\n\nTwo."}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	tag := &domain.Tag{Name: "Politics"}
	if err := s.CreateTag(ctx, tag); err != nil {
		t.Fatalf("create tag: %v", err)
	}
	return u, tag
}

func newPost(title string, u *domain.User, tags ...*domain.Tag) *domain.Post {
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: title,
		BodyMD: "Body of " + title, BodyHTML: "<p>Body</p>", Authors: []domain.Author{u.Author}}
	for _, tg := range tags {
		p.Tags = append(p.Tags, *tg)
	}
	if err := p.Validate(); err != nil {
		panic(err)
	}
	return p
}

func testPostRoundTrip(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Hello <world> & \"friends\"", u, tag)
	p.Image = domain.Image{URL: "/content/images/a.jpg", Alt: "alt", Caption: "Kyiv, May 1.", Credit: "A / B", Width: 1200, Height: 800}
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.PostBySlug(ctx, p.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != p.Title || got.Image != p.Image || len(got.Authors) != 1 || got.Authors[0].Name != u.Name ||
		len(got.Tags) != 1 || got.Tags[0].Slug != "politics" || !got.PublishedAt.Equal(p.PublishedAt) {
		t.Fatalf("round trip mismatch:\n got %+v\nwant %+v", got, p)
	}
	dup := newPost(p.Title, u)
	if err := s.CreatePost(ctx, dup); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("duplicate slug: got %v, want EINVALID", err)
	}
	stale := got.UpdatedAt
	got.Title = "Changed"
	if err := s.UpdatePost(ctx, got, stale); err != nil {
		t.Fatal(err)
	}
	got.Title = "Changed again"
	if err := s.UpdatePost(ctx, got, stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale update: got %v, want ECONFLICT", err)
	}
	if _, err := s.PostByID(ctx, "000000000000000000000000"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("missing post: got %v", err)
	}
}

func testStreamKeyset(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var posts []*domain.Post
	for i := 0; i < 37; i++ {
		p := newPost(fmt.Sprintf("Item %02d", i), u)
		if i%2 == 0 {
			p.Tags = []domain.Tag{*tag}
		}
		// Several posts share a timestamp so the id tie-break is exercised.
		p.PublishedAt = base.Add(time.Duration(i/3) * time.Minute)
		posts = append(posts, p)
	}
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	q := storage.PostQuery{Public: true, Limit: 10}
	var last *domain.Post
	for pages := 0; ; pages++ {
		page, err := s.ListPosts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Posts {
			if seen[p.ID] {
				t.Fatalf("post %s seen twice", p.Slug)
			}
			seen[p.ID] = true
			if last != nil && (p.PublishedAt.After(last.PublishedAt) || p.PublishedAt.Equal(last.PublishedAt) && p.ID > last.ID) {
				t.Fatalf("order broken at %s", p.Slug)
			}
			last = p
		}
		if page.Next == nil {
			break
		}
		q.After = page.Next
	}
	if len(seen) != 37 {
		t.Fatalf("saw %d posts, want 37", len(seen))
	}
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, TagID: tag.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Posts) != 19 {
		t.Fatalf("tag stream has %d posts, want 19", len(page.Posts))
	}
	if _, err := storage.ParseCursor("garbage"); !errors.As(err, new(*domain.Error)) {
		t.Fatalf("bad cursor: %v", err)
	}
}
