package publish

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Assignments. An editor commissions a story: Assign creates a draft stub
// whose author is the reporter, with its assignment (deadline, brief, who
// assigned it) in the same transaction, so neither exists without the
// other. The reporter writes the stub like any draft; the save that
// publishes or schedules it marks the assignment done (see write).
//
// A deadline already past is refused when it is set (a typo, most
// likely: nobody commissions a story that is late before it starts); an
// assignment whose deadline passes while it is open is overdue.

// MaxBriefLen caps an assignment's brief, in characters.
const MaxBriefLen = 4000

// Clock is the service's time: what deadlines are measured against.
func (s *Service) Clock() time.Time { return s.now() }

// Assign creates the stub p (headline, kind, language; a video stub its
// video URL) for the reporter as.AssigneeID with as's deadline and brief.
// On success p is the saved draft and as its assignment.
func (s *Service) Assign(ctx context.Context, a Actor, p *domain.Post, as *storage.Assignment) error {
	if !domain.Can(a.User, domain.ActionAssign, nil) {
		return forbidden("assign stories")
	}
	var errs domain.ValidationErrors
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" {
		errs = append(errs, domain.FieldError("title", "Give the story a working headline."))
	}
	if p.Kind == "" {
		p.Kind = domain.KindArticle
	}
	if !p.Kind.Valid() {
		errs = append(errs, domain.FieldError("kind", "Kind must be article, brief, video or live."))
	}
	assignee, err := s.assignee(ctx, as.AssigneeID)
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		errs = append(errs, err.(*domain.Error))
	}
	if err := s.checkTerms(as, time.Time{}); err != nil {
		errs = append(errs, err.(domain.ValidationErrors)...)
	}
	if len(errs) > 0 {
		return errs
	}
	p.Type, p.Status, p.PublishedAt = domain.TypePost, domain.StatusDraft, time.Time{}
	p.Authors = []domain.Author{assignee.Author}
	as.AssigneeID, as.AssignedBy, as.AssignedAt, as.DoneAt = assignee.ID, userID(a.User), s.now(), time.Time{}
	if err := s.Create(ctx, a, p, Options{Action: Save, UniqueSlug: true, Assignment: as}); err != nil {
		return err
	}
	as.PostID, as.Title, as.Kind, as.Status = p.ID, p.Title, p.Kind, p.Status
	as.AssigneeName, as.AssignedByName = assignee.Name, a.name()
	return nil
}

// assignee loads the reporter an assignment names: any staff account
// that is not suspended.
func (s *Service) assignee(ctx context.Context, id string) (*domain.User, error) {
	if strings.TrimSpace(id) == "" {
		return nil, domain.FieldError("assignee", "Pick the reporter who will write it.")
	}
	u, err := s.Store.UserByID(ctx, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.FieldError("assignee", "That reporter is not on the staff list.")
	}
	if err != nil {
		return nil, err
	}
	if u.Suspended || !u.Role.Valid() {
		return nil, domain.FieldError("assignee", "That account is suspended; pick someone else.")
	}
	return u, nil
}

// checkTerms validates an assignment's deadline and brief. A deadline
// equal to was (the one it had) is kept even if it has passed since.
func (s *Service) checkTerms(as *storage.Assignment, was time.Time) error {
	var errs domain.ValidationErrors
	as.Brief = strings.TrimSpace(strings.ReplaceAll(as.Brief, "\r\n", "\n"))
	switch {
	case as.Deadline.IsZero():
		errs = append(errs, domain.FieldError("deadline", "Set a deadline."))
	case !as.Deadline.Equal(was) && as.Deadline.Before(s.now()):
		errs = append(errs, domain.FieldError("deadline", "That deadline has already passed; pick a later time."))
	}
	switch {
	case utf8.RuneCountInString(as.Brief) > MaxBriefLen:
		errs = append(errs, domain.FieldError("brief", "The brief is longer than %d characters.", MaxBriefLen))
	case !utf8.ValidString(as.Brief) || strings.ContainsRune(as.Brief, 0):
		errs = append(errs, domain.FieldError("brief", "The brief must be plain text."))
	}
	return errs.Err()
}

// ChangeAssignment sets the assignee, deadline and brief of the open
// assignment of the post postID. A new assignee becomes the stub's author
// in place of the old one (a post write, with the assignment in its
// transaction); reassigned reports that. A done assignment is not changed.
func (s *Service) ChangeAssignment(ctx context.Context, a Actor, postID string, to storage.Assignment) (as *storage.Assignment, reassigned bool, err error) {
	if !domain.Can(a.User, domain.ActionAssign, nil) {
		return nil, false, forbidden("change assignments")
	}
	cur, err := s.Store.AssignmentOf(ctx, postID)
	if err != nil {
		return nil, false, err
	}
	if cur.Done() {
		return nil, false, domain.Errorf(domain.ECONFLICT, "This assignment is done: the story was filed.")
	}
	if cur.Status == domain.StatusTrashed {
		return nil, false, domain.Errorf(domain.ECONFLICT, "This story is in the trash; restore it before changing its assignment.")
	}
	next := *cur
	next.Deadline, next.Brief = to.Deadline, to.Brief
	var errs domain.ValidationErrors
	var assignee *domain.User
	if to.AssigneeID != cur.AssigneeID {
		if assignee, err = s.assignee(ctx, to.AssigneeID); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				return nil, false, err
			}
			errs = append(errs, err.(*domain.Error))
		}
	}
	if err := s.checkTerms(&next, cur.Deadline); err != nil {
		errs = append(errs, err.(domain.ValidationErrors)...)
	}
	if len(errs) > 0 {
		return nil, false, errs
	}
	if assignee == nil {
		if err := s.Store.UpdateAssignment(ctx, &next); err != nil {
			return nil, false, err
		}
		return &next, false, nil
	}
	old, err := s.Store.PostByID(ctx, postID)
	if err != nil {
		return nil, false, err
	}
	p := *old
	p.Authors = nil
	for _, au := range old.Authors {
		if au.ID != cur.AssigneeID && au.ID != assignee.ID {
			p.Authors = append(p.Authors, au)
		}
	}
	p.Authors = append([]domain.Author{assignee.Author}, p.Authors...)
	next.AssigneeID, next.AssigneeName = assignee.ID, assignee.Name
	next.AssignedBy, next.AssignedByName, next.AssignedAt = userID(a.User), a.name(), s.now()
	if err := s.Update(ctx, a, old, &p, Options{Action: Save, IfUpdatedAt: old.UpdatedAt, Assignment: &next}); err != nil {
		return nil, false, err
	}
	return &next, true, nil
}

// CancelAssignment drops the assignment of the post postID. The stub
// stays, a draft like any other, with whatever was written in it.
func (s *Service) CancelAssignment(ctx context.Context, a Actor, postID string) error {
	if !domain.Can(a.User, domain.ActionAssign, nil) {
		return forbidden("cancel assignments")
	}
	return s.Store.DeleteAssignment(ctx, postID)
}
