// Package seo renders what goes into a page's <head> for search engines,
// social networks and feed readers: canonical links, OpenGraph and Twitter
// cards, schema.org JSON-LD and feed discovery links.
//
// The page's <title> and meta description are the site templates' job;
// Head adds everything else.
package seo

import (
	"bytes"
	"encoding/json"
	"html/template"
	"path"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/feed"
	"newsdesk/internal/xmltext"
)

// Site is what every page's metadata needs to know about the site.
type Site struct {
	Settings domain.Settings
	BaseURL  string // absolute, no trailing slash
}

// Page describes the page being rendered. Exactly one of Post, Author, Tag
// is set for those pages; none for the home page.
type Page struct {
	Path        string // canonical path, e.g. "/my-story/"
	Title       string // overrides the title taken from Post, Author or Tag
	Description string // overrides the description likewise
	Post        *domain.Post
	Author      *domain.Author
	Tag         *domain.Tag
	// Entries are the live blog entries the page shows (a live blog's
	// page); Entry the one entry of an entry page.
	Entries []*domain.LiveEntry
	Entry   *domain.LiveEntry
}

// MaxHeadline is the longest headline Google shows for a NewsArticle.
const MaxHeadline = 110

type link struct{ Type, Title, URL string }

type meta struct {
	Property string
	Content  string
}

type headData struct {
	Canonical string
	Feeds     []link
	Meta      []meta // property= (OpenGraph, article:)
	Twitter   []meta // name= (Twitter cards)
	JSONLD    []template.JS
}

var headTmpl = template.Must(template.New("head").Parse(
	`<link rel="canonical" href="{{.Canonical}}">
{{range .Feeds}}<link rel="alternate" type="{{.Type}}" title="{{.Title}}" href="{{.URL}}">
{{end}}{{range .Meta}}<meta property="{{.Property}}" content="{{.Content}}">
{{end}}{{range .Twitter}}<meta name="{{.Property}}" content="{{.Content}}">
{{end}}{{range .JSONLD}}<script type="application/ld+json">{{.}}</script>
{{end}}`))

// Head returns the metadata elements for the page's <head>.
func Head(site Site, page Page) template.HTML {
	h := newHead(site, page)
	var buf bytes.Buffer
	if err := headTmpl.Execute(&buf, h.data()); err != nil {
		// Only a broken writer fails; keep the page renderable.
		return template.HTML(`<link rel="canonical" href="` + template.HTMLEscapeString(h.canonical) + `">`)
	}
	return template.HTML(buf.String())
}

// head gathers one page's facts once; the tag, card and JSON-LD builders
// read them.
type head struct {
	site        Site
	page        Page
	base        string
	canonical   string
	title       string
	description string
	image       domain.Image // absolute URL, or zero
}

func newHead(site Site, page Page) *head {
	h := &head{site: site, page: page, base: strings.TrimRight(site.BaseURL, "/")}
	p := page.Path
	if p == "" {
		p = "/"
	}
	h.canonical = h.abs(p)
	st := site.Settings
	switch {
	case page.Post != nil:
		post := page.Post
		h.title = firstNonEmpty(post.MetaTitle, post.Title)
		h.description = firstNonEmpty(post.MetaDescription, post.Excerpt())
		h.image = post.Image
		if h.image.URL == "" && post.Kind == domain.KindVideo {
			// A shared video shows its host's still; it is the host's
			// picture of the video, so nothing loads from there on the page.
			src, w, ht := domain.VideoThumbnail(post.VideoURL)
			h.image = domain.Image{URL: src, Alt: post.Title, Width: w, Height: ht}
		}
	case page.Author != nil:
		a := page.Author
		h.title = a.Name
		h.description = firstNonEmpty(domain.Truncate(firstParagraph(a.Bio), 300), a.Title)
		h.image = domain.Image{URL: a.Avatar, Alt: a.Name}
	case page.Tag != nil:
		h.title = page.Tag.Name
		h.description = page.Tag.Description
	default:
		h.title = st.Title
		h.description = st.Description
	}
	// Pages without a picture of their own share the site's default
	// image, or else its logo: a card without a picture is easy to miss.
	if h.image.URL == "" && st.ShareImage != "" {
		h.image = domain.Image{URL: st.ShareImage, Alt: st.Title}
	}
	if h.image.URL == "" && st.Logo != "" {
		h.image = domain.Image{URL: st.Logo, Alt: st.Title}
	}
	if page.Title != "" {
		h.title = page.Title
	}
	if page.Description != "" {
		h.description = page.Description
	}
	h.title, h.description = clean(h.title), clean(h.description)
	if h.description == "" {
		h.description = clean(st.Description)
	}
	if h.image.URL != "" {
		h.image.URL = clean(h.abs(h.image.URL))
		h.image.Alt = clean(h.image.Alt)
	}
	return h
}

