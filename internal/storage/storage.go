// Package storage defines the contract every newsdesk database backend
// implements. The sqlstore package implements it for SQLite and PostgreSQL;
// storagetest holds the conformance suite both must pass.
package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// Store is the whole storage contract.
type Store interface {
	Posts
	Authors
	Tags
	SettingsStore
	Integrations
	GhostListing
	Sessions
	Revisions
	Sitemaps
	Redirects
	Exports
	Imports
	Search
	Workflow
	Reviews
	Assignments
	LiveBlogs
	Webhooks
	Notes
	Notifications
	// Ping checks the database is reachable (health endpoints).
	Ping(ctx context.Context) error
	Close() error
}

// Posts stores posts with their authors, tags and corrections.
type Posts interface {
	// CreatePost inserts p, assigning ID, UUID and timestamps if empty,
	// with its Corrections (an imported post's). Authors and tags are
	// referenced by ID; a duplicate slug is ECONFLICT.
	CreatePost(ctx context.Context, p *domain.Post) error
	// UpdatePost replaces p. When ifUpdatedAt is not zero and the stored
	// post was updated at another time, it fails with ECONFLICT and saves nothing.
	UpdatePost(ctx context.Context, p *domain.Post, ifUpdatedAt time.Time) error
	DeletePost(ctx context.Context, id string) error
	PostByID(ctx context.Context, id string) (*domain.Post, error)
	PostBySlug(ctx context.Context, slug string) (*domain.Post, error)
	// ListPosts returns one page of posts, newest first, by keyset.
	ListPosts(ctx context.Context, q PostQuery) (PostPage, error)
	// AddCorrection appends a dated correction or update note to a post.
	// The outbox events, if any, are stored in the same transaction (so
	// for EditCorrection and RetractCorrection, when they change anything).
	AddCorrection(ctx context.Context, c *domain.Correction, outbox ...*OutboxEvent) error
	// EditCorrection replaces a note's kind and text, keeping the old
	// ones in its history; RetractCorrection withdraws it. Both touch
	// the post's UpdatedAt. by names who did it, for the history.
	EditCorrection(ctx context.Context, c *domain.Correction, by string, outbox ...*OutboxEvent) error
	RetractCorrection(ctx context.Context, postID, id, by string, outbox ...*OutboxEvent) error
	// CorrectionEdits returns a note's history, oldest first.
	CorrectionEdits(ctx context.Context, id string) ([]domain.CorrectionEdit, error)
	// CreatePosts inserts many posts in few transactions (demo and bulk
	// loading); it skips per-post slug checks the caller guarantees. A
	// post's UpdatedAt, when set, is kept, and its Corrections are saved
	// with their dates. A failing batch saves nothing.
	CreatePosts(ctx context.Context, posts []*domain.Post) error
	// PublishDue flips scheduled posts whose time has come to published and
	// returns them. Safe to call from several instances at once: each post
	// is returned by exactly one caller.
	PublishDue(ctx context.Context, now time.Time) ([]*domain.Post, error)
	// PublishDueWith is PublishDue that also stores, in the transaction
	// that publishes each post, the webhook events outbox names for it
	// (given the post as published; nil adds none).
	PublishDueWith(ctx context.Context, now time.Time, outbox func(*domain.Post) []*OutboxEvent) ([]*domain.Post, error)
	// CountPosts counts posts matching q (ignoring Limit and After).
	CountPosts(ctx context.Context, q PostQuery) (int, error)
	// TakenSlugs reports which of slugs posts or pages already use.
	TakenSlugs(ctx context.Context, slugs []string) (map[string]bool, error)
	// TakenPostIDs reports which of ids posts or pages already have.
	TakenPostIDs(ctx context.Context, ids []string) (map[string]bool, error)
	// SavePosts writes each post with the tags it introduces and its
	// revision (a created post also with its Corrections), all in one
	// transaction: everything is saved or nothing.
	// The publishing service is its one caller outside tests.
	SavePosts(ctx context.Context, ws []*PostWrite) error
}

