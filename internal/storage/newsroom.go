package storage

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored,
// so a leaked database does not hand out live sessions.
type Session struct {
	TokenHash string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

// OneTimeToken is an invitation or password-set link: hashed, expiring and
// usable once.
type OneTimeToken struct {
	TokenHash string
	Kind      string // "invite" or "password"
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Sessions stores sign-in state: sessions, one-time tokens and sign-in
// attempts (for rate limiting that holds across instances and restarts).
type Sessions interface {
	CreateSession(ctx context.Context, s *Session) error
	// SessionByHash returns the session unless it is missing or expired at now (ENOTFOUND).
	SessionByHash(ctx context.Context, hash string, now time.Time) (*Session, error)
	// TouchSession slides a session's expiry.
	TouchSession(ctx context.Context, hash string, lastSeen, expiresAt time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	// DeleteUserSessions signs a user out everywhere (password change, suspension).
	DeleteUserSessions(ctx context.Context, userID string) error

	CreateToken(ctx context.Context, t *OneTimeToken) error
	// UseToken consumes a token of the given kind: it returns it and deletes
	// it in one step, so of two concurrent uses only one succeeds. A missing,
	// used or expired token is ENOTFOUND.
	UseToken(ctx context.Context, hash, kind string, now time.Time) (*OneTimeToken, error)
	// PeekToken returns a live token without consuming it (to show the form).
	PeekToken(ctx context.Context, hash, kind string, now time.Time) (*OneTimeToken, error)

	// DeleteUserTokens revokes every one-time link of the user (a password
	// was set, so older invitation and password links must stop working).
	DeleteUserTokens(ctx context.Context, userID string) error

	// RecordSignin stores one sign-in attempt for an account and an address.
	RecordSignin(ctx context.Context, account, addr string, ok bool, at time.Time) error
	// ReserveSignin records a failed attempt for account and addr at the time
	// at, unless the account or the address already has limit failed
	// attempts since since; allowed reports which. Counting and recording
	// are one step, so of concurrent attempts (on any instance) no more
	// than the limit get through. attempt names the record for
	// SigninSucceeded.
	ReserveSignin(ctx context.Context, account, addr string, at, since time.Time, limit int) (attempt string, allowed bool, err error)
	// SigninSucceeded marks a reserved attempt successful: it no longer
	// counts as failed.
	SigninSucceeded(ctx context.Context, attempt string) error
	// FailedSignins counts failed attempts since a time, for the account and
	// for the address separately.
	FailedSignins(ctx context.Context, account, addr string, since time.Time) (byAccount, byAddr int, err error)
}

// Revision is a saved version of a post's text, kept on every save.
type Revision struct {
	ID         string
	PostID     string
	UserID     string
	UserName   string // filled when listing
	CreatedAt  time.Time
	Title      string
	Standfirst string
	BodyMD     string
	// Snapshot is JSON of the other fields (kind, slug, image, tags, ...),
	// enough to restore the post as it was.
	Snapshot string
}

// Revisions stores post revisions.
type Revisions interface {
	AddRevision(ctx context.Context, r *Revision) error
	// ListRevisions returns a post's revisions, newest first (at most limit).
	ListRevisions(ctx context.Context, postID string, limit int) ([]*Revision, error)
	RevisionByID(ctx context.Context, id string) (*Revision, error)
}
