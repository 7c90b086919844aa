package publish

import (
	"context"
	"encoding/json"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// A post's workflow state (see storage.Workflow) is kept by this service
// only: its status, a pending version of a published post, and its place
// in the trash. The review state of the review workflow joins them here.
//
// Pending versions. The newsroom's Save on a published post stores the
// edit as the post's pending version (SavePending) and readers keep the
// live one; PublishPending makes it live, DiscardPending drops it. Any
// other live edit (the Admin API keeps Ghost's "an edit is live") marks a
// pending version stale, so the editor can see what changed live since.
//
// Trash. Trash moves a post out of every reader-facing place while it
// keeps its slug; Restore brings it back with the status it had; Purge
// (Administrators) and PurgeExpired (after TrashRetention) delete it for
// good. Each sends its own event.

// TrashRetention is how long a trashed post can be restored.
const TrashRetention = 30 * 24 * time.Hour

// pendingFields is what a pending version keeps besides its text: every
// other field the editor can change, so publishing it gives the post as
// the editor left it.
type pendingFields struct {
	Kind            domain.Kind       `json:"kind"`
	Slug            string            `json:"slug"`
	Language        string            `json:"language"`
	Image           domain.Image      `json:"image"`
	VideoURL        string            `json:"video_url"`
	Visibility      domain.Visibility `json:"visibility"`
	MetaTitle       string            `json:"meta_title,omitempty"`
	MetaDescription string            `json:"meta_description,omitempty"`
	Featured        bool              `json:"featured,omitempty"`
	Tags            []string          `json:"tags"`    // names, resolved when published
	Authors         []string          `json:"authors"` // user ids, in byline order
	PublishedAt     time.Time         `json:"published_at"`
}

// PendingOptions say how a pending version is saved.
type PendingOptions struct {
	// Check refuses the save (ECONFLICT) unless the stored pending
	// version is the one read, saved at IfSavedAt (zero: none was).
	Check     bool
	IfSavedAt time.Time
	// IfUpdatedAt, when not zero, refuses the save (ECONFLICT) if the
	// live post was saved at another time since the editor read it: the
	// edit would otherwise undo that change when published.
	IfUpdatedAt time.Time
}

// SavePending stores p, an edited copy of the published post live, as its
// pending version: readers keep seeing live. The returned pending version
// carries its saved time.
func (s *Service) SavePending(ctx context.Context, a Actor, live, p *domain.Post, o PendingOptions) (*storage.Pending, error) {
	if !domain.Can(a.User, domain.ActionEditPost, live) {
		return nil, forbidden("edit this post")
	}
	if !keepsAuthor(a.User, p) {
		return nil, forbidden("remove yourself from the post's authors")
	}
	if live.Status != domain.StatusPublished {
		return nil, domain.Errorf(domain.EINVALID, "Only a published post keeps a pending version; save this one directly.")
	}
	if !o.IfUpdatedAt.IsZero() && !o.IfUpdatedAt.Equal(live.UpdatedAt.Truncate(time.Millisecond)) {
		return nil, domain.Errorf(domain.ECONFLICT, "Someone else updated the live story while you were editing.")
	}
	p.ID, p.Status = live.ID, live.Status
	if err := p.ValidateEdit(live); err != nil {
		return nil, err
	}
	pd := pendingOf(p)
	pd.UserID = userID(a.User)
	// The base stays the live version the pending one was started from,
	// so a later live edit still shows as a change under it.
	pd.BaseUpdatedAt, pd.BaseTitle, pd.BaseStandfirst, pd.BaseBodyMD = live.UpdatedAt, live.Title, live.Standfirst, live.BodyMD
	if prev, err := s.Store.PendingOf(ctx, live.ID); err == nil {
		pd.BaseUpdatedAt, pd.BaseTitle, pd.BaseStandfirst, pd.BaseBodyMD = prev.BaseUpdatedAt, prev.BaseTitle, prev.BaseStandfirst, prev.BaseBodyMD
		pd.StaleAt = prev.StaleAt
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	if err := s.Store.SavePending(ctx, pd, o.Check, o.IfSavedAt); err != nil {
		return nil, err
	}
	pd.UserName = a.name()
	s.staged(live)
	return pd, nil
}

// pendingOf is p as a pending version.
func pendingOf(p *domain.Post) *storage.Pending {
	f := pendingFields{Kind: p.Kind, Slug: p.Slug, Language: p.Language, Image: p.Image, VideoURL: p.VideoURL,
		Visibility: p.Visibility, MetaTitle: p.MetaTitle, MetaDescription: p.MetaDescription, Featured: p.Featured,
		PublishedAt: p.PublishedAt}
	for _, t := range p.Tags {
		f.Tags = append(f.Tags, t.Name)
	}
	for _, au := range p.Authors {
		f.Authors = append(f.Authors, au.ID)
	}
	b, _ := json.Marshal(f) // plain fields: cannot fail
	return &storage.Pending{PostID: p.ID, Title: p.Title, Standfirst: p.Standfirst, BodyMD: p.BodyMD, Fields: string(b)}
}

// MapPendingAuthors rewrites the author ids a pending version's fields
// name through user (an import maps another site's users to this one's);
// ids it maps to "" are dropped.
func MapPendingAuthors(fields string, user func(id string) string) string {
	var f pendingFields
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		return fields // ApplyPending will say it cannot be read
	}
	var ids []string
	for _, id := range f.Authors {
		if to := user(id); to != "" {
			ids = append(ids, to)
		}
	}
	f.Authors = ids
	b, _ := json.Marshal(f)
	return string(b)
}

// ApplyPending returns a copy of live with the pending version pd over
// it: what the editor shows and what PublishPending makes live. Authors
// are looked up (a deleted account drops out); tags are by name, as the
// editor gives them.
func (s *Service) ApplyPending(ctx context.Context, live *domain.Post, pd *storage.Pending) (*domain.Post, error) {
	var f pendingFields
	if err := json.Unmarshal([]byte(pd.Fields), &f); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "The pending version of this post cannot be read: %v", err)
	}
	cp := *live
	p := &cp
	p.Title, p.Standfirst, p.BodyMD = pd.Title, pd.Standfirst, pd.BodyMD
	if f.Kind.Valid() {
		p.Kind = f.Kind
	}
	p.Slug, p.Language, p.Image, p.VideoURL = f.Slug, f.Language, f.Image, f.VideoURL
	p.Visibility, p.MetaTitle, p.MetaDescription, p.Featured = f.Visibility, f.MetaTitle, f.MetaDescription, f.Featured
	if !f.PublishedAt.IsZero() {
		p.PublishedAt = f.PublishedAt
	}
	p.Tags = nil
	for _, name := range f.Tags {
		t := domain.Tag{Name: name}
		if found, err := s.findTag(ctx, t); err == nil {
			t = *found
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
		p.Tags = append(p.Tags, t)
	}
	p.Authors = nil
	for _, id := range f.Authors {
		u, err := s.Store.UserByID(ctx, id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		p.Authors = append(p.Authors, u.Author)
	}
	return p, nil
}

// PublishPending makes the post's pending version live. A stale pending
// version (the live one changed since it was started) is refused with
// ECONFLICT unless overStale: publishing it would undo the live change.
func (s *Service) PublishPending(ctx context.Context, a Actor, id string, overStale bool) (*domain.Post, error) {
	live, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !domain.Can(a.User, domain.ActionPublishPost, live) {
		return nil, forbidden("update the live story")
	}
	pd, err := s.Store.PendingOf(ctx, id)
	if err != nil {
		return nil, err
	}
	if pd.Stale() && !overStale {
		return nil, domain.Errorf(domain.ECONFLICT, "The live story changed after this pending version was started; compare them before publishing it.")
	}
	p, err := s.ApplyPending(ctx, live, pd)
	if err != nil {
		return nil, err
	}
	o := Options{Action: Publish, IfUpdatedAt: live.UpdatedAt, DropPending: true, CheckPending: true, PendingAt: pd.SavedAt}
	if err := s.Update(ctx, a, live, p, o); err != nil {
		return nil, err
	}
	return p, nil
}

// DiscardPending drops the post's pending version; the live one stays.
func (s *Service) DiscardPending(ctx context.Context, a Actor, id string) error {
	live, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return err
	}
	if !domain.Can(a.User, domain.ActionEditPost, live) {
		return forbidden("edit this post")
	}
	if _, err := s.Store.PendingOf(ctx, id); err != nil {
		return err
	}
	if err := s.Store.DeletePending(ctx, id); err != nil {
		return err
	}
	s.staged(live)
	return nil
}