// PostWrite is one post to save, with what must be saved with it.
type PostWrite struct {
	Post *domain.Post
	// Create inserts the post; otherwise the stored post is replaced.
	Create bool
	// IfUpdatedAt, when not zero, makes an update fail with ECONFLICT if
	// the stored post was saved at another time.
	IfUpdatedAt time.Time
	// KeepUpdatedAt keeps Post.UpdatedAt as given instead of stamping the
	// time of the write (imports keep the source's times).
	KeepUpdatedAt bool
	// NewTags are created before the post. A tag whose slug exists by
	// then (made meanwhile by another request) is not created again: the
	// post gets the existing one.
	NewTags []*domain.Tag
	// Revision, when set, is stored with the saved text; its PostID and
	// CreatedAt are filled from the post.
	Revision *Revision
	// SourceKey, when set, records where an imported post came from, in
	// the same transaction (see Imports).
	SourceKey string
	// DropPending deletes the post's pending version in the same
	// transaction (it was published, or folded into this save).
	DropPending bool
	// StalePending marks the post's pending version, if any, stale: the
	// live version changed under it.
	StalePending bool
	// Trash, on a created post, puts it straight in the trash (an import
	// of a trashed post); Trash.PostID is filled from the post.
	Trash *Trash
	// Pending, on a created published post, gives it a pending version
	// (an import); Pending.PostID is filled from the post.
	Pending *Pending
	// Review, on an update, is a review transition recorded in the same
	// transaction (an approval publishes the post as it leaves review);
	// its From is checked as RecordReview does.
	Review *ReviewEvent
	// ReviewState and ReviewLog, on a created post, give it its review
	// state and history (an import); their PostID is filled from the post.
	ReviewState *Review
	ReviewLog   []*ReviewEvent
	// Assignment, when set, is stored (inserted or replaced) as the
	// post's assignment in its transaction; its PostID is filled from the
	// post. FinishAssignment marks the post's open assignment done at the
	// post's UpdatedAt (the save published or scheduled it).
	Assignment       *Assignment
	FinishAssignment bool
	// Live and Entries, when set, are a live blog's state and entries
	// (imports), written with the post in its transaction; entries keep
	// their ids and times.
	Live    *domain.LiveBlog
	Entries []*domain.LiveEntry
	// Notes, on a created post, are its editors' notes (imports), first
	// notes before their replies, written with their ids and times.
	Notes []*domain.Note
	// Delete removes the stored post (ENOTFOUND when missing) instead of
	// saving it; only Post.ID and Outbox count.
	Delete bool
	// Outbox holds the webhook events of the change, stored in the same
	// transaction (see Webhooks.Enqueue).
	Outbox []*OutboxEvent
}

// Imports remembers where imported records came from, so that an import
// run twice, or resumed after a crash, creates nothing twice.
type Imports interface {
	// ImportedIDs maps those of keys that were imported as kind ("post",
	// "tag", "user") to the ids they were given.
	ImportedIDs(ctx context.Context, kind string, keys []string) (map[string]string, error)
	// RecordImport remembers that key was imported as the kind with id.
	RecordImport(ctx context.Context, kind, key, id string) error
	// SyncImports makes every batch SavePosts saved so far durable. A
	// large batch of new posts (an import's) may be made durable by a
	// later checkpoint instead of at its own commit: a crash of the
	// process loses none of it, a power cut may lose the last batches
	// (never part of one), which running the import again brings in. An
	// import calls SyncImports before it reports success.
	SyncImports(ctx context.Context) error
}

// Authors stores author profiles and newsroom accounts (one table, as Ghost).
type Authors interface {
	CreateUser(ctx context.Context, u *domain.User) error
	UpdateUser(ctx context.Context, u *domain.User) error
	UserByID(ctx context.Context, id string) (*domain.User, error)
	UserByEmail(ctx context.Context, email string) (*domain.User, error)
	AuthorBySlug(ctx context.Context, slug string) (*domain.Author, error)
	// PublicAuthorBySlug is AuthorBySlug for readers: a pending invitation
	// (domain.User.Pending) is ENOTFOUND.
	PublicAuthorBySlug(ctx context.Context, slug string) (*domain.Author, error)
	// ListUsers returns every user ordered by name.
	ListUsers(ctx context.Context) ([]*domain.User, error)
}

// TagUse is how many posts carry a tag, and how many of them are
// published.
type TagUse struct {
	Posts, Published int
}

