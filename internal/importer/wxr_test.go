package importer

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

func TestWXRClassicAndBlocks(t *testing.T) {
	im, posts := load(t, "wxr-1.2.xml")
	r := im.Report
	if im.Format != FormatWXR || r.Version != "1.2" {
		t.Errorf("format %s version %s", im.Format, r.Version)
	}
	counts(t, r, "post", 9, 7)
	counts(t, r, "page", 1, 1)
	counts(t, r, "comment", 2, 0)
	counts(t, r, "menu item", 1, 0)
	counts(t, r, "attachment", 4, 3)
	if r.Counts["post"].Skipped["in the trash"] != 1 || r.Counts["attachment"].Skipped["used by no post"] != 1 {
		t.Errorf("skip reasons: %v %v", r.Counts["post"].Skipped, r.Counts["attachment"].Skipped)
	}
	if len(posts) != 8 {
		t.Errorf("%d posts and pages, want 8", len(posts))
	}

	// Classic content: paragraphs from blank lines, shortcodes to forms.
	p := mustPost(t, posts, "council-votes")
	for _, want := range []string{
		"RIVERTON — The council voted on Tuesday to build a wall along the Verna.  \nThe vote was 9 to 2.\n\n\"We will rebuild,\" the mayor said. **Nobody** objected.",
		"![The bridge](https://oldsite.example/wp-content/uploads/2023/05/bridge-640x480.jpg)\n*The bridge at dawn. (Ann Lee / Courier)*",
		"\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n",
		"\n\nhttps://twitter.com/rivertoncourier/status/1234567890123456789\n\n",
		"![Boats](https://oldsite.example/wp-content/uploads/2023/05/boats.jpg)\n![Rowers](https://oldsite.example/wp-content/uploads/2023/05/rowers.jpg)\n*Boats on the river*",
		"## What happens next\n\n- Public hearing\n- Tender",
		`\[contact-form-7 id="5" title="Tips"]`,
	} {
		if !strings.Contains(p.BodyMD, want) {
			t.Errorf("classic body lacks %q:\n%s", want, p.BodyMD)
		}
	}
	if p.BodyFrom != "wordpress-classic" || p.Status != domain.StatusPublished || !p.Featured || p.Standfirst != "The city will build a wall." {
		t.Errorf("post 101: from %s status %s featured %v standfirst %q", p.BodyFrom, p.Status, p.Featured, p.Standfirst)
	}
	if want := (domain.Image{URL: "https://oldsite.example/wp-content/uploads/2023/05/bridge.jpg", Alt: "The bridge", Caption: "The bridge at dawn.", Credit: "Ann Lee / Courier"}); p.Image != want {
		t.Errorf("featured image %+v, want %+v", p.Image, want)
	}
	if !p.PublishedAt.Equal(time.Date(2023, 5, 20, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v, want the GMT date", p.PublishedAt)
	}
	if !slices.Equal(p.Authors, []string{"wp:admin"}) || !slices.Equal(p.Tags, []string{"wp:category:news", "wp:category:politics", "wp:post_tag:flood"}) {
		t.Errorf("authors %v tags %v", p.Authors, p.Tags)
	}
	if !slices.Equal(p.OldPaths, []string{"/2023/05/council-votes/", "/?p=101"}) {
		t.Errorf("old paths %v", p.OldPaths)
	}

	// Block content, a Cyrillic slug and 66 tags.
	b := mustPost(t, posts, "mist")
	if b.BodyFrom != "wordpress-blocks" || len(b.Tags) != 66 || b.Tags[0] != "wp:category:transport" || b.Tags[65] != "wp:post_tag:topic-65" {
		t.Errorf("block post: from %s, %d tags (first %v)", b.BodyFrom, len(b.Tags), b.Tags[:1])
	}
	for _, want := range []string{
		"The old bridge will *close* for repairs.\n\n### Timeline\n\n- June: closure\n- August: reopening",
		"> It is safe for now.",
		"![The bridge](https://oldsite.example/wp-content/uploads/2023/05/bridge-1024x768.jpg)\n*The bridge in May. (Ann Lee)*",
		"![Boats](https://oldsite.example/wp-content/uploads/2023/05/boats.jpg)\n![Rowers](https://oldsite.example/wp-content/uploads/2023/05/rowers.jpg)\n*Regatta day*",
		"https://vimeo.com/76979871\n*The race*",
		"\n\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n\n",
		"https://oldsite.example/wp-content/uploads/2023/05/flood.mp4\n*Water over the quay*",
		"\n\n---\n\n",
		"```\nSELECT * FROM bridges;\n\n-- closed\n```",
		"> Safety first.",
		"::: button\n[See the detour map](https://oldsite.example/detour-map/)\n:::",
		`<table class="timetable"><tbody><tr><td>Bus 7</td><td>every 10 min</td></tr></tbody></table>`,
		"\n\nhttps://www.instagram.com/p/C4abcdEFGhi/\n\n",
		"**Support local news:** subscribe to the Courier.",
		"Left column.\n\nRight column.",
	} {
		if !strings.Contains(b.BodyMD, want) {
			t.Errorf("block body lacks %q:\n%s", want, b.BodyMD)
		}
	}
	if strings.Contains(b.BodyMD, "wp:") {
		t.Errorf("block comments left in the body:\n%s", b.BodyMD)
	}
	if !slices.Equal(b.OldPaths, []string{"/міст/", "/2023/05/міст/", "/?p=102"}) || !hasNote(im.Report, "wp:102", `slug "міст"`) {
		t.Errorf("cyrillic slug: old paths %v", b.OldPaths)
	}
	if !slices.Equal(b.Authors, []string{"wp:ivan.p"}) {
		t.Errorf("authors %v", b.Authors)
	}

	// Every status.
	d := mustPost(t, posts, "draft-without-a-slug")
	if d.Status != domain.StatusDraft || !d.PublishedAt.IsZero() || len(d.OldPaths) != 0 {
		t.Errorf("draft: %+v", d)
	}
	if want := time.Date(2023, 5, 22, 6, 0, 0, 0, time.UTC); !d.CreatedAt.Equal(want) {
		t.Errorf("draft date %v, want %v (local time in the zone the other posts show)", d.CreatedAt, want)
	}
	if pend := mustPost(t, posts, "waiting-for-review"); pend.Status != domain.StatusDraft || !hasNote(r, "wp:104", "pending review") {
		t.Errorf("pending: %s", pend.Status)
	}
	if fut := mustPost(t, posts, "coming-monday"); fut.Status != domain.StatusScheduled || !fut.PublishedAt.Equal(time.Date(2030, 1, 7, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("future: %s %v", fut.Status, fut.PublishedAt)
	}
	if priv := mustPost(t, posts, "private-memo"); priv.Status != domain.StatusDraft || !hasNote(r, "wp:106", "private") {
		t.Errorf("private: %s", priv.Status)
	}
	if pw := mustPost(t, posts, "members-only"); pw.Status != domain.StatusDraft || len(pw.OldPaths) != 0 || !pw.PublishedAt.IsZero() || !hasNote(r, "wp:109", "password") {
		t.Errorf("password-protected: %+v", pw)
	}
	for _, gone := range []string{"binned__trashed", "auto-draft"} {
		if posts[gone] != nil {
			t.Errorf("%s imported", gone)
		}
	}
	page := mustPost(t, posts, "about")
	if page.Type != TypePage || page.BodyMD != "We are the Riverton Courier.\n\nFounded in 1921." || !slices.Equal(page.OldPaths, []string{"/?page_id=201"}) {
		t.Errorf("page: %s %q %v", page.Type, page.BodyMD, page.OldPaths)
	}

	// Authors, terms and their redirects.
	if u := user(im, "wp:ivan.p"); u == nil || u.Name != "Ivan Petrenko" || u.Slug != "ivan-p" || u.Email != "ivan@riverton.example" || u.Role != domain.RoleAuthor {
		t.Errorf("author: %+v", u)
	}
	if tg := tag(im, "wp:category:news"); tg == nil || tg.Description != "What happens in Riverton." || tag(im, "wp:post_tag:news") != nil {
		t.Errorf("category news %+v; a tag of the same slug must merge into it", tg)
	}
	for _, want := range []Redirect{{"/category/news/", "/tag/news/", true}, {"/author/ivan.p/", "/author/ivan-p/", true}} {
		if !slices.Contains(im.Redirects, want) {
			t.Errorf("redirects %v lack %v", im.Redirects, want)
		}
	}
	if s := im.Site; s.Title != "Riverton Courier" || s.Language != "uk" || s.URL != "https://oldsite.example" || s.Description != "News from the Verna valley" {
		t.Errorf("site %+v", s)
	}
}

func TestWXRHTTPSNamespaces(t *testing.T) {
	im, posts := load(t, "wxr-1.1-https.xml")
	counts(t, im.Report, "post", 1, 1)
	counts(t, im.Report, "page", 1, 1)
	p := mustPost(t, posts, "jazz-by-the-river")
	if p.BodyMD != "The festival opens & the band plays.\n\nSecond paragraph with an [old link](http://weekly.example/?p=3)." {
		t.Errorf("body %q", p.BodyMD)
	}
	if p.Standfirst != "Music!" || !slices.Equal(p.Tags, []string{"wp:category:culture"}) || !slices.Equal(p.Authors, []string{"wp:editor"}) {
		t.Errorf("https namespaces not read: %+v", p)
	}
	if imp := mustPost(t, posts, "imprint"); !slices.Equal(imp.OldPaths, []string{"/?page_id=8"}) {
		t.Errorf("page permalink %v", imp.OldPaths)
	}
	if u := user(im, "wp:editor"); u == nil || u.Name != "The Editor" {
		t.Errorf("author from https namespace: %+v", u)
	}
}

func TestWXR10(t *testing.T) {
	im, posts := load(t, "wxr-1.0.xml")
	p := mustPost(t, posts, "first-post")
	if p.BodyMD != "Hello from 2008.\n\nLine one  \nline two" || !slices.Equal(p.Tags, []string{"wp:category:misc"}) {
		t.Errorf("1.0 post: %q %v", p.BodyMD, p.Tags)
	}
	if u := user(im, "wp:joe"); u == nil || u.Name != "joe" {
		t.Errorf("author from dc:creator alone: %+v", im.Users)
	}
}

func TestWXRBroken(t *testing.T) {
	good, err := os.ReadFile("testdata/wxr-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"truncated", s[:len(s)*2/3], []string{"truncated"}},
		{"truncated in a tag", s[:strings.Index(s, "<wp:post_id>103")+5], []string{"line"}},
		{"mismatched tags", strings.Replace(s, "</wp:post_name>", "</wp:post_nam>", 1), []string{"line 88", "<item> from line 52", "malformed XML"}},
		{"bad date", strings.Replace(s, "2023-05-22 10:00:00", "22 May 2023", 1), []string{"wp:post_id 104", "field wp:post_date", `"22 May 2023" is not a date`}},
		{"item without id", strings.Replace(s, "<wp:post_id>105</wp:post_id>", "", 1), []string{"item 5", "field wp:post_id"}},
		{"not rss", `<?xml version="1.0"?><feed xmlns:wp="http://wordpress.org/export/1.2/"></feed>`, []string{"not <rss>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Open(strings.NewReader(tc.file), Options{})
			if err == nil {
				t.Fatalf("no error; %d posts", im.PostCount)
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

func TestWXRControlCharacters(t *testing.T) {
	good, err := os.ReadFile("testdata/wxr-1.1-https.xml")
	if err != nil {
		t.Fatal(err)
	}
	dirty := strings.Replace(string(good), "The festival opens", "The festival\x0b opens", 1)
	im, err := Open(strings.NewReader(dirty), Options{})
	if err != nil {
		t.Fatalf("a stray control character refuses the file: %v", err)
	}
	for p := range im.Posts() {
		if p.Slug == "jazz-by-the-river" && !strings.HasPrefix(p.BodyMD, "The festival opens") {
			t.Errorf("body %q", p.BodyMD)
		}
	}
}