// checkPending refuses a save that would drop a pending version other
// than the one the editor read.
func (s *Service) checkPending(ctx context.Context, id string, at time.Time) error {
	pd, err := s.Store.PendingOf(ctx, id)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if !at.IsZero() {
			return domain.Errorf(domain.ECONFLICT, "The pending version you edited was published or discarded meanwhile.")
		}
		return nil
	case err != nil:
		return err
	case !pd.SavedAt.Equal(at):
		return domain.Errorf(domain.ECONFLICT, "%s saved a newer pending version of this post meanwhile.", nameOr(pd.UserName, "Someone else"))
	}
	return nil
}

// liveChanged reports whether a save changes what the pending version
// holds, so a pending version started before it is stale.
func liveChanged(old, p *domain.Post) bool {
	if old.Title != p.Title || old.Standfirst != p.Standfirst || old.BodyMD != p.BodyMD || old.Slug != p.Slug ||
		old.Kind != p.Kind || old.Image != p.Image || old.VideoURL != p.VideoURL || old.Language != p.Language ||
		old.Visibility != p.Visibility || len(old.Tags) != len(p.Tags) || len(old.Authors) != len(p.Authors) {
		return true
	}
	for i := range old.Tags {
		if old.Tags[i].Name != p.Tags[i].Name {
			return true
		}
	}
	for i := range old.Authors {
		if old.Authors[i].ID != p.Authors[i].ID {
			return true
		}
	}
	return false
}

