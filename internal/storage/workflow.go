package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// A post's workflow state is what the newsroom knows about it beyond the
// version readers see. Each part lives in its own table keyed by the post,
// so a part is added (the review state of issue 14 will be one) without
// touching the posts table or the queries readers depend on:
//
//   - the post's Status (draft, scheduled, published) says what readers see;
//   - a Pending version is a staged edit of a published post, not live yet;
//   - a Trash entry says the post is in the trash, and what status it had.
//
// The publishing service (internal/publish) is the one writer of all three.

// Pending is a staged version of a published post: saved in the newsroom
// but not live. Title, Standfirst and BodyMD are its text; Fields holds
// the rest of the edited post as the publishing service encodes it.
type Pending struct {
	PostID     string
	Title      string
	Standfirst string
	BodyMD     string
	Fields     string
	UserID     string
	UserName   string // filled when read
	SavedAt    time.Time
	// Base is the live version the pending one was started from: its
	// time and text. When the live version changes under it (an Admin API
	// edit), StaleAt is set, and the newsroom shows what changed live
	// since Base.
	BaseUpdatedAt  time.Time
	BaseTitle      string
	BaseStandfirst string
	BaseBodyMD     string
	StaleAt        time.Time
}

// Stale reports whether the live version changed since the pending one
// was started.
func (p *Pending) Stale() bool { return !p.StaleAt.IsZero() }

// Trash is a post's place in the trash.
type Trash struct {
	PostID string
	// Status is what the post was before it was trashed, and will be
	// again when restored.
	Status    domain.Status
	TrashedAt time.Time
	UserID    string
	UserName  string // filled when read
}

// TrashedPost is a trashed post with its trash entry.
type TrashedPost struct {
	Post  *domain.Post
	Trash Trash
}

// Workflow stores pending versions and the trash.
type Workflow interface {
	// PendingOf returns a post's pending version, ENOTFOUND if it has none.
	PendingOf(ctx context.Context, postID string) (*Pending, error)
	// SavePending stores p as the post's pending version, replacing any,
	// and sets p.SavedAt. With check, it fails with ECONFLICT and saves
	// nothing unless the stored pending version was saved at ifSavedAt
	// (zero: there must be none). A post that is not published or is
	// missing is EINVALID or ENOTFOUND.
	SavePending(ctx context.Context, p *Pending, check bool, ifSavedAt time.Time) error
	// DeletePending drops a post's pending version; none is not an error.
	DeletePending(ctx context.Context, postID string) error
	// PendingPosts reports which of ids have a pending version.
	PendingPosts(ctx context.Context, ids []string) (map[string]bool, error)

	// TrashPost moves a post to the trash: its status becomes trashed
	// (so no reader-facing query finds it) and t records the status it
	// had. It keeps its slug. Trashing a trashed post is ECONFLICT. The
	// outbox events are stored in the same transaction.
	TrashPost(ctx context.Context, t *Trash, outbox ...*OutboxEvent) error
	// RestorePost takes a post out of the trash with the status it had,
	// and returns it. A post not in the trash is ENOTFOUND. The outbox
	// events are stored in the same transaction.
	RestorePost(ctx context.Context, postID string, outbox ...*OutboxEvent) (*domain.Post, error)
	// TrashOf returns a post's trash entry, ENOTFOUND if it is not trashed.
	TrashOf(ctx context.Context, postID string) (*Trash, error)
	// ListTrash returns trashed posts, most recently trashed first; with
	// authorID, only posts that author is on.
	ListTrash(ctx context.Context, authorID string, limit int) ([]TrashedPost, error)
	// PurgeTrash deletes for good the posts trashed before a time and
	// returns them (at most limit). Deleting the trash entry is the
	// claim: of several instances purging at once, each post is returned
	// by exactly one.
	PurgeTrash(ctx context.Context, before time.Time, limit int) ([]*domain.Post, error)
}
