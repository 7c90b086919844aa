package domain

import (
	"strings"
	"time"
)

// Kind is what a post is: a full article, a short brief, a video item or
// a live blog (a stream of timestamped entries, see LiveBlog).
type Kind string

// The post kinds.
const (
	KindArticle Kind = "article"
	KindBrief   Kind = "brief"
	KindVideo   Kind = "video"
	KindLive    Kind = "live"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindArticle, KindBrief, KindVideo, KindLive}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	return k == KindArticle || k == KindBrief || k == KindVideo || k == KindLive
}

// Label is the reader-facing label shown above a stream item ("Video").
func (k Kind) Label() string {
	switch k {
	case KindVideo:
		return "Video"
	case KindBrief:
		return "Brief"
	case KindLive:
		return "Live"
	}
	return "Article"
}

// PostType separates news from static pages (About, Corrections policy),
// as Ghost's type field does. Pages share the posts' slug space and live
// at /{slug}/, but stay out of every stream, feed, search and news
// sitemap. The zero value is a post.
type PostType string

// The post types.
const (
	TypePost PostType = "post"
	TypePage PostType = "page"
)

// Valid reports whether t is a known type; empty counts as a post.
func (t PostType) Valid() bool { return t == "" || t == TypePost || t == TypePage }

// Visibility says who may read a post's whole body, in Ghost's words.
// newsdesk has no members yet, so anonymous readers of a post that is not
// public get only the part before the members-only marker (or nothing of
// the body without one), followed by a note. The zero value is public.
type Visibility string

// The visibilities Ghost knows.
const (
	VisibilityPublic  Visibility = "public"
	VisibilityMembers Visibility = "members"
	VisibilityPaid    Visibility = "paid"
	VisibilityTiers   Visibility = "tiers" // paid members of some tiers
)

// Valid reports whether v is a known visibility; empty counts as public.
func (v Visibility) Valid() bool {
	switch v {
	case "", VisibilityPublic, VisibilityMembers, VisibilityPaid, VisibilityTiers:
		return true
	}
	return false
}

// Tier is a Ghost membership tier a post is meant for, as Ghost names it
// (tiers are matched by slug and name when a Ghost site imports them).
type Tier struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// MembersOnlyMarker is Ghost's marker, on a line of its own in a body,
// between what every reader gets and what only members get.
const MembersOnlyMarker = "<!--members-only-->"

// Status is where a post is in its life.
type Status string

// The post statuses.
const (
	StatusDraft     Status = "draft"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
)

// StatusTrashed marks a post in the trash. Only the trash sets it (the
// status the post had is kept beside it, see storage.Trash): it is not
// Valid, so no form or API request can ask for it, and every reader-facing
// query, which asks for published posts, leaves trashed ones out.
const StatusTrashed Status = "trashed"

// Valid reports whether s is a status a post can be given.
func (s Status) Valid() bool {
	return s == StatusDraft || s == StatusScheduled || s == StatusPublished
}

// Image is a picture with the text that goes with it. Caption and Credit are
// kept apart so the credit can be shown "(Photographer / Agency)" and exported
// on its own.
type Image struct {
	URL     string
	Alt     string
	Caption string
	Credit  string
	Width   int
	Height  int
}

// CaptionWithCredit joins caption and credit the way news sites print them:
// "Kyiv: rescuers at work, March 3. (Name / Agency)".
func (im Image) CaptionWithCredit() string {
	c := strings.TrimSpace(im.Caption)
	if im.Credit == "" {
		return c
	}
	if c == "" {
		return "(" + im.Credit + ")"
	}
	return c + " (" + im.Credit + ")"
}

// Correction is a dated note appended to a published post. Editors may
// edit its text (UpdatedAt) or retract it (RetractedAt): a retracted note
// leaves the public page but stays in the newsroom with its history.
type Correction struct {
	ID          string
	PostID      string
	Kind        string // "correction" or "update"
	Body        string
	CreatedAt   time.Time
	UpdatedAt   time.Time // zero until edited
	RetractedAt time.Time // zero unless retracted
}

// Retracted reports whether the note was withdrawn.
func (c Correction) Retracted() bool { return !c.RetractedAt.IsZero() }

// CorrectionEdit is one change to a correction, holding the note as it
// was before the change.
type CorrectionEdit struct {
	Change   string // "edited" or "retracted"
	Kind     string
	Body     string
	UserName string
	At       time.Time
}

// MaxCorrectionLen bounds a correction or update note.
const MaxCorrectionLen = 5000

// Validate checks a correction before it is saved.
func (c *Correction) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	switch {
	case c.Body == "":
		return FieldError("correction", "Correction text is required.")
	case len(c.Body) > MaxCorrectionLen:
		return FieldError("correction", "A note is at most %d characters.", MaxCorrectionLen)
	case c.Kind != "correction" && c.Kind != "update":
		return FieldError("correction_kind", "Kind must be correction or update.")
	}
	return nil
}

