package importer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"newsdesk/internal/domain"
	"newsdesk/internal/export"
	"newsdesk/internal/importer/convert"
	"newsdesk/internal/storage"
)

// Ghost JSON exports, 0.x to 6.x, are {"db": [{"meta": {...}, "data":
// {...}}]} (the oldest: {"meta": ..., "data": ...}). data holds one array
// of rows per table. The posts come first in files Ghost writes, before
// the tables that say who wrote them and how they are tagged, so the
// first pass reads everything but the posts' bodies and remembers where
// the posts array starts; the second pass streams the posts from there.

type ghostPost struct {
	ID        jstr   `json:"id"`
	UUID      jstr   `json:"uuid"`
	Title     string `json:"title"`
	Slug      string `json:"slug"`
	Lexical   string `json:"lexical"`
	Mobiledoc string `json:"mobiledoc"`
	Markdown  string `json:"markdown"`
	// HTML stays raw until needed: most posts have a Lexical or
	// Mobiledoc document, and unquoting every html is wasted work.
	HTML                json.RawMessage `json:"html"`
	FeatureImage        string          `json:"feature_image"`
	Image               string          `json:"image"` // 0.x
	FeatureImageAlt     string          `json:"feature_image_alt"`
	FeatureImageCaption string          `json:"feature_image_caption"`
	Featured            jbool           `json:"featured"`
	Page                jbool           `json:"page"` // 1.x
	Type                string          `json:"type"` // 2.x+
	Status              string          `json:"status"`
	Visibility          string          `json:"visibility"`
	Locale              string          `json:"locale"`
	Language            string          `json:"language"`
	MetaTitle           string          `json:"meta_title"`
	MetaDescription     string          `json:"meta_description"`
	AuthorID            jstr            `json:"author_id"`
	CustomExcerpt       string          `json:"custom_excerpt"`
	CanonicalURL        string          `json:"canonical_url"`
	CreatedAt           jtime           `json:"created_at"`
	UpdatedAt           jtime           `json:"updated_at"`
	PublishedAt         jtime           `json:"published_at"`
	// Newsdesk is what newsdesk's exports add (package export).
	Newsdesk *export.PostExtra `json:"newsdesk"`
}

// ghostPostHead is what the first pass checks of a post; fields it does
// not name are skipped without being decoded.
type ghostPostHead struct {
	ID          jstr            `json:"id"`
	Type        string          `json:"type"`
	Page        jbool           `json:"page"`
	Lexical     string          `json:"lexical"`
	Mobiledoc   string          `json:"mobiledoc"`
	HTML        json.RawMessage `json:"html"`
	Title       string          `json:"title"`
	Slug        string          `json:"slug"`
	Status      string          `json:"status"`
	Visibility  string          `json:"visibility"`
	CreatedAt   jtime           `json:"created_at"`
	UpdatedAt   jtime           `json:"updated_at"`
	PublishedAt jtime           `json:"published_at"`
}

func (p *ghostPostHead) hasHTML() bool {
	return len(p.HTML) > 2 && p.HTML[0] == '"'
}

// html is the post's html, or "".
func (p *ghostPost) html() string {
	if len(p.HTML) == 0 || p.HTML[0] != '"' {
		return ""
	}
	return unquote(p.HTML)
}

// hasHTML reports whether the post has a non-empty html without decoding it.
func (p *ghostPost) hasHTML() bool {
	return len(p.HTML) > 2 && p.HTML[0] == '"'
}

type ghostMeta struct {
	PostID          jstr `json:"post_id"`
	Alt             jstr `json:"feature_image_alt"`
	Caption         jstr `json:"feature_image_caption"`
	MetaTitle       jstr `json:"meta_title"`
	MetaDescription jstr `json:"meta_description"`
}

type ghostJoin struct {
	PostID    jstr `json:"post_id"`
	AuthorID  jstr `json:"author_id"`
	TagID     jstr `json:"tag_id"`
	ProductID jstr `json:"product_id"`
	SortOrder int  `json:"sort_order"`
}

type ghostUser struct {
	ID           jstr `json:"id"`
	Name         jstr `json:"name"`
	Slug         jstr `json:"slug"`
	Email        jstr `json:"email"`
	ProfileImage jstr `json:"profile_image"`
	Image        jstr `json:"image"` // 0.x
	CoverImage   jstr `json:"cover_image"`
	Cover        jstr `json:"cover"` // 0.x
	Bio          jstr `json:"bio"`
	Website      jstr `json:"website"`
	Location     jstr `json:"location"`
	Facebook     jstr `json:"facebook"`
	Twitter      jstr `json:"twitter"`
	Threads      jstr `json:"threads"`
	Bluesky      jstr `json:"bluesky"`
	Mastodon     jstr `json:"mastodon"`
	Tiktok       jstr `json:"tiktok"`
	Youtube      jstr `json:"youtube"`
	Instagram    jstr `json:"instagram"`
	Linkedin     jstr `json:"linkedin"`
	Status       jstr `json:"status"`
	// Newsdesk is what newsdesk's exports add (package export).
	Newsdesk *export.UserExtra `json:"newsdesk"`
}

