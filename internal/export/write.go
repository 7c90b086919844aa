package export

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Options tune Write.
type Options struct {
	// SiteURL is recorded in the file's meta so a reader can tell this
	// site's absolute URLs from other sites'.
	SiteURL string
	// Now stamps meta.exported_on; nil means time.Now.
	Now func() time.Time
	// TempDir holds the side tables while posts stream; empty means the
	// system's temporary folder.
	TempDir string
	// Progress, when set, is called now and then with the posts written
	// and the total.
	Progress func(done, total int)
}

// Stats counts what Write wrote.
type Stats struct {
	Posts, Users, Tags int
	Bytes              int64
}

// Ghost's length limits (its importer validates rows against them); longer
// newsdesk text is shortened there and kept whole in the row's "full".
const (
	maxGhostTitle     = 255
	maxGhostExcerpt   = 300
	maxGhostMetaTitle = 300
	maxGhostMetaDesc  = 500
	maxGhostAlt       = 191
	maxGhostBio       = 250
	maxGhostLocation  = 150
	maxGhostTagDesc   = 500
	maxGhostName      = 191
)

const (
	// noEmailDomain makes the address of a byline without an account:
	// .invalid is reserved, so it can never reach anyone.
	noEmailDomain = "@newsdesk.invalid"
	progressEvery = 1000
	spoolBuffer   = 64 << 10
	outputBuffer  = 256 << 10
	// rolesCreated stamps the role rows: newsdesk keeps no time for its
	// fixed roles, and a constant keeps exports of the same content equal.
	rolesCreated = "2020-01-01T00:00:00.000Z"
)

// roles are Ghost's staff roles, matched by name on import.
var roles = []struct {
	name, description string
	role              domain.Role
}{
	{"Administrator", "Administrators", domain.RoleAdministrator},
	{"Editor", "Editors", domain.RoleEditor},
	{"Author", "Authors", domain.RoleAuthor},
	{"Contributor", "Contributors", domain.RoleContributor},
}

func roleID(name string) string { return rowID("role", name) }

