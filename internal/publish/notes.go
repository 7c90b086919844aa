package publish

import (
	"context"
	"slices"
	"time"

	"newsdesk/internal/domain"
)

// Editors' notes (domain.Note) are written here, like every other change
// to a post, so each gets the same permission rules and the same reading
// of mentions; the newsroom tells the mentioned people after the write.
// Notes change nothing readers can see, so they send no content event:
// caches, webhooks and live readers must not even learn that a draft is
// being discussed.

// timeZero is the zero time: not edited, not resolved.
var timeZero time.Time

// Mentions is who a note's @mentions reach: staff who may see the post
// (Notify, never the writer) and staff who may not (Unseen), whom the
// writer is told about instead.
type Mentions struct {
	Notify []*domain.User
	Unseen []*domain.User
}

// AddNote adds n, by a, to p: a new thread, or a reply when n.ParentID
// names a thread's first note.
func (s *Service) AddNote(ctx context.Context, a Actor, p *domain.Post, n *domain.Note) (Mentions, error) {
	if !domain.CanNote(a.User, p) {
		return Mentions{}, forbidden("write notes on this post")
	}
	if p.Status == domain.StatusTrashed {
		return Mentions{}, domain.Errorf(domain.ECONFLICT, "This post is in the trash; restore it before writing notes on it.")
	}
	n.ID, n.PostID, n.AuthorID = "", p.ID, userID(a.User)
	n.CreatedAt, n.UpdatedAt, n.ResolvedAt, n.ResolvedBy = s.now(), timeZero, timeZero, ""
	if err := n.Validate(); err != nil {
		return Mentions{}, err
	}
	if n.ParentID != "" {
		parent, err := s.noteOf(ctx, p, n.ParentID)
		if err != nil {
			return Mentions{}, err
		}
		if parent.ParentID != "" {
			n.ParentID = parent.ParentID // a reply to a reply joins the thread
		}
	}
	if err := s.Store.AddNote(ctx, n); err != nil {
		return Mentions{}, err
	}
	n.AuthorName, n.AuthorSlug = a.name(), a.User.Slug
	return s.mentions(ctx, a, p, n.Body, "")
}

// EditNote replaces the text of note id on p; only its author may. The
// mentions returned are those the old text did not have.
func (s *Service) EditNote(ctx context.Context, a Actor, p *domain.Post, id, body string) (*domain.Note, Mentions, error) {
	n, err := s.noteOf(ctx, p, id)
	if err != nil {
		return nil, Mentions{}, err
	}
	if !domain.CanEditNote(a.User, p, n) {
		return nil, Mentions{}, forbidden("edit other people's notes")
	}
	old := n.Body
	n.Body = body
	if err := n.Validate(); err != nil {
		return nil, Mentions{}, err
	}
	if err := s.Store.EditNote(ctx, n); err != nil {
		return nil, Mentions{}, err
	}
	m, err := s.mentions(ctx, a, p, n.Body, old)
	return n, m, err
}

// DeleteNote deletes note id on p: its author may, and Editors and
// Administrators may delete any. A thread's first note takes its replies
// with it, so its author alone may delete it only while nobody else has
// replied.
func (s *Service) DeleteNote(ctx context.Context, a Actor, p *domain.Post, id string) (*domain.Note, error) {
	n, err := s.noteOf(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !domain.CanDeleteNote(a.User, p, n) {
		return nil, forbidden("delete other people's notes")
	}
	if n.ParentID == "" && !a.User.Role.AtLeast(domain.RoleEditor) {
		all, err := s.Store.NotesOf(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(all, func(r *domain.Note) bool { return r.ParentID == n.ID && r.AuthorID != n.AuthorID }) {
			return nil, domain.Errorf(domain.ECONFLICT, "Others have replied to this note, so deleting it would delete their replies too. Resolve the thread instead, or ask an editor.")
		}
	}
	return n, s.Store.DeleteNote(ctx, n.ID)
}

// ResolveNote resolves (or, with resolved false, reopens) the thread
// that note id on p starts: Editors, Administrators and the thread's
// author may.
func (s *Service) ResolveNote(ctx context.Context, a Actor, p *domain.Post, id string, resolved bool) (*domain.Note, error) {
	n, err := s.noteOf(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if n.ParentID != "" {
		if n, err = s.noteOf(ctx, p, n.ParentID); err != nil {
			return nil, err
		}
	}
	if !domain.CanResolveNote(a.User, p, n) {
		return nil, forbidden("resolve or reopen other people's threads")
	}
	at := timeZero
	if resolved {
		at = s.now()
	}
	return n, s.Store.ResolveNote(ctx, n.ID, userID(a.User), at)
}

// noteOf loads note id and checks it is on p (ENOTFOUND otherwise, as if
// it did not exist: ids of other posts' notes tell nothing).
func (s *Service) noteOf(ctx context.Context, p *domain.Post, id string) (*domain.Note, error) {
	n, err := s.Store.NoteByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if n.PostID != p.ID {
		return nil, domain.Errorf(domain.ENOTFOUND, "That note is gone: someone deleted it.")
	}
	return n, nil
}

// mentions finds who body mentions that before did not, among staff who
// can sign in. The writer is never told about their own note.
func (s *Service) mentions(ctx context.Context, a Actor, p *domain.Post, body, before string) (Mentions, error) {
	staff, err := s.Store.ListUsers(ctx)
	if err != nil {
		return Mentions{}, err
	}
	staff = MentionableStaff(staff)
	slugs := make([]string, len(staff))
	for i, u := range staff {
		slugs[i] = u.Slug
	}
	had := map[string]bool{}
	for _, m := range domain.FindMentions(before, slugs) {
		had[m.Slug] = true
	}
	var out Mentions
	for _, m := range domain.FindMentions(body, slugs) {
		if had[m.Slug] {
			continue
		}
		had[m.Slug] = true
		i := slices.IndexFunc(staff, func(u *domain.User) bool { return u.Slug == m.Slug })
		u := staff[i]
		switch {
		case u.ID == userID(a.User):
		case domain.CanNote(u, p):
			out.Notify = append(out.Notify, u)
		default:
			out.Unseen = append(out.Unseen, u)
		}
	}
	return out, nil
}

// MentionableStaff is the people a note can mention: accounts that can
// sign in (not bylines without an account, pending invitations or
// suspended accounts).
func MentionableStaff(users []*domain.User) []*domain.User {
	var out []*domain.User
	for _, u := range users {
		if u.Email != "" && !u.Pending && !u.Suspended && u.Role.Valid() && u.Slug != "" {
			out = append(out, u)
		}
	}
	return out
}
