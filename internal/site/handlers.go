package site

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/seo"
	"newsdesk/internal/storage"
)

// home serves the News Feed, newest first; ?after= starts after a cursor.
func (s *Site) home(w http.ResponseWriter, r *http.Request) {
	s.streamPage(w, r, "home", "/", storage.PostQuery{}, func(st *siteState, c clock) *page {
		data := s.newPage(st, "", st.settings.Description, seo.Page{Path: "/"})
		data.Breaking = s.breaking(r.Context(), c, "")
		data.Current = "/"
		return data
	})
}

// author serves an author's profile and stream; a pending invitation has
// no page.
func (s *Site) author(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !domain.ValidSlug(slug) {
		s.notFound(w, r)
		return
	}
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v, err := st.subject("author:"+slug, s.now(), func() (any, error) {
		return s.store.PublicAuthorBySlug(r.Context(), slug)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := new(domain.Author)
	*a = *v.(*domain.Author) // the page's own copy: the kept one is shared
	path := "/author/" + a.Slug + "/"
	s.streamPage(w, r, "author", path, storage.PostQuery{AuthorID: a.ID}, func(st *siteState, c clock) *page {
		desc := a.Title
		if bio := paragraphs(a.Bio); len(bio) > 0 {
			desc = domain.Truncate(bio[0], 200)
		}
		data := s.newPage(st, a.Name, desc, seo.Page{Path: path, Author: a})
		data.Author = a
		return data
	})
}

// tag serves a section: its description and stream. Internal tags, and
// tags of drafts and scheduled posts only, do not exist for readers.
func (s *Site) tag(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !domain.ValidSlug(slug) {
		s.notFound(w, r)
		return
	}
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v, err := st.subject("tag:"+slug, s.now(), func() (any, error) {
		return s.store.PublicTagBySlug(r.Context(), slug, s.now())
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := new(domain.Tag)
	*t = *v.(*domain.Tag)
	path := "/tag/" + t.Slug + "/"
	s.streamPage(w, r, "tag", path, storage.PostQuery{TagID: t.ID}, func(st *siteState, c clock) *page {
		data := s.newPage(st, t.Name, t.Description, seo.Page{Path: path, Tag: t})
		data.Tag = t
		data.Current = t.Slug
		return data
	})
}

// streamPage serves a page whose subject is a stream (home, author, tag):
// the full page, or with ?partial=1 just the items and the next "Show
// More" link, which the script appends in place.
func (s *Site) streamPage(w http.ResponseWriter, r *http.Request, name, path string, q storage.PostQuery,
	layout func(*siteState, clock) *page) {
	after, err := cursorParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := newClock(st, s.now())
	q.Public, q.Now, q.Limit, q.After, q.Summary = true, c.now, PageSize, after, true
	res, err := s.store.ListPosts(r.Context(), q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	items := c.items(res.Posts, sizesStream, after == nil, false)
	if q.TagID != "" {
		// On a section's page, naming the section on every item is noise.
		for i := range items {
			if items[i].Section != nil && items[i].Section.ID == q.TagID {
				items[i].Section = nil
			}
		}
	}
	if !s.noFragments { // a whole render is what tests compare this with
		renderItems(items)
	}
	str := &stream{
		L:          c.locale(),
		ID:         "news-stream",
		Items:      items,
		More:       moreURL(path, res.Next),
		ReplaceURL: true,
		Empty:      c.locale().T("Nothing has been published here yet."),
	}
	if after != nil {
		str.Empty = c.locale().T("There are no more stories.")
	} else if name == "home" {
		str.Live = newLiveBar(c.locale(), "insert")
	}
	if r.URL.Query().Get("partial") == "1" {
		s.renderTemplate(w, r, http.StatusOK, name, "fragment", str)
		return
	}
	data := layout(st, c)
	data.Stream = str
	// A page deep in the stream is not worth indexing; its links are.
	data.NoIndex = after != nil
	s.render(w, r, http.StatusOK, name, data)
}

// postAndState loads the post at slug and the site state with its clock,
// answering the request itself (not found, server error) when it cannot.
func (s *Site) postAndState(w http.ResponseWriter, r *http.Request, slug string) (*domain.Post, *siteState, clock, bool) {
	p, err := s.store.PostBySlug(r.Context(), slug)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, clock{}, false
	}
	st, err := s.state(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, clock{}, false
	}
	return p, st, newClock(st, s.now()), true
}

// post serves an article, brief or video item with the stream after it.
func (s *Site) post(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !domain.ValidSlug(slug) {
		s.notFound(w, r)
		return
	}
	p, st, c, ok := s.postAndState(w, r, slug)
	if !ok {
		return
	}
	if p.Status == domain.StatusTrashed {
		// A story readers saw answers 410 until the purge (a redirect
		// rule for the address answers before this, see
		// internal/redirect); a trashed draft was never there: 404.
		t, err := s.store.TrashOf(r.Context(), p.ID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			s.serverError(w, r, err)
			return
		}
		if err == nil && t.Status == domain.StatusPublished && !p.PublishedAt.After(c.now) {
			s.gone(w, r)
			return
		}
		s.notFound(w, r)
		return
	}
	if !p.IsPublic(c.now) {
		s.notFound(w, r)
		return
	}
	if p.IsPage() {
		s.servePage(w, r, st, c, p)
		return
	}
	if p.Kind == domain.KindLive {
		after, err := cursorParam(r)
		if err != nil {
			s.clientError(w, r, http.StatusBadRequest, domain.ErrorMessage(err))
			return
		}
		data, err := s.livePage(r.Context(), st, c, p, after)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "live", data)
		return
	}
	data, err := s.articlePage(r.Context(), st, c, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "post", data)
}

// articlePage builds an article page: the post, the breaking-news banner
// and the top of the News Feed, the same on every article, so that a
// reader who arrives from a search or a share sees what is new.
func (s *Site) articlePage(ctx context.Context, st *siteState, c clock, p *domain.Post) (*page, error) {
	newest, err := s.newestPosts(ctx, c)
	if err != nil {
		return nil, err
	}
	shown := make([]*domain.Post, 0, PageSize)
	more, self := false, ""
	for _, q := range newest {
		switch {
		case q.ID == p.ID:
			self = q.ID // this page's rail differs from the others'
		case len(shown) < PageSize:
			shown = append(shown, q)
		default:
			more = true
		}
	}
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
		// The page speaks the post's language, masthead to footer.
		data.Lang, data.L = p.Language, localeFor(p.Language)
		data.Today = today(st.loc, c.now, data.L)
	}
	data.Post = c.article(p)
	data.Breaking = s.breaking(ctx, c, p.ID)
	if sec := sectionOf(p); sec != nil {
		data.Current = sec.Slug
	}
	str := &stream{
		L:       data.L,
		ID:      "news-stream",
		Heading: data.L.T("News Feed"),
		Live:    newLiveBar(data.L, "link"),
	}
	if more {
		str.More = moreURL("/", storage.CursorOf(shown[len(shown)-1]))
	}
	data.Stream, data.streamKey, data.rail = str, self, shown
	data.fillStream = func() { str.Items = c.items(shown, sizesRail, false, true) }
	return data, nil
}

// breaking returns the posts pinned as breaking news, except the one
// being read. A failure only costs the banner, not the page.
func (s *Site) breaking(ctx context.Context, c clock, except string) []item {
	all, err := s.breakingPosts(ctx, c)
	if err != nil {
		s.log.Error("site: load breaking news", "err", err)
		return nil
	}
	posts := make([]*domain.Post, 0, breakingMax)
	for _, p := range all {
		if p.ID != except && len(posts) < breakingMax {
			posts = append(posts, p)
		}
	}
	return c.items(posts, "", false, false)
}

// fallback answers paths no route claims: "/some-story" gains its slash
// as Ghost does; anything else is the 404 page.
func (s *Site) fallback(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := entryPath(r.URL.Path); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		// A live blog entry's page: routed here because a pattern for it
		// would overlap the tag and author feeds' (/tag/{slug}/rss/).
		s.cached(s.entryPage)(w, r)
		return
	}
	seg := strings.TrimPrefix(r.URL.Path, "/")
	if domain.ValidSlug(seg) {
		target := "/" + seg + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.notFound(w, r)
}

// moreURL is the "Show More" link: the stream's path after the cursor.
// A path that already carries a query ends in "&".
func moreURL(path string, next *storage.Cursor) string {
	if next == nil {
		return ""
	}
	if !strings.HasSuffix(path, "&") {
		path += "?"
	}
	return path + "after=" + url.QueryEscape(next.String())
}