type ghostTag struct {
	ID              jstr `json:"id"`
	Name            jstr `json:"name"`
	Slug            jstr `json:"slug"`
	Description     jstr `json:"description"`
	FeatureImage    jstr `json:"feature_image"`
	Image           jstr `json:"image"`
	Visibility      jstr `json:"visibility"`
	MetaTitle       jstr `json:"meta_title"`
	MetaDescription jstr `json:"meta_description"`
	// Newsdesk is what newsdesk's exports add (package export).
	Newsdesk *export.TagExtra `json:"newsdesk"`
}

// ghostInternal are Ghost's own bookkeeping tables: nothing a newsroom
// would miss, so they are not even counted.
var ghostInternal = map[string]bool{
	"migrations": true, "migrations_lock": true, "permissions": true, "permissions_roles": true,
	"permissions_users": true, "permissions_apps": true, "clients": true, "client_trusted_domains": true,
	"accesstokens": true, "refreshtokens": true, "brute": true, "sessions": true, "tokens": true,
	"actions": true, "apps": true, "app_settings": true, "app_fields": true, "jobs": true,
	"mobiledoc_revisions": true, "post_revisions": true, "custom_theme_settings": true,
}

type ghostReader struct {
	r      io.ReadSeeker
	im     *Import
	report *Report

	// postsAt are the offsets just after each "posts" key (a file may
	// hold more than one array), for the second pass.
	postsAt   []int64
	havePosts bool
	meta      map[string]ghostMeta
	authors   map[string][]ghostJoin
	tags      map[string][]ghostJoin
	users     map[string]bool
	tagIDs    map[string]bool
	products  map[string]domain.Tier // Ghost's tiers by id
	tiers     map[string][]ghostJoin // posts_products by post id
	roles     map[string]string      // role id -> name
	userRoles map[string][]string    // user id -> role ids
	userIDs   []string               // Ghost ids of im.Users, in order
	bodyFall  map[string]bool        // post ids whose mobiledoc is unreadable: use html
}

func openGhost(r io.ReadSeeker, opt Options) (*Import, error) {
	g := &ghostReader{
		r:    r,
		im:   &Import{Format: FormatGhost, Report: newReport(FormatGhost)},
		meta: map[string]ghostMeta{}, authors: map[string][]ghostJoin{}, tags: map[string][]ghostJoin{},
		users: map[string]bool{}, tagIDs: map[string]bool{}, roles: map[string]string{}, userRoles: map[string][]string{},
		bodyFall: map[string]bool{}, products: map[string]domain.Tier{}, tiers: map[string][]ghostJoin{},
	}
	g.report = g.im.Report
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	if err := g.top(dec); err != nil {
		return nil, err
	}
	if !g.havePosts && len(g.im.Users) == 0 && len(g.im.Tags) == 0 && g.im.Site.Title == "" {
		return nil, &Error{Err: errors.New("no Ghost data: expected {\"db\": [{\"meta\": ..., \"data\": ...}]}")}
	}
	g.finishUsers()
	g.im.posts = g.stream
	return g.im, nil
}

// fail wraps a decoding error with where it happened.
func fail(dec *json.Decoder, record, field string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	off := dec.InputOffset()
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
		err = fmt.Errorf("malformed JSON: %s", syn.Error())
	case errors.As(err, &typ):
		off = typ.Offset
		if field == "" {
			field = typ.Field
		}
		err = fmt.Errorf("%s where the export has %s", typeWord(typ.Type.String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		err = ErrTruncated
	}
	return &Error{Record: record, Field: field, Offset: off, Err: err}
}

func typeWord(t string) string {
	switch {
	case strings.Contains(t, "jstr"), t == "string":
		return "expected a string"
	case strings.Contains(t, "int"):
		return "expected a number"
	}
	return "expected " + t
}

func delim(dec *json.Decoder, want json.Delim, record string) error {
	tok, err := dec.Token()
	if err != nil {
		return fail(dec, record, "", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		what := "an object"
		if want == '[' {
			what = "an array"
		}
		return &Error{Record: record, Offset: dec.InputOffset(), Err: fmt.Errorf("expected %s, found %v", what, tok)}
	}
	return nil
}

func key(dec *json.Decoder, record string) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", fail(dec, record, "", err)
	}
	k, ok := tok.(string)
	if !ok {
		return "", &Error{Record: record, Offset: dec.InputOffset(), Err: fmt.Errorf("expected a key, found %v", tok)}
	}
	return k, nil
}

// skip reads past one value without keeping it, counting the rows when it
// is an array.
func skip(dec *json.Decoder, record string) (rows int, err error) {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return rows, fail(dec, record, "", err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '[', '{':
				if depth == 1 {
					rows++
				}
				depth++
			default:
				depth--
			}
		} else if depth == 1 {
			rows++
		}
		if depth == 0 {
			return rows, nil
		}
	}
}

func (g *ghostReader) top(dec *json.Decoder) error {
	if err := delim(dec, '{', "the file"); err != nil {
		return err
	}
	for dec.More() {
		k, err := key(dec, "the file")
		if err != nil {
			return err
		}
		switch k {
		case "db":
			if err := delim(dec, '[', "db"); err != nil {
				return err
			}
			for i := 0; dec.More(); i++ {
				if i > 0 {
					if _, err := skip(dec, fmt.Sprintf("db[%d]", i)); err != nil {
						return err
					}
					continue
				}
				if err := g.db(dec); err != nil {
					return err
				}
			}
			if err := delim(dec, ']', "db"); err != nil {
				return err
			}
		case "meta":
			if err := g.metaObject(dec); err != nil {
				return err
			}
		case "data":
			if err := g.data(dec); err != nil {
				return err
			}
		default:
			if _, err := skip(dec, k); err != nil {
				return err
			}
		}
	}
	if err := delim(dec, '}', "the file"); err != nil {
		return err
	}
	if tok, err := dec.Token(); err != io.EOF {
		return &Error{Offset: dec.InputOffset(), Err: fmt.Errorf("unexpected %v after the end of the export", tok)}
	}
	return nil
}