// Write writes the whole site, read from one snapshot of src, to w as a
// Ghost JSON export. Posts stream page by page; their posts_authors,
// posts_meta and posts_tags rows wait in temporary files until the posts
// are written, so memory stays bounded however many posts there are.
func Write(ctx context.Context, w io.Writer, src storage.Exports, opts Options) (Stats, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cw := &countWriter{w: w}
	out := bufio.NewWriterSize(cw, outputBuffer)
	var st Stats
	err := src.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		total, err := sn.CountPosts(ctx)
		if err != nil {
			return err
		}
		settings, err := sn.Settings(ctx)
		if err != nil {
			return err
		}
		meta := Meta{ExportedOn: opts.Now().UnixMilli(), Version: GhostVersion,
			Newsdesk: &MetaInfo{Format: FormatVersion, SiteURL: opts.SiteURL, Dateline: settings.Dateline,
				ReviewAuthors: settings.ReviewAuthors}}
		enc := newRowEncoder()
		head, err := enc.encode(meta)
		if err != nil {
			return err
		}
		out.WriteString(`{"db":[{"meta":`)
		out.Write(head)
		out.WriteString(`,"data":{`)

		spools, err := newSpools(opts.TempDir, "posts_authors", "posts_meta", "posts_tags")
		if err != nil {
			return err
		}
		defer spools.remove()
		authors, metas, tags := spools.list[0], spools.list[1], spools.list[2]

		pending, trash, err := workflowOf(ctx, sn)
		if err != nil {
			return err
		}
		notes, err := notesOf(ctx, sn)
		reviews, err := reviewsOf(ctx, sn)
		if err != nil {
			return err
		}
		assigned, err := assignmentsOf(ctx, sn)
		if err != nil {
			return err
		}
		posts := &array{w: out, enc: enc}
		posts.open("posts")
		err = sn.Posts(ctx, func(p *domain.Post) error {
			row, meta := postRows(p)
			withWorkflow(&row, pending[p.ID], trash[p.ID])
			row.Newsdesk.Notes = notesExtra(notes[p.ID])
			row.Newsdesk.Review = reviews[p.ID]
			if a := assigned[p.ID]; a != nil {
				row.Newsdesk.Assignment = assignmentRow(a)
			}
			if p.Kind == domain.KindLive {
				entries, err := sn.LiveEntries(ctx, p.ID)
				if err != nil {
					return err
				}
				row.Newsdesk.Live = liveExtra(p, entries)
			}
			if err := posts.add(row); err != nil {
				return err
			}
			if meta != nil {
				if err := metas.add(meta); err != nil {
					return err
				}
			}
			for i, a := range p.Authors {
				if err := authors.add(Relation{ID: rowID("posts_authors", p.ID, a.ID), PostID: p.ID, AuthorID: a.ID, SortOrder: i}); err != nil {
					return err
				}
			}
			for i, t := range p.Tags {
				if err := tags.add(Relation{ID: rowID("posts_tags", p.ID, t.ID), PostID: p.ID, TagID: t.ID, SortOrder: i}); err != nil {
					return err
				}
			}
			st.Posts++
			if opts.Progress != nil && st.Posts%progressEvery == 0 {
				opts.Progress(st.Posts, total)
			}
			return ctx.Err()
		})
		if err != nil {
			return err
		}
		posts.close()
		if opts.Progress != nil {
			opts.Progress(st.Posts, total)
		}
		for _, sp := range spools.list {
			out.WriteString(",")
			if err := sp.copyTo(out); err != nil {
				return err
			}
		}

		users, err := sn.Users(ctx)
		if err != nil {
			return err
		}
		tagRows, err := sn.Tags(ctx)
		if err != nil {
			return err
		}
		st.Users, st.Tags = len(users), len(tagRows)

		// The small tables, held in memory: a newsroom has dozens of
		// staff and hundreds of tags, not millions.
		var roleRows, roleUsers, settingRows, tagRowsOut, userRows []any
		for _, r := range roles {
			roleRows = append(roleRows, Role{ID: roleID(r.name), Name: r.name, Description: r.description,
				CreatedAt: rolesCreated, UpdatedAt: rolesCreated})
		}
		for _, u := range users {
			roleUsers = append(roleUsers, RoleUser{ID: rowID("roles_users", u.ID), RoleID: roleID(ghostRole(u.Role)), UserID: u.ID})
			userRows = append(userRows, userRow(u))
		}
		for _, s := range settingsRows(settings) {
			settingRows = append(settingRows, s)
		}
		for _, t := range tagRows {
			tagRowsOut = append(tagRowsOut, tagRow(t))
		}
		a := &array{w: out, enc: enc}
		for _, t := range []struct {
			name string
			rows []any
		}{{"roles", roleRows}, {"roles_users", roleUsers}, {"settings", settingRows}, {"tags", tagRowsOut}, {"users", userRows}} {
			out.WriteString(",")
			a.open(t.name)
			for _, r := range t.rows {
				a.add(r)
			}
			a.close()
		}
		if a.err != nil {
			return a.err
		}
		out.WriteString("}}]}\n")
		return out.Flush()
	})
	st.Bytes = cw.n
	if err != nil {
		return st, fmt.Errorf("export: %w", err)
	}
	return st, nil
}

func ghostRole(r domain.Role) string {
	for _, x := range roles {
		if x.role == r {
			return x.name
		}
	}
	return "Contributor"
}

// fit shortens s to Ghost's limit of max characters, recording the whole
// text under key in full.
func fit(full *Full, key, s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	if *full == nil {
		*full = Full{}
	}
	(*full)[key] = s
	return domain.Truncate(s, max-1)
}

// postRows is a post as a row of Ghost's posts table and, when it has
// one of its fields, of posts_meta (Ghost keeps no empty meta rows).
// workflowOf reads the snapshot's pending versions and trash by post.
func workflowOf(ctx context.Context, sn storage.Snapshot) (map[string]*storage.Pending, map[string]*storage.Trash, error) {
	pl, tl, err := sn.Workflow(ctx)
	if err != nil {
		return nil, nil, err
	}
	pending, trash := map[string]*storage.Pending{}, map[string]*storage.Trash{}
	for _, p := range pl {
		pending[p.PostID] = p
	}
	for _, t := range tl {
		trash[t.PostID] = t
	}
	return pending, trash, nil
}