func (h *head) data() headData {
	d := headData{Canonical: h.canonical, Feeds: h.feeds()}
	d.Meta = h.openGraph()
	d.Twitter = h.twitterCard()
	for _, v := range h.jsonLD() {
		d.JSONLD = append(d.JSONLD, jsonScript(v))
	}
	return d
}

// feeds are the site's feeds, plus the author's or tag's own on its page.
func (h *head) feeds() []link {
	siteTitle := clean(h.site.Settings.Title)
	var out []link
	add := func(scope feed.Scope, title string) {
		for _, f := range feed.Formats {
			out = append(out, link{Type: f.MIMEType(), Title: title + " (" + f.String() + ")", URL: h.base + scope.Path(f)})
		}
	}
	add(feed.Scope{}, siteTitle)
	switch {
	case h.page.Author != nil && h.page.Post == nil:
		add(feed.Scope{Kind: "author", Slug: h.page.Author.Slug}, clean(h.page.Author.Name)+" — "+siteTitle)
	case h.page.Post != nil && h.page.Post.Kind == domain.KindLive:
		add(feed.Scope{Kind: "live", Slug: h.page.Post.Slug}, clean(h.page.Post.Title)+" — "+siteTitle)
	case h.page.Tag != nil && h.page.Post == nil && !h.page.Tag.Internal():
		add(feed.Scope{Kind: "tag", Slug: h.page.Tag.Slug}, clean(h.page.Tag.Name)+" — "+siteTitle)
	}
	return out
}

func (h *head) openGraph() []meta {
	st := h.site.Settings
	ogType := "website"
	switch {
	case h.page.Post != nil && h.page.Post.IsPage():
	case h.page.Post != nil:
		ogType = "article"
	case h.page.Author != nil:
		ogType = "profile"
	}
	m := []meta{
		{"og:site_name", clean(st.Title)},
		{"og:type", ogType},
		{"og:title", h.title},
		{"og:description", h.description},
		{"og:url", h.canonical},
	}
	if loc := ogLocale(h.language()); loc != "" {
		m = append(m, meta{"og:locale", loc})
	}
	if im := h.image; im.URL != "" {
		m = append(m, meta{"og:image", im.URL})
		if im.Width > 0 && im.Height > 0 {
			m = append(m, meta{"og:image:width", strconv.Itoa(im.Width)}, meta{"og:image:height", strconv.Itoa(im.Height)})
		}
		if im.Alt != "" {
			m = append(m, meta{"og:image:alt", im.Alt})
		}
	}
	if p := h.page.Post; p != nil && !p.IsPage() {
		if !p.PublishedAt.IsZero() {
			m = append(m, meta{"article:published_time", iso(p.PublishedAt)})
		}
		m = append(m, meta{"article:modified_time", iso(h.modified())})
		for _, a := range p.Authors {
			m = append(m, meta{"article:author", h.authorURL(a)})
		}
		if sec := p.PrimaryTag(); sec.Name != "" {
			m = append(m, meta{"article:section", clean(sec.Name)})
		}
		for _, t := range p.PublicTags() {
			m = append(m, meta{"article:tag", clean(t.Name)})
		}
	}
	if a := h.page.Author; a != nil && h.page.Post == nil {
		m = append(m, meta{"profile:username", a.Slug})
	}
	return m
}

func (h *head) twitterCard() []meta {
	card := "summary"
	if h.image.URL != "" && h.page.Author == nil {
		card = "summary_large_image"
	}
	m := []meta{{"twitter:card", card}, {"twitter:title", h.title}, {"twitter:description", h.description}}
	if h.image.URL != "" {
		m = append(m, meta{"twitter:image", h.image.URL})
		if h.image.Alt != "" {
			m = append(m, meta{"twitter:image:alt", h.image.Alt})
		}
	}
	return m
}

// JSON-LD. Maps keep the builders short; encoding/json sorts their keys,
// so the output is stable.
type obj = map[string]any

