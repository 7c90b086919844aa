package site

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// tricky are values that exercise every escaping rule: HTML specials,
// '+', NUL, invalid UTF-8, unsafe schemes, percent escapes valid and not,
// spaces and commas (srcset), quotes and non-ASCII text.
var tricky = []string{
	"", "plain", "a&b", `"quoted" 'single'`, "<script>alert(1)</script>", "1+1=2", "nul\x00byte",
	"bad\xffutf8\xc3", "Київ — новини", "javascript:alert(1)", "JavaScript:x", "data:text/html,hi",
	"mailto:a@b.c", "HTTPS://Example.org/a b?c=d&e=f#g", "/path/with space/", "/a%20b%zz%4", "%", "%4",
	"//evil.example/x", "/x:y", "a/b:c", "(paren)", "[]{}|\\^`", "tab\there", "line\nbreak",
	"/content/images/a.jpg 600w, /content/images/b.jpg 1200w", " /a.jpg 1x , /b.jpg 2x", "/a.jpg 1x;", ",,",
	"javascript:x 1x, /ok.jpg 2w", "/a.jpg\t\n600w", "\ufdd0\ufffe", "~-._!#$*,/:;=?@",
}

// execString runs a one-line template over v.
func execString(t *testing.T, src string, v any) string {
	t.Helper()
	tm := template.Must(template.New("t").Parse(src))
	var b bytes.Buffer
	if err := tm.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// randomString draws from the bytes the escapers treat differently.
func randomString(r *rand.Rand) string {
	const alphabet = "aZ09 \t\n,:/%+&<>\"'#?=()\x00\xff\xc3\xa9-._~!$*;@[]fFx"
	n := r.IntN(24)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// TestEscapersMatchTemplate holds each escaper to html/template's output
// in the place the item template uses it.
func TestEscapersMatchTemplate(t *testing.T) {
	values := append([]string{}, tricky...)
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		values = append(values, randomString(r))
	}
	cases := []struct {
		name, tmpl, pre, post string
		fn                    func([]byte, string) []byte
	}{
		{"text", `<p>{{.}}</p>`, `<p>`, `</p>`, appendEsc},
		{"attribute", `<a title="{{.}}">`, `<a title="`, `">`, appendEsc},
		{"data attribute", `<a data-embed="{{.}}">`, `<a data-embed="`, `">`, appendEsc},
		{"url", `<a href="{{.}}">`, `<a href="`, `">`, appendURL},
		{"poster", `<video poster="{{.}}">`, `<video poster="`, `">`, appendURL},
		{"url part", `<a href="/tag/{{.}}/">`, `<a href="/tag/`, `/">`, appendURLPart},
		{"srcset", `<img srcset="{{.}}">`, `<img srcset="`, `">`, appendSrcset},
	}
	for _, c := range cases {
		tm := template.Must(template.New("t").Parse(c.tmpl))
		for _, v := range values {
			var want bytes.Buffer
			if err := tm.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			got := c.pre + string(c.fn(nil, v)) + c.post
			if got != want.String() {
				t.Fatalf("%s %q:\n got %q\nwant %q", c.name, v, got, want.String())
			}
		}
	}
}

// cardPosts are posts of every kind an item shows differently.
func cardPosts(now time.Time) []*domain.Post {
	ana := domain.Author{ID: "a1", Name: "Ana <Ortiz> & co", Slug: "ana"}
	bo := domain.Author{ID: "a2", Name: "Bo 'Quinn'", Slug: "bo"}
	olena := domain.Author{ID: "a3", Name: "Олена Ковальчук", Slug: "olena"}
	city := domain.Tag{ID: "t1", Name: "City & Region", Slug: "city"}
	live := domain.Tag{ID: "t2", Name: "#live", Slug: "hash-live"}
	img := domain.Image{URL: "/content/images/2026/11/bridge.jpg", Alt: `The "new" bridge`, Width: 1600, Height: 900}
	var posts []*domain.Post
	add := func(p *domain.Post) {
		p.ID = "p" + string(rune('a'+len(posts)))
		p.Slug = "story-" + string(rune('a'+len(posts)))
		if p.PublishedAt.IsZero() {
			p.PublishedAt = now.Add(-time.Duration(len(posts)) * time.Hour)
		}
		posts = append(posts, p)
	}
	add(&domain.Post{Kind: domain.KindArticle, Title: "Lead story: 1+1 <b>", Standfirst: "Why it matters & what's next",
		Image: img, Authors: []domain.Author{ana, bo}, Tags: []domain.Tag{city}, Language: "en"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "No picture", Authors: []domain.Author{ana}, Language: "en"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Remote picture", Standfirst: "s",
		Image: domain.Image{URL: "https://cdn.example.org/x.jpg?w=1&h=2", Alt: ""}, Tags: []domain.Tag{live, city}, Language: "en"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Unsafe picture", Image: domain.Image{URL: "javascript:alert(1)"}, Language: "en"})
	add(&domain.Post{Kind: domain.KindBrief, Title: "Short news", BodyHTML: "<p>Body with <a href=\"/x/\">link</a></p>",
		Authors: []domain.Author{bo}, Tags: []domain.Tag{city}, Language: "en", BreakingUntil: now.Add(time.Hour)})
	add(&domain.Post{Kind: domain.KindBrief, Title: "Members brief", BodyHTML: "<p>secret</p>", PublicHTML: "<p>teaser</p>",
		Visibility: domain.VisibilityMembers, Language: "en"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Paid article", Standfirst: "paid", Visibility: domain.VisibilityPaid, Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Local video", VideoURL: "/content/media/clip.mp4", Image: img, Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Remote file", VideoURL: "https://media.example.org/clip.webm", Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: `YouTube "clip"`, VideoURL: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		Image: img, BodyHTML: "<p>caption</p>", Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Vimeo", VideoURL: "https://vimeo.com/123456789", Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Elsewhere", VideoURL: "https://video.example.org/watch/1", Language: "en"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Bad URL", VideoURL: "javascript:alert(1)", Language: "en"})
	add(&domain.Post{Kind: domain.KindLive, Title: "Live now", Standfirst: "Updates", Image: img,
		Live: &domain.LiveBlog{}, Tags: []domain.Tag{city}, Language: "en"})
	add(&domain.Post{Kind: domain.KindLive, Title: "Live ended", Live: &domain.LiveBlog{EndedAt: now.Add(-time.Minute)}, Language: "en"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Українською", Standfirst: "Новини дня", Image: img,
		Authors: []domain.Author{olena, ana}, Tags: []domain.Tag{city}, Language: "uk"})
	add(&domain.Post{Kind: domain.KindVideo, Title: "Відео", VideoURL: "https://youtu.be/dQw4w9WgXcQ", Language: "uk"})
	add(&domain.Post{Kind: domain.KindBrief, Title: "Коротко", BodyHTML: "<p>текст</p>", Visibility: domain.VisibilityTiers, Language: "uk"})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Last year", Image: domain.Image{URL: "/content/images/old.png", Width: 0},
		PublishedAt: now.AddDate(-1, 0, 0), Language: ""})
	add(&domain.Post{Kind: domain.KindArticle, Title: "Tricky\x00 + \xff", Standfirst: "a\x00b", Language: "en",
		Image: domain.Image{URL: "/content/images/a b+c.jpg", Alt: "x\x00y", Width: 10, Height: -1}})
	return posts
}

// TestItemRenderer renders every kind of item with appendItem and with
// the "item" template and requires the same bytes: each post as the
// first item of a stream (lead, eager picture) and further down, under a
// heading and not, in English and Ukrainian sites, plus items with
// values chosen to hit every escaping rule.
func TestItemRenderer(t *testing.T) {
	assets, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	pages, err := parseTemplates(assets)
	if err != nil {
		t.Fatal(err)
	}
	pt := pages["tag"]
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	var items []item
	for _, lang := range []string{"en", "uk"} {
		c := clock{loc: time.UTC, now: now, lang: lang, l: localeFor(lang), site: "The Daily & Co"}
		posts := cardPosts(now)
		for _, sizes := range []string{sizesStream, sizesRail} {
			for _, sub := range []bool{false, true} {
				items = append(items, c.items(posts, sizes, true, sub)...)
				items = append(items, c.items(posts[1:], sizes, false, sub)...)
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	en := localeFor("en")
	for i := range 400 {
		s := func() string {
			if i%2 == 0 {
				return tricky[r.IntN(len(tricky))]
			}
			return randomString(r)
		}
		it := item{ID: s(), URL: s(), Title: s(), Kind: domain.Kind([]string{"article", "brief", "video", "live", s()}[i%5]),
			Standfirst: s(), Body: template.HTML(s()), Time: when{ISO: s(), Text: s(), Full: s()}, Lang: s(), L: en,
			Byline: s(), Gated: s(), Live: i%3 == 0, Lead: i%4 == 0, Sub: i%5 == 0}
		if i%2 == 0 {
			it.Section = &domain.Tag{Slug: s(), Name: s()}
		}
		if i%3 != 2 {
			it.Image = &picture{URL: s(), Alt: s(), Width: r.IntN(3), Height: r.IntN(2000), Srcset: s(), Sizes: s(), Eager: i%2 == 1}
		}
		switch i % 4 {
		case 1:
			it.Video = &video{File: s(), Poster: s(), Local: i%8 == 1, L: en}
		case 2:
			it.Video = &video{Embed: s(), Watch: s(), Title: s(), Provider: s(), Poster: s(), L: en}
		case 3:
			it.Video = &video{Watch: s(), Title: s(), L: en}
		}
		items = append(items, it)
	}
	kinds := map[string]bool{}
	for i := range items {
		it := &items[i]
		got, ok := appendItem(nil, it)
		if !ok {
			t.Fatalf("item %d (%s %q): not rendered by hand", i, it.Kind, it.Title)
		}
		want, err := executeHTML(pt, "item", it)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("item %d (%s %q) differs from the template:\n got %s\nwant %s", i, it.Kind, it.Title, got, want)
		}
		var k strings.Builder
		k.WriteString(string(it.Kind))
		if it.Image != nil {
			k.WriteString("+image")
		}
		if it.Video != nil {
			k.WriteString("+video")
		}
		if it.Lead {
			k.WriteString("+lead")
		}
		if it.Live {
			k.WriteString("+live")
		}
		if it.Gated != "" {
			k.WriteString("+gated")
		}
		if it.Lang != "" {
			k.WriteString("+lang")
		}
		kinds[k.String()] = true
	}
	for _, k := range []string{"article+image+lead", "article", "brief+gated", "video+video", "video+video+lang", "live+image+live", "article+image+lang"} {
		if !kinds[k] {
			t.Errorf("no item of the shape %s was compared", k)
		}
	}

	// Search results keep the template: appendItem declines them.
	res := item{Kind: "article", Title: "t", URL: "/t/", L: en, Snippet: "<mark>x</mark>"}
	if _, ok := appendItem(nil, &res); ok {
		t.Error("appendItem rendered a search result")
	}
}
