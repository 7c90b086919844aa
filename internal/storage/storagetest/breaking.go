package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("BreakingFilter", testBreakingFilter)
}

// testBreakingFilter checks PostQuery.Breaking keeps only posts whose
// BreakingUntil is later than Now, combined with the public filter.
func testBreakingFilter(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	mk := func(title string, status domain.Status, published, until time.Time) *domain.Post {
		p := newPost(title, u)
		p.Status, p.PublishedAt, p.BreakingUntil = status, published, until
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatalf("create %q: %v", title, err)
		}
		return p
	}
	live := mk("Pinned now", domain.StatusPublished, now.Add(-time.Hour), now.Add(time.Hour))
	mk("Pin expired", domain.StatusPublished, now.Add(-2*time.Hour), now.Add(-time.Minute))
	mk("Never pinned", domain.StatusPublished, now.Add(-3*time.Hour), time.Time{})
	mk("Pinned draft", domain.StatusDraft, time.Time{}, now.Add(time.Hour))
	mk("Pinned but scheduled", domain.StatusScheduled, now.Add(time.Hour), now.Add(2*time.Hour))

	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Breaking: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Posts) != 1 || page.Posts[0].ID != live.ID {
		var got []string
		for _, p := range page.Posts {
			got = append(got, p.Title)
		}
		t.Fatalf("breaking posts = %q, want only %q", got, live.Title)
	}
	n, err := s.CountPosts(ctx, storage.PostQuery{Breaking: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 { // the published, draft and scheduled pins
		t.Fatalf("CountPosts(Breaking) = %d, want 3", n)
	}
}