// Post is one item of the stream: an article, a brief or a video item.
type Post struct {
	ID   string // 24 lowercase hex characters, as Ghost ids are
	UUID string
	// Type is TypePost or TypePage; empty means TypePost.
	Type   PostType
	Kind   Kind
	Status Status
	Slug   string
	Title  string
	// Standfirst is the summary under the headline (Ghost's custom_excerpt).
	Standfirst string
	BodyMD     string
	// BodyHTML, Plaintext, WordCount and ImageCount are derived from BodyMD
	// when the post is saved, so pages never render Markdown per request.
	BodyHTML   string
	Plaintext  string
	WordCount  int
	ImageCount int
	// PublicHTML and PublicPlaintext are the part of the body before the
	// members-only marker, derived at save like BodyHTML; empty when the
	// body has no marker. Only gated posts show them (see PublicBody).
	PublicHTML      string
	PublicPlaintext string
	// Visibility is who may read the whole body; empty means public.
	Visibility Visibility
	// Tiers are the membership tiers Ghost let read a post of visibility
	// "tiers" (or listed on a paid one). newsdesk has no memberships, so
	// they only ride along: kept from an import so an export gives them
	// back.
	Tiers    []Tier
	Language string
	Featured bool
	// Image is the lead image; a zero URL means none.
	Image           Image
	VideoURL        string
	MetaTitle       string
	MetaDescription string
	Authors         []Author // ordered; the first is the primary author
	Tags            []Tag    // ordered; the first is the primary tag (section)
	Corrections     []Correction
	PublishedAt     time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// BreakingUntil, when in the future, pins the post as breaking news.
	BreakingUntil time.Time
	// Live is a live blog's state (key points, pin, coverage times),
	// loaded with posts of KindLive; nil for other kinds, and for a live
	// post whose blog was never touched (it counts as live).
	Live *LiveBlog
}

// IsPage reports whether p is a static page rather than news.
func (p *Post) IsPage() bool { return p.Type == TypePage }

// PrimaryAuthor returns the first author, or the zero Author.
func (p *Post) PrimaryAuthor() Author {
	if len(p.Authors) == 0 {
		return Author{}
	}
	return p.Authors[0]
}

// PrimaryTag returns the first public tag, or the zero Tag.
func (p *Post) PrimaryTag() Tag {
	for _, t := range p.Tags {
		if !t.Internal() {
			return t
		}
	}
	return Tag{}
}

// PublicTags returns the tags readers may see (no internal "#" tags).
func (p *Post) PublicTags() []Tag {
	out := make([]Tag, 0, len(p.Tags))
	for _, t := range p.Tags {
		if !t.Internal() {
			out = append(out, t)
		}
	}
	return out
}

// ReadingMinutes is the post's reading time in whole minutes, as Ghost
// computes it; the lead image counts as one more image.
func (p *Post) ReadingMinutes() int {
	images := p.ImageCount
	if p.Image.URL != "" {
		images++
	}
	return ReadingMinutes(p.WordCount, images)
}

// ReadingTime is the label readers see, e.g. "2 min read".
func (p *Post) ReadingTime() string {
	return ReadingTimeLabel(p.ReadingMinutes())
}

// Gated reports whether anonymous readers get only part of the body.
func (p *Post) Gated() bool {
	return p.Visibility != "" && p.Visibility != VisibilityPublic
}

// PublicBody is the body HTML and plain text an anonymous reader gets:
// all of it for a public post; for a gated one, what Ghost shows a
// visitor, the part before the members-only marker, or nothing without
// one (readers then have the standfirst). Pages, feeds, the Content API,
// search and live updates show this, never BodyHTML directly.
func (p *Post) PublicBody() (html, text string) {
	if !p.Gated() {
		return p.BodyHTML, p.Plaintext
	}
	return p.PublicHTML, p.PublicPlaintext
}

// Excerpt returns the standfirst, or the start of the plain text an
// anonymous reader may see.
func (p *Post) Excerpt() string {
	if p.Standfirst != "" {
		return p.Standfirst
	}
	_, text := p.PublicBody()
	return Truncate(text, 300)
}

// FullExcerpt is Excerpt from the whole body, for staff (the Admin API).
func (p *Post) FullExcerpt() string {
	if p.Standfirst != "" {
		return p.Standfirst
	}
	return Truncate(p.Plaintext, 300)
}

// IsPublic reports whether readers may see the post at time now.
func (p *Post) IsPublic(now time.Time) bool {
	return p.Status == StatusPublished && !p.PublishedAt.After(now)
}

// IsBreaking reports whether the post is pinned as breaking at time now.
func (p *Post) IsBreaking(now time.Time) bool {
	return !p.BreakingUntil.IsZero() && p.BreakingUntil.After(now)
}

// Updated reports whether the post changed noticeably after publication:
// it carries a correction or was edited more than five minutes later.
func (p *Post) Updated() bool {
	if p.PublishedAt.IsZero() {
		return false
	}
	return len(p.PublicCorrections()) > 0 || p.UpdatedAt.Sub(p.PublishedAt) > 5*time.Minute
}

// Truncate cuts s to at most n runes at a word boundary, adding "…".
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// PublicCorrections are the notes readers see: all but the retracted.
func (p *Post) PublicCorrections() []Correction {
	for i, c := range p.Corrections {
		if c.Retracted() {
			out := append([]Correction(nil), p.Corrections[:i]...)
			for _, c := range p.Corrections[i+1:] {
				if !c.Retracted() {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return p.Corrections
}
