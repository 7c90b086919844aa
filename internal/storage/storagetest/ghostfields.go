package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// What the Ghost APIs read beyond newsdesk's own needs: tags' times and
// when staff were last seen.
func init() {
	register("TagTimes", testTagTimes)
	register("LastSeen", testLastSeen)
}

func testTagTimes(t *testing.T, s storage.Store) {
	ctx := context.Background()
	made := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tg := &domain.Tag{Name: "Weather", CreatedAt: made}
	if err := s.CreateTag(ctx, tg); err != nil {
		t.Fatal(err)
	}
	got, err := s.TagBySlug(ctx, "weather")
	if err != nil || !got.CreatedAt.Equal(made) || !got.UpdatedAt.Equal(made) {
		t.Fatalf("created tag: %+v %v", got, err)
	}
	got.Description = "Forecasts."
	if err := s.UpdateTag(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.TagByID(ctx, tg.ID)
	if err != nil || !again.CreatedAt.Equal(made) || !again.UpdatedAt.After(made) {
		t.Fatalf("updated tag: %+v %v", again, err)
	}
	list, err := s.ListTags(ctx)
	if err != nil || len(list) != 1 || !list[0].UpdatedAt.Equal(again.UpdatedAt) {
		t.Fatalf("listed tag: %v %v", list, err)
	}
}

func testLastSeen(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	seen, err := s.LastSeen(ctx)
	if err != nil || len(seen) != 0 {
		t.Fatalf("no sessions: %v %v", seen, err)
	}
	early := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{early, early.Add(time.Hour)} {
		if err := s.CreateSession(ctx, &storage.Session{TokenHash: "h" + string(rune('a'+i)), UserID: u.ID, CreatedAt: at,
			ExpiresAt: at.Add(24 * time.Hour), LastSeen: at}); err != nil {
			t.Fatal(err)
		}
	}
	seen, err = s.LastSeen(ctx)
	if err != nil || !seen[u.ID].Equal(early.Add(time.Hour)) {
		t.Fatalf("last seen: %v %v", seen, err)
	}
}
