// Package webhooks tells other systems what changed, as Ghost's webhooks
// do: the events and payloads Ghost sends, signed with Ghost's
// X-Ghost-Signature, plus newsdesk's own events. Events are stored in an
// outbox in the transaction of the change (see storage.Webhooks) and sent
// by a Deliverer, at least once, retried for a day, in order per post.
//
// Files: events.go (event names and which a post change fires),
// outbox.go (payloads, subscriptions), sign.go (the signature),
// deliver.go (the deliverer), dial.go (refusing private addresses).
package webhooks

import (
	"slices"
	"time"

	"newsdesk/internal/domain"
)

// The events newsdesk sends. Post events have page.* twins for static
// pages.
const (
	SiteChanged = "site.changed"
	TagAdded    = "tag.added"
	TagEdited   = "tag.edited"
	TagDeleted  = "tag.deleted"

	// newsdesk's own.
	PostCorrected      = "post.corrected"
	BreakingPinned     = "breaking.pinned"
	LiveEntryPublished = "live.entry.published"
)

// postActions are the post.* and page.* events Ghost has.
var postActions = []string{"added", "edited", "deleted", "published", "published.edited", "unpublished",
	"scheduled", "unscheduled", "rescheduled", "tag.attached", "tag.detached"}

// Events lists every event a webhook may subscribe to, in the order the
// newsroom offers them.
func Events() []string {
	var out []string
	for _, model := range []string{"post", "page"} {
		for _, a := range postActions {
			out = append(out, model+"."+a)
		}
	}
	return append(out, TagAdded, TagEdited, TagDeleted, SiteChanged, PostCorrected, BreakingPinned, LiveEntryPublished)
}

// Valid reports whether a webhook may subscribe to event.
func Valid(event string) bool { return slices.Contains(Events(), event) }

// PostEvent is one event of a post change; Tag is set for tag.attached
// and tag.detached.
type PostEvent struct {
	Name string
	Tag  *domain.Tag
}

// PostChange names the events of a change from old to p as Ghost's post
// model fires them: old nil for a new post, p nil for a deleted one. now
// tells whether the post was and is pinned as breaking news.
func PostChange(old, p *domain.Post, now time.Time) []PostEvent {
	model := func(q *domain.Post) string {
		if q.IsPage() {
			return "page."
		}
		return "post."
	}
	var out []PostEvent
	add := func(prefix, name string) { out = append(out, PostEvent{Name: prefix + name}) }
	switch {
	case p == nil:
		m := model(old)
		if old.Status == domain.StatusPublished {
			add(m, "unpublished")
		}
		add(m, "deleted")
		return out
	case old == nil:
		m := model(p)
		add(m, "added")
		switch p.Status {
		case domain.StatusPublished:
			add(m, "published")
		case domain.StatusScheduled:
			add(m, "scheduled")
		}
	default:
		m := model(p)
		add(m, "edited")
		was, is := old.Status, p.Status
		switch {
		case was != is && is == domain.StatusPublished:
			add(m, "published")
		case was != is && was == domain.StatusPublished:
			add(m, "unpublished")
		case was != is && is == domain.StatusScheduled:
			add(m, "scheduled")
		case was == domain.StatusScheduled && is == domain.StatusDraft:
			add(m, "unscheduled")
		case is == domain.StatusPublished:
			add(m, "published.edited")
		case is == domain.StatusScheduled && !p.PublishedAt.Equal(old.PublishedAt):
			add(m, "rescheduled")
		}
	}
	m := model(p)
	var before []domain.Tag
	if old != nil {
		before = old.Tags
	}
	has := func(list []domain.Tag, t domain.Tag) bool {
		return slices.ContainsFunc(list, func(x domain.Tag) bool { return x.ID == t.ID })
	}
	for _, t := range p.Tags {
		if !has(before, t) {
			out = append(out, PostEvent{Name: m + "tag.attached", Tag: &t})
		}
	}
	for _, t := range before {
		if !has(p.Tags, t) {
			out = append(out, PostEvent{Name: m + "tag.detached", Tag: &t})
		}
	}
	if p.BreakingUntil.After(now) && (old == nil || !old.BreakingUntil.After(now)) {
		out = append(out, PostEvent{Name: BreakingPinned})
	}
	return out
}

// Public reports whether readers could notice the change from old to p
// (either nil): the post was or is published. site.changed follows those.
func Public(old, p *domain.Post) bool {
	return (old != nil && old.Status == domain.StatusPublished) || (p != nil && p.Status == domain.StatusPublished)
}