func (h *head) jsonLD() []obj {
	switch {
	case h.page.Post != nil && h.page.Post.IsPage():
		return []obj{h.gated(h.webPage()), h.breadcrumbs()}
	case h.page.Entry != nil:
		return []obj{h.liveEntryPage(), h.breadcrumbs()}
	case h.page.Post != nil && h.page.Post.Kind == domain.KindLive:
		return []obj{h.gated(h.liveBlog()), h.breadcrumbs()}
	case h.page.Post != nil && h.page.Post.Kind == domain.KindVideo:
		return []obj{h.gated(h.video()), h.breadcrumbs()}
	case h.page.Post != nil:
		return []obj{h.gated(h.article()), h.breadcrumbs()}
	case h.page.Author != nil:
		return []obj{h.profile(), h.breadcrumbs()}
	case h.page.Tag != nil:
		return []obj{h.collection(), h.breadcrumbs()}
	}
	return []obj{h.website()}
}

// gated marks a members-only post the way Google asks of paywalled
// content, so the short page is not taken for cloaking: not free, and the
// element standing where the members' part would be (the site's note,
// class members-only) named as the part that is not free.
func (h *head) gated(o obj) obj {
	if h.page.Post.Gated() {
		o["isAccessibleForFree"] = false
		o["hasPart"] = obj{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".members-only"}
	}
	return o
}

func (h *head) article() obj {
	p := h.page.Post
	o := obj{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         domain.Truncate(clean(p.Title), MaxHeadline-1),
		"description":      h.description,
		"url":              h.canonical,
		"mainEntityOfPage": obj{"@type": "WebPage", "@id": h.canonical},
		"dateModified":     iso(h.modified()),
		"author":           h.people(p.Authors),
		"publisher":        h.publisher(),
		"inLanguage":       h.language(),
	}
	if !p.PublishedAt.IsZero() {
		o["datePublished"] = iso(p.PublishedAt)
	}
	if h.image.URL != "" {
		o["image"] = []string{h.image.URL}
	}
	if sec := p.PrimaryTag(); sec.Name != "" {
		o["articleSection"] = clean(sec.Name)
	}
	if tags := p.PublicTags(); len(tags) > 0 {
		names := make([]string, len(tags))
		for i, t := range tags {
			names[i] = clean(t.Name)
		}
		o["keywords"] = names
	}
	if p.WordCount > 0 {
		o["wordCount"] = p.WordCount
	}
	if c := corrections(p); c != nil {
		o["correction"] = c
	}
	return o
}

// webPage describes a static page: not news, so not a NewsArticle.
func (h *head) webPage() obj {
	return obj{
		"@context":    "https://schema.org",
		"@type":       "WebPage",
		"name":        h.title,
		"description": h.description,
		"url":         h.canonical,
		"inLanguage":  h.language(),
		"isPartOf":    obj{"@type": "WebSite", "name": clean(h.site.Settings.Title), "url": h.base + "/"},
		"publisher":   h.publisher(),
	}
}

func (h *head) video() obj {
	p := h.page.Post
	o := obj{
		"@context":    "https://schema.org",
		"@type":       "VideoObject",
		"name":        clean(p.Title),
		"description": firstNonEmpty(h.description, clean(p.Title)),
		"uploadDate":  iso(firstTime(p.PublishedAt, p.CreatedAt)),
		"url":         h.canonical,
		"author":      h.people(p.Authors),
		"publisher":   h.publisher(),
		"inLanguage":  h.language(),
	}
	if h.image.URL != "" {
		o["thumbnailUrl"] = []string{h.image.URL}
	}
	if v := clean(h.abs(p.VideoURL)); v != "" {
		if isVideoFile(v) {
			o["contentUrl"] = v
		} else {
			o["embedUrl"] = v
		}
	}
	return o
}

func (h *head) profile() obj {
	a := h.page.Author
	person := obj{
		"@type": "Person",
		"name":  clean(a.Name),
		"url":   h.canonical,
	}
	if a.Avatar != "" {
		person["image"] = clean(h.abs(a.Avatar))
	}
	if a.Title != "" {
		person["jobTitle"] = clean(a.Title)
	}
	if a.Bio != "" {
		person["description"] = clean(a.Bio)
	}
	var same []string
	if a.Website != "" {
		same = append(same, clean(a.Website))
	}
	for _, l := range a.Links {
		same = append(same, clean(l.URL))
	}
	if len(same) > 0 {
		person["sameAs"] = same
	}
	return obj{
		"@context":   "https://schema.org",
		"@type":      "ProfilePage",
		"url":        h.canonical,
		"mainEntity": person,
	}
}

