package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/demo"
	"newsdesk/internal/domain"
	"newsdesk/internal/export"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

var quiet = slog.New(slog.DiscardHandler)

func openStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "newsdesk.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// secrets are values that must never appear in an export.
type secrets struct {
	values []string
}

// site fills a store with the demo newspaper plus the awkward cases: a
// headline and standfirst longer than Ghost allows, an author without an
// email, a breaking pin, a scheduled post, a draft, hostile text; and with
// every kind of secret: a password hash, a session, a one-time token and
// an integration's keys.
func site(t *testing.T, s *sqlstore.Store) secrets {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, s, t.TempDir(), quiet); err != nil {
		t.Fatal(err)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.ShareImage = "/content/images/demo/share.jpg"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	var sec secrets
	hash, err := auth.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	editor := &domain.User{Author: domain.Author{Name: "Iryna Editor", Title: "Night editor",
		Bio: strings.Repeat("Iryna has edited the night desk for years. ", 10), Location: "Kyiv",
		Links: []domain.Link{{Label: "Mastodon", URL: "https://mastodon.example/@iryna"}}},
		Email: "iryna@example.org", Role: domain.RoleEditor, PasswordHash: hash}
	if err := s.CreateUser(ctx, editor); err != nil {
		t.Fatal(err)
	}
	sec.values = append(sec.values, hash)
	stringer := &domain.User{Author: domain.Author{Name: "Guest Stringer"}, Role: domain.RoleContributor, Suspended: true}
	if err := s.CreateUser(ctx, stringer); err != nil {
		t.Fatal(err)
	}
	session := strings.Repeat("ab", 32)
	if err := s.CreateSession(ctx, &storage.Session{TokenHash: session, UserID: editor.ID, CreatedAt: time.Now(),
		ExpiresAt: time.Now().Add(time.Hour), LastSeen: time.Now()}); err != nil {
		t.Fatal(err)
	}
	token := strings.Repeat("cd", 32)
	if err := s.CreateToken(ctx, &storage.OneTimeToken{TokenHash: token, Kind: "password", UserID: editor.ID,
		CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	in, err := domain.NewIntegration("Zapier", domain.RoleAdministrator)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	sec.values = append(sec.values, session, token, in.ContentKey, in.AdminSecret, in.AdminKeyID)

	tag := &domain.Tag{Name: "Long reads", Description: strings.Repeat("Stories that take their time. ", 15)}
	if err := s.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	internal := &domain.Tag{Name: "#syndicated"}
	if err := s.CreateTag(ctx, internal); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	long := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished,
		Title:      strings.Repeat("A headline that goes on ", 12) + "and ends",
		Standfirst: strings.Repeat("A standfirst longer than Ghost's excerpt. ", 12),
		BodyMD:     "Kyiv — \"Quotes\", <b>tags</b> & ampersands.\n\n## A heading\n\n- one\n- two\n\n> a quote\n\n![Map](/content/images/map.png)\n",
		Authors:    []domain.Author{editor.Author, stringer.Author}, Tags: []domain.Tag{*tag, *internal},
		Image: domain.Image{URL: "/content/images/2026/11/river.jpg", Alt: strings.Repeat("alt ", 60),
			Caption: "Kyiv: the river at dawn, <Nov 20>.", Credit: "Anna Li / Agency", Width: 1600, Height: 900},
		MetaTitle: "Meta title", MetaDescription: "Meta description",
		PublishedAt: base, UpdatedAt: base.Add(2 * time.Hour), BreakingUntil: base.Add(6 * time.Hour),
		Corrections: []domain.Correction{{Kind: "correction", Body: "An earlier version gave the wrong date.", CreatedAt: base.Add(time.Hour)}}}
	scheduled := &domain.Post{Kind: domain.KindVideo, Status: domain.StatusScheduled, Title: "Tomorrow's video",
		VideoURL: "/content/media/2026/11/clip.mp4", BodyMD: "Watch at nine.", Language: "uk",
		Authors: []domain.Author{editor.Author}, PublishedAt: base.Add(48 * time.Hour), UpdatedAt: base,
		Visibility: domain.VisibilityMembers}
	draft := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusDraft, Title: "An empty draft",
		Authors: []domain.Author{stringer.Author}, UpdatedAt: base}
	for _, p := range []*domain.Post{long, scheduled, draft} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		markdown.Apply(p)
	}
	if err := s.CreatePosts(ctx, []*domain.Post{long, scheduled, draft}); err != nil {
		t.Fatal(err)
	}
	return sec
}

