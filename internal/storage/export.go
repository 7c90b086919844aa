package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// Exports reads the whole site for an export (newsdesk export, the Admin
// API's db/ endpoint).
type Exports interface {
	// ExportSnapshot calls fn with a reader that sees the database as it
	// was when the snapshot began, whatever is written meanwhile, without
	// holding writers back. The snapshot ends when fn returns.
	ExportSnapshot(ctx context.Context, fn func(Snapshot) error) error
}

// Snapshot reads one consistent view of the site. Nothing it returns
// holds a secret: users come without password hashes, and sessions,
// one-time tokens and integration keys are not readable through it.
type Snapshot interface {
	// Posts calls fn for every post in id order, with authors, tags and
	// corrections. It reads page by page, so memory stays bounded however
	// many posts there are; fn may keep nothing it is given.
	Posts(ctx context.Context, fn func(*domain.Post) error) error
	// CountPosts counts every post, whatever its status.
	CountPosts(ctx context.Context) (int, error)
	// Users returns every user in id order, PasswordHash left empty.
	Users(ctx context.Context) ([]*domain.User, error)
	// Tags returns every tag in id order.
	Tags(ctx context.Context) ([]TagRecord, error)
	Settings(ctx context.Context) (domain.Settings, error)
	// Workflow returns every pending version and trash entry (few, next
	// to the posts), so an export carries them.
	Workflow(ctx context.Context) ([]*Pending, []*Trash, error)
	// Notes returns every editors' note, by post id then oldest first,
	// first notes before their replies.
	Notes(ctx context.Context) ([]*domain.Note, error)
	// Reviews returns every review state and every review transition
	// (oldest first), so an export carries them.
	Reviews(ctx context.Context) ([]*Review, []*ReviewEvent, error)
	// Assignments returns every assignment, done ones and those of
	// trashed stubs too, in post id order.
	Assignments(ctx context.Context) ([]*Assignment, error)
	// LiveEntries returns every entry of the live blog postID, drafts
	// too, oldest first.
	LiveEntries(ctx context.Context, postID string) ([]*domain.LiveEntry, error)
}

// TagRecord is a tag with the time it was made.
type TagRecord struct {
	domain.Tag
	CreatedAt time.Time
}
