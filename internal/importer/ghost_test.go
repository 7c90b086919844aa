package importer

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// load opens a fixture and collects its posts by slug.
func load(t *testing.T, name string) (*Import, map[string]*Post) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	im, err := Open(f, Options{})
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	posts := map[string]*Post{}
	n := 0
	for p, err := range im.Posts() {
		if err != nil {
			t.Fatalf("Posts(%s): %v", name, err)
		}
		posts[p.Slug] = p
		n++
	}
	if n != im.PostCount {
		t.Errorf("Posts yielded %d, PostCount says %d", n, im.PostCount)
	}
	return im, posts
}

func mustPost(t *testing.T, posts map[string]*Post, slug string) *Post {
	t.Helper()
	p := posts[slug]
	if p == nil {
		keys := make([]string, 0, len(posts))
		for k := range posts {
			keys = append(keys, k)
		}
		t.Fatalf("no post %q among %v", slug, keys)
	}
	return p
}

func counts(t *testing.T, r *Report, kind string, read, imported int) {
	t.Helper()
	c := r.Counts[kind]
	if c == nil {
		if read != 0 {
			t.Errorf("no %s counted, want %d", kind, read)
		}
		return
	}
	if c.Read != read || c.Imported() != imported {
		t.Errorf("%s: read %d, imported %d; want %d, %d (skipped %v)", kind, c.Read, c.Imported(), read, imported, c.Skipped)
	}
}

func hasNote(r *Report, sourceID, contains string) bool {
	for _, n := range r.Notes {
		if n.SourceID == sourceID && strings.Contains(n.String(), contains) {
			return true
		}
	}
	return false
}

func user(im *Import, id string) *User {
	for i := range im.Users {
		if im.Users[i].SourceID == id {
			return &im.Users[i]
		}
	}
	return nil
}

func tag(im *Import, id string) *Tag {
	for i := range im.Tags {
		if im.Tags[i].SourceID == id {
			return &im.Tags[i]
		}
	}
	return nil
}

func TestGhost0x(t *testing.T) {
	im, posts := load(t, "ghost-0.x.json")
	if im.Report.Version != "004" {
		t.Errorf("version %q", im.Report.Version)
	}
	counts(t, im.Report, "post", 1, 1)
	counts(t, im.Report, "page", 1, 1)
	if _, ok := im.Report.Counts["permissions"]; ok {
		t.Error("Ghost's internal tables are counted")
	}
	p := mustPost(t, posts, "welcome")
	if p.SourceID != "ghost:1" || p.BodyFrom != "markdown" || !strings.Contains(p.BodyMD, "## What we cover") {
		t.Errorf("0.x post: %+v", p)
	}
	if !p.Featured || p.Image.URL != "/content/images/2014/12/river.jpg" || p.Language != "en_GB" {
		t.Errorf("featured %v image %q language %q", p.Featured, p.Image.URL, p.Language)
	}
	if want := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC); !p.PublishedAt.Equal(want) {
		t.Errorf("published %v, want %v (milliseconds since 1970)", p.PublishedAt, want)
	}
	if !slices.Equal(p.Authors, []string{"ghost:1"}) || !slices.Equal(p.Tags, []string{"ghost:1"}) {
		t.Errorf("authors %v tags %v", p.Authors, p.Tags)
	}
	if about := mustPost(t, posts, "about"); about.Type != TypePage {
		t.Errorf("page: 1 gave type %q", about.Type)
	}
	u := user(im, "ghost:1")
	if u == nil || u.Role != domain.RoleAdministrator || u.Avatar != "/content/images/2014/12/olena.jpg" {
		t.Errorf("owner: %+v", u)
	}
	if len(im.Site.Navigation) != 2 || im.Site.Navigation[1] != (NavItem{"About", "/about/"}) || im.Site.Title != "Riverton Courier" {
		t.Errorf("site: %+v", im.Site)
	}
}

