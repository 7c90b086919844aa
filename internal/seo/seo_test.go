package seo

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

const base = "https://news.example.org"

const hostile = "<b>Tom & \"Jerry\"</b> 'q' \x01 🗞️ خبر עדכון \u2028 </script><script>alert(1)</script>"

var hostileClean = strings.ReplaceAll(hostile, "\x01", "")

func site() Site {
	st := domain.DefaultSettings()
	st.Title = "Kyiv Daily"
	st.Logo = "/content/images/logo.png"
	st.Language = "uk"
	return Site{Settings: st, BaseURL: base}
}

var (
	published = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	updated   = published.Add(2 * time.Hour)
	olena     = domain.Author{ID: "a1", Name: "Olena Kravets", Slug: "olena-kravets", Title: "Reporter",
		Bio: "Covers the city.\n\nSecond paragraph.", Avatar: "/content/images/olena.jpg", Website: "https://olena.example.org"}
	politics = domain.Tag{Name: "Politics", Slug: "politics", Description: "Power and people."}
)

func article(kind domain.Kind) *domain.Post {
	return &domain.Post{Kind: kind, Status: domain.StatusPublished, Title: "Rescuers clear the square", Slug: "rescuers",
		Standfirst: "Work went on all night.", Language: "uk", WordCount: 420,
		Image:       domain.Image{URL: "/content/images/square.jpg", Alt: "The square", Width: 1200, Height: 800},
		Authors:     []domain.Author{olena, {Name: "Petro", Slug: "petro"}},
		Tags:        []domain.Tag{politics, {Name: "#homepage", Slug: "hash-homepage"}, {Name: "Kyiv", Slug: "kyiv"}},
		PublishedAt: published, UpdatedAt: updated, CreatedAt: published.Add(-time.Hour)}
}

var (
	metaRe   = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`)
	linkRe   = regexp.MustCompile(`<link rel="alternate" type="([^"]+)" title="([^"]*)" href="([^"]+)">`)
	scriptRe = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
)

// parsed is Head's output read back the way a crawler reads it.
type parsed struct {
	raw    string
	meta   map[string][]string
	feeds  []string
	jsonLD []map[string]any
}

func parse(t *testing.T, h string) parsed {
	t.Helper()
	p := parsed{raw: h, meta: map[string][]string{}}
	for _, m := range metaRe.FindAllStringSubmatch(h, -1) {
		p.meta[m[1]] = append(p.meta[m[1]], html.UnescapeString(m[2]))
	}
	for _, m := range linkRe.FindAllStringSubmatch(h, -1) {
		p.feeds = append(p.feeds, html.UnescapeString(m[1])+" "+html.UnescapeString(m[3]))
	}
	for _, m := range scriptRe.FindAllStringSubmatch(h, -1) {
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("JSON-LD is not valid JSON: %v\n%s", err, m[1])
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD without schema.org context: %v", v)
		}
		p.jsonLD = append(p.jsonLD, v)
	}
	return p
}

func (p parsed) one(t *testing.T, key string) string {
	t.Helper()
	if len(p.meta[key]) != 1 {
		t.Errorf("%s: %q, want exactly one", key, p.meta[key])
		return ""
	}
	return p.meta[key][0]
}

func (p parsed) ld(t *testing.T, typ string) map[string]any {
	t.Helper()
	for _, v := range p.jsonLD {
		if v["@type"] == typ {
			return v
		}
	}
	t.Fatalf("no %s JSON-LD in %s", typ, p.raw)
	return nil
}

