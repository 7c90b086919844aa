package site

import (
	"html/template"
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// when is a time as a <time> element shows it: machine-readable and in
// words, in the site's time zone.
type when struct {
	ISO  string // RFC 3339, the datetime attribute
	Text string // what the reader sees
	Full string // the long form, for the title attribute
}

// clock formats times in the site's zone relative to now, in the words
// of a language.
type clock struct {
	loc  *time.Location
	now  time.Time
	lang string  // the site's language: items in it need no lang attribute
	l    *locale // the language being written in; nil is English
	site string  // the site's title, named in the members-only note
}

// newClock is a clock in the site's zone and language.
func newClock(st *siteState, now time.Time) clock {
	return clock{loc: st.loc, now: now, lang: st.settings.Language, l: localeFor(st.settings.Language), site: st.settings.Title}
}

// in returns the clock writing in lang; empty keeps the current language.
func (c clock) in(lang string) clock {
	if lang != "" {
		c.l = localeFor(lang)
	}
	return c
}

func (c clock) locale() *locale {
	if c.l == nil {
		return english
	}
	return c.l
}

// long is the article-page form: "27 November 2026, 14:05".
func (c clock) long(t time.Time) when {
	t = t.In(c.loc)
	s := c.locale().dateTime(t)
	return when{ISO: t.Format(time.RFC3339), Text: s, Full: s}
}

// short is the stream form: "14:05" today, "26 Nov, 14:05" this year,
// "26 Nov 2025, 14:05" before.
func (c clock) short(t time.Time) when {
	w := c.long(t)
	t, now := t.In(c.loc), c.now.In(c.loc)
	switch {
	case sameDay(t, now):
		w.Text = t.Format("15:04")
	default:
		w.Text = c.locale().shortDateTime(t, t.Year() != now.Year())
	}
	return w
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// picture is an image ready for an <img> element.
type picture struct {
	URL     string
	Alt     string
	Caption string
	Credit  string
	Width   int
	Height  int
	Srcset  string
	Sizes   string
	Eager   bool // above the fold: no lazy loading
}

// Layout widths the sizes attributes describe; site.css sets the same:
// thumbnails are 7rem beside the headline on a phone, 15rem from 720px and
// 6rem in the article page's side column.
const (
	sizesLead     = "(min-width: 1024px) 680px, 100vw"
	sizesStream   = "(min-width: 720px) 240px, 112px"
	sizesLeadItem = "(min-width: 1024px) 420px, (min-width: 720px) 55vw, 100vw"
	sizesRail     = "(min-width: 1024px) 96px, (min-width: 720px) 240px, 112px"
)

func pictureOf(im domain.Image, sizes string, eager bool) *picture {
	if im.URL == "" {
		return nil
	}
	return &picture{URL: im.URL, Alt: im.Alt, Caption: strings.TrimSpace(im.Caption), Credit: strings.TrimSpace(im.Credit),
		Width: im.Width, Height: im.Height, Srcset: srcset(im.URL), Sizes: sizes, Eager: eager}
}

// item is one entry of a stream.
type item struct {
	ID         string // the post's id: live updates find the item by it
	URL        string
	Title      string
	Kind       domain.Kind
	Section    *domain.Tag
	Standfirst string
	Body       template.HTML // sanitized when the post was saved
	Image      *picture
	Video      *video
	Authors    []domain.Author
	Time       when
	Live       bool
	Lead       bool    // the top story, shown larger
	Lang       string  // set when it differs from the site's
	L          *locale // the post's language, for the words around it
	Byline     string  // "By A and B"
	// Sub is true when the stream sits under another heading (the article
	// page), so items take <h3> rather than <h2>.
	Sub bool
	// Gated is the note ending a members-only post's public part; empty
	// for a public post.
	Gated string
	// TitleHTML and Snippet are a search result's headline with the words
	// found marked, and the passage that has them (escaped by package
	// search); the snippet stands in for the standfirst or brief.
	TitleHTML template.HTML
	Snippet   template.HTML
	// HTML is the item already rendered (cards.go); empty, the template
	// renders it.
	HTML template.HTML
}

// stream is a run of items with the link to the next page.
type stream struct {
	L       *locale // the page's language
	ID      string
	Heading string // shown above the items when set
	Label   string // names the section for assistive technology; default "News Feed"
	Items   []item
	More    string // URL of the next page; empty at the end
	Empty   string // what to say when there are no items
	// ReplaceURL lets the script put the cursor into the address bar; off
	// where the stream is not the page's subject (under an article).
	ReplaceURL bool
	// Live, when set, has the script follow /live/ and offer new stories.
	Live *liveBar
}

// liveBar is what the script needs to announce new stories: whether it
// may insert them ("insert", the News Feed's first page) or only link to
// the News Feed ("link", under an article), and the words in the page's
// language. The script picks one, few or many by Intl.PluralRules.
type liveBar struct {
	Mode           string
	One, Few, Many string // "%d new story" and its plurals
	Where          string // appended in link mode: "in the News Feed"
}

func newLiveBar(l *locale, mode string) *liveBar {
	b := &liveBar{Mode: mode, One: l.T("%d new story"), Many: l.T("%d new stories")}
	b.Few = b.Many
	if f, ok := l.msgs["%d new stories (few)"]; ok {
		b.Few = f
	}
	if mode == "link" {
		b.Where = l.T("in the News Feed")
	}
	return b
}

// isLive reports whether p wears the "Live" badge: a live blog whose
// coverage goes on, or a post tagged #live.
func isLive(p *domain.Post) bool {
	if p.IsLiveNow() {
		return true
	}
	for _, t := range p.Tags {
		if strings.EqualFold(t.Name, "#live") {
			return true
		}
	}
	return false
}

func sectionOf(p *domain.Post) *domain.Tag {
	t := p.PrimaryTag()
	if t.ID == "" {
		return nil
	}
	return &t
}

func (c clock) item(p *domain.Post, sizes string, eager, sub bool) item {
	c = c.in(p.Language)
	it := item{
		L:          c.locale(),
		ID:         p.ID,
		URL:        "/" + p.Slug + "/",
		Title:      p.Title,
		Kind:       p.Kind,
		Section:    sectionOf(p),
		Standfirst: p.Standfirst,
		Authors:    p.Authors,
		Time:       c.short(p.PublishedAt),
		Live:       isLive(p),
		Sub:        sub,
	}
	if p.Language != c.lang {
		it.Lang = p.Language
	}
	if len(p.Authors) > 0 {
		names := make([]string, len(p.Authors))
		for i, a := range p.Authors {
			names[i] = a.Name
		}
		it.Byline = it.L.Byline(names)
	}
	// Readers get the public part of a gated post, never the rest.
	body, _ := p.PublicBody()
	it.Gated = it.L.MembersNote(c.site, visibilityOf(p))
	switch p.Kind {
	case domain.KindBrief:
		it.Body = template.HTML(body)
	case domain.KindVideo:
		it.Body = template.HTML(body)
		it.Video = videoFor(p.VideoURL, p.Title)
		if it.Video != nil {
			it.Video.L = it.L
			if isLocal(p.Image.URL) {
				it.Video.Poster = p.Image.URL
			}
		}
	default:
		it.Image = pictureOf(p.Image, sizes, eager)
	}
	return it
}

// visibilityOf is the visibility whose note a post carries: none when
// the post is public.
func visibilityOf(p *domain.Post) domain.Visibility {
	if !p.Gated() {
		return ""
	}
	return p.Visibility
}

// items makes stream items. On the first page of a stream (top), the
// first item with a picture is the lead story if it comes first, and the
// first picture loads at once: it is likely above the fold.
func (c clock) items(posts []*domain.Post, sizes string, top, sub bool) []item {
	out := make([]item, len(posts))
	eager := top
	for i, p := range posts {
		lead := top && i == 0 && p.Kind == domain.KindArticle && p.Image.URL != ""
		sz := sizes
		if lead {
			sz = sizesLeadItem
		}
		out[i] = c.item(p, sz, eager, sub)
		out[i].Lead = lead
		if out[i].Image != nil {
			eager = false
		}
	}
	return out
}

// note is a correction or update printed under an article.
type note struct {
	Label string // "Correction" or "Update"
	Date  string // "March 19"
	Time  when
	Body  string
}

// article is the article page's content.
type article struct {
	item
	ReadingTime string
	Published   when
	Updated     *when
	Lead        *picture
	Notes       []note
	Tags        []domain.Tag
	Cards       []card // one per author
	Breaking    bool
}

// card is an author card in the language of the post it sits under.
type card struct {
	domain.Author
	L *locale
}

func (c clock) article(p *domain.Post) *article {
	c = c.in(p.Language)
	a := &article{
		item:        c.item(p, sizesLead, true, false),
		ReadingTime: c.locale().ReadingTime(p.ReadingMinutes()),
		Published:   c.long(p.PublishedAt),
		Tags:        p.PublicTags(),
		Breaking:    p.IsBreaking(c.now),
	}
	body, _ := p.PublicBody()
	a.Body = template.HTML(body)
	a.Image = nil
	if p.Kind != domain.KindVideo { // a video's image is its poster
		a.Lead = pictureOf(p.Image, sizesLead, true)
	}
	if p.Updated() {
		u := c.long(p.UpdatedAt)
		a.Updated = &u
	}
	for _, cr := range p.PublicCorrections() {
		label := "Correction"
		if cr.Kind == "update" {
			label = "Update"
		}
		a.Notes = append(a.Notes, note{Label: c.locale().T(label), Date: c.locale().dayOfMonth(cr.CreatedAt.In(c.loc)),
			Time: c.long(cr.CreatedAt), Body: cr.Body})
	}
	for _, au := range p.Authors {
		a.Cards = append(a.Cards, card{Author: au, L: c.locale()})
	}
	return a
}

// today is the masthead's date line: "Friday, 27 November 2026".
func today(loc *time.Location, now time.Time, l *locale) when {
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	return when{ISO: t.Format("2006-01-02"), Text: l.fullDate(t)}
}
