package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// LiveBlogs stores live blogs' state and entries. The publishing service
// is its one writer outside tests and imports.
type LiveBlogs interface {
	// LiveBlog returns the state of the live blog of post postID; a blog
	// never saved is the zero LiveBlog with PostID set.
	LiveBlog(ctx context.Context, postID string) (*domain.LiveBlog, error)
	// SaveLiveBlog writes key points, pin and coverage times. When
	// ifUpdatedAt is not zero and the blog was saved at another time since,
	// it fails with ECONFLICT. A pin naming no entry of the post is EINVALID.
	SaveLiveBlog(ctx context.Context, b *domain.LiveBlog, ifUpdatedAt time.Time) error
	// AddEntry inserts e, assigning ID and times; a published entry moves
	// the blog's LastEntryAt.
	AddEntry(ctx context.Context, e *domain.LiveEntry, outbox ...*OutboxEvent) error
	// UpdateEntry replaces e's title, body, flags, status and correction.
	// When ifUpdatedAt is not zero and the stored entry was saved at
	// another time, it fails with ECONFLICT and saves nothing. When the
	// text changes, the entry as it was is kept as a revision by `by`.
	UpdateEntry(ctx context.Context, e *domain.LiveEntry, ifUpdatedAt time.Time, by string, outbox ...*OutboxEvent) error
	// DeleteEntry removes an entry (and the pin on it); missing is ENOTFOUND.
	DeleteEntry(ctx context.Context, postID, id string) error
	// Entry returns one entry of the post; ENOTFOUND otherwise.
	Entry(ctx context.Context, postID, id string) (*domain.LiveEntry, error)
	// ListEntries returns one page of a blog's entries, newest first.
	ListEntries(ctx context.Context, q EntryQuery) (EntryPage, error)
	// EntryRevisions returns an entry's earlier versions, oldest first.
	EntryRevisions(ctx context.Context, id string) ([]domain.EntryRevision, error)
}

// EntryQuery selects a page of a live blog's entries.
type EntryQuery struct {
	PostID string
	// Public keeps published entries only; otherwise drafts come too,
	// placed by their creation time.
	Public bool
	// KeyEvents keeps the entries flagged as key events.
	KeyEvents bool
	After     *Cursor // keyset: entries strictly older than this
	Limit     int     // 1..MaxEntryLimit; 0 means 20
}

// MaxEntryLimit caps a page of entries.
const MaxEntryLimit = 200

// EntryPage is one page of entries and the cursor of the next, nil at the end.
type EntryPage struct {
	Entries []*domain.LiveEntry
	Next    *Cursor
}

// EntryCursor is e's position in its blog, newest first.
func EntryCursor(e *domain.LiveEntry) *Cursor {
	return &Cursor{Time: e.Time(), ID: e.ID}
}