// shared is the site every test exports: built once per run, because
// painting the demo's images takes seconds; tests only read it.
var shared struct {
	once  sync.Once
	store *sqlstore.Store
	sec   secrets
	err   error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsdesk-export-test-")
	if err != nil {
		panic(err)
	}
	shared.store, shared.err = sqlstore.Open(context.Background(), filepath.Join(dir, "newsdesk.db"), quiet)
	code := m.Run()
	if shared.store != nil {
		shared.store.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func sharedSite(t *testing.T) (*sqlstore.Store, secrets) {
	t.Helper()
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	shared.once.Do(func() { shared.sec = site(t, shared.store) })
	return shared.store, shared.sec
}

func writeExport(t *testing.T, s storage.Exports) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := export.Write(context.Background(), &buf, s, export.Options{SiteURL: "https://news.example.org",
		Now: func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	ghostID   = regexp.MustCompile(`^[0-9a-f]{24}$`)
	ghostUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	ghostDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

// TestExportGhostShape checks the file against what Ghost's importer
// needs: the db[0].meta/data envelope, every table it reads, on every post
// the columns it requires with values it accepts, relations that point at
// rows in the file, and values within Ghost's length limits.
func TestExportGhostShape(t *testing.T) {
	s, _ := sharedSite(t)
	out := writeExport(t, s)

	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	db, _ := doc["db"].([]any)
	if len(db) != 1 {
		t.Fatalf("db has %d entries, want 1", len(db))
	}
	entry := db[0].(map[string]any)
	meta := entry["meta"].(map[string]any)
	if meta["version"] != export.GhostVersion || meta["exported_on"].(float64) != 1795780800000 {
		t.Errorf("meta = %v", meta)
	}
	data := entry["data"].(map[string]any)
	table := func(name string) []map[string]any {
		rows, ok := data[name].([]any)
		if !ok {
			t.Fatalf("data has no %s table", name)
		}
		out := make([]map[string]any, len(rows))
		for i, r := range rows {
			out[i] = r.(map[string]any)
		}
		return out
	}
	ids := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, r := range table(name) {
			id, _ := r["id"].(string)
			if !ghostID.MatchString(id) {
				t.Errorf("%s row id %q is not a Ghost id", name, id)
			}
			if m[id] {
				t.Errorf("%s: id %s twice", name, id)
			}
			m[id] = true
		}
		return m
	}
	posts, users, tags, roles := ids("posts"), ids("users"), ids("tags"), ids("roles")
	ids("posts_meta")
	ids("posts_tags")
	ids("posts_authors")
	ids("roles_users")
	if len(posts) != 74 {
		t.Errorf("%d posts, want the demo's 62 stories, its 4 pages, its 2 live blogs, its 3 assignment stubs and 3 more", len(posts))
	}
	runes := func(v any) int { s, _ := v.(string); return len([]rune(s)) }
	slugs := map[string]bool{}
	for _, p := range table("posts") {
		for _, k := range []string{"id", "uuid", "title", "slug", "status", "type", "created_at", "updated_at", "published_at", "lexical", "html", "visibility"} {
			if _, ok := p[k]; !ok {
				t.Errorf("post %v has no %s", p["slug"], k)
			}
		}
		if !ghostUUID.MatchString(p["uuid"].(string)) {
			t.Errorf("post %v uuid %v", p["slug"], p["uuid"])
		}
		wantType := "post"
		switch p["slug"] {
		case "about", "corrections-policy", "ethics", "contact":
			wantType = "page"
		}
		if want := map[bool]string{true: "members", false: "public"}[p["slug"] == "tomorrows-video"]; p["type"] != wantType || p["visibility"] != want {
			t.Errorf("post %v type %v visibility %v", p["slug"], p["type"], p["visibility"])
		}
		switch p["status"] {
		case "published", "draft", "scheduled":
		default:
			t.Errorf("post %v status %v", p["slug"], p["status"])
		}
		for _, k := range []string{"created_at", "updated_at"} {
			if !ghostDate.MatchString(p[k].(string)) {
				t.Errorf("post %v %s = %v", p["slug"], k, p[k])
			}
		}
		if p["status"] != "draft" && !ghostDate.MatchString(fmt.Sprint(p["published_at"])) {
			t.Errorf("post %v published_at = %v", p["slug"], p["published_at"])
		}
		if runes(p["title"]) > 255 || runes(p["custom_excerpt"]) > 300 {
			t.Errorf("post %v: title or excerpt over Ghost's limits", p["slug"])
		}
		if slugs[p["slug"].(string)] {
			t.Errorf("slug %v twice", p["slug"])
		}
		slugs[p["slug"].(string)] = true
		var lex struct {
			Root struct {
				Type     string           `json:"type"`
				Children []map[string]any `json:"children"`
			} `json:"root"`
		}
		if err := json.Unmarshal([]byte(p["lexical"].(string)), &lex); err != nil || lex.Root.Type != "root" || len(lex.Root.Children) != 1 {
			t.Errorf("post %v lexical %v: %v", p["slug"], p["lexical"], err)
		}
		if f, ok := p["featured"].(float64); !ok || (f != 0 && f != 1) {
			t.Errorf("post %v featured = %v, want 0 or 1", p["slug"], p["featured"])
		}
	}
	for _, name := range []string{"posts_tags", "posts_authors"} {
		fk, target := "tag_id", tags
		if name == "posts_authors" {
			fk, target = "author_id", users
		}
		for _, r := range table(name) {
			if !posts[r["post_id"].(string)] || !target[r[fk].(string)] {
				t.Errorf("%s row %v points outside the file", name, r)
			}
		}
	}
	for _, m := range table("posts_meta") {
		if !posts[m["post_id"].(string)] {
			t.Errorf("posts_meta row for unknown post %v", m["post_id"])
		}
		if runes(m["feature_image_alt"]) > 191 || runes(m["meta_title"]) > 300 || runes(m["meta_description"]) > 500 {
			t.Errorf("posts_meta %v over Ghost's limits", m["post_id"])
		}
	}
	emailRe := regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-z]{2,}$`)
	for _, u := range table("users") {
		if !emailRe.MatchString(fmt.Sprint(u["email"])) {
			t.Errorf("user %v email %v", u["slug"], u["email"])
		}
		if _, ok := u["password"]; ok {
			t.Errorf("user %v has a password field", u["slug"])
		}
		if runes(u["bio"]) > 250 || runes(u["location"]) > 150 {
			t.Errorf("user %v over Ghost's limits", u["slug"])
		}
	}
	for _, r := range table("roles_users") {
		if !users[r["user_id"].(string)] || !roles[r["role_id"].(string)] {
			t.Errorf("roles_users row %v points outside the file", r)
		}
	}
	if len(table("roles_users")) != len(users) {
		t.Errorf("%d roles_users rows for %d users", len(table("roles_users")), len(users))
	}
	keys := map[string]any{}
	for _, st := range table("settings") {
		keys[st["key"].(string)] = st["value"]
	}
	for _, k := range []string{"title", "description", "locale", "timezone", "accent_color"} {
		if keys[k] == nil {
			t.Errorf("settings has no %s", k)
		}
	}
}

// TestExportHasNoSecrets looks for every secret the database holds in
// the export's bytes.
func TestExportHasNoSecrets(t *testing.T) {
	s, sec := sharedSite(t)
	out := writeExport(t, s)
	if bytes.Contains(out, []byte("$argon2")) {
		t.Error("export holds an argon2 password hash")
	}
	for _, v := range sec.values {
		if bytes.Contains(out, []byte(v)) {
			t.Errorf("export holds the secret %q", v)
		}
	}
	if !bytes.Contains(out, []byte("iryna@example.org")) {
		t.Error("export lost the editor's email (the check above is looking at the wrong bytes)")
	}
}

// importExport loads an export into an empty store through the package's
// own reader (Read, Site), straight into storage. TestExportImportExport
// does the same through `newsdesk import`'s importer.
var importExport = func(ctx context.Context, s *sqlstore.Store, file []byte) error {
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		return err
	}
	site, err := db.Site()
	if err != nil {
		return err
	}
	for _, u := range site.Users {
		if err := s.CreateUser(ctx, u); err != nil {
			return err
		}
	}
	for _, t := range site.Tags {
		if err := s.CreateTag(ctx, t); err != nil {
			return err
		}
	}
	// Posts with an assignment are written with it, as the publishing
	// service writes a stub.
	var plain []*domain.Post
	for _, p := range site.Posts {
		a := site.Assignments[p.ID]
		if a == nil {
			plain = append(plain, p)
			continue
		}
		if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, KeepUpdatedAt: true, Assignment: a}}); err != nil {
			return err
		}
	}
	if err := s.CreatePosts(ctx, plain); err != nil {
		return err
	}
	for _, p := range site.Posts {
		for _, e := range site.Entries[p.ID] {
			if err := s.AddEntry(ctx, e); err != nil {
				return err
			}
		}
		if p.Live != nil {
			if err := s.SaveLiveBlog(ctx, p.Live, time.Time{}); err != nil {
				return err
			}
		}
	}
	return s.SaveSettings(ctx, site.Settings)
}

// TestExportRoundTrip exports a site, imports the file into an empty
// database and exports that: the two files must hold the same content.
// Only bookkeeping times of users and tags (when the row was made in this
// database) may differ.
func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := sharedSite(t)
	first := writeExport(t, src)

	dst := openStore(t)
	if err := importExport(ctx, dst, first); err != nil {
		t.Fatalf("import: %v", err)
	}
	second := writeExport(t, dst)
	a, b := normalise(t, first), normalise(t, second)
	if !bytes.Equal(a, b) {
		al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
		for i := 0; i < min(len(al), len(bl)); i++ {
			if !bytes.Equal(al[i], bl[i]) {
				t.Fatalf("line %d differs:\nfirst:  %s\nsecond: %s", i+1, al[i], bl[i])
			}
		}
		t.Fatalf("exports differ in length: %d and %d lines", len(al), len(bl))
	}
	// The loaded posts are whole: the Markdown came back byte for byte.
	p, err := dst.PostBySlug(ctx, "and-ends")
	if err != nil {
		// the slug comes from the long headline; find it by listing
		p = findPost(t, dst, "A headline that goes on")
	}
	if !strings.Contains(p.BodyMD, "<b>tags</b> & ampersands") || !strings.HasSuffix(p.Title, "and ends") ||
		p.Image.Credit != "Anna Li / Agency" || len(p.Corrections) != 1 || p.BreakingUntil.IsZero() {
		t.Errorf("loaded post lost content: %+v", p)
	}
	if v := findPost(t, dst, "Tomorrow's video").Visibility; v != domain.VisibilityMembers {
		t.Errorf("loaded post's visibility: %q, want members", v)
	}
}

func findPost(t *testing.T, s *sqlstore.Store, prefix string) *domain.Post {
	t.Helper()
	page, err := s.ListPosts(context.Background(), storage.PostQuery{Search: prefix, Limit: 1})
	if err != nil || len(page.Posts) == 0 {
		t.Fatalf("no post titled %q: %v", prefix, err)
	}
	p, err := s.PostByID(context.Background(), page.Posts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// normalise re-encodes an export with the times that name when a row was
// made in a database (not content) blanked.
func normalise(t *testing.T, file []byte) []byte {
	t.Helper()
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	for i := range db.Data.Users {
		db.Data.Users[i].CreatedAt, db.Data.Users[i].UpdatedAt = "", nil
	}
	for i := range db.Data.Tags {
		db.Data.Tags[i].CreatedAt, db.Data.Tags[i].UpdatedAt = "", nil
	}
	out, err := json.MarshalIndent(db, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMarkdownOf(t *testing.T) {
	for _, md := range []string{"", "plain", "# Title\n\n<script>x</script> & \"q\"\n", "Київ — новини\n"} {
		got, err := export.MarkdownOf(export.Lexical(md))
		if err != nil || got != md {
			t.Errorf("MarkdownOf(Lexical(%q)) = %q, %v", md, got, err)
		}
	}
	if _, err := export.MarkdownOf(`{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"x"}]}]}}`); err == nil {
		t.Error("a lexical document of paragraphs read as newsdesk Markdown")
	}
}