func TestArticleHead(t *testing.T) {
	for _, kind := range []domain.Kind{domain.KindArticle, domain.KindBrief} {
		p := parse(t, string(Head(site(), Page{Path: "/rescuers/", Post: article(kind)})))
		if !strings.Contains(p.raw, `<link rel="canonical" href="`+base+`/rescuers/">`) {
			t.Errorf("no canonical link")
		}
		for key, want := range map[string]string{
			"og:site_name": "Kyiv Daily", "og:type": "article", "og:title": "Rescuers clear the square",
			"og:description": "Work went on all night.", "og:url": base + "/rescuers/", "og:locale": "uk_UA",
			"og:image": base + "/content/images/square.jpg", "og:image:width": "1200", "og:image:height": "800",
			"og:image:alt": "The square", "article:published_time": "2026-03-01T09:30:00Z",
			"article:modified_time": "2026-03-01T11:30:00Z", "article:section": "Politics",
			"twitter:card": "summary_large_image", "twitter:image": base + "/content/images/square.jpg",
		} {
			if got := p.one(t, key); got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}
		if got := strings.Join(p.meta["article:author"], " "); got != base+"/author/olena-kravets/ "+base+"/author/petro/" {
			t.Errorf("article:author %q", got)
		}
		if got := strings.Join(p.meta["article:tag"], ","); got != "Politics,Kyiv" {
			t.Errorf("article:tag %q (internal tags must not show)", got)
		}
		if len(p.feeds) != 3 || p.feeds[0] != "application/rss+xml "+base+"/rss/" || p.feeds[2] != "application/feed+json "+base+"/feed.json" {
			t.Errorf("feed links %v", p.feeds)
		}

		a := p.ld(t, "NewsArticle")
		for key, want := range map[string]any{
			"headline": "Rescuers clear the square", "datePublished": "2026-03-01T09:30:00Z",
			"dateModified": "2026-03-01T11:30:00Z", "articleSection": "Politics", "inLanguage": "uk",
		} {
			if a[key] != want {
				t.Errorf("NewsArticle %s = %v, want %v", key, a[key], want)
			}
		}
		if img := a["image"].([]any); len(img) != 1 || img[0] != base+"/content/images/square.jpg" {
			t.Errorf("NewsArticle image %v", a["image"])
		}
		authors := a["author"].([]any)
		first := authors[0].(map[string]any)
		if len(authors) != 2 || first["@type"] != "Person" || first["name"] != "Olena Kravets" || first["url"] != base+"/author/olena-kravets/" {
			t.Errorf("NewsArticle author %v", a["author"])
		}
		pub := a["publisher"].(map[string]any)
		logo := pub["logo"].(map[string]any)
		if pub["@type"] != "NewsMediaOrganization" || pub["name"] != "Kyiv Daily" || logo["url"] != base+"/content/images/logo.png" {
			t.Errorf("NewsArticle publisher %v", pub)
		}
		if m := a["mainEntityOfPage"].(map[string]any); m["@id"] != base+"/rescuers/" {
			t.Errorf("mainEntityOfPage %v", m)
		}
		crumbs := p.ld(t, "BreadcrumbList")["itemListElement"].([]any)
		if len(crumbs) != 3 || crumbs[1].(map[string]any)["name"] != "Politics" ||
			crumbs[1].(map[string]any)["item"] != base+"/tag/politics/" || crumbs[2].(map[string]any)["position"] != 3.0 {
			t.Errorf("breadcrumbs %v", crumbs)
		}
	}
}

func TestHeadlineLimit(t *testing.T) {
	p := article(domain.KindArticle)
	p.Title = strings.Repeat("Долгий заголовок ", 20)
	a := parse(t, string(Head(site(), Page{Path: "/x/", Post: p}))).ld(t, "NewsArticle")
	if n := len([]rune(a["headline"].(string))); n > MaxHeadline {
		t.Errorf("headline has %d characters, limit %d", n, MaxHeadline)
	}
}

func TestVideoHead(t *testing.T) {
	for _, tc := range []struct{ url, key string }{
		{"https://www.youtube.com/embed/abc", "embedUrl"},
		{"/content/media/bridge.mp4", "contentUrl"},
	} {
		p := article(domain.KindVideo)
		p.VideoURL = tc.url
		v := parse(t, string(Head(site(), Page{Path: "/rescuers/", Post: p}))).ld(t, "VideoObject")
		want := tc.url
		if strings.HasPrefix(want, "/") {
			want = base + want
		}
		if v["name"] != p.Title || v["description"] != "Work went on all night." || v["uploadDate"] != "2026-03-01T09:30:00Z" || v[tc.key] != want {
			t.Errorf("VideoObject %v", v)
		}
		if th := v["thumbnailUrl"].([]any); th[0] != base+"/content/images/square.jpg" {
			t.Errorf("thumbnailUrl %v", th)
		}
	}
}