func TestGhost1x(t *testing.T) {
	im, posts := load(t, "ghost-1.x.json")
	counts(t, im.Report, "post", 2, 2)
	counts(t, im.Report, "page", 1, 1)
	counts(t, im.Report, "user", 2, 2)
	counts(t, im.Report, "subscribers", 2, 0)
	p := mustPost(t, posts, "council-approves-flood-defences")
	if p.BodyFrom != "mobiledoc" {
		t.Errorf("body from %q", p.BodyFrom)
	}
	for _, want := range []string{"RIVERTON — The council voted **9 to 2** on Tuesday.", "> \"We will rebuild,\" the mayor said.",
		"![](/content/images/2018/06/wall.jpg)\n*The new wall. (Ann Lee / Courier)*"} {
		if !strings.Contains(p.BodyMD, want) {
			t.Errorf("body lacks %q:\n%s", want, p.BodyMD)
		}
	}
	if p.Status != domain.StatusPublished || !p.Featured || p.Standfirst != "The city will build a wall along the Verna." ||
		p.MetaTitle != "Flood defences approved" || p.Image.URL != "/content/images/2018/06/flood.jpg" {
		t.Errorf("post fields: %+v", p)
	}
	if !slices.Equal(p.Authors, []string{"ghost:5b1f0d0e8c3a1a0001a1b0aa"}) {
		t.Errorf("author_id gave %v", p.Authors)
	}
	if !slices.Equal(p.Tags, []string{"ghost:t-city", "ghost:t-env"}) {
		t.Errorf("tags %v, want the sort order city, environment", p.Tags)
	}
	page := mustPost(t, posts, "corrections")
	if page.Type != TypePage || page.BodyFrom != "html" || page.BodyMD != "We correct errors *promptly*.\n\n- Email us\n- Call us" {
		t.Errorf("html page: %q from %s type %s", page.BodyMD, page.BodyFrom, page.Type)
	}
	if d := mustPost(t, posts, "draft-budget"); d.Status != domain.StatusDraft || !d.PublishedAt.IsZero() {
		t.Errorf("draft: %+v", d)
	}
	olena := user(im, "ghost:5b1f0d0e8c3a1a0001a1b0aa")
	if olena.Role != domain.RoleAdministrator || len(olena.Links) != 2 || olena.Links[1] != (domain.Link{Label: "X", URL: "https://x.com/olena"}) {
		t.Errorf("owner: %+v", olena)
	}
	if taras := user(im, "ghost:5b1f0d0e8c3a1a0001a1b0bb"); taras.Role != domain.RoleContributor {
		t.Errorf("contributor role: %v", taras.Role)
	}
	if !hasNote(im.Report, "ghost:5b1f0d0e8c3a1a0001a1b0bb", "inactive") {
		t.Error("inactive user not noted")
	}
	if im.Site.Timezone != "Europe/Kyiv" || im.Site.Language != "en" || im.Site.Logo != "/content/images/2018/01/logo.png" {
		t.Errorf("settings: %+v", im.Site)
	}
}

func TestGhost3x(t *testing.T) {
	im, posts := load(t, "ghost-3.x.json")
	counts(t, im.Report, "post", 3, 3)
	counts(t, im.Report, "page", 1, 1)
	counts(t, im.Report, "members", 3, 0)
	p := mustPost(t, posts, "regatta-returns")
	if !slices.Equal(p.Authors, []string{"ghost:user-a", "ghost:user-b"}) {
		t.Errorf("authors %v, want sort order a, b", p.Authors)
	}
	for _, want := range []string{
		"https://www.youtube.com/watch?v=aqz-KE-bpKQ\n*The race*",
		"::: bookmark\n[A guide to the river](https://example.org/guide)\nEverything about it.\n*Example · Ann Lee*\n:::",
		"![Boats](/content/images/2020/05/a.jpg)\n![Rowers](/content/images/2020/05/b.jpg)\n*Regatta day. (Ivan Petrenko)*",
		"```bash\ncurl https://riverton.example/rss/\n```",
		`<div class="score"><b>Rovers 2</b> – United 1</div>`,
	} {
		if !strings.Contains(p.BodyMD, want) {
			t.Errorf("body lacks %q:\n%s", want, p.BodyMD)
		}
	}
	paid := mustPost(t, posts, "inside-the-budget")
	if paid.Visibility != VisibilityPaid || paid.BodyMD != "Free intro.\n\n<!--members-only-->\n\nPaid analysis.\n" {
		t.Errorf("paid post: %s %q", paid.Visibility, paid.BodyMD)
	}
	if !hasNote(im.Report, paid.SourceID, "for paid only") {
		t.Error("paid post not listed in the report")
	}
	members := mustPost(t, posts, "members-briefing")
	if members.Visibility != VisibilityMembers || len(members.Authors) != 0 || !hasNote(im.Report, members.SourceID, "ghost-user is not among") {
		t.Errorf("members post with a missing author: %+v", members)
	}
	if mustPost(t, posts, "contact").Type != TypePage {
		t.Error("type: page not read")
	}
	if ivan := user(im, "ghost:user-b"); ivan.Role != domain.RoleEditor {
		t.Errorf("a user with Author and Editor roles gets %v, want the higher", ivan.Role)
	}
	if im.Site.Language != "uk" || len(im.Site.SecondaryNavigation) != 1 || im.Site.SecondaryNavigation[0].URL != "/contact/" {
		t.Errorf("site: %+v", im.Site)
	}
}

