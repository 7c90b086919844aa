package publish

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// Review. A draft is submitted for review (Submit) by those who may not
// publish it themselves: Contributors, and Authors when the site requires
// review for Authors (domain.MustSubmit). It waits in the review queue, a
// draft still, until an Editor approves it (Approve: published now or
// scheduled, in the same write that takes it out of review), sends it
// back with a note (SendBack), or its author takes it back (Withdraw).
// Each transition is recorded in the post's review history; Submit,
// SendBack and Withdraw send post.reviewed, which readers never see, and
// an approval sends the publication's own event.

// MaxReviewNote bounds a send-back note, in characters.
const MaxReviewNote = 4000

// Submit puts the draft with id in the review queue, or back in it after
// it was sent back. note is optional words for the reviewer.
func (s *Service) Submit(ctx context.Context, a Actor, id, note string) (*domain.Post, *storage.ReviewEvent, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !domain.Can(a.User, domain.ActionEditPost, p) {
		return nil, nil, forbidden("submit this post for review")
	}
	if p.Status != domain.StatusDraft {
		return nil, nil, domain.Errorf(domain.EINVALID, "Only a draft can be submitted for review; this post is %s.", p.Status)
	}
	note, err = reviewNote(note, false)
	if err != nil {
		return nil, nil, err
	}
	e := &storage.ReviewEvent{PostID: id, UserID: userID(a.User), At: s.now(), Action: storage.ReviewActionSubmitted, Note: note,
		From: []storage.ReviewState{""}}
	cur, err := s.Store.ReviewOf(ctx, id)
	switch {
	case err == nil && cur.State == storage.ReviewSentBack:
		e.Action, e.From = storage.ReviewActionResubmitted, []storage.ReviewState{storage.ReviewSentBack}
	case err == nil:
		return nil, nil, domain.Errorf(domain.ECONFLICT, "This post is already waiting for review.")
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, nil, err
	}
	if err := s.Store.RecordReview(ctx, e); err != nil {
		return nil, nil, err
	}
	e.UserName = a.name()
	s.reviewed(p)
	return p, e, nil
}

// SendBack returns the submitted post with id to its author with a note
// saying what to change: an Editor's answer. It returns the review state
// the post was in (its submitter).
func (s *Service) SendBack(ctx context.Context, a Actor, id, note string) (*domain.Post, *storage.Review, error) {
	p, cur, err := s.inReview(ctx, a, id, "send posts back")
	if err != nil {
		return nil, nil, err
	}
	if note, err = reviewNote(note, true); err != nil {
		return nil, nil, err
	}
	e := &storage.ReviewEvent{PostID: id, UserID: userID(a.User), At: s.now(), Action: storage.ReviewActionSentBack, Note: note,
		From: []storage.ReviewState{storage.ReviewSubmitted}}
	if err := s.Store.RecordReview(ctx, e); err != nil {
		return nil, nil, err
	}
	s.reviewed(p)
	return p, cur, nil
}

// Withdraw takes the submitted post with id out of the queue: its author
// (or the submitter) wants it back. Editors may too.
func (s *Service) Withdraw(ctx context.Context, a Actor, id string) (*domain.Post, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	cur, err := s.Store.ReviewOf(ctx, id)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	mine := a.User != nil && (a.User.IsAuthorOf(p) || (cur != nil && cur.SubmittedBy == a.User.ID))
	if !(mine && domain.Can(a.User, domain.ActionEditPost, p)) && !domain.Can(a.User, domain.ActionReviewPost, p) {
		return nil, forbidden("withdraw this post from review")
	}
	if cur == nil || cur.State != storage.ReviewSubmitted {
		return nil, domain.Errorf(domain.ECONFLICT, "This post is not waiting for review.")
	}
	e := &storage.ReviewEvent{PostID: id, UserID: userID(a.User), At: s.now(), Action: storage.ReviewActionWithdrawn,
		From: []storage.ReviewState{storage.ReviewSubmitted}}
	if err := s.Store.RecordReview(ctx, e); err != nil {
		return nil, err
	}
	s.reviewed(p)
	return p, nil
}

// Approve publishes the submitted post with id now (at zero) or schedules
// it for at, and takes it out of review in the same write. It returns the
// published post and the review state it was in (its submitter).
// ifUpdatedAt, when not zero, refuses the approval if the post was saved
// since the reviewer read it.
func (s *Service) Approve(ctx context.Context, a Actor, id string, at, ifUpdatedAt time.Time) (*domain.Post, *storage.Review, error) {
	old, cur, err := s.inReview(ctx, a, id, "approve posts")
	if err != nil {
		return nil, nil, err
	}
	p := *old
	o := Options{Action: Publish, IfUpdatedAt: ifUpdatedAt, Review: &storage.ReviewEvent{UserID: userID(a.User),
		Action: storage.ReviewActionApproved, From: []storage.ReviewState{storage.ReviewSubmitted}}}
	if !at.IsZero() {
		o.Action, p.PublishedAt = Schedule, at
	}
	if err := s.Update(ctx, a, old, &p, o); err != nil {
		return nil, nil, err
	}
	return &p, cur, nil
}

// inReview loads the post with id, which must be waiting for review, for
// a reviewer's answer.
func (s *Service) inReview(ctx context.Context, a Actor, id, what string) (*domain.Post, *storage.Review, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !domain.Can(a.User, domain.ActionReviewPost, p) {
		return nil, nil, forbidden(what)
	}
	cur, err := s.Store.ReviewOf(ctx, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && cur.State != storage.ReviewSubmitted || p.Status != domain.StatusDraft {
		return nil, nil, domain.Errorf(domain.ECONFLICT, "This post is not waiting for review.")
	}
	if err != nil {
		return nil, nil, err
	}
	return p, cur, nil
}

// reviewNote trims a note and checks it.
func reviewNote(note string, required bool) (string, error) {
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if required && note == "" {
		return "", domain.FieldError("note", "Say what needs to change: a note is required to send a post back.")
	}
	if utf8.RuneCountInString(note) > MaxReviewNote {
		return "", domain.FieldError("note", "The note is longer than %d characters.", MaxReviewNote)
	}
	return note, nil
}

// reviewGate is the review part of a save that moves a post: an Author
// the site makes submit is refused a publish or schedule, and a post
// published or scheduled while in review leaves review in the save's
// write, approved by whoever published it.
func (s *Service) reviewGate(ctx context.Context, a Actor, old, p *domain.Post, o *Options) error {
	if p.Status != domain.StatusPublished && p.Status != domain.StatusScheduled || !moved(old, p) {
		return nil
	}
	if a.User != nil && a.User.Role == domain.RoleAuthor {
		st, err := s.Store.Settings(ctx)
		if err != nil {
			return err
		}
		if domain.MustSubmit(a.User, st) {
			return domain.Errorf(domain.EFORBIDDEN, "This site requires review for Authors: submit the post for review, and an Editor publishes it.")
		}
	}
	if old == nil || o.Review != nil {
		return nil
	}
	cur, err := s.Store.ReviewOf(ctx, old.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	o.Review = &storage.ReviewEvent{UserID: userID(a.User), Action: storage.ReviewActionApproved, From: []storage.ReviewState{cur.State}}
	return nil
}

// reviewed announces a review transition: not public.
func (s *Service) reviewed(p *domain.Post) {
	s.publish(events.Event{Type: events.PostReviewed, PostID: p.ID, Slug: p.Slug, Where: WhereOf(nil, p, s.now())})
}