// Tags stores tags.
type Tags interface {
	// CreateTag, UpdateTag and DeleteTag store the outbox events given,
	// if any, in the same transaction.
	CreateTag(ctx context.Context, t *domain.Tag, outbox ...*OutboxEvent) error
	UpdateTag(ctx context.Context, t *domain.Tag, outbox ...*OutboxEvent) error
	TagByID(ctx context.Context, id string) (*domain.Tag, error)
	TagBySlug(ctx context.Context, slug string) (*domain.Tag, error)
	// DeleteTag removes a tag and its place on every post.
	DeleteTag(ctx context.Context, id string, outbox ...*OutboxEvent) error
	// ListTags returns every tag ordered by name.
	ListTags(ctx context.Context) ([]*domain.Tag, error)
	// TagUse counts each tag's posts and pages by tag ID; tags on
	// nothing are absent.
	TagUse(ctx context.Context) (map[string]TagUse, error)
	// MergeTags moves every post of tag from onto tag into, in from's
	// place in the post's tag order (a section stays a section), then
	// deletes from; all in one transaction. It returns how many posts
	// gained into.
	MergeTags(ctx context.Context, fromID, intoID string) (moved int, err error)

	// A tag is public at a time when it is not internal and at least one
	// of its posts is published with its time come: a tag used only by
	// drafts or scheduled posts must not reveal an embargoed story's topic.

	// PublicTagBySlug is TagBySlug for readers: ENOTFOUND unless the tag
	// is public at now.
	PublicTagBySlug(ctx context.Context, slug string, now time.Time) (*domain.Tag, error)
	// PublicTagByID is PublicTagBySlug by ID.
	PublicTagByID(ctx context.Context, id string, now time.Time) (*domain.Tag, error)
	// ListPublicTags returns the tags public at now, ordered by name.
	ListPublicTags(ctx context.Context, now time.Time) ([]*domain.Tag, error)
}

// SettingsStore stores site settings.
type SettingsStore interface {
	Settings(ctx context.Context) (domain.Settings, error)
	// SaveSettings stores the outbox events given, if any, with the settings.
	SaveSettings(ctx context.Context, s domain.Settings, outbox ...*OutboxEvent) error
}

// Sitemaps lists what sitemaps need, without post bodies, paging by keyset
// so the millionth post costs what the first does.
type Sitemaps interface {
	// SitemapPosts returns up to limit posts public at now, oldest first,
	// starting at from (inclusive) when from is not nil.
	SitemapPosts(ctx context.Context, from *Cursor, limit int, now time.Time) ([]SitemapPost, error)
	// SitemapKeys calls fn for every post public at now, oldest first, with
	// what splitting sitemaps into files needs; it reads one index only.
	SitemapKeys(ctx context.Context, now time.Time, fn func(SitemapKey) error) error
	// RecentPosts returns posts published between since and now, newest
	// first, at most limit (the Google News sitemap).
	RecentPosts(ctx context.Context, since, now time.Time, limit int) ([]SitemapPost, error)
	// PublicAuthors returns the authors with at least one post public at
	// now, by slug, with the time of their latest such post; pending
	// invitations are left out.
	PublicAuthors(ctx context.Context, now time.Time) ([]SitemapProfile, error)
	// PublicTags is PublicAuthors for tags; internal tags are left out.
	PublicTags(ctx context.Context, now time.Time) ([]SitemapProfile, error)
	// SitemapPages returns up to limit static pages public at now, oldest
	// first.
	SitemapPages(ctx context.Context, now time.Time, limit int) ([]SitemapPost, error)
}

// Redirects stores redirect rules in the order of Ghost's redirects.json.
type Redirects interface {
	// ExactRedirects returns the exact rules for a path key and query
	// ("" for rules without one), in file order: one index lookup.
	ExactRedirects(ctx context.Context, key, query string) ([]*domain.Redirect, error)
	// PatternRedirects returns every pattern rule, in file order.
	PatternRedirects(ctx context.Context) ([]*domain.Redirect, error)
	// RedirectQueryKeys returns up to limit distinct keys of exact rules
	// that require a query ("/" for WordPress's /?p=123), so requests
	// elsewhere skip the query lookup.
	RedirectQueryKeys(ctx context.Context, limit int) ([]string, error)
	// RedirectPathKeys returns up to limit distinct keys of exact rules
	// without a query, so requests for other paths (almost all of them)
	// skip the exact lookup.
	RedirectPathKeys(ctx context.Context, limit int) ([]string, error)
	// ListRedirects returns one page of rules in file order.
	ListRedirects(ctx context.Context, q RedirectQuery) (RedirectPage, error)
	// EachRedirect calls fn for every rule in file order.
	EachRedirect(ctx context.Context, fn func(*domain.Redirect) error) error
	// CountRedirects counts all rules and the pattern rules among them.
	CountRedirects(ctx context.Context) (all, patterns int, err error)
	// AddRedirect validates r and appends it to the file. A pattern rule
	// beyond domain.MaxPatternRedirects is EINVALID.
	AddRedirect(ctx context.Context, r *domain.Redirect) error
	// DeleteRedirect removes one rule; a missing one is ENOTFOUND.
	DeleteRedirect(ctx context.Context, id string) error
	// ReplaceRedirects validates rules and replaces the whole file with
	// them, in their order; anything wrong saves nothing.
	ReplaceRedirects(ctx context.Context, rules []*domain.Redirect) error
	// AppendRedirects validates rules and adds them at the end of the
	// file in one transaction, skipping any whose from and to are already
	// there (so an import run twice adds nothing); anything wrong saves
	// nothing. It returns how many were added.
	AppendRedirects(ctx context.Context, rules []*domain.Redirect) (int, error)
}

