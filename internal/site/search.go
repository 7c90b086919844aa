package site

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"newsdesk/internal/seo"
	"newsdesk/internal/storage"
)

// MaxSearchLength is the longest search, in characters, the site accepts.
const MaxSearchLength = 200

// search serves /search/?q=: public posts whose headline contains the
// words, newest first, with keyset "Show More" like every stream. Results
// are not cached: the cache's keys do not carry the query.
func (s *Site) search(w http.ResponseWriter, r *http.Request) {
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := newClock(st, s.now())
	l := c.locale()
	q := strings.Join(strings.Fields(r.URL.Query().Get("q")), " ")
	if n := utf8.RuneCountInString(q); n > MaxSearchLength {
		s.clientError(w, r, http.StatusBadRequest,
			l.T("Search for at most %d characters; this search has %d.", MaxSearchLength, n))
		return
	}
	after, err := cursorParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var str *stream
	if q != "" {
		res, err := s.store.ListPosts(r.Context(), storage.PostQuery{Public: true, Now: c.now, Search: q,
			Limit: PageSize, After: after})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		str = &stream{
			L:          l,
			ID:         "search-results",
			Label:      l.T("Search results"),
			Items:      c.items(res.Posts, sizesStream, false, false),
			More:       moreURL("/search/?q="+url.QueryEscape(q)+"&", res.Next),
			ReplaceURL: true,
			Empty:      l.T("No headlines match “%s”.", q),
		}
		if after != nil {
			str.Empty = l.T("There are no more results.")
		}
		if r.URL.Query().Get("partial") == "1" {
			s.renderTemplate(w, r, http.StatusOK, "search", "fragment", str)
			return
		}
	}
	title := l.T("Search")
	if q != "" {
		title = l.T("Results for “%s”", q)
	}
	data := s.newPage(st, title, "", seo.Page{Path: "/search/"})
	data.NoIndex = true // result pages are not content
	data.Search = &searchPage{Query: q, Results: str}
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "search", data)
}

// searchPage is the search page's content.
type searchPage struct {
	Query   string
	Results *stream // nil before anything was asked
}
