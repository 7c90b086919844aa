package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// LiveBlog is the state of a post of KindLive beyond the post itself: the
// key points readers see first, the entry pinned under them, and when the
// coverage started and ended. Entries are stored on their own (LiveEntry).
type LiveBlog struct {
	PostID        string
	KeyPoints     []string
	PinnedEntryID string
	StartedAt     time.Time // zero: the post's publication time
	EndedAt       time.Time // zero while the blog is live
	// LastEntryAt is the time of the newest published entry, for
	// sitemaps' lastmod and feeds' updated.
	LastEntryAt time.Time
	UpdatedAt   time.Time
}

// Limits on a live blog and its entries.
const (
	MaxKeyPoints    = 12
	MaxKeyPointLen  = 300
	MaxEntryTitle   = 200
	MaxEntryBodyLen = 100_000
)

// Ended reports whether the coverage is over.
func (b *LiveBlog) Ended() bool { return b != nil && !b.EndedAt.IsZero() }

// Validate tidies the key points (blank lines go) and checks the limits.
func (b *LiveBlog) Validate() error {
	out := b.KeyPoints[:0]
	for _, k := range b.KeyPoints {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if utf8.RuneCountInString(k) > MaxKeyPointLen {
			return FieldError("key_points", "A key point is at most %d characters.", MaxKeyPointLen)
		}
		out = append(out, k)
	}
	b.KeyPoints = out
	if len(out) > MaxKeyPoints {
		return FieldError("key_points", "A live blog has at most %d key points.", MaxKeyPoints)
	}
	if !b.EndedAt.IsZero() && !b.StartedAt.IsZero() && b.EndedAt.Before(b.StartedAt) {
		return FieldError("ended_at", "Coverage cannot end before it started.")
	}
	return nil
}

// IsLiveNow reports whether p is a live blog whose coverage goes on: the
// stream and article pages show a "Live" badge for it.
func (p *Post) IsLiveNow() bool {
	return p.Kind == KindLive && !p.Live.Ended()
}

// CoverageStart is when the live coverage started: the blog's own start
// time, else the post's publication.
func (p *Post) CoverageStart() time.Time {
	if p.Live != nil && !p.Live.StartedAt.IsZero() {
		return p.Live.StartedAt
	}
	return p.PublishedAt
}

// EntryStatus is whether readers see an entry.
type EntryStatus string

// The entry statuses: a Contributor's entry waits as a draft until an
// Author or Editor publishes it.
const (
	EntryDraft     EntryStatus = "draft"
	EntryPublished EntryStatus = "published"
)

// LiveEntry is one timestamped update of a live blog.
type LiveEntry struct {
	ID     string
	PostID string
	Status EntryStatus
	Title  string // optional
	BodyMD string
	// BodyHTML and Plaintext are rendered from BodyMD when saved.
	BodyHTML  string
	Plaintext string
	KeyEvent  bool
	Author    Author // by ID when saved; loaded whole
	// Correction is a note readers see under the entry, dated
	// CorrectedAt; empty when the entry was never corrected.
	Correction  string
	CorrectedAt time.Time
	PublishedAt time.Time // zero for a draft
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Published reports whether readers see e.
func (e *LiveEntry) Published() bool { return e.Status == EntryPublished }

// Time is the entry's place in the blog: publication, else creation.
func (e *LiveEntry) Time() time.Time {
	if !e.PublishedAt.IsZero() {
		return e.PublishedAt
	}
	return e.CreatedAt
}

// Validate checks an entry before it is saved.
func (e *LiveEntry) Validate() error {
	e.Title = strings.TrimSpace(e.Title)
	switch {
	case e.Status != EntryDraft && e.Status != EntryPublished:
		return FieldError("status", "An entry is a draft or published.")
	case utf8.RuneCountInString(e.Title) > MaxEntryTitle:
		return FieldError("title", "An entry title is at most %d characters.", MaxEntryTitle)
	case strings.TrimSpace(e.BodyMD) == "":
		return FieldError("body", "Write the entry's text.")
	case len(e.BodyMD) > MaxEntryBodyLen:
		return FieldError("body", "An entry is at most %d bytes.", MaxEntryBodyLen)
	case len(e.Correction) > MaxCorrectionLen:
		return FieldError("correction", "A note is at most %d characters.", MaxCorrectionLen)
	}
	return nil
}

// EntryRevision is an entry as it was before an edit.
type EntryRevision struct {
	EntryID  string
	Title    string
	BodyMD   string
	UserName string
	At       time.Time
}

// Who may do what on a live blog, on top of Can's rules for posts.

// CanDraftEntry reports whether u may write entries on p: every role,
// since Contributors draft entries that others publish.
func CanDraftEntry(u *User, p *Post) bool {
	return u != nil && !u.Suspended && u.Role.Valid() && p.Kind == KindLive
}

// CanPublishEntry reports whether u may publish entries on p (and write
// them published at once): Authors and up.
func CanPublishEntry(u *User, p *Post) bool {
	return CanDraftEntry(u, p) && u.Role.AtLeast(RoleAuthor)
}

// CanEditEntry reports whether u may edit or delete e: Editors any entry,
// Authors their own, Contributors their own drafts.
func CanEditEntry(u *User, p *Post, e *LiveEntry) bool {
	if !CanDraftEntry(u, p) {
		return false
	}
	if u.Role.AtLeast(RoleEditor) {
		return true
	}
	own := e.Author.ID == u.ID
	if u.Role == RoleContributor {
		return own && !e.Published()
	}
	return own
}

// CanRunLiveBlog reports whether u may change p's key points, pin and
// status: Editors, and Authors of p.
func CanRunLiveBlog(u *User, p *Post) bool {
	if !CanDraftEntry(u, p) {
		return false
	}
	return u.Role.AtLeast(RoleEditor) || (u.Role == RoleAuthor && u.IsAuthorOf(p))
}