// RedirectQuery selects a page of redirect rules. Zero values mean "any".
type RedirectQuery struct {
	Search string // case-insensitive match on from or to
	After  int64  // keyset: rules after this position
	Limit  int    // 1..MaxLimit; 0 means 50
}

// RedirectPage is one page of rules and the position to continue after,
// zero at the end.
type RedirectPage struct {
	Redirects []*domain.Redirect
	Next      int64
}

// SitemapPost is a public post as sitemaps list it.
type SitemapPost struct {
	ID          string
	Slug        string
	Title       string
	Language    string
	ImageURL    string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// Cursor is the post's position in the oldest-first sitemap order.
func (p SitemapPost) Cursor() Cursor { return Cursor{Time: p.PublishedAt, ID: p.ID} }

// SitemapKey is a public post's position and update time.
type SitemapKey struct {
	Cursor    Cursor
	UpdatedAt time.Time
}

// SitemapProfile is an author or tag page as sitemaps list it.
type SitemapProfile struct {
	Slug     string
	Name     string
	LastPost time.Time
}

// MaxLimit caps the page size of any listing.
const MaxLimit = 100

// PostQuery selects a page of posts. Zero values mean "any".
type PostQuery struct {
	// Type selects posts (empty or domain.TypePost) or static pages:
	// listings never mix them, so no stream can show a page.
	Type domain.PostType
	// Public restricts to published posts whose time has come; when false,
	// Statuses selects (empty: all statuses).
	Public    bool
	Statuses  []domain.Status
	Kind      domain.Kind
	AuthorID  string
	TagID     string
	Language  string
	Search    string // case-insensitive match on the title
	Featured  bool
	Now       time.Time // for Public; zero means time.Now()
	Limit     int       // 1..MaxLimit; 0 means 15
	After     *Cursor   // keyset: items strictly older than this
	ExcludeID string    // leave one post out (the article being read)

	// Breaking keeps only posts pinned as breaking news: BreakingUntil
	// later than Now (zero Now means time.Now()).
	Breaking bool

	// Summary asks only for what a stream item shows: a store may leave
	// BodyMD, Plaintext and PublicPlaintext empty, and BodyHTML and
	// PublicHTML of articles (items show a brief's or video's body, an
	// article's standfirst). Reading a page of full articles was most of
	// the cost of a stream. Authors and Tags then carry only ID, Name
	// and Slug.
	Summary bool
}

// PostPage is one page of posts and the cursor of the next page, if any.
type PostPage struct {
	Posts []*domain.Post
	Next  *Cursor
}

// Cursor is a position in the stream: the sort key of the last item seen.
// Posts without a publication time sort by creation time.
type Cursor struct {
	Time time.Time
	ID   string
}

// String encodes the cursor for a query string: "<unix-millis>-<id>".
func (c Cursor) String() string {
	return strconv.FormatInt(c.Time.UnixMilli(), 10) + "-" + c.ID
}

// ParseCursor decodes a cursor made by Cursor.String; anything else is EINVALID.
func ParseCursor(s string) (*Cursor, error) {
	ms, id, ok := strings.Cut(s, "-")
	if !ok || len(ms) == 0 || len(ms) > 15 || (len(ms) > 1 && ms[0] == '0') || !domain.ValidID(id) {
		return nil, domain.Errorf(domain.EINVALID, "Malformed page cursor.")
	}
	for i := 0; i < len(ms); i++ {
		if ms[i] < '0' || ms[i] > '9' {
			return nil, domain.Errorf(domain.EINVALID, "Malformed page cursor.")
		}
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil || n < 0 {
		return nil, domain.Errorf(domain.EINVALID, "Malformed page cursor.")
	}
	return &Cursor{Time: time.UnixMilli(n).UTC(), ID: id}, nil
}

// CursorOf returns the cursor pointing just after p.
func CursorOf(p *domain.Post) *Cursor {
	t := p.PublishedAt
	if t.IsZero() {
		t = p.CreatedAt
	}
	return &Cursor{Time: t, ID: p.ID}
}

// NotFound is the error backends return for a missing row.
func NotFound(what, key string) error {
	return domain.Errorf(domain.ENOTFOUND, "%s %q not found.", what, key)
}

// Wrap adds context to an unexpected backend error.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
