package export

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// Site is the content of a newsdesk export as domain values. Posts name
// their authors and tags by ID (with names filled in), in their order.
type Site struct {
	Posts []*domain.Post
	// Entries are the live blogs' entries by post ID, oldest first (the
	// blogs' state is on their posts, as Live).
	Entries map[string][]*domain.LiveEntry
	// Assignments are the posts' assignments by post ID.
	Assignments map[string]*storage.Assignment
	Users       []*domain.User
	Tags        []*domain.Tag
	Settings    domain.Settings
}

// Read decodes a whole export file into memory. It accepts Ghost's
// {"db":[{...}]} wrapper and the bare {"meta":..,"data":..} older Ghost
// versions wrote.
func Read(r io.Reader) (*DB, error) {
	var raw struct {
		DB   []DB            `json:"db"`
		Meta json.RawMessage `json:"meta"`
		Data json.RawMessage `json:"data"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("read export: %w", err)
	}
	if len(raw.DB) == 1 {
		return &raw.DB[0], nil
	}
	if len(raw.DB) > 1 {
		return nil, fmt.Errorf("read export: %d entries in db, want 1", len(raw.DB))
	}
	if raw.Meta == nil || raw.Data == nil {
		return nil, fmt.Errorf("read export: no db, meta or data: not a Ghost export")
	}
	var db DB
	if err := json.Unmarshal(raw.Meta, &db.Meta); err != nil {
		return nil, fmt.Errorf("read export meta: %w", err)
	}
	if err := json.Unmarshal(raw.Data, &db.Data); err != nil {
		return nil, fmt.Errorf("read export data: %w", err)
	}
	return &db, nil
}

// Site turns an export newsdesk wrote back into domain values, taking the
// "newsdesk" objects over Ghost's columns. Files from Ghost itself are the
// importer's business; Site refuses them.
func (db *DB) Site() (*Site, error) {
	if db.Meta.Newsdesk == nil {
		return nil, fmt.Errorf("the file was not written by newsdesk (no meta.newsdesk)")
	}
	if db.Meta.Newsdesk.Format > FormatVersion {
		return nil, fmt.Errorf("the file is in newsdesk export format %d; this newsdesk reads up to %d", db.Meta.Newsdesk.Format, FormatVersion)
	}
	d := &db.Data
	site := &Site{Settings: domain.DefaultSettings()}
	site.Settings.Dateline = db.Meta.Newsdesk.Dateline

	roleName := map[string]string{}
	for _, r := range d.Roles {
		roleName[r.ID] = r.Name
	}
	userRole := map[string]domain.Role{}
	for _, ru := range d.RolesUsers {
		for _, r := range roles {
			if r.name == roleName[ru.RoleID] {
				userRole[ru.UserID] = r.role
			}
		}
	}
	authors := map[string]domain.Author{}
	for _, u := range d.Users {
		x := u.Newsdesk
		if x == nil {
			x = &UserExtra{}
		}
		du := &domain.User{
			Author: domain.Author{
				ID:       u.ID,
				Name:     x.Full.Or("name", u.Name),
				Slug:     u.Slug,
				Avatar:   fromSiteURL(u.ProfileImage),
				Title:    x.Title,
				Bio:      x.Full.Or("bio", val(u.Bio)),
				Website:  val(u.Website),
				Location: x.Full.Or("location", val(u.Location)),
			},
			Email:     u.Email,
			Role:      userRole[u.ID],
			Suspended: u.Status == "inactive",
		}
		if x.NoEmail {
			du.Email = ""
		}
		if du.Role == "" {
			du.Role = domain.RoleContributor
		}
		for _, l := range x.Links {
			du.Links = append(du.Links, domain.Link{Label: l.Label, URL: l.URL})
		}
		var err error
		if du.CreatedAt, err = mustDate("user "+u.Slug+" created_at", u.CreatedAt); err != nil {
			return nil, err
		}
		du.UpdatedAt, _ = ParseDate(val(u.UpdatedAt))
		site.Users = append(site.Users, du)
		authors[u.ID] = du.Author
	}
	tags := map[string]domain.Tag{}
	for _, t := range d.Tags {
		var full Full
		if t.Newsdesk != nil {
			full = t.Newsdesk.Full
		}
		dt := &domain.Tag{ID: t.ID, Name: t.Name, Slug: t.Slug, Description: full.Or("description", val(t.Description))}
		site.Tags = append(site.Tags, dt)
		tags[t.ID] = *dt
	}

	metas := map[string]*PostMeta{}
	for i := range d.PostsMeta {
		metas[d.PostsMeta[i].PostID] = &d.PostsMeta[i]
	}
	postAuthors := relations(d.PostsAuthors)
	postTags := relations(d.PostsTags)
	for i := range d.Posts {
		p, entries, err := postFromRow(&d.Posts[i], metas[d.Posts[i].ID])
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if a, ok := authors[e.Author.ID]; ok {
				e.Author = a
			}
			if site.Entries == nil {
				site.Entries = map[string][]*domain.LiveEntry{}
			}
			site.Entries[p.ID] = append(site.Entries[p.ID], e)
		}
		for _, r := range postAuthors[p.ID] {
			a, ok := authors[r.AuthorID]
			if !ok {
				return nil, fmt.Errorf("post %q: unknown author %q", p.Slug, r.AuthorID)
			}
			p.Authors = append(p.Authors, a)
		}
		for _, r := range postTags[p.ID] {
			t, ok := tags[r.TagID]
			if !ok {
				return nil, fmt.Errorf("post %q: unknown tag %q", p.Slug, r.TagID)
			}
			p.Tags = append(p.Tags, t)
		}
		if x := d.Posts[i].Newsdesk.Assignment; x != nil {
			a, err := assignmentFrom(p.ID, x)
			if err != nil {
				return nil, fmt.Errorf("post %q: %w", p.Slug, err)
			}
			if site.Assignments == nil {
				site.Assignments = map[string]*storage.Assignment{}
			}
			site.Assignments[p.ID] = a
		}
		site.Posts = append(site.Posts, p)
	}

	for _, s := range d.Settings {
		v := val(s.Value)
		switch s.Key {
		case "title":
			site.Settings.Title = v
		case "description":
			site.Settings.Description = v
		case "logo":
			site.Settings.Logo = fromSiteURL(s.Value)
		case "accent_color":
			site.Settings.Accent = v
		case "locale":
			site.Settings.Language = v
		case "timezone":
			site.Settings.Timezone = v
		case "og_image":
			site.Settings.ShareImage = fromSiteURL(s.Value)
		case "navigation", "secondary_navigation":
			var menu []domain.NavItem
			if v != "" && json.Unmarshal([]byte(v), &menu) != nil {
				return nil, fmt.Errorf("setting %s is not a JSON array of {label, url}", s.Key)
			}
			if len(menu) == 0 {
				menu = nil
			}
			if s.Key == "navigation" {
				site.Settings.Navigation = menu
			} else {
				site.Settings.SecondaryNavigation = menu
			}
		}
	}
	return site, nil
}

// assignmentFrom reads a post's assignment.
func assignmentFrom(postID string, x *Assignment) (*storage.Assignment, error) {
	deadline, err := mustDate("assignment deadline", x.Deadline)
	if err != nil {
		return nil, err
	}
	at, _ := ParseDate(x.AssignedAt)
	done, _ := ParseDate(x.DoneAt)
	return &storage.Assignment{PostID: postID, AssigneeID: x.Assignee, AssignedBy: x.AssignedBy, AssignedAt: at,
		Deadline: deadline, Brief: x.Brief, DoneAt: done}, nil
}

func postFromRow(r *Post, m *PostMeta) (*domain.Post, []*domain.LiveEntry, error) {
	x := r.Newsdesk
	if x == nil {
		return nil, nil, fmt.Errorf("post %q has no newsdesk object", r.Slug)
	}
	body, err := MarkdownOf(val(r.Lexical))
	if err != nil {
		return nil, nil, fmt.Errorf("post %q: %w", r.Slug, err)
	}
	typ := domain.PostType(r.Type)
	if typ != domain.TypePage {
		typ = domain.TypePost // Ghost has no other
	}
	p := &domain.Post{
		ID:         r.ID,
		UUID:       r.UUID,
		Type:       typ,
		Kind:       domain.Kind(x.Kind),
		Status:     domain.Status(r.Status),
		Slug:       r.Slug,
		Title:      x.Full.Or("title", r.Title),
		Standfirst: x.Full.Or("custom_excerpt", val(r.CustomExcerpt)),
		BodyMD:     body,
		Language:   x.Language,
		Featured:   bool(r.Featured),
		Image: domain.Image{
			URL:     fromSiteURL(r.FeatureImage),
			Caption: x.FeatureImageCaption,
			Credit:  x.FeatureImageCredit,
			Width:   x.FeatureImageWidth,
			Height:  x.FeatureImageHeight,
		},
		VideoURL: x.VideoURL,
	}
	if m != nil {
		p.MetaTitle = x.Full.Or("meta_title", val(m.MetaTitle))
		p.MetaDescription = x.Full.Or("meta_description", val(m.MetaDescription))
		p.Image.Alt = x.Full.Or("feature_image_alt", val(m.FeatureImageAlt))
	}
	if p.CreatedAt, err = mustDate("post "+r.Slug+" created_at", r.CreatedAt); err != nil {
		return nil, nil, err
	}
	p.UpdatedAt, _ = ParseDate(val(r.UpdatedAt))
	p.PublishedAt, _ = ParseDate(val(r.PublishedAt))
	p.BreakingUntil, _ = ParseDate(x.BreakingUntil)
	p.Tiers = x.Tiers
	// Ghost's visibility; one this reader does not know hides what a
	// visitor would not see in Ghost either.
	if p.Visibility = domain.Visibility(r.Visibility); !p.Visibility.Valid() {
		p.Visibility = domain.VisibilityPaid
	}
	for _, c := range x.Corrections {
		at, err := mustDate("post "+r.Slug+" correction created_at", c.CreatedAt)
		if err != nil {
			return nil, nil, err
		}
		updated, _ := ParseDate(c.UpdatedAt)
		retracted, _ := ParseDate(c.RetractedAt)
		p.Corrections = append(p.Corrections, domain.Correction{ID: c.ID, PostID: p.ID, Kind: c.Kind, Body: c.Body, CreatedAt: at,
			UpdatedAt: updated, RetractedAt: retracted})
	}
	markdown.Apply(p)
	var entries []*domain.LiveEntry
	if x.Live != nil && p.Kind == domain.KindLive {
		p.Live, entries = x.Live.Domain(p.ID, func(id string) domain.Author { return domain.Author{ID: id} })
		for _, e := range entries {
			r := markdown.Render(e.BodyMD)
			e.BodyHTML, e.Plaintext = r.HTML, r.Plaintext
		}
	}
	return p, entries, nil
}

// MarkdownOf returns the Markdown of a lexical document made by Lexical:
// one Markdown card, or one empty paragraph for an empty body.
func MarkdownOf(lexical string) (string, error) {
	if lexical == "" {
		return "", nil
	}
	var doc struct {
		Root struct {
			Children []struct {
				Type     string          `json:"type"`
				Markdown *string         `json:"markdown"`
				Children json.RawMessage `json:"children"`
			} `json:"children"`
		} `json:"root"`
	}
	if err := json.Unmarshal([]byte(lexical), &doc); err != nil {
		return "", fmt.Errorf("lexical is not JSON: %w", err)
	}
	kids := doc.Root.Children
	switch {
	case len(kids) == 1 && kids[0].Type == "markdown" && kids[0].Markdown != nil:
		return *kids[0].Markdown, nil
	case len(kids) == 0, len(kids) == 1 && kids[0].Type == "paragraph" && strings.TrimSpace(string(kids[0].Children)) == "[]":
		return "", nil
	}
	return "", fmt.Errorf("lexical body is not one Markdown card")
}

func relations(rows []Relation) map[string][]Relation {
	out := map[string][]Relation{}
	for _, r := range rows {
		out[r.PostID] = append(out[r.PostID], r)
	}
	for _, list := range out {
		sort.SliceStable(list, func(i, j int) bool { return list[i].SortOrder < list[j].SortOrder })
	}
	return out
}

func mustDate(what, s string) (time.Time, error) {
	t, ok := ParseDate(s)
	if !ok {
		return time.Time{}, fmt.Errorf("%s: %q is not a date", what, s)
	}
	return t, nil
}
