// Package importer reads exports of other publishing platforms (Ghost JSON
// of every version, WordPress WXR) into a neutral model that maps onto
// newsdesk's domain, converting bodies to newsdesk Markdown on the way
// (see package convert for the Markdown forms). It writes nothing: the
// publishing service stores what it reads.
//
// Files are read in two passes over an io.ReadSeeker. Open makes the first:
// it checks the whole file, so a malformed or truncated one fails before
// anything is produced, and keeps what posts refer to (users, tags, the
// joins, attachments). Posts then streams the posts and pages one at a
// time, so memory stays bounded by the largest post, not the file.
package importer

import (
	"time"

	"newsdesk/internal/domain"
)

// Format is the kind of file an import reads.
type Format string

// The formats Open recognises.
const (
	FormatGhost Format = "ghost-json"
	FormatWXR   Format = "wordpress-wxr"
)

// Site holds the settings an export carries, as newsdesk keeps them
// (domain.Settings) plus the menus.
type Site struct {
	Title       string
	Description string
	Language    string // BCP 47, e.g. "en" or "uk"
	Timezone    string // IANA name; empty when the file does not say
	Accent      string // CSS colour
	Dateline    string // newsdesk's home city for datelines; newsdesk exports only
	// ReviewAuthors: the site made Authors submit for review (newsdesk
	// exports only); an import turns it on, never off.
	ReviewAuthors bool
	Logo          string
	Icon          string
	CoverImage    string
	// ShareImage is the picture social cards show by default (Ghost's og_image).
	ShareImage string
	// URL is the old site's address, e.g. "https://example.com"; bodies
	// may link to it, and old permalinks are relative to it.
	URL                 string
	Navigation          []NavItem
	SecondaryNavigation []NavItem
}

// NavItem is one entry of a menu, stored as Ghost stores navigation.
type NavItem struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// User is a person who wrote for the old site. Imported users have no
// password; they can be sent a password link later.
type User struct {
	SourceID string
	Name     string
	Slug     string
	Email    string
	Bio      string
	Avatar   string
	Cover    string
	Website  string
	Location string
	// Links are the social profiles ("Facebook", "X", "Instagram"...).
	Links []domain.Link
	Role  domain.Role
	// Title is the role readers see ("Reporter"); newsdesk exports carry it.
	Title string
	// Suspended users (inactive or locked in Ghost) cannot sign in.
	Suspended bool
	// Login is the WordPress user name posts name as dc:creator.
	Login string
}

// Tag is a topic; WordPress categories and tags both become tags.
type Tag struct {
	SourceID        string
	Name            string
	Slug            string
	Description     string
	FeatureImage    string
	MetaTitle       string
	MetaDescription string
	// Internal tags ("#name", Ghost's visibility "internal") never show
	// to readers.
	Internal bool
}

// Type tells a post from a page (About, Corrections policy).
type Type string

// The post types.
const (
	TypePost Type = "post"
	TypePage Type = "page"
)

// Visibility is who may read a post, as Ghost says it.
type Visibility string

// The visibilities.
const (
	VisibilityPublic  Visibility = "public"
	VisibilityMembers Visibility = "members"
	VisibilityPaid    Visibility = "paid"
	VisibilityTiers   Visibility = "tiers"
)

// Post is a post or page ready for the publishing service.
type Post struct {
	// SourceID identifies the record in the export ("ghost:<id>",
	// "wp:<post_id>"); the import remembers it so a second run of the
	// same file updates instead of duplicating.
	SourceID string
	// Line is where the record starts in the file (WXR); 0 when unknown.
	Line   int
	UUID   string
	Type   Type
	Title  string
	Slug   string
	Status domain.Status
	// SourceStatus is the status the old platform gave ("publish",
	// "pending", "private", "sent"...), kept for the report.
	SourceStatus string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	PublishedAt  time.Time
	Featured     bool
	// Standfirst is Ghost's custom_excerpt, WordPress's excerpt.
	Standfirst string
	// Image is the feature image; a caption ending in "(...)" has that
	// part split off as the Credit.
	Image      domain.Image
	Visibility Visibility
	// Tiers are the Ghost tiers (posts_products) a post is meant for, in
	// order; kept so an export gives them back.
	Tiers []domain.Tier
	// Authors and Tags are source ids of Import.Users and Import.Tags,
	// in order: the first author is the byline, the first tag the section.
	Authors []string
	Tags    []string
	// BodyMD is the body in newsdesk Markdown; BodyFrom says what it was
	// converted from ("lexical", "mobiledoc", "html", "markdown",
	// "wordpress-blocks", "wordpress-classic").
	BodyMD          string
	BodyFrom        string
	Language        string
	MetaTitle       string
	MetaDescription string
	CanonicalURL    string
	// Kind, VideoURL, BreakingUntil and Corrections come only from
	// newsdesk's own exports (their "newsdesk" objects); Kind is empty
	// for other files, which makes an article.
	Kind          domain.Kind
	VideoURL      string
	BreakingUntil time.Time
	Corrections   []domain.Correction
	// Trash and Pending, also from newsdesk's exports only: the post was
	// in the trash (Status is then the status it had), or had a pending
	// version. Their users are source ids of Import.Users.
	Trash   *Trash
	Pending *Pending
	// Review is the post's review state and history (newsdesk's exports);
	// its users are source ids too.
	Review *Review
	// Assignment, from newsdesk's exports too: the editor's commission
	// of the story; its users are source ids.
	Assignment *Assignment
	// Live and LiveEntries are a newsdesk live blog's state and entries
	// (newsdesk's own exports); entries name their authors by source id.
	Live        *domain.LiveBlog
	LiveEntries []*domain.LiveEntry
	// Notes are a newsdesk post's editors' notes; their users are source
	// ids of Import.Users.
	Notes []*domain.Note
	// OldPaths are paths the post was reachable at on the old site
	// ("/2019/03/hello/", "/?p=12"): each becomes a 301 redirect to the
	// post's final URL once its slug is settled. Paths are decoded, as
	// http.Request.URL.Path shows them, with a query where the old URL
	// had one.
	OldPaths []string
}

// Redirect is an old path that should answer with a redirect to a new URL
// (category archives, author pages). Redirects for posts are in
// Post.OldPaths, since their target depends on the final slug.
type Redirect struct {
	From      string
	To        string
	Permanent bool
}

// Trash is when an exported post went to the trash, and who sent it.
type Trash struct {
	At time.Time
	By string
}

// Review is an exported post's review: its state (empty when out of
// review) and transitions, oldest first.
type Review struct {
	State       string
	SubmittedBy string
	SubmittedAt time.Time
	By          string
	At          time.Time
	Note        string
	History     []ReviewStep
}

// ReviewStep is one exported review transition.
type ReviewStep struct {
	Action string
	At     time.Time
	By     string
	Note   string
}

// Assignment is an exported post's assignment.
type Assignment struct {
	Assignee, By         string
	At, Deadline, DoneAt time.Time
	Brief                string
}

// Pending is an exported post's pending version. Fields is as the
// publishing service keeps it; its authors are source user ids until the
// import maps them.
type Pending struct {
	Title, Standfirst, BodyMD string
	Fields                    string
	By                        string
	SavedAt, StaleAt          time.Time
	BaseUpdatedAt             time.Time
	BaseTitle, BaseStandfirst string
	BaseBodyMD                string
}