func (h *head) collection() obj {
	return obj{
		"@context":    "https://schema.org",
		"@type":       "CollectionPage",
		"name":        h.title,
		"description": h.description,
		"url":         h.canonical,
		"isPartOf":    obj{"@type": "WebSite", "name": clean(h.site.Settings.Title), "url": h.base + "/"},
	}
}

func (h *head) website() obj {
	return obj{
		"@context":    "https://schema.org",
		"@type":       "WebSite",
		"name":        clean(h.site.Settings.Title),
		"description": clean(h.site.Settings.Description),
		"url":         h.base + "/",
		"inLanguage":  h.language(),
		"publisher":   h.publisher(),
	}
}

// breadcrumbs: Home › section › article, Home › author, Home › tag.
func (h *head) breadcrumbs() obj {
	type crumb struct{ name, url string }
	crumbs := []crumb{{clean(h.site.Settings.Title), h.base + "/"}}
	switch {
	case h.page.Post != nil:
		if sec := h.page.Post.PrimaryTag(); sec.Slug != "" && !h.page.Post.IsPage() {
			crumbs = append(crumbs, crumb{clean(sec.Name), h.base + "/tag/" + sec.Slug + "/"})
		}
		crumbs = append(crumbs, crumb{clean(h.page.Post.Title), h.canonical})
	default:
		crumbs = append(crumbs, crumb{h.title, h.canonical})
	}
	items := make([]obj, len(crumbs))
	for i, c := range crumbs {
		items[i] = obj{"@type": "ListItem", "position": i + 1, "name": c.name, "item": c.url}
	}
	return obj{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
}

func (h *head) people(authors []domain.Author) []obj {
	out := make([]obj, 0, len(authors))
	for _, a := range authors {
		out = append(out, obj{"@type": "Person", "name": clean(a.Name), "url": h.authorURL(a)})
	}
	return out
}

func (h *head) publisher() obj {
	st := h.site.Settings
	o := obj{"@type": "NewsMediaOrganization", "name": clean(st.Title), "url": h.base + "/"}
	if st.Logo != "" {
		o["logo"] = obj{"@type": "ImageObject", "url": clean(h.abs(st.Logo))}
	}
	return o
}

func (h *head) authorURL(a domain.Author) string { return h.base + "/author/" + a.Slug + "/" }

func (h *head) modified() time.Time {
	p := h.page.Post
	return firstTime(p.UpdatedAt, p.PublishedAt, p.CreatedAt)
}

func (h *head) language() string {
	if p := h.page.Post; p != nil && p.Language != "" {
		return p.Language
	}
	return h.site.Settings.Language
}

// abs makes a site path absolute; absolute URLs pass through.
func (h *head) abs(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return h.base + u
	}
	return u
}

// jsonScript encodes v for a <script> element. encoding/json escapes <, >
// and & as \u003c and the like, and U+2028 and U+2029, so no text can close
// the script or break it for older JavaScript parsers.
func jsonScript(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// ogLocale turns a language code into OpenGraph's language_TERRITORY form.
func ogLocale(lang string) string {
	lang = strings.ReplaceAll(lang, "-", "_")
	if strings.Contains(lang, "_") {
		l, t, _ := strings.Cut(lang, "_")
		return strings.ToLower(l) + "_" + strings.ToUpper(t)
	}
	territory := map[string]string{"en": "US", "uk": "UA", "de": "DE", "fr": "FR", "es": "ES", "pl": "PL", "it": "IT", "pt": "PT", "cs": "CZ"}
	if t, ok := territory[strings.ToLower(lang)]; ok {
		return strings.ToLower(lang) + "_" + t
	}
	return strings.ToLower(lang)
}

func isVideoFile(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch strings.ToLower(path.Ext(u)) {
	case ".mp4", ".webm", ".m4v", ".mov", ".ogv":
		return true
	}
	return false
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func clean(s string) string { return strings.TrimSpace(xmltext.Clean(s)) }

func firstParagraph(s string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(s), "\n\n")
	return p
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func firstTime(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
