package ghost

import (
	"net/http"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

// Static pages: Ghost serves them under pages/ with the posts' parameters
// and shapes, and leaves them out of posts/.

// resource is the posts/ or pages/ side of the Admin API: the same
// handlers, with a type, an envelope key and a name for errors.
type resource struct {
	typ  domain.PostType
	key  string // "posts" or "pages"
	name string // "Post" or "Page"
}

var (
	postsResource = resource{typ: domain.TypePost, key: "posts", name: "Post"}
	pagesResource = resource{typ: domain.TypePage, key: "pages", name: "Page"}
)

func (a *API) adminAddPage(w http.ResponseWriter, r *http.Request, who *actor) {
	a.addPost(w, r, who, pagesResource)
}

func (a *API) adminEditPage(w http.ResponseWriter, r *http.Request, who *actor) {
	a.editPost(w, r, who, pagesResource)
}

func (a *API) adminDeletePage(w http.ResponseWriter, r *http.Request, who *actor) {
	a.deletePost(w, r, who, pagesResource)
}

func (a *API) browsePages(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	// Ghost lists pages by title unless asked otherwise.
	order := postOrder(p, false)
	if !p.ordered && len(p.slugOrder) == 0 {
		order = []storage.GhostOrder{{Field: "title"}}
	}
	f := dropFields(p.filter, func(f string) bool { return strings.EqualFold(f, "status") })
	pages, total, err := a.listPosts(r.Context(), storage.GhostQuery{Type: domain.TypePage, Public: true, Now: a.Now(),
		Order: order, SlugOrder: p.slugOrder, Limit: p.limit, Page: p.page}, f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts := p.postOptions()
	list := make([]object, len(pages))
	for i, pg := range pages {
		list[i] = sh.page(pg, opts)
	}
	a.writeJSON(w, r, http.StatusOK, object{{"pages", list}, {"meta", pagination(p.page, p.limit, total)}}, publicCache)
}

func (a *API) readPage(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	pg, err := a.loadOf(r, domain.TypePage)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !pg.IsPublic(a.Now())) {
		a.writeError(w, r, errNotFound("Page"))
		return
	}
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
	opts.lookup = lookupKey(r)
	a.writeJSON(w, r, http.StatusOK, object{{"pages", []object{sh.page(pg, opts)}}}, publicCache)
}

func (a *API) adminBrowsePages(w http.ResponseWriter, r *http.Request, who *actor) {
	p, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	pages, total, err := a.listPosts(r.Context(), storage.GhostQuery{Type: domain.TypePage, Now: a.Now(),
		Order: postOrder(p, true), Limit: p.limit, Page: p.page}, ownWork(p.filter, who))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list := make([]object, len(pages))
	for i, pg := range pages {
		list[i] = sh.page(pg, opts)
	}
	a.writeJSON(w, r, http.StatusOK, object{{"pages", list}, {"meta", pagination(p.page, p.limit, total)}}, privateCache)
}

func (a *API) adminReadPage(w http.ResponseWriter, r *http.Request, who *actor) {
	_, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts.lookup = lookupKey(r)
	pg, err := a.loadOf(r, domain.TypePage)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = errNotFound("Page")
	}
	if err == nil && !canView(who.User, pg) {
		err = errNoPermission("You do not have permission to read this page.")
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePost(w, r, http.StatusOK, pg, opts)
}

// page is a post object as Ghost shapes a page: no newsletter or e-mail
// fields, sign-up counts instead of clicks, and the page template's switch
// for title and lead image.
func (s shaper) page(p *domain.Post, o postOptions) object {
	obj := s.post(p, o)
	out := make(object, 0, len(obj)+1)
	for _, f := range obj {
		switch f.k {
		case "email_subject", "email_segment", "email_only", "email", "newsletter":
			continue
		case "count":
			f.v = object{{"signups", 0}, {"paid_conversions", 0}, {"positive_feedback", 0}, {"negative_feedback", 0}}
		case "newsdesk":
			if len(o.fields) == 0 {
				out = append(out, field{"show_title_and_feature_image", true})
			}
		}
		out = append(out, f)
	}
	return out
}

// ownWork narrows filter to the user's own work when the role sees only
// that (Authors and Contributors), as the posts listing does.
func ownWork(f filter.Expr, who *actor) filter.Expr {
	if domain.Can(who.User, domain.ActionViewAllPosts, nil) {
		return f
	}
	own := &filter.Cmp{Field: "authors.id", Op: filter.Eq, Values: []filter.Value{{Kind: filter.String, Text: who.User.ID, Quoted: true}}, At: 1}
	if f == nil {
		return own
	}
	return &filter.And{Terms: []filter.Expr{f, own}, At: 1}
}
