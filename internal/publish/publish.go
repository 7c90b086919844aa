// Package publish is the one path by which posts change. The newsroom, the
// Ghost Admin API, the importer and live entries all call it to create,
// edit, publish, schedule, unpublish and delete posts, so each change gets
// the same permission check, state transition, validation, rendering,
// storage, revision (in the same transaction as the post) and exactly one
// content event.
package publish

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
	"newsdesk/internal/webhooks"
)

// Action is a publishing transition asked for with a save.
type Action string

// The actions. Save keeps the status the post carries, so API clients can
// set status directly; the others move it.
const (
	Save      Action = "save"
	Publish   Action = "publish"
	Schedule  Action = "schedule"
	Unpublish Action = "unpublish"
)

// Valid reports whether a is a known action (empty means Save).
func (a Action) Valid() bool {
	switch a {
	case "", Save, Publish, Schedule, Unpublish:
		return true
	}
	return false
}

// Actor is who makes a change: a signed-in user, or an integration acting
// as a user with its role.
type Actor struct {
	User *domain.User
}

// name is who acted, for histories.
func (a Actor) name() string {
	if a.User == nil {
		return ""
	}
	return a.User.Name
}

// Options say how a save is made.
type Options struct {
	Action Action
	// IfUpdatedAt, when not zero, refuses the save with ECONFLICT if
	// someone saved the post at another time since it was read.
	IfUpdatedAt time.Time
	// UniqueSlug moves a slug another post holds to the next free one
	// ("-2", "-3", ...), as Ghost does; otherwise a taken slug is refused.
	UniqueSlug bool
	// DropPending deletes the post's pending version with this save: the
	// save publishes it (or folds it into a draft). Without it, a save
	// that changes the live text marks a pending version stale.
	DropPending bool
	// CheckPending, with DropPending, refuses the save (ECONFLICT) unless
	// the stored pending version is the one saved at PendingAt (zero:
	// none), so nobody's pending version is dropped unseen.
	CheckPending bool
	PendingAt    time.Time
	// Review is a review transition recorded with the save (Approve);
	// a save that publishes a post in review gets one by itself.
	Review *storage.ReviewEvent
	// Assignment, when set, is stored as the post's assignment in the
	// save's transaction (Assign and Reassign set it).
	Assignment *storage.Assignment
}

