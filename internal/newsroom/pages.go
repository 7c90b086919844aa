package newsroom

import (
	"net/http"
	"net/url"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Static pages (About, Contact, Corrections policy) are posts of type
// page: the same editor, roles and revisions, listed apart from the news.

// pageList is the Pages list beside Posts: every page the user may see,
// newest first, filtered by status and title.
func (n *Newsroom) pageList(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	v := r.URL.Query()
	q := storage.PostQuery{Type: domain.TypePage, Limit: listLimit, Search: strings.TrimSpace(v.Get("q"))}
	if len(q.Search) > 200 {
		return domain.FieldError("q", "Search text is too long.")
	}
	if s := domain.Status(v.Get("status")); s != "" {
		if !s.Valid() {
			return domain.FieldError("status", "Unknown status %q.", s)
		}
		q.Statuses = []domain.Status{s}
	}
	if !domain.Can(u, domain.ActionViewAllPosts, nil) {
		q.AuthorID = u.ID // Authors and Contributors see their own work
	}
	if a := v.Get("after"); a != "" {
		c, err := storage.ParseCursor(a)
		if err != nil {
			return err
		}
		q.After = c
	}
	page, err := n.Store.ListPosts(ctx, q)
	if err != nil {
		return err
	}
	pending, err := n.pendingOf(ctx, page.Posts)
	if err != nil {
		return err
	}
	next := ""
	if page.Next != nil {
		nv := url.Values{"after": {page.Next.String()}}
		for _, k := range []string{"q", "status"} {
			if v.Get(k) != "" {
				nv.Set(k, v.Get(k))
			}
		}
		next = "/newsroom/pages?" + nv.Encode()
	}
	n.render(w, r, u, http.StatusOK, "pages", map[string]any{
		"PageTitle": "Pages", "Pages": page.Posts, "Next": next, "Pending": pending,
		"F":        map[string]string{"status": v.Get("status"), "q": q.Search},
		"Filtered": v.Get("status") != "" || q.Search != "" || q.After != nil,
	})
	return nil
}

// newPage opens the editor on a new static page.
func (n *Newsroom) newPage(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionCreatePost, nil) {
		return forbidden("create pages")
	}
	settings, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	p := &domain.Post{Type: domain.TypePage, Kind: domain.KindArticle, Status: domain.StatusDraft, Language: settings.Language,
		Authors: []domain.Author{u.Author}}
	return n.renderEditor(w, r, u, http.StatusOK, &postForm{Post: p, New: true, AuthorIDs: []string{u.ID}})
}
