// Package export writes newsdesk's content as a Ghost JSON export (the
// file Ghost's Settings → Labs → Export makes, and its Admin API's db/
// endpoint answers), and reads such a file back.
//
// The file is Ghost 5's: {"db":[{"meta":{...},"data":{"posts":[...],
// "posts_meta":[...], "users":[...], ...}}]}, each table a list of rows
// with Ghost's column names, so Ghost's own importer takes it. Bodies go as
// html plus a lexical document holding one Markdown card, which carries the
// Markdown exactly. What newsdesk has and Ghost lacks (post kind, language,
// photo credit, image size, video URL, breaking pin, corrections, Ghost
// tiers kept from an import, editors' notes; author
// titles and links) rides along in a "newsdesk" object on each post and
// user row: Ghost's importer drops keys that are not its columns, and
// newsdesk's reader takes them back, so an export loses nothing newsdesk
// needs.
//
// No secret is ever written: no password hash, session, one-time token or
// integration key. Backups (package backup) carry those.
package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// GhostVersion is the Ghost version whose export format the file follows.
const GhostVersion = "5.130.6"

// FormatVersion numbers the shape of the "newsdesk" objects; a reader
// refuses files from a later format.
const FormatVersion = 1

// GhostURL is the placeholder Ghost stores in place of the site's own
// address; site paths ("/content/images/...") are written behind it.
const GhostURL = "__GHOST_URL__"

// File is a whole export.
type File struct {
	DB []DB `json:"db"`
}

// DB is the one entry of File.DB.
type DB struct {
	Meta Meta `json:"meta"`
	Data Data `json:"data"`
}

// Meta says when and by what the file was written.
type Meta struct {
	ExportedOn int64     `json:"exported_on"` // Unix milliseconds
	Version    string    `json:"version"`
	Newsdesk   *MetaInfo `json:"newsdesk,omitempty"`
}

// MetaInfo identifies a file newsdesk wrote.
type MetaInfo struct {
	Format  int    `json:"format"`
	SiteURL string `json:"site_url,omitempty"`
	// Dateline is the one site setting Ghost has no key for.
	Dateline string `json:"dateline,omitempty"`
	// ReviewAuthors: Authors submit their posts for review.
	ReviewAuthors bool `json:"review_authors,omitempty"`
}

// Data holds the tables, in the order they are written.
type Data struct {
	Posts        []Post     `json:"posts"`
	PostsAuthors []Relation `json:"posts_authors"`
	PostsMeta    []PostMeta `json:"posts_meta"`
	PostsTags    []Relation `json:"posts_tags"`
	Roles        []Role     `json:"roles"`
	RolesUsers   []RoleUser `json:"roles_users"`
	Settings     []Setting  `json:"settings"`
	Tags         []Tag      `json:"tags"`
	Users        []User     `json:"users"`
}

// Post is a row of Ghost's posts table plus newsdesk's own fields.
type Post struct {
	ID                       string     `json:"id"`
	UUID                     string     `json:"uuid"`
	Title                    string     `json:"title"`
	Slug                     string     `json:"slug"`
	Mobiledoc                *string    `json:"mobiledoc"`
	Lexical                  *string    `json:"lexical"`
	HTML                     *string    `json:"html"`
	CommentID                *string    `json:"comment_id"`
	Plaintext                *string    `json:"plaintext"`
	FeatureImage             *string    `json:"feature_image"`
	Featured                 flag       `json:"featured"`
	Type                     string     `json:"type"`
	Status                   string     `json:"status"`
	Locale                   *string    `json:"locale"`
	Visibility               string     `json:"visibility"`
	EmailRecipientFilter     string     `json:"email_recipient_filter"`
	CreatedAt                string     `json:"created_at"`
	UpdatedAt                *string    `json:"updated_at"`
	PublishedAt              *string    `json:"published_at"`
	CustomExcerpt            *string    `json:"custom_excerpt"`
	CodeinjectionHead        *string    `json:"codeinjection_head"`
	CodeinjectionFoot        *string    `json:"codeinjection_foot"`
	CustomTemplate           *string    `json:"custom_template"`
	CanonicalURL             *string    `json:"canonical_url"`
	NewsletterID             *string    `json:"newsletter_id"`
	ShowTitleAndFeatureImage flag       `json:"show_title_and_feature_image"`
	Newsdesk                 *PostExtra `json:"newsdesk,omitempty"`
}