func (g *ghostReader) db(dec *json.Decoder) error {
	if err := delim(dec, '{', "db[0]"); err != nil {
		return err
	}
	for dec.More() {
		k, err := key(dec, "db[0]")
		if err != nil {
			return err
		}
		switch k {
		case "meta":
			err = g.metaObject(dec)
		case "data":
			err = g.data(dec)
		default:
			_, err = skip(dec, "db[0]."+k)
		}
		if err != nil {
			return err
		}
	}
	return delim(dec, '}', "db[0]")
}

func (g *ghostReader) metaObject(dec *json.Decoder) error {
	var m struct {
		Version  jstr `json:"version"`
		Newsdesk *struct {
			Dateline      jstr `json:"dateline"`
			ReviewAuthors bool `json:"review_authors"`
		} `json:"newsdesk"`
	}
	if err := dec.Decode(&m); err != nil {
		return fail(dec, "meta", "", err)
	}
	g.report.Version = string(m.Version)
	if m.Newsdesk != nil {
		g.im.Site.Dateline = string(m.Newsdesk.Dateline)
		g.im.Site.ReviewAuthors = m.Newsdesk.ReviewAuthors
	}
	return nil
}

func (g *ghostReader) data(dec *json.Decoder) error {
	if err := delim(dec, '{', "data"); err != nil {
		return err
	}
	for dec.More() {
		table, err := key(dec, "data")
		if err != nil {
			return err
		}
		if table == "posts" {
			g.postsAt = append(g.postsAt, dec.InputOffset())
			g.havePosts = true
			if err := g.checkPosts(dec); err != nil {
				return err
			}
			continue
		}
		err = rows(dec, table, func(i int, raw json.RawMessage) error {
			return g.row(table, i, raw)
		})
		if errors.Is(err, errSkipTable) {
			n, err := skip(dec, table)
			if err != nil {
				return err
			}
			if n > 0 && !ghostInternal[table] {
				g.report.skip(table, "newsdesk has no such data", n)
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	return delim(dec, '}', "data")
}

var errSkipTable = errors.New("skip table")

// rowError places an error inside a row that starts at start.
func rowError(rec string, start int64, err error) *Error {
	e := &Error{Record: rec, Offset: start, Err: err}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		e.Offset += max(typ.Offset-1, 0)
		e.Field = typ.Field
		e.Err = fmt.Errorf("%s where the export has %s", typeWord(typ.Type.String()), typ.Value)
	} else if f, ok := fieldOf(err); ok {
		e.Field = f
	}
	return e
}

// fieldOf digs the field name out of errors json reports for custom types
// ("json: cannot unmarshal ... into Go struct field ghostPost.title ...").
func fieldOf(err error) (string, bool) {
	s := err.Error()
	i := strings.Index(s, "Go struct field ")
	if i < 0 {
		return "", false
	}
	f := strings.Fields(s[i+len("Go struct field "):])
	if len(f) == 0 {
		return "", false
	}
	_, name, _ := strings.Cut(f[0], ".")
	return name, name != ""
}

// rows decodes an array of rows one at a time.
func rows(dec *json.Decoder, table string, each func(int, json.RawMessage) error) error {
	switch table {
	case "posts_meta", "posts_authors", "posts_tags", "users", "tags", "roles", "roles_users", "settings", "products", "posts_products":
	default:
		return errSkipTable
	}
	if err := delim(dec, '[', table); err != nil {
		return err
	}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		rec := fmt.Sprintf("%s[%d]", table, i)
		if err := dec.Decode(&raw); err != nil {
			return fail(dec, rec, "", err)
		}
		if err := each(i, raw); err != nil {
			return rowError(rec, dec.InputOffset()-int64(len(raw)), err)
		}
	}
	return delim(dec, ']', table)
}

func (g *ghostReader) row(table string, i int, raw json.RawMessage) error {
	switch table {
	case "posts_meta":
		var m ghostMeta
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		if m.Alt != "" || m.Caption != "" || m.MetaTitle != "" || m.MetaDescription != "" {
			g.meta[string(m.PostID)] = m
		}
	case "posts_authors":
		var j ghostJoin
		if err := json.Unmarshal(raw, &j); err != nil {
			return err
		}
		g.authors[string(j.PostID)] = append(g.authors[string(j.PostID)], j)
	case "posts_tags":
		var j ghostJoin
		if err := json.Unmarshal(raw, &j); err != nil {
			return err
		}
		g.tags[string(j.PostID)] = append(g.tags[string(j.PostID)], j)
	case "products":
		var t struct {
			ID   jstr `json:"id"`
			Name jstr `json:"name"`
			Slug jstr `json:"slug"`
		}
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		g.products[string(t.ID)] = domain.Tier{Slug: string(t.Slug), Name: string(t.Name)}
	case "posts_products":
		var j ghostJoin
		if err := json.Unmarshal(raw, &j); err != nil {
			return err
		}
		g.tiers[string(j.PostID)] = append(g.tiers[string(j.PostID)], j)
	case "roles":
		var r struct {
			ID   jstr `json:"id"`
			Name jstr `json:"name"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		g.roles[string(r.ID)] = string(r.Name)
	case "roles_users":
		var r struct {
			RoleID jstr `json:"role_id"`
			UserID jstr `json:"user_id"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		g.userRoles[string(r.UserID)] = append(g.userRoles[string(r.UserID)], string(r.RoleID))
	case "users":
		var u ghostUser
		if err := json.Unmarshal(raw, &u); err != nil {
			return err
		}
		g.user(u)
	case "tags":
		var t ghostTag
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		g.tag(t)
	case "settings":
		var s struct {
			Key   jstr `json:"key"`
			Value jstr `json:"value"`
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		g.setting(string(s.Key), string(s.Value), i)
	}
	return nil
}

func (g *ghostReader) user(u ghostUser) {
	id := "ghost:" + string(u.ID)
	g.users[string(u.ID)] = true
	g.report.read("user", 1)
	out := User{
		SourceID: id, Name: strings.TrimSpace(string(u.Name)), Slug: string(u.Slug), Email: strings.TrimSpace(string(u.Email)),
		Bio: string(u.Bio), Avatar: first(string(u.ProfileImage), string(u.Image)), Cover: first(string(u.CoverImage), string(u.Cover)),
		Website: string(u.Website), Location: string(u.Location),
	}
	// Roles are mapped once roles_users has been read (finishUsers).
	g.userIDs = append(g.userIDs, string(u.ID))
	for _, l := range []struct {
		label, value, prefix string
	}{
		{"Facebook", string(u.Facebook), "https://www.facebook.com/"},
		{"X", string(u.Twitter), "https://x.com/"},
		{"Threads", string(u.Threads), "https://www.threads.net/"},
		{"Bluesky", string(u.Bluesky), "https://bsky.app/profile/"},
		{"Mastodon", string(u.Mastodon), "https://"},
		{"TikTok", string(u.Tiktok), "https://www.tiktok.com/"},
		{"YouTube", string(u.Youtube), "https://www.youtube.com/"},
		{"Instagram", string(u.Instagram), "https://www.instagram.com/"},
		{"LinkedIn", string(u.Linkedin), "https://www.linkedin.com/in/"},
	} {
		v := strings.TrimSpace(l.value)
		if v == "" {
			continue
		}
		if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
			v = l.prefix + strings.TrimPrefix(v, "@")
		}
		out.Links = append(out.Links, domain.Link{Label: l.label, URL: v})
	}
	if s := string(u.Status); s == "inactive" || s == "locked" {
		out.Suspended = true
		g.report.note(Note{Kind: "user", SourceID: id, Title: out.Name, Message: "was " + s + " in Ghost: import it suspended"})
	}
	if x := u.Newsdesk; x != nil {
		// newsdesk's own export: the whole text, the title and links it
		// keeps beside Ghost's columns, and no placeholder email.
		out.Name = strings.TrimSpace(x.Full.Or("name", out.Name))
		out.Bio = x.Full.Or("bio", out.Bio)
		out.Location = x.Full.Or("location", out.Location)
		out.Title = x.Title
		for _, l := range x.Links {
			out.Links = append(out.Links, domain.Link{Label: l.Label, URL: l.URL})
		}
		if x.NoEmail {
			out.Email = ""
		}
	}
	if out.Name == "" {
		out.Name = out.Slug
	}
	if !domain.ValidSlug(out.Slug) {
		s := domain.Slugify(first(out.Slug, out.Name))
		if s == "" {
			s = "author-" + domain.Slugify(string(u.ID))
		}
		g.report.note(Note{Kind: "user", SourceID: id, Title: out.Name, Field: "slug", Message: fmt.Sprintf("slug %q becomes %q", out.Slug, s)})
		out.Slug = s
	}
	g.im.Users = append(g.im.Users, out)
}

// ghostRoles maps Ghost's role names to newsdesk's four roles.
var ghostRoles = map[string]domain.Role{
	"owner": domain.RoleAdministrator, "administrator": domain.RoleAdministrator,
	"editor": domain.RoleEditor, "super editor": domain.RoleEditor,
	"author": domain.RoleAuthor, "contributor": domain.RoleContributor,
}

func (g *ghostReader) finishUsers() {
	for i := range g.im.Users {
		u := &g.im.Users[i]
		for _, rid := range g.userRoles[g.userIDs[i]] {
			name := g.roles[rid]
			if r, ok := ghostRoles[strings.ToLower(name)]; ok && (u.Role == "" || rank(r) > rank(u.Role)) {
				u.Role = r
			} else if !ok {
				g.report.note(Note{Kind: "user", SourceID: u.SourceID, Title: u.Name, Field: "role",
					Message: fmt.Sprintf("Ghost role %q has no newsdesk equivalent", name)})
			}
		}
		if u.Role == "" {
			u.Role = domain.RoleAuthor
			if len(g.roles) > 0 {
				g.report.note(Note{Kind: "user", SourceID: u.SourceID, Title: u.Name, Field: "role", Message: "no role in the export: imported as an Author"})
			}
		}
	}
}

func rank(r domain.Role) int {
	return map[domain.Role]int{domain.RoleContributor: 1, domain.RoleAuthor: 2, domain.RoleEditor: 3, domain.RoleAdministrator: 4}[r]
}

func (g *ghostReader) tag(t ghostTag) {
	id := "ghost:" + string(t.ID)
	g.tagIDs[string(t.ID)] = true
	g.report.read("tag", 1)
	out := Tag{
		SourceID: id, Name: strings.TrimSpace(string(t.Name)), Slug: string(t.Slug), Description: string(t.Description),
		FeatureImage: first(string(t.FeatureImage), string(t.Image)), MetaTitle: string(t.MetaTitle), MetaDescription: string(t.MetaDescription),
	}
	if t.Newsdesk != nil {
		out.Description = t.Newsdesk.Full.Or("description", out.Description)
	}
	out.Internal = string(t.Visibility) == "internal" || strings.HasPrefix(out.Name, "#")
	if out.Internal && !strings.HasPrefix(out.Name, "#") {
		// newsdesk knows internal tags by their name, as Ghost's API does.
		out.Name = "#" + out.Name
	}
	if !domain.ValidSlug(out.Slug) {
		s := domain.Slugify(first(out.Slug, out.Name))
		if out.Internal && !strings.HasPrefix(s, "hash-") {
			s = "hash-" + s
		}
		if s == "" || s == "hash-" {
			s = "tag-" + domain.Slugify(string(t.ID))
		}
		g.report.note(Note{Kind: "tag", SourceID: id, Title: out.Name, Field: "slug", Message: fmt.Sprintf("slug %q becomes %q", out.Slug, s)})
		out.Slug = s
	}
	g.im.Tags = append(g.im.Tags, out)
}

func (g *ghostReader) setting(k, v string, i int) {
	s := &g.im.Site
	used := true
	switch k {
	case "title":
		s.Title = v
	case "description":
		s.Description = v
	case "lang", "default_locale", "locale":
		if s.Language == "" || k == "locale" {
			s.Language = v
		}
	case "timezone", "active_timezone":
		s.Timezone = v
	case "accent_color":
		s.Accent = v
	case "logo":
		s.Logo = v
	case "icon":
		s.Icon = v
	case "cover_image", "cover":
		s.CoverImage = v
	case "og_image":
		s.ShareImage = v
	case "url":
		s.URL = v
	case "navigation", "secondary_navigation":
		var items []NavItem
		if strings.TrimSpace(v) != "" {
			if err := json.Unmarshal([]byte(v), &items); err != nil {
				g.report.note(Note{Kind: "setting", SourceID: k, Field: "value", Message: "menu is not the JSON list Ghost writes, left out: " + err.Error()})
				items = nil
			}
		}
		if k == "navigation" {
			s.Navigation = items
		} else {
			s.SecondaryNavigation = items
		}
	default:
		used = false
	}
	if used {
		g.report.read("setting", 1)
	}
}

// checkPosts is the first pass over the posts: it checks every record,
// counts posts and pages, and finds mobiledoc it cannot read. Nothing can
// be written before it ends, so only finding where each record ends is
// sequential: records are decoded and checked convertBatch at a time on
// every core, and their results taken in file order.
func (g *ghostReader) checkPosts(dec *json.Decoder) error {
	if err := delim(dec, '[', "posts"); err != nil {
		return err
	}
	type checked struct {
		raw        json.RawMessage
		start, end int64 // offsets in the file
		kind       string
		fallback   bool
		id         string
		err        error
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	for i := 0; dec.More(); {
		var recs []checked
		var readErr error
		for len(recs) < convertBatch && dec.More() {
			start := dec.InputOffset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				readErr = fail(dec, fmt.Sprintf("posts[%d]", i+len(recs)), "", err)
				break
			}
			recs = append(recs, checked{raw: raw, start: start, end: dec.InputOffset()})
		}
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, len(recs)) {
			wg.Go(func() {
				for k := range next {
					c := &recs[k]
					var p ghostPostHead
					if err := json.Unmarshal(c.raw, &p); err != nil {
						c.err = err
						continue
					}
					c.id, c.kind = string(p.ID), postKind(&p)
					if fallback, e := g.checkPost(&p); e != nil {
						c.err = e
					} else {
						c.fallback = fallback
					}
				}
			})
		}
		for k := range recs {
			next <- k
		}
		close(next)
		wg.Wait()
		for _, c := range recs {
			rec := fmt.Sprintf("posts[%d]", i)
			if c.err != nil {
				var e *Error
				if errors.As(c.err, &e) {
					if c.id != "" {
						rec += " (id " + c.id + ")"
					}
					e.Record, e.Offset = rec, c.end
					return e
				}
				var typ *json.UnmarshalTypeError
				if errors.As(c.err, &typ) || errors.Is(c.err, errNotString) {
					e := rowError(rec, c.start, c.err)
					e.Offset = max(e.Offset, c.start)
					return e
				}
				return &Error{Record: rec, Offset: c.end, Err: c.err}
			}
			if c.fallback {
				g.bodyFall[c.id] = true
			}
			g.report.read(c.kind, 1)
			g.im.PostCount++
			i++
		}
		if readErr != nil {
			return readErr
		}
	}
	return delim(dec, ']', "posts")
}

// postKind says whether a record is a post or a page.
func postKind(p *ghostPostHead) string {
	if p.Type == "page" || bool(p.Page) {
		return "page"
	}
	return "post"
}

// checkPost checks one record and says whether its editor document is
// unreadable, so that its html must serve. It runs on several goroutines
// at once and changes nothing.
func (g *ghostReader) checkPost(p *ghostPostHead) (fallback bool, err *Error) {
	if p.ID == "" {
		return false, &Error{Field: "id", Err: errors.New("missing: an import needs every record's id to stay idempotent")}
	}
	for _, f := range []struct {
		name string
		t    jtime
	}{{"created_at", p.CreatedAt}, {"updated_at", p.UpdatedAt}, {"published_at", p.PublishedAt}} {
		if f.t.Bad {
			return false, &Error{Field: f.name, Err: fmt.Errorf("%q is not a date", f.t.Raw)}
		}
	}
	switch {
	case p.Lexical != "":
		if !json.Valid([]byte(p.Lexical)) || !strings.Contains(p.Lexical, `"root"`) {
			if !p.hasHTML() {
				return false, &Error{Field: "lexical", Err: errors.New("not a Lexical document, and there is no html to fall back on")}
			}
			return true, nil
		}
	case p.Mobiledoc != "":
		if _, _, err := convert.Mobiledoc([]byte(p.Mobiledoc)); err != nil {
			if !p.hasHTML() {
				return false, &Error{Field: "mobiledoc", Err: err}
			}
			return true, nil
		}
	}
	return false, nil
}

// stream is the second pass: it re-reads the posts array and yields each
// post converted.
func (g *ghostReader) stream(yield func(*Post, error) bool) {
	for _, at := range g.postsAt {
		if !g.streamFrom(at, yield) {
			return
		}
	}
}

// streamFrom streams the posts array after the key at offset at; it
// returns false when the sequence ended (stopped or failed).
func (g *ghostReader) streamFrom(at int64, yield func(*Post, error) bool) bool {
	if _, err := g.r.Seek(at, io.SeekStart); err != nil {
		yield(nil, err)
		return false
	}
	br := bufio.NewReaderSize(g.r, 1<<16)
	// Past the key's colon.
	for {
		b, err := br.ReadByte()
		if err != nil {
			yield(nil, &Error{Record: "posts", Err: ErrTruncated})
			return false
		}
		if b == ':' {
			break
		}
	}
	dec := json.NewDecoder(br)
	if err := delim(dec, '[', "posts"); err != nil {
		yield(nil, err)
		return false
	}
	// Decoding is sequential; converting bodies is not: one goroutine
	// decodes batches while the cores convert the batch before, and posts
	// come out in file order. Memory stays at two batches.
	type batch struct {
		posts []*ghostPost
		err   error
	}
	batches := make(chan batch, 1)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(batches)
		for i := 0; ; {
			var b batch
			for len(b.posts) < convertBatch && dec.More() {
				p := new(ghostPost)
				if err := dec.Decode(p); err != nil {
					b.err = fail(dec, fmt.Sprintf("posts[%d]", i), "", err)
					break
				}
				b.posts = append(b.posts, p)
				i++
			}
			if len(b.posts) == 0 && b.err == nil {
				return
			}
			select {
			case batches <- b:
			case <-done:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	workers := max(runtime.GOMAXPROCS(0), 1)
	for b := range batches {
		out := make([]*Post, len(b.posts))
		notes := make([][]Note, len(b.posts))
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, len(b.posts)) {
			wg.Go(func() {
				for i := range next {
					out[i], notes[i] = g.post(b.posts[i])
				}
			})
		}
		for i := range b.posts {
			next <- i
		}
		close(next)
		wg.Wait()
		for i, p := range out {
			for _, n := range notes[i] {
				g.report.note(n)
			}
			if !yield(p, nil) {
				return false
			}
		}
		if b.err != nil {
			yield(nil, b.err)
			return false
		}
	}
	return true
}

// convertBatch is how many posts are converted at once.
const convertBatch = 64

// post converts one post. It runs on several goroutines at once, so it
// returns its notes rather than adding them to the report.
func (g *ghostReader) post(p *ghostPost) (*Post, []Note) {
	id := string(p.ID)
	out := &Post{
		SourceID: "ghost:" + id, UUID: string(p.UUID), Type: TypePost,
		Title: strings.TrimSpace(p.Title), SourceStatus: p.Status,
		CreatedAt: p.CreatedAt.T, UpdatedAt: p.UpdatedAt.T, PublishedAt: p.PublishedAt.T,
		Featured: bool(p.Featured), Standfirst: strings.TrimSpace(p.CustomExcerpt),
		Language: first(p.Locale, p.Language), CanonicalURL: p.CanonicalURL,
		MetaTitle: p.MetaTitle, MetaDescription: p.MetaDescription,
	}
	kind := "post"
	if p.Type == "page" || bool(p.Page) {
		out.Type, kind = TypePage, "page"
	}
	var notes []Note
	note := func(field, msg string) {
		notes = append(notes, Note{Kind: kind, SourceID: out.SourceID, Title: out.Title, Field: field, Message: msg})
	}
	switch p.Status {
	case "published":
		out.Status = domain.StatusPublished
	case "scheduled":
		out.Status = domain.StatusScheduled
	case "draft", "":
		out.Status = domain.StatusDraft
	case "sent":
		out.Status = domain.StatusDraft
		note("status", "was sent only as a newsletter, never on the site: imported as a draft")
	default:
		out.Status = domain.StatusDraft
		note("status", fmt.Sprintf("unknown status %q: imported as a draft", p.Status))
	}
	slug, old, why := settleSlug(p.Slug, out.Title, "post-"+domain.Slugify(id))
	out.Slug = slug
	if why != "" {
		note("slug", why)
	}
	if old != "" && out.Status == domain.StatusPublished {
		out.OldPaths = append(out.OldPaths, old)
	}

	// Feature image: alt and caption live in posts_meta from 4.x on.
	out.Image.URL = first(p.FeatureImage, p.Image)
	alt, caption := p.FeatureImageAlt, p.FeatureImageCaption
	if m, ok := g.meta[id]; ok {
		alt, caption = first(string(m.Alt), alt), first(string(m.Caption), caption)
		out.MetaTitle = first(string(m.MetaTitle), out.MetaTitle)
		out.MetaDescription = first(string(m.MetaDescription), out.MetaDescription)
	}
	if out.Image.URL != "" {
		out.Image.Alt = alt
		out.Image.Caption, out.Image.Credit = splitCaption(caption)
	}

	switch v := Visibility(p.Visibility); v {
	case "", VisibilityPublic:
		out.Visibility = VisibilityPublic
	case VisibilityMembers, VisibilityPaid, VisibilityTiers:
		out.Visibility = v
		note("visibility", "for "+string(v)+" only: readers see the part before the members-only marker, or the excerpt")
	default:
		out.Visibility = VisibilityPaid
		note("visibility", fmt.Sprintf("unknown visibility %q: treated as paid, so nothing private shows", v))
	}

	// The tiers matter only where they gate the post; Ghost lists them
	// on posts of every visibility.
	if out.Visibility != VisibilityPublic && out.Visibility != VisibilityMembers {
		pj := slices.Clone(g.tiers[id])
		slices.SortStableFunc(pj, func(a, b ghostJoin) int { return a.SortOrder - b.SortOrder })
		for _, j := range pj {
			if t, ok := g.products[string(j.ProductID)]; ok && !slices.Contains(out.Tiers, t) {
				out.Tiers = append(out.Tiers, t)
			}
		}
	}

	// Authors and tags in their sort order.
	joins := slices.Clone(g.authors[id])
	slices.SortStableFunc(joins, func(a, b ghostJoin) int { return a.SortOrder - b.SortOrder })
	for _, j := range joins {
		if g.users[string(j.AuthorID)] {
			out.Authors = appendNew(out.Authors, "ghost:"+string(j.AuthorID))
		} else {
			note("authors", fmt.Sprintf("author %s is not among the export's users", j.AuthorID))
		}
	}
	if len(out.Authors) == 0 && p.AuthorID != "" {
		if g.users[string(p.AuthorID)] {
			out.Authors = []string{"ghost:" + string(p.AuthorID)}
		} else {
			note("author_id", fmt.Sprintf("author %s is not among the export's users", p.AuthorID))
		}
	}
	if len(out.Authors) == 0 {
		note("authors", "no author: the import assigns the importing user")
	}
	tj := slices.Clone(g.tags[id])
	slices.SortStableFunc(tj, func(a, b ghostJoin) int { return a.SortOrder - b.SortOrder })
	for _, j := range tj {
		if g.tagIDs[string(j.TagID)] {
			out.Tags = appendNew(out.Tags, "ghost:"+string(j.TagID))
		} else {
			note("tags", fmt.Sprintf("tag %s is not among the export's tags", j.TagID))
		}
	}

	if x := p.Newsdesk; x != nil {
		newsdeskPost(out, x)
		// newsdesk writes one Markdown card: take it byte for byte.
		if md, err := export.MarkdownOf(p.Lexical); err == nil {
			out.BodyFrom, out.BodyMD = "lexical", md
			return out, notes
		}
	}

	// Ghost 4+ stores its own address in bodies as __GHOST_URL__; without
	// the old address the links become site paths (/content/images/...),
	// which the media import or a copied content folder serve.
	site := strings.TrimRight(g.im.Site.URL, "/")
	ownURL := func(s string) string {
		if strings.Contains(s, export.GhostURL) {
			return strings.ReplaceAll(s, export.GhostURL, site)
		}
		return s
	}
	p.Lexical, p.Mobiledoc = ownURL(p.Lexical), ownURL(p.Mobiledoc)

	// The body: Lexical, then Mobiledoc, then Markdown (0.x), then HTML.
	var md string
	var warns []string
	var err error
	switch {
	case p.Lexical != "" && !g.bodyFall[id]:
		out.BodyFrom = "lexical"
		md, warns, err = convert.Lexical([]byte(p.Lexical))
	case p.Mobiledoc != "" && !g.bodyFall[id]:
		out.BodyFrom = "mobiledoc"
		md, warns, err = convert.Mobiledoc([]byte(p.Mobiledoc))
	case p.Markdown != "":
		out.BodyFrom = "markdown"
		md = p.Markdown
	default:
		out.BodyFrom = "html"
		if g.bodyFall[id] {
			note("body", "the editor document could not be read; the body comes from its html")
		}
		md, warns = convert.HTML(ownURL(p.html()))
	}
	if err != nil {
		// The first pass checked this document; reaching here means the
		// file changed between passes. Keep the html rather than nothing.
		note("body", err.Error()+"; the body comes from its html")
		out.BodyFrom = "html"
		md, warns = convert.HTML(p.html())
	}
	out.BodyMD = md
	for _, w := range warns {
		note("body", w)
	}
	return out, notes
}

// newsdeskPost takes what newsdesk's own export keeps beside Ghost's
// columns: the post's kind, language, photo credit and image size, video,
// breaking pin, corrections, and the whole of text Ghost's limits cut.
func newsdeskPost(out *Post, x *export.PostExtra) {
	out.Kind = domain.Kind(x.Kind)
	out.Language = first(x.Language, out.Language)
	out.Title = strings.TrimSpace(x.Full.Or("title", out.Title))
	out.Standfirst = strings.TrimSpace(x.Full.Or("custom_excerpt", out.Standfirst))
	out.MetaTitle = x.Full.Or("meta_title", out.MetaTitle)
	out.MetaDescription = x.Full.Or("meta_description", out.MetaDescription)
	if out.Image.URL != "" {
		out.Image.Alt = x.Full.Or("feature_image_alt", out.Image.Alt)
		out.Image.Caption, out.Image.Credit = x.FeatureImageCaption, x.FeatureImageCredit
		out.Image.Width, out.Image.Height = x.FeatureImageWidth, x.FeatureImageHeight
	}
	out.VideoURL = x.VideoURL
	if len(x.Tiers) > 0 {
		out.Tiers = x.Tiers
	}
	out.BreakingUntil, _ = export.ParseDate(x.BreakingUntil)
	if t := x.Trash; t != nil {
		if at, ok := export.ParseDate(t.TrashedAt); ok && domain.Status(t.Status).Valid() {
			out.Status = domain.Status(t.Status)
			out.Trash = &Trash{At: at, By: t.By}
		}
	}
	if pd := x.Pending; pd != nil && out.Trash == nil && out.Status == domain.StatusPublished {
		saved, _ := export.ParseDate(pd.SavedAt)
		base, _ := export.ParseDate(pd.BaseUpdatedAt)
		stale, _ := export.ParseDate(pd.StaleAt)
		fields := string(pd.Fields)
		if !json.Valid(pd.Fields) {
			fields = "{}"
		}
		out.Pending = &Pending{Title: pd.Title, Standfirst: pd.Standfirst, BodyMD: pd.Markdown, Fields: fields, By: pd.By,
			SavedAt: saved, StaleAt: stale, BaseUpdatedAt: base, BaseTitle: pd.BaseTitle, BaseStandfirst: pd.BaseStandfirst,
			BaseBodyMD: pd.BaseMarkdown}
	}
	out.Notes = export.NotesDomain(x.Notes, func(id string) string { return id })
	if rv := x.Review; rv != nil {
		out.Review = reviewOf(rv, out.Status)
	}
	if as := x.Assignment; as != nil && as.Assignee != "" {
		at, _ := export.ParseDate(as.AssignedAt)
		done, _ := export.ParseDate(as.DoneAt)
		if deadline, ok := export.ParseDate(as.Deadline); ok {
			out.Assignment = &Assignment{Assignee: as.Assignee, By: as.AssignedBy, At: at, Deadline: deadline, DoneAt: done, Brief: as.Brief}
		}
	}
	if x.Live != nil {
		out.Live, out.LiveEntries = x.Live.Domain("", func(id string) domain.Author { return domain.Author{ID: "ghost:" + id} })
	}
	for _, c := range x.Corrections {
		at, ok := export.ParseDate(c.CreatedAt)
		if !ok || (c.Kind != "correction" && c.Kind != "update") || strings.TrimSpace(c.Body) == "" {
			continue
		}
		updated, _ := export.ParseDate(c.UpdatedAt)
		retracted, _ := export.ParseDate(c.RetractedAt)
		out.Corrections = append(out.Corrections, domain.Correction{Kind: c.Kind, Body: c.Body, CreatedAt: at,
			UpdatedAt: updated, RetractedAt: retracted})
	}
}

func first(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// reviewOf reads an exported review. A state is kept only on a draft
// (a post in review is one) with its times; unknown transitions are
// dropped.
func reviewOf(x *export.Review, status domain.Status) *Review {
	out := &Review{}
	sub, okSub := export.ParseDate(x.SubmittedAt)
	at, okAt := export.ParseDate(x.At)
	if st := storage.ReviewState(x.State); (st == storage.ReviewSubmitted || st == storage.ReviewSentBack) && okSub && okAt &&
		status == domain.StatusDraft {
		out.State, out.SubmittedBy, out.SubmittedAt, out.By, out.At, out.Note = x.State, x.SubmittedBy, sub, x.By, at, x.Note
	}
	for _, h := range x.History {
		when, ok := export.ParseDate(h.At)
		if !ok || !storage.ReviewAction(h.Action).Valid() {
			continue
		}
		out.History = append(out.History, ReviewStep{Action: h.Action, At: when, By: h.By, Note: h.Note})
	}
	if out.State == "" && len(out.History) == 0 {
		return nil
	}
	return out
}