func TestAuthorHead(t *testing.T) {
	a := olena
	p := parse(t, string(Head(site(), Page{Path: "/author/olena-kravets/", Author: &a})))
	if p.one(t, "og:type") != "profile" || p.one(t, "og:title") != "Olena Kravets" || p.one(t, "og:description") != "Covers the city." {
		t.Errorf("author OpenGraph %v", p.meta)
	}
	if p.one(t, "og:image") != base+"/content/images/olena.jpg" {
		t.Errorf("author image %v", p.meta["og:image"])
	}
	if len(p.feeds) != 6 || p.feeds[3] != "application/rss+xml "+base+"/author/olena-kravets/rss/" {
		t.Errorf("author feeds %v", p.feeds)
	}
	prof := p.ld(t, "ProfilePage")
	person := prof["mainEntity"].(map[string]any)
	if person["@type"] != "Person" || person["name"] != "Olena Kravets" || person["url"] != base+"/author/olena-kravets/" ||
		person["jobTitle"] != "Reporter" || person["sameAs"].([]any)[0] != "https://olena.example.org" {
		t.Errorf("ProfilePage %v", prof)
	}
	if crumbs := p.ld(t, "BreadcrumbList")["itemListElement"].([]any); len(crumbs) != 2 {
		t.Errorf("author breadcrumbs %v", crumbs)
	}
}

func TestTagAndHomeHead(t *testing.T) {
	tag := politics
	p := parse(t, string(Head(site(), Page{Path: "/tag/politics/", Tag: &tag})))
	if p.one(t, "og:type") != "website" || p.one(t, "og:title") != "Politics" || p.one(t, "og:description") != "Power and people." {
		t.Errorf("tag OpenGraph %v", p.meta)
	}
	if len(p.feeds) != 6 || p.feeds[5] != "application/feed+json "+base+"/tag/politics/feed.json" {
		t.Errorf("tag feeds %v", p.feeds)
	}
	if c := p.ld(t, "CollectionPage"); c["name"] != "Politics" || c["url"] != base+"/tag/politics/" {
		t.Errorf("CollectionPage %v", c)
	}
	home := parse(t, string(Head(site(), Page{Path: "/"})))
	if home.one(t, "og:title") != "Kyiv Daily" || home.one(t, "og:image") != base+"/content/images/logo.png" {
		t.Errorf("home OpenGraph %v", home.meta)
	}
	if w := home.ld(t, "WebSite"); w["url"] != base+"/" || w["name"] != "Kyiv Daily" {
		t.Errorf("WebSite %v", w)
	}
	if len(home.feeds) != 3 {
		t.Errorf("home feeds %v", home.feeds)
	}
}

func TestHostileContent(t *testing.T) {
	p := article(domain.KindArticle)
	p.Title = hostile
	p.Standfirst = hostile
	p.Image.Alt = hostile
	p.Authors[0].Name = hostile
	h := string(Head(site(), Page{Path: "/rescuers/", Post: p}))
	// Only our own script elements open and close; no raw line separators.
	if n := strings.Count(h, "<script"); n != 2 || strings.Count(h, "</script>") != 2 {
		t.Fatalf("hostile text opened or closed a script element:\n%s", h)
	}
	if strings.Contains(h, "\x01") {
		t.Error("raw control character in the output")
	}
	for _, m := range scriptRe.FindAllStringSubmatch(h, -1) {
		if strings.ContainsAny(m[1], "<>&\u2028\u2029") {
			t.Errorf("JSON-LD holds a raw <, >, & or line separator: %s", m[1])
		}
	}
	parsedHead := parse(t, h)
	for _, key := range []string{"og:title", "og:description", "og:image:alt", "twitter:title"} {
		if got := parsedHead.one(t, key); got != strings.TrimSpace(hostileClean) {
			t.Errorf("%s\n got %q\nwant %q", key, got, hostileClean)
		}
	}
	a := parsedHead.ld(t, "NewsArticle")
	if a["description"] != strings.TrimSpace(hostileClean) {
		t.Errorf("JSON-LD description %q", a["description"])
	}
	if name := a["author"].([]any)[0].(map[string]any)["name"]; name != strings.TrimSpace(hostileClean) {
		t.Errorf("JSON-LD author %q", name)
	}
	if hl := a["headline"].(string); !strings.HasPrefix(hostileClean, strings.TrimSuffix(hl, "…")) {
		t.Errorf("JSON-LD headline %q", hl)
	}
}
