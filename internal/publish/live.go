package publish

import (
	"context"
	"encoding/json"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// Live blogs change through the same service as posts: each entry
// published, edited, corrected or deleted, and each change to the blog's
// key points, pin or status, is checked, rendered, stored (an entry's
// earlier text kept as a revision) and announced by exactly one event, so
// page caches, live readers and other instances follow.

// EntryOptions say how an entry is saved.
type EntryOptions struct {
	// IfUpdatedAt, when not zero, refuses the save with ECONFLICT if
	// someone saved the entry at another time since it was read.
	IfUpdatedAt time.Time
}

func notLive(p *domain.Post) error {
	if p.Status == domain.StatusTrashed {
		return domain.Errorf(domain.ECONFLICT, "%q is in the trash; restore it before writing on it.", p.Title)
	}
	if p.Kind != domain.KindLive {
		return domain.Errorf(domain.EINVALID, "%q is not a live blog.", p.Title)
	}
	return nil
}

// renderEntry derives an entry's HTML and text from its Markdown.
func renderEntry(e *domain.LiveEntry) {
	r := markdown.Render(e.BodyMD)
	e.BodyHTML, e.Plaintext = r.HTML, r.Plaintext
}

// AddEntry writes a new entry e on the live blog p, by a. An entry asked
// for as published needs the right to publish entries; a Contributor's
// entry is saved as a draft for an Author or Editor to publish.
func (s *Service) AddEntry(ctx context.Context, a Actor, p *domain.Post, e *domain.LiveEntry) error {
	if err := notLive(p); err != nil {
		return err
	}
	if !domain.CanDraftEntry(a.User, p) {
		return forbidden("write entries on this live blog")
	}
	if e.Status == "" {
		e.Status = domain.EntryPublished
	}
	if e.Status == domain.EntryPublished && !domain.CanPublishEntry(a.User, p) {
		return forbidden("publish entries; save it as a draft for an editor")
	}
	e.PostID, e.Author = p.ID, a.User.Author
	e.ID, e.PublishedAt, e.CreatedAt, e.UpdatedAt = "", time.Time{}, time.Time{}, time.Time{}
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Correction != "" && !domain.Can(a.User, domain.ActionCorrectPost, p) {
		return forbidden("add corrections")
	}
	renderEntry(e)
	var hooks []*storage.OutboxEvent
	if e.Published() {
		hooks = s.LiveEntryWebhooks(ctx, p, entryPayload{e, p})
	}
	if err := s.Store.AddEntry(ctx, e, hooks...); err != nil {
		return err
	}
	typ := events.EntryUpdated
	if e.Published() {
		typ = events.EntryPublished
	}
	s.emitEntry(typ, p, e.ID, e.Published())
	return nil
}

// EditEntry saves e, a changed copy of an entry of p, by a: its title,
// body, key-event flag, status (publishing a draft, or taking an entry
// back to draft) and correction note. The text it replaces is kept.
func (s *Service) EditEntry(ctx context.Context, a Actor, p *domain.Post, e *domain.LiveEntry, o EntryOptions) error {
	if err := notLive(p); err != nil {
		return err
	}
	old, err := s.Store.Entry(ctx, p.ID, e.ID)
	if err != nil {
		return err
	}
	if !domain.CanEditEntry(a.User, p, old) {
		return forbidden("edit this entry")
	}
	if e.Status == "" {
		e.Status = old.Status
	}
	if e.Status != old.Status && !domain.CanPublishEntry(a.User, p) {
		return forbidden("publish or unpublish entries")
	}
	if e.Correction != old.Correction && !domain.Can(a.User, domain.ActionCorrectPost, p) {
		return forbidden("correct entries")
	}
	e.PostID = p.ID
	if err := e.Validate(); err != nil {
		return err
	}
	renderEntry(e)
	// A draft published now is news to subscribers; an edit of a
	// published entry is not (nor does it send post.published.edited).
	var hooks []*storage.OutboxEvent
	if e.Published() && !old.Published() {
		hooks = s.LiveEntryWebhooks(ctx, p, entryPayload{e, p})
	}
	if err := s.Store.UpdateEntry(ctx, e, o.IfUpdatedAt, a.name(), hooks...); err != nil {
		return err
	}
	switch {
	case e.Published() && !old.Published():
		s.emitEntry(events.EntryPublished, p, e.ID, true)
	case old.Published() && !e.Published():
		s.emitEntry(events.EntryDeleted, p, e.ID, true)
	default:
		s.emitEntry(events.EntryUpdated, p, e.ID, e.Published())
	}
	return nil
}

// DeleteEntry removes the entry id of p.
func (s *Service) DeleteEntry(ctx context.Context, a Actor, p *domain.Post, id string) (*domain.LiveEntry, error) {
	if err := notLive(p); err != nil {
		return nil, err
	}
	old, err := s.Store.Entry(ctx, p.ID, id)
	if err != nil {
		return nil, err
	}
	if !domain.CanEditEntry(a.User, p, old) {
		return nil, forbidden("delete this entry")
	}
	if err := s.Store.DeleteEntry(ctx, p.ID, id); err != nil {
		return nil, err
	}
	s.emitEntry(events.EntryDeleted, p, id, old.Published())
	return old, nil
}

// SaveLiveBlog saves the key points, pin and coverage times of p's blog,
// by a. Ending the blog takes its "Live" badge off every stream.
func (s *Service) SaveLiveBlog(ctx context.Context, a Actor, p *domain.Post, b *domain.LiveBlog, ifUpdatedAt time.Time) error {
	if err := notLive(p); err != nil {
		return err
	}
	if !domain.CanRunLiveBlog(a.User, p) {
		return forbidden("change this live blog's key points, pin or status")
	}
	b.PostID = p.ID
	if err := b.Validate(); err != nil {
		return err
	}
	if err := s.Store.SaveLiveBlog(ctx, b, ifUpdatedAt); err != nil {
		return err
	}
	p.Live = b
	s.publish(events.Event{Type: events.PostUpdated, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return nil
}

// emitEntry sends the one event of an entry change. Readers hear of it
// only when both the blog and the entry are (or were) public.
func (s *Service) emitEntry(typ events.Type, p *domain.Post, entryID string, public bool) {
	s.publish(events.Event{Type: typ, PostID: p.ID, Slug: p.Slug, EntryID: entryID,
		Public: public && p.Status == domain.StatusPublished, Where: WhereOf(nil, p, s.now())})
}

// entryPayload is an entry as live.entry.published sends it, read when
// the event is stored, after the write gave the entry its id and times.
type entryPayload struct {
	e *domain.LiveEntry
	p *domain.Post
}

func (j entryPayload) MarshalJSON() ([]byte, error) {
	stamp := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	e := j.e
	return json.Marshal(map[string]any{
		"id": e.ID, "post_id": e.PostID, "title": e.Title, "html": e.BodyHTML, "plaintext": e.Plaintext,
		"key_event": e.KeyEvent, "author": map[string]string{"id": e.Author.ID, "name": e.Author.Name, "slug": e.Author.Slug},
		"url_path": "/" + j.p.Slug + "/entries/" + e.ID + "/", "published_at": stamp(e.PublishedAt),
		"created_at": stamp(e.CreatedAt), "updated_at": stamp(e.UpdatedAt),
	})
}