// Trash moves the post with id to the trash. Authors and Contributors
// may trash their own drafts only; a published story takes an Editor.
func (s *Service) Trash(ctx context.Context, a Actor, id string) (*domain.Post, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status == domain.StatusTrashed {
		return nil, domain.Errorf(domain.ECONFLICT, "This post is already in the trash.")
	}
	if !domain.Can(a.User, domain.ActionDeletePost, p) {
		return nil, forbidden("delete this post")
	}
	// Webhooks follow Ghost, which has no trash: to its clients the post
	// is deleted, and a restore adds it again.
	if err := s.Store.TrashPost(ctx, &storage.Trash{PostID: p.ID, UserID: userID(a.User), TrashedAt: s.now()},
		s.Webhooks.Deleted(ctx, p)...); err != nil {
		return nil, err
	}
	s.publish(events.Event{Type: events.PostTrashed, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return p, nil
}

// Restore takes the post with id out of the trash, with the status it
// had. The same roles may restore it as could have trashed it.
func (s *Service) Restore(ctx context.Context, a Actor, id string) (*domain.Post, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.TrashOf(ctx, id)
	if err != nil {
		return nil, err
	}
	was := *p
	was.Status = t.Status
	if !domain.Can(a.User, domain.ActionDeletePost, &was) {
		return nil, forbidden("restore this post")
	}
	back, err := s.Store.RestorePost(ctx, id, s.Webhooks.PostChange(ctx, nil, &was, s.now())...)
	if err != nil {
		return nil, err
	}
	s.publish(events.Event{Type: events.PostRestored, PostID: back.ID, Slug: back.Slug, Public: back.Status == domain.StatusPublished,
		Where: WhereOf(nil, back, s.now())})
	return back, nil
}

// Purge deletes a trashed post for good: an Administrator's action.
func (s *Service) Purge(ctx context.Context, a Actor, id string) (*domain.Post, error) {
	if !domain.Can(a.User, domain.ActionPurgePost, nil) {
		return nil, forbidden("delete posts for good")
	}
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.TrashOf(ctx, id)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Only a post in the trash can be deleted for good; move it to the trash first.")
	}
	if err := s.Store.DeletePost(ctx, id); err != nil {
		return nil, err
	}
	s.purged(p, t.Status)
	return p, nil
}

// PurgeExpired deletes for good the posts trashed longer than
// TrashRetention ago, sending each one's event; the scheduler calls it.
// Instances calling it at once purge each post once.
func (s *Service) PurgeExpired(ctx context.Context) ([]*domain.Post, error) {
	posts, err := s.Store.PurgeTrash(ctx, s.now().Add(-TrashRetention), 100)
	for _, p := range posts {
		s.purged(p, "")
	}
	return posts, err
}

// purged announces a purge. A post that was published answered 410 until
// now and 404 from now on, so caches drop it (was may be unknown: "").
func (s *Service) purged(p *domain.Post, was domain.Status) {
	s.publish(events.Event{Type: events.PostPurged, PostID: p.ID, Slug: p.Slug, Public: was != domain.StatusDraft,
		Where: WhereOf(nil, p, s.now())})
}

// staged announces a change to a pending version: not public, so caches
// keep what they hold (Where says so).
func (s *Service) staged(live *domain.Post) {
	s.publish(events.Event{Type: events.PostStaged, PostID: live.ID, Slug: live.Slug, Where: WhereOf(nil, live, s.now())})
}

func userID(u *domain.User) string {
	if u == nil {
		return ""
	}
	return u.ID
}

func nameOr(name, or string) string {
	if name == "" {
		return or
	}
	return name
}
