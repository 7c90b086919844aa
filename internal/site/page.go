package site

import (
	"net/http"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/seo"
)

// menuLink is one link of a menu an Administrator set (Settings →
// Navigation), marked when it points at the page being shown.
type menuLink struct {
	Label   string
	URL     string
	Current bool
}

// menu turns a stored menu into links for a page at path. Links may be
// site paths or absolute URLs on this site; either marks the current page.
func (s *Site) menu(items []domain.NavItem, path string) []menuLink {
	if len(items) == 0 {
		return nil
	}
	out := make([]menuLink, len(items))
	for i, it := range items {
		u := it.URL
		if s.baseURL != "" && strings.HasPrefix(u, s.baseURL+"/") {
			u = strings.TrimPrefix(u, s.baseURL)
		}
		out[i] = menuLink{Label: it.Label, URL: it.URL, Current: path != "" && u == path}
	}
	return out
}

// staticPage builds a static page (About, Corrections policy) as Ghost's
// page template shows one: title, lead image and body, without the News
// Feed, bylines or dates, which belong to news.
func (s *Site) staticPage(st *siteState, c clock, p *domain.Post) *page {
	title := p.MetaTitle
	if title == "" {
		title = p.Title
	}
	desc := p.MetaDescription
	if desc == "" {
		desc = p.Excerpt()
	}
	data := s.newPage(st, title, desc, seo.Page{Path: "/" + p.Slug + "/", Post: p})
	if p.Language != "" {
		data.Lang, data.L = p.Language, localeFor(p.Language)
		data.Today = today(st.loc, c.now, data.L)
	}
	data.Post = c.article(p)
	data.Current = "/" + p.Slug + "/"
	return data
}

// servePage answers /{slug}/ for a public static page.
func (s *Site) servePage(w http.ResponseWriter, r *http.Request, st *siteState, c clock, p *domain.Post) {
	s.render(w, r, http.StatusOK, "page", s.staticPage(st, c, p))
}
