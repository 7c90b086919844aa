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
	register("BulkCreateCorrections", testBulkCreateCorrections)
	register("SavePostsCorrections", testSavePostsCorrections)
	register("ExportSnapshot", testExportSnapshot)
}

// testBulkCreateCorrections checks CreatePosts saves corrections with
// their own dates and leaves the loaded updated_at alone.
func testBulkCreateCorrections(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Corrected story", u, tag)
	p.PublishedAt = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	p.UpdatedAt = time.Date(2025, 4, 3, 9, 0, 0, 0, time.UTC)
	first := time.Date(2025, 4, 2, 10, 0, 0, 0, time.UTC)
	p.Corrections = []domain.Correction{
		{Kind: "correction", Body: "An earlier version misspelt the mayor's name.", CreatedAt: first},
		{Kind: "update", Body: "Police have since confirmed the figure.", CreatedAt: first.Add(time.Hour)},
	}
	if err := s.CreatePosts(ctx, []*domain.Post{p}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PostBySlug(ctx, p.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !got.UpdatedAt.Equal(p.UpdatedAt) {
		t.Errorf("updated_at = %v, want the loaded %v", got.UpdatedAt, p.UpdatedAt)
	}
	if len(got.Corrections) != 2 {
		t.Fatalf("corrections = %+v, want 2", got.Corrections)
	}
	for i, c := range got.Corrections {
		want := p.Corrections[i]
		if c.Kind != want.Kind || c.Body != want.Body || !c.CreatedAt.Equal(want.CreatedAt) || c.ID == "" {
			t.Errorf("correction %d = %+v, want %+v", i, c, want)
		}
	}
}

// testSavePostsCorrections checks a post created through SavePosts (an
// import) keeps the corrections it arrives with, dated as they were.
func testSavePostsCorrections(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newPost("Imported with a correction", u)
	p.UpdatedAt = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	at := time.Date(2025, 6, 1, 18, 30, 0, 0, time.UTC)
	p.Corrections = []domain.Correction{{Kind: "correction", Body: "The bridge is 40 m long, not 400 m.", CreatedAt: at}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, KeepUpdatedAt: true}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 1 || got.Corrections[0].Body != p.Corrections[0].Body || !got.Corrections[0].CreatedAt.Equal(at) {
		t.Fatalf("corrections = %+v, want the one imported, dated %v", got.Corrections, at)
	}
	if !got.UpdatedAt.Equal(p.UpdatedAt) {
		t.Errorf("updated_at = %v, want %v", got.UpdatedAt, p.UpdatedAt)
	}
}

// testExportSnapshot reads more than one page of posts through a snapshot
// while another connection writes, and checks the snapshot sees neither
// the new post nor the new settings, holds no password hash, and brings
// every post with its relations and corrections, in id order.
func testExportSnapshot(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	u.PasswordHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"
	u.Email = "olena@example.org"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	city := &domain.Tag{Name: "City", Description: "Our city."}
	if err := s.CreateTag(ctx, city); err != nil {
		t.Fatal(err)
	}
	const n = 1234 // more than two of the snapshot's pages
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	posts := make([]*domain.Post, n)
	for i := range posts {
		p := newPost(fmt.Sprintf("Export item %04d", i), u, city, politics)
		p.PublishedAt = base.Add(time.Duration(i) * time.Minute)
		if i%100 == 7 {
			p.Corrections = []domain.Correction{{Kind: "update", Body: fmt.Sprintf("Update %d.", i), CreatedAt: p.PublishedAt.Add(time.Hour)}}
		}
		posts[i] = p
	}
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]*domain.Post, n)
	for _, p := range posts {
		byID[p.ID] = p
	}
	before, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var late *domain.Post
	err = s.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		count, err := sn.CountPosts(ctx)
		if err != nil {
			return err
		}
		if count != n {
			t.Errorf("snapshot counts %d posts, want %d", count, n)
		}
		// Writers are not held back by the snapshot, and it does not see them.
		late = newPost("Written during the export", u)
		if err := s.CreatePost(ctx, late); err != nil {
			return fmt.Errorf("write during snapshot: %w", err)
		}
		changed := before
		changed.Title = "Renamed during the export"
		if err := s.SaveSettings(ctx, changed); err != nil {
			return fmt.Errorf("save settings during snapshot: %w", err)
		}
		seen, last := 0, ""
		err = sn.Posts(ctx, func(p *domain.Post) error {
			if p.ID <= last {
				t.Fatalf("post %s after %s: not in id order", p.ID, last)
			}
			last = p.ID
			want, ok := byID[p.ID]
			if !ok {
				t.Fatalf("snapshot returned post %q written after it began", p.Title)
			}
			seen++
			if p.Title != want.Title || !p.PublishedAt.Equal(want.PublishedAt) || len(p.Authors) != 1 ||
				p.Authors[0].ID != u.ID || len(p.Tags) != 2 || p.Tags[0].ID != city.ID || p.Tags[1].ID != politics.ID {
				t.Fatalf("post %s: got %+v", want.Title, p)
			}
			if len(p.Corrections) != len(want.Corrections) {
				t.Fatalf("post %s: %d corrections, want %d", want.Title, len(p.Corrections), len(want.Corrections))
			}
			if len(want.Corrections) == 1 && (p.Corrections[0].Body != want.Corrections[0].Body ||
				!p.Corrections[0].CreatedAt.Equal(want.Corrections[0].CreatedAt)) {
				t.Fatalf("post %s: correction %+v, want %+v", want.Title, p.Corrections[0], want.Corrections[0])
			}
			return nil
		})
		if err != nil {
			return err
		}
		if seen != n {
			t.Errorf("snapshot walked %d posts, want %d", seen, n)
		}
		st, err := sn.Settings(ctx)
		if err != nil {
			return err
		}
		if st.Title != before.Title {
			t.Errorf("snapshot settings title %q, want %q from before the snapshot", st.Title, before.Title)
		}
		users, err := sn.Users(ctx)
		if err != nil {
			return err
		}
		if len(users) != 1 || users[0].Email != u.Email || users[0].Bio != u.Bio {
			t.Errorf("users = %+v", users)
		}
		for _, x := range users {
			if x.PasswordHash != "" {
				t.Errorf("user %s comes with a password hash", x.Slug)
			}
		}
		tags, err := sn.Tags(ctx)
		if err != nil {
			return err
		}
		if len(tags) != 2 || tags[0].ID > tags[1].ID || tags[0].CreatedAt.IsZero() {
			t.Errorf("tags = %+v, want both in id order with their dates", tags)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PostByID(ctx, late.ID); err != nil {
		t.Errorf("post written during the snapshot is lost: %v", err)
	}
}
