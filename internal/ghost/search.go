package ghost

import (
	"net/http"
	"unicode/utf8"

	"newsdesk/internal/storage"
)

// maxSearch bounds a search, in characters, as the site's /search/ does.
const maxSearch = 200

// searchPosts answers GET /ghost/api/content/posts/?search=words, a
// newsdesk extension Ghost lacks: public posts whose headline,
// standfirst or body has the words or "quoted phrases", best first, in
// the usual post shape (include, fields and formats apply). Results are
// ranked in windows of recent matches, so they page by cursor, not by
// page number: meta.search.next, passed back as after=, is the next page
// (null at the end). filter, order and page do not combine with search.
func (a *API) searchPosts(w http.ResponseWriter, r *http.Request, p *params) {
	q := r.URL.Query()
	text := q.Get("search")
	switch {
	case utf8.RuneCountInString(text) > maxSearch:
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity, "Search for at most 200 characters.", "", "search"))
		return
	case p.filter != nil || q.Has("order") || q.Has("page"):
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity,
			"search does not combine with filter, order or page; page with after= instead.", "", "search"))
		return
	}
	sq := storage.SearchQuery{Text: text, Now: a.Now(), Limit: p.limit}
	if v := q.Get("after"); v != "" {
		c, err := storage.ParseSearchCursor(v)
		if err != nil {
			a.writeError(w, r, errParam("matches", "after"))
			return
		}
		sq.After = c
	}
	res, err := a.Store.SearchPosts(r.Context(), sq)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts := p.postOptions()
	list := make([]object, len(res.Posts))
	for i, post := range res.Posts {
		list[i] = sh.post(post, opts)
	}
	var next any
	if res.Next != nil {
		next = res.Next.String()
	}
	meta := pagination(1, p.limit, len(res.Posts))
	meta = append(meta, field{"search", object{{"next", next}}})
	a.writeJSON(w, r, http.StatusOK, object{{"posts", list}, {"meta", meta}}, publicCache)
}