func TestGhost4x(t *testing.T) {
	im, posts := load(t, "ghost-4.x.json")
	p := mustPost(t, posts, "storm-closes-bridge")
	want := domain.Image{URL: "https://riverton.example/content/images/2021/12/storm.jpg", Alt: "Waves over the bridge",
		Caption: "Waves over the Verna bridge, December 20.", Credit: "Ivan Petrenko / Agency"}
	if p.Image != want {
		t.Errorf("image from posts_meta:\n got %+v\nwant %+v", p.Image, want)
	}
	if p.MetaTitle != "Storm: bridge closed" || p.Standfirst != "Winds of 120 km/h." {
		t.Errorf("meta title %q standfirst %q", p.MetaTitle, p.Standfirst)
	}
	if !strings.Contains(p.BodyMD, "::: callout ⚠️\nUse the **north** crossing.\n:::") {
		t.Errorf("callout:\n%s", p.BodyMD)
	}
	s := mustPost(t, posts, "year-in-review")
	if s.Status != domain.StatusScheduled || !s.PublishedAt.Equal(time.Date(2021, 12, 31, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("scheduled: %s %v", s.Status, s.PublishedAt)
	}
	if im.Site.Accent != "#0a5c36" {
		t.Errorf("accent %q", im.Site.Accent)
	}
}

func TestGhost5xLexical(t *testing.T) {
	im, posts := load(t, "ghost-5.x.json")
	counts(t, im.Report, "post", 4, 4)
	counts(t, im.Report, "page", 1, 1)
	counts(t, im.Report, "newsletters", 1, 0)
	if _, ok := im.Report.Counts["migrations"]; ok {
		t.Error("migrations counted")
	}
	p := mustPost(t, posts, "every-card")
	want, err := os.ReadFile("convert/testdata/every-card.lexical.md")
	if err != nil {
		t.Fatal(err)
	}
	if p.BodyFrom != "lexical" || p.BodyMD != string(want) {
		t.Errorf("lexical body from %s differs from the converter's golden file:\n%s", p.BodyFrom, p.BodyMD)
	}
	if p.Visibility != VisibilityTiers || !slices.Equal(p.Authors, []string{"ghost:a1", "ghost:a2"}) || !slices.Equal(p.Tags, []string{"ghost:tg1", "ghost:tg2"}) {
		t.Errorf("visibility %s authors %v tags %v", p.Visibility, p.Authors, p.Tags)
	}
	if p.Image.Caption != "The newsroom at night." || p.Image.Credit != "Olena Marchenko" || p.Image.Alt != "The newsroom" {
		t.Errorf("image %+v", p.Image)
	}
	if !hasNote(im.Report, p.SourceID, "signup card") || !hasNote(im.Report, p.SourceID, "email card") {
		t.Error("conversion notes missing")
	}
	sent := mustPost(t, posts, "newsletter-only")
	if sent.Status != domain.StatusDraft || sent.SourceStatus != "sent" || !hasNote(im.Report, sent.SourceID, "newsletter") {
		t.Errorf("sent post: %+v", sent)
	}
	clash := mustPost(t, posts, "search-2")
	if clash.Title != "Search tips" || len(clash.OldPaths) != 0 || !hasNote(im.Report, clash.SourceID, "path the site serves itself") {
		t.Errorf("reserved slug: %+v", clash)
	}
	broken := mustPost(t, posts, "broken-lexical")
	if broken.BodyFrom != "html" || broken.BodyMD != "Saved by **html**." || !hasNote(im.Report, broken.SourceID, "could not be read") {
		t.Errorf("unreadable lexical with html: from %s %q", broken.BodyFrom, broken.BodyMD)
	}
	if tg := tag(im, "ghost:tg2"); !tg.Internal || tg.Name != "#hidden" {
		t.Errorf("internal tag: %+v", tg)
	}
	if tg := tag(im, "ghost:tg3"); !tg.Internal || tg.Name != "#workflow" {
		t.Errorf("visibility internal without #: %+v", tg)
	}
	if a2 := user(im, "ghost:a2"); a2.Role != domain.RoleEditor {
		t.Errorf("Super Editor gives %v", a2.Role)
	}
	a1 := user(im, "ghost:a1")
	if a1.Role != domain.RoleAdministrator || !slices.Contains(a1.Links, domain.Link{Label: "Bluesky", URL: "https://bsky.app/profile/olena.bsky.social"}) {
		t.Errorf("a1: %+v", a1)
	}
	if s := im.Site; s.Title != "Riverton Courier" || s.Timezone != "Europe/Kyiv" || len(s.Navigation) != 2 || s.SecondaryNavigation != nil && len(s.SecondaryNavigation) != 0 {
		t.Errorf("site %+v", s)
	}
	// A second pass gives the same posts and the same notes.
	before := len(im.Report.Notes)
	for range im.Posts() {
	}
	if len(im.Report.Notes) != before {
		t.Errorf("a second pass changed the notes: %d -> %d", before, len(im.Report.Notes))
	}
}

func TestGhostBroken(t *testing.T) {
	good, err := os.ReadFile("testdata/ghost-1.x.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"truncated", string(good[:len(good)/2]), []string{"truncated"}},
		{"not json", "{nope", []string{"line 1", "malformed JSON"}},
		{"title object", strings.Replace(string(good), `"title": "Draft: budget"`, `"title": {"x": 1}`, 1), []string{"posts[2]", "field title", "expected a string"}},
		{"bad date", strings.Replace(string(good), `"published_at": "2018-01-01T00:00:00.000Z"`, `"published_at": "yesterday"`, 1), []string{"posts[1] (id 5b1f0d0e8c3a1a0001a1b002)", "field published_at", `"yesterday" is not a date`}},
		{"post without id", strings.Replace(string(good), `"id": "5b1f0d0e8c3a1a0001a1b003",`, ``, 1), []string{"posts[2]", "field id"}},
		{"bad mobiledoc without html", strings.Replace(strings.Replace(string(good), `"html": "<p>Numbers to come.</p>"`, `"html": null`, 1), `[[0, [], 0, \"Numbers to come.\"]]`, `[[0, [7], 0, \"x\"]]`, 1), []string{"posts[2]", "field mobiledoc", "markup 7"}},
		{"trailing garbage", string(good) + "{}", []string{"after the end"}},
		{"xml that is not wordpress", "<?xml version=\"1.0\"?><rss></rss>", []string{"not a Ghost JSON export or a WordPress"}},
		{"empty", "  \n", []string{"empty"}},
		{"no ghost data", `{"hello": 1}`, []string{"no Ghost data"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Open(strings.NewReader(tc.file), Options{})
			if err == nil {
				t.Fatalf("no error; import %+v", im)
			}
			if im != nil {
				t.Error("an import came back with the error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not *Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestGhostTwoPostsArrays: a file with two "posts" arrays (found by
// fuzzing) yields the posts of both, as its count says.
func TestGhostTwoPostsArrays(t *testing.T) {
	src := `{"db":[{"meta":{"version":"5.0.0"},"data":{
	"posts":[{"id":"a","title":"One","slug":"one","html":"<p>1</p>","status":"published"}],
	"tags":[],
	"posts":[{"id":"b","title":"Two","slug":"two","html":"<p>2</p>","status":"draft"}]}}]}`
	im, err := Open(strings.NewReader(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for p, err := range im.Posts() {
		if err != nil {
			t.Fatal(err)
		}
		slugs = append(slugs, p.Slug)
	}
	if !slices.Equal(slugs, []string{"one", "two"}) || im.PostCount != 2 {
		t.Errorf("posts %v, count %d", slugs, im.PostCount)
	}
}