// Service makes every change to posts.
type Service struct {
	Store  storage.Store
	Events *events.Bus
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Webhooks names the webhook events of each change, stored in the
	// change's transaction; nil sends none.
	Webhooks *webhooks.Outbox
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Create saves a new post p by a. Tags may be given by id, slug or name;
// missing ones are created with the post when a may create tags. On
// success p is the saved post.
func (s *Service) Create(ctx context.Context, a Actor, p *domain.Post, o Options) error {
	if !domain.Can(a.User, domain.ActionCreatePost, nil) {
		return forbidden("create posts")
	}
	if !keepsAuthor(a.User, p) {
		return forbidden("add posts you are not an author of")
	}
	if p.Status == "" {
		p.Status = domain.StatusDraft
	}
	if err := s.prepare(ctx, a, nil, p, o); err != nil {
		return err
	}
	if err := s.reviewGate(ctx, a, nil, p, &o); err != nil {
		return err
	}
	w := &storage.PostWrite{Post: p, Create: true, Assignment: o.Assignment, Outbox: s.Webhooks.PostChange(ctx, nil, p, s.now())}
	if err := s.write(ctx, a, w); err != nil {
		return err
	}
	s.emit(nil, p)
	return nil
}

// Update saves p, a changed copy of the stored post old, by a.
func (s *Service) Update(ctx context.Context, a Actor, old, p *domain.Post, o Options) error {
	if !domain.Can(a.User, domain.ActionEditPost, old) {
		return forbidden("edit this post")
	}
	if !keepsAuthor(a.User, p) {
		return forbidden("remove yourself from the post's authors")
	}
	if old.Status == domain.StatusTrashed {
		return domain.Errorf(domain.ECONFLICT, "This post is in the trash; restore it before editing.")
	}
	p.ID, p.UUID, p.CreatedAt = old.ID, old.UUID, old.CreatedAt
	if err := s.prepare(ctx, a, old, p, o); err != nil {
		return err
	}
	if o.DropPending && o.CheckPending {
		if err := s.checkPending(ctx, p.ID, o.PendingAt); err != nil {
			return err
		}
	}
	if err := s.reviewGate(ctx, a, old, p, &o); err != nil {
		return err
	}
	if o.Review != nil {
		o.Review.At = s.now()
	}
	w := &storage.PostWrite{Post: p, IfUpdatedAt: o.IfUpdatedAt, DropPending: o.DropPending, Review: o.Review,
		StalePending: !o.DropPending && liveChanged(old, p), Assignment: o.Assignment, Outbox: s.Webhooks.PostChange(ctx, old, p, s.now())}
	if err := s.write(ctx, a, w); err != nil {
		return err
	}
	s.emit(old, p)
	return nil
}

// Delete removes the post with id.
func (s *Service) Delete(ctx context.Context, a Actor, id string) (*domain.Post, error) {
	p, err := s.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !domain.Can(a.User, domain.ActionDeletePost, p) {
		return nil, forbidden("delete this post")
	}
	// The post's webhook events are stored with its removal.
	w := &storage.PostWrite{Post: &domain.Post{ID: p.ID}, Delete: true, Outbox: s.Webhooks.Deleted(ctx, p)}
	if err := s.Store.SavePosts(ctx, []*storage.PostWrite{w}); err != nil {
		return nil, err
	}
	s.publish(events.Event{Type: events.PostDeleted, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return p, nil
}

// keepsAuthor reports whether u stays among p's authors, or need not:
// Authors and Contributors work on their own posts only.
func keepsAuthor(u *domain.User, p *domain.Post) bool {
	return u != nil && (u.Role.AtLeast(domain.RoleEditor) || u.IsAuthorOf(p))
}

// Correct appends a dated correction or update note to p.
func (s *Service) Correct(ctx context.Context, a Actor, p *domain.Post, c *domain.Correction) error {
	if !domain.Can(a.User, domain.ActionCorrectPost, p) {
		return forbidden("add corrections")
	}
	c.PostID = p.ID
	if err := c.Validate(); err != nil {
		return err
	}
	if err := s.Store.AddCorrection(ctx, c, s.Webhooks.Corrected(ctx, p, c, "added")...); err != nil {
		return err
	}
	s.publish(events.Event{Type: events.PostCorrected, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return nil
}

// EditCorrection changes a note's kind or text; the old text stays in its
// history. Editors and up, as for adding one.
func (s *Service) EditCorrection(ctx context.Context, a Actor, p *domain.Post, c *domain.Correction) error {
	if !domain.Can(a.User, domain.ActionCorrectPost, p) {
		return forbidden("edit corrections")
	}
	c.PostID = p.ID
	if err := c.Validate(); err != nil {
		return err
	}
	if err := s.Store.EditCorrection(ctx, c, a.name(), s.Webhooks.Corrected(ctx, p, c, "edited")...); err != nil {
		return err
	}
	s.publish(events.Event{Type: events.PostCorrected, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return nil
}

// RetractCorrection withdraws a note from the public page.
func (s *Service) RetractCorrection(ctx context.Context, a Actor, p *domain.Post, id string) error {
	if !domain.Can(a.User, domain.ActionCorrectPost, p) {
		return forbidden("retract corrections")
	}
	note := &domain.Correction{ID: id, PostID: p.ID}
	for _, c := range p.Corrections {
		if c.ID == id {
			note = &c
		}
	}
	if err := s.Store.RetractCorrection(ctx, p.ID, id, a.name(), s.Webhooks.Corrected(ctx, p, note, "retracted")...); err != nil {
		return err
	}
	s.publish(events.Event{Type: events.PostCorrected, PostID: p.ID, Slug: p.Slug, Public: p.Status == domain.StatusPublished,
		Where: WhereOf(nil, p, s.now())})
	return nil
}

// prepare runs everything before storage: transition, publishing rights,
// validation, tag resolution, slug and rendering.
func (s *Service) prepare(ctx context.Context, a Actor, old, p *domain.Post, o Options) error {
	if !o.Action.Valid() {
		return domain.FieldError("action", "Unknown action %q.", o.Action)
	}
	now := s.now()
	if err := transition(p, o.Action, now); err != nil {
		return err
	}
	if moved(old, p) && !domain.Can(a.User, domain.ActionPublishPost, policyPost(old, p)) {
		return forbidden("publish, schedule or unpublish this post")
	}
	// The tag guard first: a request naming thousands of tags is refused
	// before any is looked up.
	if len(p.Tags) > domain.MaxTags && (old == nil || len(p.Tags) > len(old.Tags)) {
		return domain.FieldError("tags", "A post may have at most %d tags.", domain.MaxTags)
	}
	if err := s.resolveTags(ctx, a, p); err != nil {
		return err
	}
	if err := p.ValidateEdit(old); err != nil {
		return err
	}
	if p.Status == domain.StatusScheduled && !p.PublishedAt.After(now) && (old == nil || moved(old, p)) {
		return domain.FieldError("published_at", "Pick a time in the future to schedule the post.")
	}
	if o.UniqueSlug {
		slug, err := s.freeSlug(ctx, p.Slug, p.ID)
		if err != nil {
			return err
		}
		p.Slug = slug
	}
	// A post made gated renders too: rows saved before visibility existed
	// have no public part stored.
	if old == nil || p.BodyMD != old.BodyMD || p.BodyHTML == "" || p.Visibility != old.Visibility {
		markdown.Apply(p)
	}
	return nil
}

// transition applies a publishing action to p.
func transition(p *domain.Post, action Action, now time.Time) error {
	switch action {
	case Publish:
		if p.Status != domain.StatusPublished || p.PublishedAt.IsZero() || p.PublishedAt.After(now) {
			p.PublishedAt = now
		}
		p.Status = domain.StatusPublished
	case Schedule:
		if p.PublishedAt.IsZero() || !p.PublishedAt.After(now) {
			return domain.FieldError("published_at", "Pick a time in the future to schedule the post.")
		}
		p.Status = domain.StatusScheduled
	case Unpublish:
		p.Status = domain.StatusDraft
		p.PublishedAt = time.Time{}
	}
	return nil
}

// moved reports whether a save changes what readers will see when: the
// status, or the publication time of a post that is not a draft.
func moved(old, p *domain.Post) bool {
	if old == nil {
		return p.Status != domain.StatusDraft
	}
	return p.Status != old.Status || (p.Status != domain.StatusDraft && !p.PublishedAt.Equal(old.PublishedAt))
}

// policyPost is the post whose ownership decides publishing rights: the
// stored one, so changing the authors in the same save grants nothing.
func policyPost(old, p *domain.Post) *domain.Post {
	if old != nil {
		return old
	}
	return p
}

// resolveTags finds each tag of p by id, slug or name. Tags that do not
// exist yet get ids and are created with the post, in its transaction.
func (s *Service) resolveTags(ctx context.Context, a Actor, p *domain.Post) error {
	seen := map[string]bool{}
	out := p.Tags[:0]
	for _, t := range p.Tags {
		found, err := s.findTag(ctx, t)
		switch {
		case err == nil:
			t = *found
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return err
		case t.ID != "" && t.Slug == "" && t.Name == "":
			return domain.FieldError("tags", "Unknown tag %q.", t.ID)
		case !domain.Can(a.User, domain.ActionCreateTag, nil):
			return forbidden("create the tag " + strconv.Quote(t.Name))
		default:
			t = newTag(t)
		}
		if seen[t.Slug] {
			continue
		}
		seen[t.Slug] = true
		out = append(out, t)
	}
	p.Tags = out
	return nil
}

// findTag looks a tag up by id, then slug, then the slug of its name.
func (s *Service) findTag(ctx context.Context, t domain.Tag) (*domain.Tag, error) {
	if t.ID != "" && !strings.HasPrefix(t.ID, newTagPrefix) {
		found, err := s.Store.TagByID(ctx, t.ID)
		if err == nil || domain.ErrorCode(err) != domain.ENOTFOUND || (t.Slug == "" && t.Name == "") {
			return found, err
		}
	}
	slug := t.Slug
	if slug == "" {
		slug = domain.TagSlug(t.Name)
	}
	return s.Store.TagBySlug(ctx, slug)
}

// newTagPrefix marks ids given to tags that are created with the post, so
// write can tell them from tags that exist.
const newTagPrefix = "new:"

// newTag is t ready to be created: a name (the slug when only a slug was
// given, as Ghost does) and a slug.
func newTag(t domain.Tag) domain.Tag {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		t.Name = t.Slug
	}
	if t.Slug == "" {
		t.Slug = domain.TagSlug(t.Name)
	}
	t.ID = newTagPrefix + domain.NewID()
	return t
}

// freeSlug returns slug, or slug-2, slug-3... whichever no other post uses.
func (s *Service) freeSlug(ctx context.Context, slug, selfID string) (string, error) {
	return domain.FreeSlug(slug, selfID, func(sl string) (string, error) {
		p, err := s.Store.PostBySlug(ctx, sl)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return p.ID, nil
	})
}

// write stores w with its new tags and a revision, in one transaction.
func (s *Service) write(ctx context.Context, a Actor, w *storage.PostWrite) error {
	p := w.Post
	for i := range p.Tags {
		if strings.HasPrefix(p.Tags[i].ID, newTagPrefix) {
			p.Tags[i].ID = strings.TrimPrefix(p.Tags[i].ID, newTagPrefix)
			t := p.Tags[i]
			w.NewTags = append(w.NewTags, &t)
		}
	}
	w.Revision = RevisionOf(p, a.User)
	// A story filed (published or scheduled) completes its assignment,
	// whoever filed it and by whichever path.
	w.FinishAssignment = p.Status == domain.StatusPublished || p.Status == domain.StatusScheduled
	// SavePosts gives the post's tags their final ids (a tag made
	// meanwhile by someone else keeps its own).
	return s.Store.SavePosts(ctx, []*storage.PostWrite{w})
}

// emit sends the one event that names the change from old (nil for a
// new post) to p.
func (s *Service) emit(old, p *domain.Post) {
	wasLive := old != nil && old.Status == domain.StatusPublished
	isLive := p.Status == domain.StatusPublished
	e := events.Event{PostID: p.ID, Slug: p.Slug, Public: wasLive || isLive, Where: WhereOf(old, p, s.now())}
	switch {
	case isLive && !wasLive:
		e.Type = events.PostPublished
	case wasLive && !isLive:
		e.Type = events.PostUnpublished
	case old == nil:
		e.Type = events.PostAdded
	default:
		e.Type = events.PostUpdated
	}
	s.publish(e)
}

// WhereOf says where readers see p, and saw old (nil for a new post):
// the streams of both versions' tags and authors, and p's place in them.
func WhereOf(old, p *domain.Post, now time.Time) *events.Where {
	w := &events.Where{At: storage.CursorOf(p).Time, Page: p.IsPage(), Breaking: p.BreakingUntil.After(now)}
	add := func(list []string, slug string) []string {
		if slug == "" || slices.Contains(list, slug) {
			return list
		}
		return append(list, slug)
	}
	for _, q := range []*domain.Post{old, p} {
		if q == nil {
			continue
		}
		for _, t := range q.Tags {
			w.Tags = add(w.Tags, t.Slug)
		}
		for _, a := range q.Authors {
			w.Authors = add(w.Authors, a.Slug)
		}
		w.Breaking = w.Breaking || q.BreakingUntil.After(now)
		w.Page = w.Page || q.IsPage()
	}
	return w
}

func (s *Service) publish(e events.Event) {
	if s.Events != nil {
		s.Events.Publish(e)
	}
}

func forbidden(what string) error {
	return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to %s.", what)
}

// Snapshot is what a revision keeps besides title, standfirst and body:
// enough to restore the post as it was.
type Snapshot struct {
	Kind     domain.Kind  `json:"kind"`
	Slug     string       `json:"slug"`
	Language string       `json:"language"`
	Image    domain.Image `json:"image"`
	VideoURL string       `json:"video_url"`
	Tags     []string     `json:"tags"`
	Authors  []string     `json:"authors"`
	Status   string       `json:"status"`
}

// RevisionOf is the revision that keeps p as saved by u.
func RevisionOf(p *domain.Post, u *domain.User) *storage.Revision {
	s := Snapshot{Kind: p.Kind, Slug: p.Slug, Language: p.Language, Image: p.Image, VideoURL: p.VideoURL, Status: string(p.Status)}
	for _, t := range p.Tags {
		s.Tags = append(s.Tags, t.Name)
	}
	for _, a := range p.Authors {
		s.Authors = append(s.Authors, a.Name)
	}
	b, _ := json.Marshal(s)
	r := &storage.Revision{PostID: p.ID, Title: p.Title, Standfirst: p.Standfirst, BodyMD: p.BodyMD, Snapshot: string(b)}
	if u != nil {
		r.UserID = u.ID
	}
	return r
}

// LiveEntryWebhooks returns the live.entry.published webhook events of an
// entry published on the live post p, for the storage call that saves the
// entry to store in its transaction (as PostWrite.Outbox does for posts).
// entry is encoded as JSON when the event is stored, after the write, so
// a pointer to the entry carries its final id and times. A published
// entry sends this, not post.published.edited.
func (s *Service) LiveEntryWebhooks(ctx context.Context, p *domain.Post, entry any) []*storage.OutboxEvent {
	return s.Webhooks.LiveEntry(ctx, p, entry)
}