// notesOf reads the snapshot's editors' notes by post.
func notesOf(ctx context.Context, sn storage.Snapshot) (map[string][]*domain.Note, error) {
	all, err := sn.Notes(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]*domain.Note{}
	for _, n := range all {
		out[n.PostID] = append(out[n.PostID], n)
	}
	return out, nil
}

// reviewsOf reads the snapshot's review states and history as each
// post's row carries them.
func reviewsOf(ctx context.Context, sn storage.Snapshot) (map[string]*Review, error) {
	states, log, err := sn.Reviews(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*Review{}
	get := func(id string) *Review {
		if out[id] == nil {
			out[id] = &Review{}
		}
		return out[id]
	}
	for _, r := range states {
		x := get(r.PostID)
		x.State, x.SubmittedBy, x.SubmittedAt, x.By, x.At, x.Note = string(r.State), r.SubmittedBy, date(r.SubmittedAt), r.UserID, date(r.At), r.Note
	}
	for _, e := range log {
		x := get(e.PostID)
		x.History = append(x.History, ReviewStep{Action: string(e.Action), At: date(e.At), By: e.UserID, Note: e.Note})
	}
	return out, nil
}

// assignmentsOf reads the snapshot's assignments by post.
func assignmentsOf(ctx context.Context, sn storage.Snapshot) (map[string]*storage.Assignment, error) {
	list, err := sn.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*storage.Assignment, len(list))
	for _, a := range list {
		out[a.PostID] = a
	}
	return out, nil
}

// assignmentRow is a post's assignment as its row carries it.
func assignmentRow(a *storage.Assignment) *Assignment {
	x := &Assignment{Assignee: a.AssigneeID, AssignedBy: a.AssignedBy, AssignedAt: date(a.AssignedAt), Deadline: date(a.Deadline), Brief: a.Brief}
	if a.Done() {
		x.DoneAt = date(a.DoneAt)
	}
	return x
}

// withWorkflow adds a post's pending version and trash entry to its row.
func withWorkflow(row *Post, pd *storage.Pending, t *storage.Trash) {
	if t != nil {
		row.Status = string(domain.StatusDraft)
		row.Newsdesk.Trash = &Trash{TrashedAt: date(t.TrashedAt), Status: string(t.Status), By: t.UserID}
	}
	if pd != nil {
		x := &Pending{Title: pd.Title, Standfirst: pd.Standfirst, Markdown: pd.BodyMD, Fields: json.RawMessage(pd.Fields),
			By: pd.UserID, SavedAt: date(pd.SavedAt), BaseTitle: pd.BaseTitle, BaseStandfirst: pd.BaseStandfirst,
			BaseMarkdown: pd.BaseBodyMD}
		if !json.Valid(x.Fields) {
			x.Fields = json.RawMessage("{}")
		}
		if !pd.BaseUpdatedAt.IsZero() {
			x.BaseUpdatedAt = date(pd.BaseUpdatedAt)
		}
		if !pd.StaleAt.IsZero() {
			x.StaleAt = date(pd.StaleAt)
		}
		row.Newsdesk.Pending = x
	}
}