// PostExtra is what a newsdesk post has beyond Ghost's columns.
type PostExtra struct {
	Kind     string `json:"kind"`
	Language string `json:"language"`
	// FeatureImageCaption and FeatureImageCredit are kept apart; Ghost's
	// feature_image_caption holds both, as readers see them.
	FeatureImageCaption string       `json:"feature_image_caption,omitempty"`
	FeatureImageCredit  string       `json:"feature_image_credit,omitempty"`
	FeatureImageWidth   int          `json:"feature_image_width,omitempty"`
	FeatureImageHeight  int          `json:"feature_image_height,omitempty"`
	VideoURL            string       `json:"video_url,omitempty"`
	BreakingUntil       string       `json:"breaking_until,omitempty"`
	Corrections         []Correction `json:"corrections,omitempty"`
	// Tiers are the Ghost tiers a post was meant for (kept from a Ghost
	// import; newsdesk has no memberships of its own).
	Tiers []domain.Tier `json:"tiers,omitempty"`
	Full  Full          `json:"full,omitempty"`
	// Trash, for a post in the trash: when it went there and the status
	// it had (the row's own status is "draft", so Ghost's importer keeps
	// it off the site).
	Trash *Trash `json:"trash,omitempty"`
	// Pending is a published post's pending version: an edit saved in
	// the newsroom and not live yet.
	Pending *Pending `json:"pending,omitempty"`
	// Review is a post's review state (in review or sent back) and its
	// review history, for a post that has either.
	Review *Review `json:"review,omitempty"`
	// Assignment is the story's assignment, for a stub an editor
	// commissioned: who writes it, by when, the brief, when it was filed.
	Assignment *Assignment `json:"assignment,omitempty"`
	// Live is a live blog's key points, pin, coverage and entries.
	Live *LiveExtra `json:"live,omitempty"`
	// Notes are the editors' notes on the post (see Note).
	Notes []Note `json:"notes,omitempty"`
}

// Trash is a post's place in the trash.
type Trash struct {
	TrashedAt string `json:"trashed_at"`
	Status    string `json:"status"`
	By        string `json:"by,omitempty"` // user id
}

// Review is a post's review: its state, if it is in review ("submitted")
// or sent back ("sent_back"), and every transition so far.
type Review struct {
	State       string       `json:"state,omitempty"`
	SubmittedBy string       `json:"submitted_by,omitempty"` // user id
	SubmittedAt string       `json:"submitted_at,omitempty"`
	By          string       `json:"by,omitempty"` // user id of the latest transition
	At          string       `json:"at,omitempty"`
	Note        string       `json:"note,omitempty"`
	History     []ReviewStep `json:"history,omitempty"`
}

// ReviewStep is one review transition: submitted, resubmitted,
// sent_back, approved or withdrawn.
type ReviewStep struct {
	Action string `json:"action"`
	At     string `json:"at"`
	By     string `json:"by,omitempty"` // user id
	Note   string `json:"note,omitempty"`
}

// Assignment is a post's assignment; people are user ids.
type Assignment struct {
	Assignee   string `json:"assignee"`
	AssignedBy string `json:"assigned_by,omitempty"`
	AssignedAt string `json:"assigned_at"`
	Deadline   string `json:"deadline"`
	Brief      string `json:"brief,omitempty"`
	DoneAt     string `json:"done_at,omitempty"`
}

// Pending is a pending version: its text, the rest of its fields as the
// publishing service keeps them, who saved it when, and the live text it
// was started from.
type Pending struct {
	Title          string          `json:"title"`
	Standfirst     string          `json:"standfirst,omitempty"`
	Markdown       string          `json:"markdown"`
	Fields         json.RawMessage `json:"fields"`
	By             string          `json:"by,omitempty"` // user id
	SavedAt        string          `json:"saved_at"`
	BaseUpdatedAt  string          `json:"base_updated_at,omitempty"`
	BaseTitle      string          `json:"base_title,omitempty"`
	BaseStandfirst string          `json:"base_standfirst,omitempty"`
	BaseMarkdown   string          `json:"base_markdown,omitempty"`
	StaleAt        string          `json:"stale_at,omitempty"`
}

// Full holds, by Ghost column name, the whole text of fields that had to
// be shortened to the length Ghost's importer accepts (a 300-character
// headline into Ghost's 255). Readers take these over the shortened ones.
type Full map[string]string

// Or returns the whole text kept under key, or short when there is none.
func (f Full) Or(key, short string) string {
	if s, ok := f[key]; ok {
		return s
	}
	return short
}

// Correction is a dated correction or update note on a post.
type Correction struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"` // "correction" or "update"
	Body        string `json:"body"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at,omitempty"`
	RetractedAt string `json:"retracted_at,omitempty"` // withdrawn: kept, not shown
}

// PostMeta is a row of Ghost's posts_meta table.
type PostMeta struct {
	ID                  string  `json:"id"`
	PostID              string  `json:"post_id"`
	OGImage             *string `json:"og_image"`
	OGTitle             *string `json:"og_title"`
	OGDescription       *string `json:"og_description"`
	TwitterImage        *string `json:"twitter_image"`
	TwitterTitle        *string `json:"twitter_title"`
	TwitterDescription  *string `json:"twitter_description"`
	MetaTitle           *string `json:"meta_title"`
	MetaDescription     *string `json:"meta_description"`
	EmailSubject        *string `json:"email_subject"`
	Frontmatter         *string `json:"frontmatter"`
	FeatureImageAlt     *string `json:"feature_image_alt"`
	FeatureImageCaption *string `json:"feature_image_caption"`
	EmailOnly           flag    `json:"email_only"`
}

