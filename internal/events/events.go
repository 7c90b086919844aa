// Package events carries content changes to whoever follows them: page
// caches, live readers (SSE), WebSub pings, webhooks and, through
// PostgreSQL LISTEN/NOTIFY, other instances.
package events

import (
	"sync"
	"time"
)

// Type says what happened.
type Type string

// The event types.
const (
	PostAdded       Type = "post.added" // a new post that is not public
	PostPublished   Type = "post.published"
	PostUpdated     Type = "post.updated"
	PostUnpublished Type = "post.unpublished"
	PostDeleted     Type = "post.deleted"
	PostCorrected   Type = "post.corrected"
	// PostStaged: a published post's pending version was saved or
	// dropped; readers see no change.
	PostStaged Type = "post.staged"
	// PostReviewed: a draft was submitted for review, sent back or
	// withdrawn; it stays a draft, so readers see no change. (An approval
	// publishes the post and sends post.published instead.)
	PostReviewed Type = "post.reviewed"
	// PostTrashed, PostRestored and PostPurged: the post went to the
	// trash (its address answers 410), came back from it, or was deleted
	// for good from it (404).
	PostTrashed     Type = "post.trashed"
	PostRestored    Type = "post.restored"
	PostPurged      Type = "post.purged"
	AuthorUpdated   Type = "author.updated"
	TagUpdated      Type = "tag.updated"
	SettingsUpdated Type = "settings.updated"
	// RedirectsUpdated: the redirect rules changed (newsroom or upload).
	RedirectsUpdated Type = "redirects.updated"
	// Live blog entries: published (or a draft published), changed
	// (edited, corrected, flagged; or the blog's key points, pin or status,
	// with EntryID empty), and deleted or unpublished. PostID names the blog.
	EntryPublished Type = "entry.published"
	EntryUpdated   Type = "entry.updated"
	EntryDeleted   Type = "entry.deleted"
	// SiteImported follows an import: everything may have changed, and
	// nobody is told about each imported post.
	SiteImported Type = "site.imported"
	// WebhooksUpdated: a webhook was added, changed or removed; instances
	// drop their cached view of which events anyone listens to.
	WebhooksUpdated Type = "webhooks.updated"

	// Newsroom events tell staff about each other. They travel on a bus
	// of their own (App.Staff, relayed on pgrelay.StaffChannel), never on
	// the content bus that caches, live readers and webhooks follow:
	// readers must not learn who works on which embargoed draft.
	//
	// NotificationsChanged: Users got notifications or read them.
	NotificationsChanged Type = "notifications.changed"
	// PresenceChanged: someone opened a post in the editor, is still
	// there (a heartbeat) or left it.
	PresenceChanged Type = "presence.changed"
)

// Event is one content change.
type Event struct {
	Type   Type   `json:"type"`
	PostID string `json:"post_id,omitempty"`
	Slug   string `json:"slug,omitempty"`
	// EntryID names the live blog entry of an entry event.
	EntryID string    `json:"entry_id,omitempty"`
	At      time.Time `json:"at"`
	// Public is true when readers could notice the change: the post was
	// or is published. Live readers and webhooks for readers follow only
	// public changes; caches may skip the others.
	Public bool `json:"public,omitempty"`
	// Where, on post events, says where readers see the post, so caches
	// drop only the answers that show it. Nil means it may be anywhere.
	Where *Where `json:"where,omitempty"`
	// Users are the staff a newsroom event concerns (by id).
	Users []string `json:"users,omitempty"`
	// Presence is a PresenceChanged event's news.
	Presence *Presence `json:"presence,omitempty"`
	// Remote is true for events that arrived from another instance.
	Remote bool `json:"-"`
}

// Presence is one editor open on one post: a browser tab of a signed-in
// staff member, on any instance.
type Presence struct {
	Conn   string `json:"conn"` // the tab's stream, unique across instances
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Avatar string `json:"avatar,omitempty"`
	PostID string `json:"post_id"`
	// Until is when the entry expires unless renewed; zero means the tab
	// left the post.
	Until time.Time `json:"until"`
}

// Where is where a post is or was shown: the streams it belongs to before
// and after the change, and its place in them.
type Where struct {
	Tags    []string  `json:"tags,omitempty"`    // slugs, before and after the change
	Authors []string  `json:"authors,omitempty"` // slugs, before and after the change
	At      time.Time `json:"at"`                // its time in the streams (publication, else creation)
	// Breaking: the post is or was pinned as breaking news, which every
	// page shows.
	Breaking bool `json:"breaking,omitempty"`
	// Page: a static page, in no stream.
	Page bool `json:"page,omitempty"`
}

// Bus fans events out to subscribers in this process. Subscribers must
// not block: each gets a buffered channel and slow ones miss events rather
// than stall publishing.
type Bus struct {
	mu      sync.Mutex
	subs    map[chan Event]struct{}
	hooks   []func(Event)
	version uint64
	// shared counts the events that may change what many pages share
	// (every event but a live blog entry's).
	shared uint64
}

// NewBus returns an empty bus.
func NewBus() *Bus {
	return &Bus{subs: map[chan Event]struct{}{}}
}

// Publish delivers e to every hook and subscriber.
func (b *Bus) Publish(e Event) {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	b.mu.Lock()
	b.version++
	if !e.Type.EntryOnly() {
		b.shared++
	}
	hooks := append([]func(Event){}, b.hooks...)
	for ch := range b.subs {
		select {
		case ch <- e:
		default:
		}
	}
	b.mu.Unlock()
	for _, h := range hooks {
		h(e)
	}
}

// Version counts events published so far; caches compare it to know
// whether anything changed.
func (b *Bus) Version() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.version
}

// SharedVersion counts the events that may change what every page
// shares (settings, sections, the newest posts, breaking pins): all but
// live blog entries' events, which change only their blog's own pages.
// A busy live blog then keeps the site's shared parts cached.
func (b *Bus) SharedVersion() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.shared
}

// EntryOnly tells the events of a live blog's entries: they change the
// blog's pages, feeds and API answers, never a post's row, a stream's
// order or the settings.
func (t Type) EntryOnly() bool {
	return t == EntryPublished || t == EntryUpdated || t == EntryDeleted
}

// OnEvent registers a synchronous hook, run after each Publish.
func (b *Bus) OnEvent(h func(Event)) {
	b.mu.Lock()
	b.hooks = append(b.hooks, h)
	b.mu.Unlock()
}

// Subscribe returns a channel of events and a function that ends the
// subscription.
func (b *Bus) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 64)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}
