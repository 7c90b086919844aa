package storagetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("Review", testReview)
	register("ReviewRace", testReviewRace)
	register("ReviewImported", testReviewImported)
}

// A draft goes through the review states; every transition is checked
// against the state it starts from and lands in the history; the queue
// holds submitted drafts, the longest waiting first; approval publishes
// the post and leaves review in one write.
func testReview(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	ed := &domain.User{Author: domain.Author{Name: "Iryna Desk"}, Role: domain.RoleEditor}
	if err := s.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	first, second, live := newPost("Bridge repairs begin", u, tag), newPost("Council meets", u, tag), newPost("Already live", u, tag)
	first.Status, second.Status = domain.StatusDraft, domain.StatusDraft
	for _, p := range []*domain.Post{first, second, live} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	none := []storage.ReviewState{""}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: live.ID, UserID: u.ID, Action: storage.ReviewActionSubmitted, From: none}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("submitting a published post: %v", err)
	}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: "missing", Action: storage.ReviewActionSubmitted, From: none}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("submitting a missing post: %v", err)
	}
	if _, err := s.ReviewOf(ctx, first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("not in review yet: %v", err)
	}
	t0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	// second is submitted first: it has waited longer.
	for i, p := range []*domain.Post{second, first} {
		e := &storage.ReviewEvent{PostID: p.ID, UserID: u.ID, Action: storage.ReviewActionSubmitted, At: t0.Add(time.Duration(i) * time.Minute), From: none}
		if err := s.RecordReview(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.ID == "" {
			t.Fatal("transition got no id")
		}
	}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: first.ID, UserID: u.ID, Action: storage.ReviewActionSubmitted, From: none}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("submitting twice: %v", err)
	}
	r, err := s.ReviewOf(ctx, first.ID)
	if err != nil || r.State != storage.ReviewSubmitted || r.SubmittedBy != u.ID || r.SubmitterName != u.Name || !r.SubmittedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("review state = %+v, %v", r, err)
	}
	q, err := s.ReviewQueue(ctx, 10)
	if err != nil || len(q) != 2 || q[0].Post.ID != second.ID || q[1].Post.ID != first.ID || q[0].Post.Title != second.Title {
		t.Fatalf("queue = %+v, %v", q, err)
	}
	if n, err := s.CountReviewQueue(ctx); err != nil || n != 2 {
		t.Fatalf("queue count = %d, %v", n, err)
	}
	// Sent back with a note: out of the queue, the note kept.
	sub := []storage.ReviewState{storage.ReviewSubmitted}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: first.ID, UserID: ed.ID, Action: storage.ReviewActionSentBack,
		Note: "Name the second source.", At: t0.Add(2 * time.Minute), From: sub}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: first.ID, UserID: ed.ID, Action: storage.ReviewActionSentBack, From: sub}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("sending back twice: %v", err)
	}
	r, _ = s.ReviewOf(ctx, first.ID)
	if r.State != storage.ReviewSentBack || r.UserName != ed.Name || r.Note != "Name the second source." || r.SubmittedBy != u.ID {
		t.Fatalf("sent back = %+v", r)
	}
	if n, _ := s.CountReviewQueue(ctx); n != 1 {
		t.Fatalf("queue count after send back = %d", n)
	}
	states, err := s.ReviewStates(ctx, []string{first.ID, second.ID, live.ID})
	if err != nil || len(states) != 2 || states[first.ID].State != storage.ReviewSentBack || states[second.ID].State != storage.ReviewSubmitted {
		t.Fatalf("states = %v, %v", states, err)
	}
	// Resubmitted; then approved by a write that publishes it.
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: first.ID, UserID: u.ID, Action: storage.ReviewActionResubmitted,
		At: t0.Add(3 * time.Minute), From: []storage.ReviewState{storage.ReviewSentBack}}); err != nil {
		t.Fatal(err)
	}
	r, _ = s.ReviewOf(ctx, first.ID)
	if r.State != storage.ReviewSubmitted || r.Note != "" || !r.SubmittedAt.Equal(t0.Add(3*time.Minute)) {
		t.Fatalf("resubmitted = %+v", r)
	}
	cp, _ := s.PostByID(ctx, first.ID)
	cp.Status, cp.PublishedAt = domain.StatusPublished, time.Now()
	// An approval from the wrong state saves nothing, the post included.
	bad := &storage.ReviewEvent{UserID: ed.ID, Action: storage.ReviewActionApproved, From: []storage.ReviewState{storage.ReviewSentBack}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: cp, Review: bad}}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("approval from the wrong state: %v", err)
	}
	if got, _ := s.PostByID(ctx, first.ID); got.Status != domain.StatusDraft {
		t.Fatal("a refused approval published the post")
	}
	cp, _ = s.PostByID(ctx, first.ID)
	cp.Status, cp.PublishedAt = domain.StatusPublished, time.Now()
	ok := &storage.ReviewEvent{UserID: ed.ID, Action: storage.ReviewActionApproved, At: t0.Add(4 * time.Minute), From: sub}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: cp, Review: ok}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewOf(ctx, first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("approved post still in review: %v", err)
	}
	h, err := s.ReviewHistory(ctx, first.ID)
	if err != nil || len(h) != 4 {
		t.Fatalf("history = %v, %v", h, err)
	}
	want := []storage.ReviewAction{storage.ReviewActionSubmitted, storage.ReviewActionSentBack, storage.ReviewActionResubmitted, storage.ReviewActionApproved}
	for i, e := range h {
		if e.Action != want[i] || e.PostID != first.ID {
			t.Fatalf("history[%d] = %+v, want %s", i, e, want[i])
		}
	}
	if h[1].Note != "Name the second source." || h[1].UserName != ed.Name || !h[1].At.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("send back in history = %+v", h[1])
	}
	// Withdrawn: out of review. A trashed draft in review leaves the queue.
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: second.ID, UserID: u.ID, Action: storage.ReviewActionWithdrawn, From: sub}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewOf(ctx, second.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("withdrawn post still in review: %v", err)
	}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: second.ID, UserID: u.ID, Action: storage.ReviewActionSubmitted, From: none}); err != nil {
		t.Fatal(err)
	}
	if err := s.TrashPost(ctx, &storage.Trash{PostID: second.ID}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountReviewQueue(ctx); n != 0 {
		t.Fatalf("trashed draft counted in the queue: %d", n)
	}
	if q, _ := s.ReviewQueue(ctx, 10); len(q) != 0 {
		t.Fatalf("trashed draft in the queue: %v", q)
	}
	// Deleting the post takes its review state and history with it.
	if err := s.DeletePost(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.ReviewHistory(ctx, second.ID); len(h) != 0 {
		t.Fatalf("history outlived its post: %v", h)
	}
}

// Of two editors answering one submission at once, one wins; the other
// is told it changed meanwhile and writes nothing.
func testReviewRace(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Race", u, tag)
	p.Status = domain.StatusDraft
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordReview(ctx, &storage.ReviewEvent{PostID: p.ID, UserID: u.ID, Action: storage.ReviewActionSubmitted, From: []storage.ReviewState{""}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.RecordReview(ctx, &storage.ReviewEvent{PostID: p.ID, UserID: u.ID, Action: storage.ReviewActionSentBack,
				Note: "no", From: []storage.ReviewState{storage.ReviewSubmitted}})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case domain.ErrorCode(err) != domain.ECONFLICT && domain.ErrorCode(err) != domain.EUNAVAILABLE:
			t.Fatalf("racing send back: %v", err)
		}
	}
	h, _ := s.ReviewHistory(ctx, p.ID)
	if won != 1 || len(h) != 2 {
		t.Fatalf("%d send backs won, history has %d transitions", won, len(h))
	}
}

// An import gives a created post its review state and history as they
// were, in the post's own write.
func testReviewImported(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Imported in review", u, tag)
	p.Status = domain.StatusDraft
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	w := &storage.PostWrite{Post: p, Create: true,
		ReviewState: &storage.Review{State: storage.ReviewSentBack, SubmittedBy: u.ID, SubmittedAt: at, UserID: u.ID, At: at.Add(time.Hour), Note: "Shorter."},
		ReviewLog: []*storage.ReviewEvent{
			{UserID: u.ID, Action: storage.ReviewActionSubmitted, At: at},
			{UserID: u.ID, Action: storage.ReviewActionSentBack, At: at.Add(time.Hour), Note: "Shorter."},
		}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); err != nil {
		t.Fatal(err)
	}
	r, err := s.ReviewOf(ctx, p.ID)
	if err != nil || r.State != storage.ReviewSentBack || !r.SubmittedAt.Equal(at) || !r.At.Equal(at.Add(time.Hour)) || r.Note != "Shorter." {
		t.Fatalf("imported state = %+v, %v", r, err)
	}
	h, _ := s.ReviewHistory(ctx, p.ID)
	if len(h) != 2 || h[1].Action != storage.ReviewActionSentBack || h[1].Note != "Shorter." {
		t.Fatalf("imported history = %+v", h)
	}
	var states []*storage.Review
	var log []*storage.ReviewEvent
	if err := s.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		var err error
		states, log, err = sn.Reviews(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(states) != 1 || states[0].PostID != p.ID || len(log) != 2 || log[0].Action != storage.ReviewActionSubmitted {
		t.Fatalf("snapshot = %v, %v", states, log)
	}
}