// Relation is a row of posts_authors (AuthorID set) or posts_tags (TagID set).
type Relation struct {
	ID        string `json:"id"`
	PostID    string `json:"post_id"`
	AuthorID  string `json:"author_id,omitempty"`
	TagID     string `json:"tag_id,omitempty"`
	SortOrder int    `json:"sort_order"`
}

// User is a row of Ghost's users table (staff), without the password.
type User struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Slug            string     `json:"slug"`
	Email           string     `json:"email"`
	ProfileImage    *string    `json:"profile_image"`
	CoverImage      *string    `json:"cover_image"`
	Bio             *string    `json:"bio"`
	Website         *string    `json:"website"`
	Location        *string    `json:"location"`
	Facebook        *string    `json:"facebook"`
	Twitter         *string    `json:"twitter"`
	Accessibility   *string    `json:"accessibility"`
	Status          string     `json:"status"`
	Locale          *string    `json:"locale"`
	Visibility      string     `json:"visibility"`
	MetaTitle       *string    `json:"meta_title"`
	MetaDescription *string    `json:"meta_description"`
	Tour            *string    `json:"tour"`
	LastSeen        *string    `json:"last_seen"`
	CreatedAt       string     `json:"created_at"`
	UpdatedAt       *string    `json:"updated_at"`
	Newsdesk        *UserExtra `json:"newsdesk,omitempty"`
}

// UserExtra is what a newsdesk user has beyond Ghost's columns.
type UserExtra struct {
	Title string `json:"title,omitempty"` // "Reporter"
	Links []Link `json:"links,omitempty"`
	Full  Full   `json:"full,omitempty"`
	// NoEmail marks an author without a newsroom account: Ghost requires
	// an email, so the row carries a reserved .invalid address instead.
	NoEmail bool `json:"no_email,omitempty"`
}

// Link is a named link on an author's profile.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Role is a row of Ghost's roles table.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

// RoleUser is a row of Ghost's roles_users table.
type RoleUser struct {
	ID     string `json:"id"`
	RoleID string `json:"role_id"`
	UserID string `json:"user_id"`
}

// Setting is a row of Ghost's settings table.
type Setting struct {
	ID    string  `json:"id"`
	Group string  `json:"group"`
	Key   string  `json:"key"`
	Value *string `json:"value"`
	Type  string  `json:"type"`
	Flags *string `json:"flags"`
}

// Tag is a row of Ghost's tags table.
type Tag struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Slug               string    `json:"slug"`
	Description        *string   `json:"description"`
	FeatureImage       *string   `json:"feature_image"`
	ParentID           *string   `json:"parent_id"`
	Visibility         string    `json:"visibility"`
	OGImage            *string   `json:"og_image"`
	OGTitle            *string   `json:"og_title"`
	OGDescription      *string   `json:"og_description"`
	TwitterImage       *string   `json:"twitter_image"`
	TwitterTitle       *string   `json:"twitter_title"`
	TwitterDescription *string   `json:"twitter_description"`
	MetaTitle          *string   `json:"meta_title"`
	MetaDescription    *string   `json:"meta_description"`
	CodeinjectionHead  *string   `json:"codeinjection_head"`
	CodeinjectionFoot  *string   `json:"codeinjection_foot"`
	CanonicalURL       *string   `json:"canonical_url"`
	AccentColor        *string   `json:"accent_color"`
	CreatedAt          string    `json:"created_at"`
	UpdatedAt          *string   `json:"updated_at"`
	Newsdesk           *TagExtra `json:"newsdesk,omitempty"`
}

// TagExtra is what a newsdesk tag has beyond Ghost's columns.
type TagExtra struct {
	Full Full `json:"full,omitempty"`
}

// flag is a Ghost boolean column. Ghost writes them as 0 and 1 (what its
// databases return); older files and other tools write true and false.
type flag bool

// MarshalJSON implements json.Marshaler.
func (f flag) MarshalJSON() ([]byte, error) {
	if f {
		return []byte("1"), nil
	}
	return []byte("0"), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *flag) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "1", "true":
		*f = true
	case "0", "false", "null":
		*f = false
	default:
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return &json.UnsupportedValueError{Str: string(b)}
		}
		*f = s == "1" || s == "true"
	}
	return nil
}

// dateLayout is how Ghost's exports write times.
const dateLayout = "2006-01-02T15:04:05.000Z"

func date(t time.Time) string { return t.UTC().Format(dateLayout) }

func optDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := date(t)
	return &s
}

// ParseDate reads the time formats Ghost exports hold: ISO 8601 (MySQL
// sites) and "2006-01-02 15:04:05" (SQLite sites), both UTC.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func val(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// siteURL writes a site path ("/content/images/a.jpg") behind Ghost's
// placeholder for the site's address, as Ghost stores its own URLs.
func siteURL(u string) *string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		u = GhostURL + u
	}
	return opt(u)
}

// fromSiteURL undoes siteURL.
func fromSiteURL(u *string) string {
	return strings.TrimPrefix(val(u), GhostURL)
}

// rowID makes the id of a row that has none in newsdesk (a relation, a
// posts_meta row, a role) from what identifies it, so exporting the same
// content twice writes the same file.
func rowID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:12])
}
