package publish_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// A contributor's draft goes submit → send back → resubmit → approve
// (scheduled): each step one event, none public until it is published,
// each in the history; only Editors answer.
func TestReviewRoundTrip(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	c, ed := e.actor(domain.RoleContributor), e.actor(domain.RoleEditor)
	p := draft("Water main bursts", e.users[domain.RoleContributor])
	if err := e.svc.Create(ctx, c, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	e.take()
	if _, _, err := e.svc.SendBack(ctx, ed, p.ID, "x"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("send back before submission: %v", err)
	}
	if _, ev, err := e.svc.Submit(ctx, c, p.ID, ""); err != nil || ev.Action != storage.ReviewActionSubmitted {
		t.Fatalf("submit: %v %v", ev, err)
	}
	oneEvent(t, e, events.PostReviewed, false)
	if _, _, err := e.svc.Submit(ctx, c, p.ID, ""); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("submitted twice: %v", err)
	}
	// Only Editors and Administrators answer; a note is required.
	for _, r := range []domain.Role{domain.RoleContributor, domain.RoleAuthor} {
		if _, _, err := e.svc.SendBack(ctx, e.actor(r), p.ID, "no"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("%s sent back: %v", r, err)
		}
		if _, _, err := e.svc.Approve(ctx, e.actor(r), p.ID, time.Time{}, time.Time{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("%s approved: %v", r, err)
		}
	}
	if _, _, err := e.svc.SendBack(ctx, ed, p.ID, "  \n "); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("send back without a note: %v", err)
	}
	if _, _, err := e.svc.SendBack(ctx, ed, p.ID, strings.Repeat("x", publish.MaxReviewNote+1)); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("send back with a huge note: %v", err)
	}
	e.take()
	_, was, err := e.svc.SendBack(ctx, ed, p.ID, " Who is the second source? ")
	if err != nil || was.SubmittedBy != e.users[domain.RoleContributor].ID {
		t.Fatalf("send back: %+v %v", was, err)
	}
	oneEvent(t, e, events.PostReviewed, false)
	r, _ := e.store.ReviewOf(ctx, p.ID)
	if r.State != storage.ReviewSentBack || r.Note != "Who is the second source?" {
		t.Fatalf("after send back: %+v", r)
	}
	if _, _, err := e.svc.Approve(ctx, ed, p.ID, time.Time{}, time.Time{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("approved a post sent back: %v", err)
	}
	if _, ev, err := e.svc.Submit(ctx, c, p.ID, "Added her name."); err != nil || ev.Action != storage.ReviewActionResubmitted {
		t.Fatalf("resubmit: %v %v", ev, err)
	}
	e.take()
	// A time in the past cannot be scheduled, and nothing changes.
	if _, _, err := e.svc.Approve(ctx, ed, p.ID, time.Now().Add(-time.Hour), time.Time{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("scheduled in the past: %v", err)
	}
	if r, err := e.store.ReviewOf(ctx, p.ID); err != nil || r.State != storage.ReviewSubmitted {
		t.Fatalf("refused approval left review: %+v %v", r, err)
	}
	at := time.Now().Add(2 * time.Hour).Truncate(time.Minute)
	got, was, err := e.svc.Approve(ctx, ed, p.ID, at, time.Time{})
	if err != nil || got.Status != domain.StatusScheduled || !got.PublishedAt.Equal(at) || was.SubmittedBy != e.users[domain.RoleContributor].ID {
		t.Fatalf("approve: %+v %+v %v", got, was, err)
	}
	oneEvent(t, e, events.PostUpdated, false)
	if _, err := e.store.ReviewOf(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("approved post still in review: %v", err)
	}
	h, _ := e.store.ReviewHistory(ctx, p.ID)
	var acts []string
	for _, x := range h {
		acts = append(acts, string(x.Action))
	}
	if strings.Join(acts, ",") != "submitted,sent_back,resubmitted,approved" || h[1].UserID != e.users[domain.RoleEditor].ID || h[2].Note != "Added her name." {
		t.Fatalf("history = %v", acts)
	}
}

// With "Require review for Authors" on, an Author's publish and schedule
// are refused with a clear message, through any adapter; they submit.
// Off, they publish as before. An Editor publishing a post in review
// approves it.
func TestReviewRequiredForAuthors(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := e.actor(domain.RoleAuthor)
	st, _ := e.store.Settings(ctx)
	st.ReviewAuthors = true
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	p := draft("Ferry resumes", e.users[domain.RoleAuthor])
	err := e.svc.Create(ctx, a, p, publish.Options{Action: publish.Publish})
	if domain.ErrorCode(err) != domain.EFORBIDDEN || !strings.Contains(domain.ErrorMessage(err), "requires review for Authors") {
		t.Fatalf("author published on create: %v", err)
	}
	p = draft("Ferry resumes", e.users[domain.RoleAuthor])
	if err := e.svc.Create(ctx, a, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	cp := *p
	cp.PublishedAt = time.Now().Add(time.Hour)
	if err := e.svc.Update(ctx, a, p, &cp, publish.Options{Action: publish.Schedule}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("author scheduled: %v", err)
	}
	if got, _ := e.store.PostByID(ctx, p.ID); got.Status != domain.StatusDraft {
		t.Fatalf("refused schedule saved: %s", got.Status)
	}
	if _, _, err := e.svc.Submit(ctx, a, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	// The Editor's ordinary Publish approves it.
	cur, _ := e.store.PostByID(ctx, p.ID)
	pub := *cur
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), cur, &pub, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.ReviewOf(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("published post still in review: %v", err)
	}
	if h, _ := e.store.ReviewHistory(ctx, p.ID); len(h) != 2 || h[1].Action != storage.ReviewActionApproved {
		t.Fatalf("history = %+v", h)
	}
	// Off again: Authors publish directly.
	st.ReviewAuthors = false
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	q := draft("Market reopens", e.users[domain.RoleAuthor])
	if err := e.svc.Create(ctx, a, q, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
}

// The author withdraws a submission; another contributor cannot.
func TestReviewWithdraw(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	c := e.actor(domain.RoleContributor)
	p := draft("Library hours", e.users[domain.RoleContributor])
	if err := e.svc.Create(ctx, c, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(ctx, c, p.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("withdrew what was not submitted: %v", err)
	}
	if _, _, err := e.svc.Submit(ctx, c, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withdraw(ctx, e.actor(domain.RoleAuthor), p.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a stranger withdrew it: %v", err)
	}
	e.take()
	if _, err := e.svc.Withdraw(ctx, c, p.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostReviewed, false)
	if n, _ := e.store.CountReviewQueue(ctx); n != 0 {
		t.Fatalf("queue = %d after withdrawal", n)
	}
}
