package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// Notes stores editors' notes on posts (domain.Note): staff-only threads
// beside a post, in a table of their own that no reader-facing query
// reads. A post's notes go when the post is deleted for good.
type Notes interface {
	// NotesOf returns a post's notes, oldest first, authors' names filled.
	NotesOf(ctx context.Context, postID string) ([]*domain.Note, error)
	// NoteByID returns one note; ENOTFOUND when it is gone.
	NoteByID(ctx context.Context, id string) (*domain.Note, error)
	// AddNote stores n, filling ID (when empty) and CreatedAt. The post
	// must exist (ENOTFOUND); a reply's parent must be a first note of
	// the same post (EINVALID otherwise).
	AddNote(ctx context.Context, n *domain.Note) error
	// EditNote replaces a note's text and stamps its UpdatedAt, which it
	// sets on n. A missing note is ENOTFOUND.
	EditNote(ctx context.Context, n *domain.Note) error
	// DeleteNote removes a note and, for a thread's first note, its
	// replies. A missing note is ENOTFOUND.
	DeleteNote(ctx context.Context, id string) error
	// ResolveNote marks the thread a first note starts resolved at a time
	// by a user, or open again with a zero time. A reply or a missing
	// note is ENOTFOUND.
	ResolveNote(ctx context.Context, id, by string, at time.Time) error
	// OpenNotes counts the open threads of each of the posts given;
	// posts without any are absent.
	OpenNotes(ctx context.Context, postIDs []string) (map[string]int, error)
}