func postRows(p *domain.Post) (Post, *PostMeta) {
	x := &PostExtra{
		Kind:                string(p.Kind),
		Language:            p.Language,
		FeatureImageCaption: p.Image.Caption,
		FeatureImageCredit:  p.Image.Credit,
		FeatureImageWidth:   p.Image.Width,
		FeatureImageHeight:  p.Image.Height,
		VideoURL:            p.VideoURL,
		Tiers:               p.Tiers,
	}
	if !p.BreakingUntil.IsZero() {
		x.BreakingUntil = date(p.BreakingUntil)
	}
	for _, c := range p.Corrections {
		row := Correction{ID: c.ID, Kind: c.Kind, Body: c.Body, CreatedAt: date(c.CreatedAt)}
		if !c.UpdatedAt.IsZero() {
			row.UpdatedAt = date(c.UpdatedAt)
		}
		if c.Retracted() {
			row.RetractedAt = date(c.RetractedAt)
		}
		x.Corrections = append(x.Corrections, row)
	}
	lexical := Lexical(p.BodyMD)
	status := string(p.Status)
	row := Post{
		ID:                       p.ID,
		UUID:                     p.UUID,
		Title:                    fit(&x.Full, "title", p.Title, maxGhostTitle),
		Slug:                     p.Slug,
		Lexical:                  &lexical,
		HTML:                     &p.BodyHTML,
		CommentID:                &p.ID,
		Plaintext:                &p.Plaintext,
		FeatureImage:             siteURL(p.Image.URL),
		Featured:                 flag(p.Featured),
		Type:                     postType(p),
		Status:                   status,
		Visibility:               string(cmp.Or(p.Visibility, domain.VisibilityPublic)),
		EmailRecipientFilter:     "all",
		CreatedAt:                date(p.CreatedAt),
		UpdatedAt:                optDate(p.UpdatedAt),
		PublishedAt:              optDate(p.PublishedAt),
		CustomExcerpt:            opt(fit(&x.Full, "custom_excerpt", p.Standfirst, maxGhostExcerpt)),
		ShowTitleAndFeatureImage: true,
		Newsdesk:                 x,
	}
	caption := p.Image.CaptionWithCredit()
	if p.MetaTitle == "" && p.MetaDescription == "" && p.Image.Alt == "" && caption == "" {
		return row, nil
	}
	m := &PostMeta{
		ID:              rowID("posts_meta", p.ID),
		PostID:          p.ID,
		MetaTitle:       opt(fit(&x.Full, "meta_title", p.MetaTitle, maxGhostMetaTitle)),
		MetaDescription: opt(fit(&x.Full, "meta_description", p.MetaDescription, maxGhostMetaDesc)),
		FeatureImageAlt: opt(fit(&x.Full, "feature_image_alt", p.Image.Alt, maxGhostAlt)),
	}
	if caption != "" {
		// Ghost's caption is HTML; newsdesk's is text.
		c := html.EscapeString(caption)
		m.FeatureImageCaption = &c
	}
	return row, m
}

func userRow(u *domain.User) User {
	x := &UserExtra{Title: u.Title}
	for _, l := range u.Links {
		x.Links = append(x.Links, Link{Label: l.Label, URL: l.URL})
	}
	email := u.Email
	if email == "" {
		email = u.Slug + noEmailDomain
		x.NoEmail = true
	}
	status := "active"
	if u.Suspended {
		status = "inactive"
	}
	return User{
		ID:           u.ID,
		Name:         fit(&x.Full, "name", u.Name, maxGhostName),
		Slug:         u.Slug,
		Email:        email,
		ProfileImage: siteURL(u.Avatar),
		Bio:          opt(fit(&x.Full, "bio", u.Bio, maxGhostBio)),
		Website:      opt(u.Website),
		Location:     opt(fit(&x.Full, "location", u.Location, maxGhostLocation)),
		Status:       status,
		Visibility:   "public",
		CreatedAt:    date(u.CreatedAt),
		UpdatedAt:    optDate(u.UpdatedAt),
		Newsdesk:     x,
	}
}

func tagRow(t storage.TagRecord) Tag {
	visibility := "public"
	if t.Internal() {
		visibility = "internal"
	}
	var full Full
	row := Tag{
		ID:          t.ID,
		Name:        t.Name,
		Slug:        t.Slug,
		Description: opt(fit(&full, "description", t.Description, maxGhostTagDesc)),
		Visibility:  visibility,
		CreatedAt:   date(t.CreatedAt),
		UpdatedAt:   optDate(t.CreatedAt),
	}
	if full != nil {
		row.Newsdesk = &TagExtra{Full: full}
	}
	return row
}

// settingsRows are the site settings newsdesk has, under Ghost's keys.
func settingsRows(st domain.Settings) []Setting {
	public := "PUBLIC" // Ghost's flag for settings its Content API shows
	row := func(key string, value *string, flags *string) Setting {
		return Setting{ID: rowID("settings", key), Group: "site", Key: key, Value: value, Type: "string", Flags: flags}
	}
	return []Setting{
		row("title", opt(st.Title), &public),
		row("description", opt(st.Description), &public),
		row("logo", siteURL(st.Logo), nil),
		row("accent_color", opt(st.Accent), &public),
		row("locale", opt(st.Language), nil),
		row("timezone", opt(st.Timezone), nil),
		row("og_image", siteURL(st.ShareImage), &public),
		menuRow("navigation", st.Navigation),
		menuRow("secondary_navigation", st.SecondaryNavigation),
	}
}

