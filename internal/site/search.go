package site

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/search"
	"newsdesk/internal/seo"
	"newsdesk/internal/storage"
)

// MaxSearchLength is the longest search, in characters, the site accepts.
const MaxSearchLength = 200

// search serves /search/?q=: public posts whose headline, standfirst or
// body has the words (in any of their forms) or the "quoted phrases",
// best first with recent stories ahead, each with a highlighted passage,
// and "Show More". Filters: kind, section (a tag's slug), author (slug),
// from and to (dates, YYYY-MM-DD, in the site's time zone). Results are
// not cached: the cache's keys do not carry the query.
func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := newClock(st, s.now())
	l := c.locale()
	form := r.URL.Query()
	q := strings.Join(strings.Fields(form.Get("q")), " ")
	if n := utf8.RuneCountInString(q); n > MaxSearchLength {
		s.clientError(w, r, http.StatusBadRequest,
			l.T("Search for at most %d characters; this search has %d.", MaxSearchLength, n))
		return
	}
	page := &searchPage{Query: q, Kind: form.Get("kind"), Section: form.Get("section"), Author: form.Get("author"),
		From: form.Get("from"), To: form.Get("to"), Sections: st.nav}
	sq := storage.SearchQuery{Text: q, Now: c.now, Limit: PageSize, Entries: true}
	if msg := s.searchFilters(r, c, page, &sq); msg != "" {
		s.clientError(w, r, http.StatusBadRequest, msg)
		return
	}
	if v := form.Get("after"); v != "" {
		if sq.After, err = storage.ParseSearchCursor(v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	parsed := search.ParseQuery(q)
	if q != "" {
		var res storage.SearchPage
		if !page.nothing {
			if res, err = s.store.SearchPosts(r.Context(), sq); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		page.Results = &stream{
			L:          l,
			ID:         "search-results",
			Label:      l.T("Search results"),
			Items:      c.searchItems(res.Posts, res.Entries, parsed),
			More:       searchMoreURL(page, res.Next),
			ReplaceURL: true,
			Empty:      l.T("No stories match “%s”.", q),
		}
		if sq.After != nil {
			page.Results.Empty = l.T("There are no more results.")
		}
		if r.URL.Query().Get("partial") == "1" {
			s.renderTemplate(w, r, http.StatusOK, "search", "fragment", page.Results)
			return
		}
	}
	title := l.T("Search")
	if q != "" {
		title = l.T("Results for “%s”", q)
	}
	data := s.newPage(st, title, "", seo.Page{Path: "/search/"})
	data.NoIndex = true // result pages are not content
	data.Search = page
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "search", data)
}

// searchFilters reads the filters into sq; it returns what is wrong with
// them, or "". A section or author readers cannot see finds nothing.
func (s *Site) searchFilters(r *http.Request, c clock, page *searchPage, sq *storage.SearchQuery) string {
	l := c.locale()
	switch domain.Kind(page.Kind) {
	case "", domain.KindArticle, domain.KindBrief, domain.KindVideo, domain.KindLive:
		sq.Kind = domain.Kind(page.Kind)
	default:
		return l.T("Choose articles, briefs or videos, not “%s”.", page.Kind)
	}
	day := func(v string, next bool) (time.Time, bool) {
		if v == "" {
			return time.Time{}, true
		}
		t, err := time.ParseInLocation("2006-01-02", v, c.loc)
		if err != nil {
			return t, false
		}
		if next { // "to" includes its whole day
			t = t.AddDate(0, 0, 1).Add(-time.Millisecond)
		}
		return t, true
	}
	var ok bool
	if sq.From, ok = day(page.From, false); !ok {
		return l.T("Write dates as YYYY-MM-DD, like 2026-11-27, not “%s”.", page.From)
	}
	if sq.To, ok = day(page.To, true); !ok {
		return l.T("Write dates as YYYY-MM-DD, like 2026-11-27, not “%s”.", page.To)
	}
	if page.Section != "" {
		t, err := s.store.PublicTagBySlug(r.Context(), page.Section, c.now)
		if err != nil {
			page.nothing = true
		} else {
			sq.SectionID = t.ID
			if !containsTag(page.Sections, t.ID) {
				page.Sections = append(append([]domain.Tag(nil), page.Sections...), *t)
			}
		}
	}
	if page.Author != "" {
		a, err := s.store.PublicAuthorBySlug(r.Context(), page.Author)
		if err != nil {
			page.nothing = true
		} else {
			sq.AuthorID, page.AuthorName = a.ID, a.Name
		}
	}
	return ""
}

func containsTag(tags []domain.Tag, id string) bool {
	for _, t := range tags {
		if t.ID == id {
			return true
		}
	}
	return false
}

// searchItems are stream items with the words found marked in the
// headline and, in place of the standfirst or brief, the passage of the
// text readers get that has the most of them. A live blog entry found
// (entries[i]) links to the entry's own page, under its blog's headline
// and its own title, with its time and a passage of its text.
func (c clock) searchItems(posts []*domain.Post, entries []*domain.LiveEntry, q search.Query) []item {
	items := c.items(posts, sizesStream, false, false)
	for i, p := range posts {
		items[i].TitleHTML = search.Highlight(p.Title, q)
		if i < len(entries) && entries[i] != nil {
			e := entries[i]
			it := &items[i]
			it.URL = "/" + p.Slug + "/entries/" + e.ID + "/"
			if e.Title != "" {
				it.TitleHTML += " — " + search.Highlight(e.Title, q)
			}
			it.Time = c.in(p.Language).short(e.Time())
			it.Image, it.Video = nil, nil
			if e.Author.Name != "" {
				it.Byline = it.L.Byline([]string{e.Author.Name})
			}
			snippet, found := search.Snippet(e.Plaintext, q)
			if !found {
				snippet = search.Highlight(domain.Truncate(strings.TrimSpace(e.Plaintext), 200), q)
			}
			it.Snippet = snippet
			continue
		}
		_, text := p.PublicBody()
		snippet, found := search.Snippet(text, q)
		if sf, inStandfirst := search.Snippet(p.Standfirst, q); inStandfirst && !found || text == "" {
			snippet = sf
		}
		items[i].Snippet = snippet
	}
	return items
}

// searchMoreURL is the next page's address, with the filters.
func searchMoreURL(page *searchPage, next *storage.SearchCursor) string {
	if next == nil {
		return ""
	}
	u := "/search/?q=" + url.QueryEscape(page.Query)
	for _, f := range [][2]string{{"kind", page.Kind}, {"section", page.Section}, {"author", page.Author},
		{"from", page.From}, {"to", page.To}} {
		if f[1] != "" {
			u += "&" + f[0] + "=" + url.QueryEscape(f[1])
		}
	}
	return u + "&after=" + url.QueryEscape(next.String())
}

// searchPage is the search page's content.
type searchPage struct {
	Query                 string
	Kind, Section, Author string
	From, To              string
	AuthorName            string
	Sections              []domain.Tag // offered as filters
	Results               *stream      // nil before anything was asked
	nothing               bool         // a filter no public post can match
}

// Filtered reports whether any filter is set (the filters start open).
func (p *searchPage) Filtered() bool {
	return p.Kind != "" || p.Section != "" || p.Author != "" || p.From != "" || p.To != ""
}
