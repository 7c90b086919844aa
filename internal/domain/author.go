package domain

import "time"

// Role is a newsroom role; the same four Ghost uses.
type Role string

// The roles, from least to most powerful.
const (
	RoleContributor   Role = "contributor"
	RoleAuthor        Role = "author"
	RoleEditor        Role = "editor"
	RoleAdministrator Role = "administrator"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleContributor, RoleAuthor, RoleEditor, RoleAdministrator:
		return true
	}
	return false
}

// Link is a named link on an author's profile.
type Link struct {
	Label string
	URL   string
}

// Author is the public profile of a person who writes for the site.
// Every newsroom user is an author; demo authors may have no account.
type Author struct {
	ID       string
	Name     string
	Slug     string
	Avatar   string // URL of the avatar image
	Title    string // role title shown to readers: "Reporter"
	Bio      string // several paragraphs, separated by blank lines
	Website  string
	Location string
	Links    []Link
}

// User is an author with a newsroom account.
type User struct {
	Author
	Email        string
	Role         Role
	PasswordHash string
	Suspended    bool
	// Pending marks an invitation not accepted yet. A pending user is not
	// public anywhere (author page, feeds, sitemaps, Content API). It is
	// explicit, not "no password": bylines without accounts (demo authors,
	// imported authors) have no password and are public.
	Pending bool
	// NewsroomLanguage is the language the user reads the newsroom in
	// ("en", "uk"); empty follows the site's language.
	NewsroomLanguage string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Tag is a topic; a post's first tag is its section. Tags whose name starts
// with "#" are internal, as in Ghost: they never appear in public output.
type Tag struct {
	ID          string
	Name        string
	Slug        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Internal reports whether the tag is internal (name starts with "#").
func (t Tag) Internal() bool {
	return len(t.Name) > 0 && t.Name[0] == '#'
}

// Settings are site-wide settings stored in the database.
type Settings struct {
	Title       string
	Description string
	Language    string
	Logo        string
	Timezone    string // IANA name, e.g. Europe/Kyiv
	Accent      string // CSS colour for labels
	// Dateline is the newsroom's home city as its datelines spell it
	// ("Riverton"); the editor suggests it. Ghost has no such setting.
	Dateline string
	// ShareImage is the picture social cards show for pages that have none
	// of their own (before the logo).
	ShareImage string
	// Navigation is the masthead's menu and SecondaryNavigation the
	// footer's, as Ghost's navigation and secondary_navigation settings;
	// an empty Navigation leaves the masthead its automatic sections.
	Navigation          []NavItem
	SecondaryNavigation []NavItem
	// APITrash sends the Admin API's DELETE of a post to the trash, as the
	// newsroom's delete does, instead of Ghost's deletion at once.
	APITrash bool
	// ReviewAuthors makes Authors submit their posts for review as
	// Contributors do, instead of publishing them: the publishing
	// service refuses an Author's publish or schedule while it is on.
	ReviewAuthors bool
}

// DefaultSettings are used for keys the database does not hold yet.
func DefaultSettings() Settings {
	return Settings{
		Title:       "newsdesk",
		Description: "Independent news, as it happens.",
		Language:    "en",
		Timezone:    "UTC",
		Accent:      "#c8102e",
	}
}