// postType is Ghost's type column: post, or page for static pages.
func postType(p *domain.Post) string {
	if p.IsPage() {
		return string(domain.TypePage)
	}
	return string(domain.TypePost)
}

// menuRow writes a menu as Ghost stores it: a JSON array in a string.
func menuRow(key string, items []domain.NavItem) Setting {
	if items == nil {
		items = []domain.NavItem{}
	}
	b, _ := json.Marshal(items) // strings only: cannot fail
	v, public := string(b), "PUBLIC"
	return Setting{ID: rowID("settings", key), Group: "site", Key: key, Value: &v, Type: "array", Flags: &public}
}

// Lexical returns a Ghost lexical document holding md in one Markdown
// card: Ghost renders it, and the Markdown comes back byte for byte. An
// empty body is Ghost's empty document, one empty paragraph.
func Lexical(md string) string {
	type card struct {
		Type     string `json:"type"`
		Version  int    `json:"version"`
		Markdown string `json:"markdown"`
	}
	type block struct {
		Children  []any   `json:"children"`
		Direction *string `json:"direction"`
		Format    string  `json:"format"`
		Indent    int     `json:"indent"`
		Type      string  `json:"type"`
		Version   int     `json:"version"`
	}
	child := any(card{Type: "markdown", Version: 1, Markdown: md})
	if md == "" {
		child = block{Children: []any{}, Type: "paragraph", Version: 1}
	}
	doc := struct {
		Root block `json:"root"`
	}{block{Children: []any{child}, Type: "root", Version: 1}}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(doc) // strings and numbers always encode
	return strings.TrimSuffix(b.String(), "\n")
}

// rowEncoder encodes rows as compact JSON without escaping <, > and &
// (Ghost's exports keep HTML readable).
type rowEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newRowEncoder() *rowEncoder {
	e := &rowEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// encode returns v's JSON; the slice is valid until the next call.
func (e *rowEncoder) encode(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

// array writes one table: "name":[row,\nrow...]. The first error sticks.
type array struct {
	w   *bufio.Writer
	enc *rowEncoder
	n   int
	err error
}

func (a *array) open(name string) {
	a.n = 0
	fmt.Fprintf(a.w, "%q:[", name)
}

func (a *array) add(v any) error {
	if a.err != nil {
		return a.err
	}
	b, err := a.enc.encode(v)
	if err != nil {
		a.err = err
		return err
	}
	if a.n > 0 {
		a.w.WriteByte(',')
	}
	a.w.WriteByte('\n')
	_, a.err = a.w.Write(b)
	a.n++
	return a.err
}

func (a *array) close() {
	if a.n > 0 {
		a.w.WriteByte('\n')
	}
	a.w.WriteByte(']')
}

// spool is a table written to a temporary file while posts stream.
type spool struct {
	name string
	f    *os.File
	buf  *bufio.Writer
	arr  *array
}

type spoolSet struct{ list []*spool }

func newSpools(dir string, names ...string) (*spoolSet, error) {
	set := &spoolSet{}
	for _, name := range names {
		f, err := os.CreateTemp(dir, "newsdesk-export-"+name+"-*.json")
		if err != nil {
			set.remove()
			return nil, fmt.Errorf("temporary file for %s: %w", name, err)
		}
		buf := bufio.NewWriterSize(f, spoolBuffer)
		sp := &spool{name: name, f: f, buf: buf, arr: &array{w: buf, enc: newRowEncoder()}}
		sp.arr.open(name)
		set.list = append(set.list, sp)
	}
	return set, nil
}

func (sp *spool) add(v any) error { return sp.arr.add(v) }

// copyTo finishes the table and copies it to w.
func (sp *spool) copyTo(w io.Writer) error {
	sp.arr.close()
	if sp.arr.err != nil {
		return sp.arr.err
	}
	if err := sp.buf.Flush(); err != nil {
		return fmt.Errorf("write temporary %s: %w", sp.name, err)
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, sp.f)
	return err
}

func (set *spoolSet) remove() {
	for _, sp := range set.list {
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
