package ghost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/ghost/nql"
	"newsdesk/internal/storage"
)

// content wraps a Content API handler: CORS for browser front ends on
// other origins, and the ?key= check.
func (a *API) content(h func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Access-Control-Allow-Origin", "*")
		hd.Set("Access-Control-Expose-Headers", "Content-Version, ETag")
		hd.Set("Content-Version", Version)
		hd.Add("Vary", "Accept-Version")
		key := r.URL.Query().Get("key")
		if key == "" {
			a.writeError(w, r, &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: "Authorization failed",
				Context: "Unable to determine the authenticated member or integration. Check the supplied Content API Key."})
			return
		}
		in, err := a.Store.IntegrationByContentKey(r.Context(), key)
		if err != nil || in.Revoked() {
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				a.writeError(w, r, err)
				return
			}
			a.writeError(w, r, errUnauthorized("Unknown Content API Key", "The Content API key is unknown or was revoked."))
			return
		}
		h(w, r)
	})
}

func (a *API) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept-Version, Content-Type, Authorization")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// writeJSON answers 200 (or status) with body; GET answers carry an ETag
// so clients and caches can revalidate for a 304.
func (a *API) writeJSON(w http.ResponseWriter, r *http.Request, status int, body any, cache string) {
	b, err := marshalNoEscape(body)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Version", Version)
	h.Set("Cache-Control", cache)
	if r.Method == http.MethodGet && status == http.StatusOK {
		sum := sha256.Sum256(b)
		etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	w.Write(b)
}

// Public answers may be stored but must be revalidated (cheap with ETags),
// so a correction is visible at once.
const publicCache = "public, max-age=0, must-revalidate"

func (a *API) shaper(ctx context.Context, admin bool) (shaper, error) {
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return shaper{}, err
	}
	loc, err := time.LoadLocation(st.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return shaper{site: a.SiteURL, loc: loc, admin: admin}, nil
}

// listPosts runs a page-numbered listing, reusing a cached total while
// content is unchanged.
func (a *API) listPosts(ctx context.Context, q storage.GhostQuery) ([]*domain.Post, int, error) {
	key := string(q.Type) + "," + strconv.FormatBool(q.Public)
	for _, st := range q.Statuses {
		key += "," + string(st)
	}
	if q.Filter != nil {
		key += "|" + q.Filter.String()
	}
	version := a.version()
	now := a.Now()
	total, cached := a.totals.get(key, version, now)
	q.SkipTotal = cached
	posts, n, err := a.Store.GhostPosts(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	if !cached {
		total = n
		a.totals.put(key, n, version, now)
	}
	return posts, total, nil
}

func (a *API) browsePosts(w http.ResponseWriter, r *http.Request) {
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
	posts, total, err := a.listPosts(r.Context(), storage.GhostQuery{Public: true, Now: a.Now(), Filter: p.filter,
		Order: p.order, Limit: p.limit, Page: p.page})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts := p.postOptions()
	list := make([]object, len(posts))
	for i, post := range posts {
		list[i] = sh.post(post, opts)
	}
	a.writeJSON(w, r, http.StatusOK, object{{"posts", list}, {"meta", pagination(p.page, p.limit, total)}}, publicCache)
}

// loadPost finds a post by the {id} or {slug} path value; a static page
// is not found there, as in Ghost.
func (a *API) loadPost(r *http.Request) (*domain.Post, error) {
	return a.loadOf(r, domain.TypePost)
}

// loadOf finds a post or a page (typ) by the {id} or {slug} path value.
func (a *API) loadOf(r *http.Request, typ domain.PostType) (*domain.Post, error) {
	var p *domain.Post
	var err error
	key := r.PathValue("slug")
	if key != "" {
		p, err = a.Store.PostBySlug(r.Context(), key)
	} else {
		key = r.PathValue("id")
		if !domain.ValidID(key) {
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: "+strconv.Quote(key)+" is not a valid id.", "", "id")
		}
		p, err = a.Store.PostByID(r.Context(), key)
	}
	if err == nil && p.Type != typ && !(typ == domain.TypePost && p.Type == "") {
		return nil, storage.NotFound("Post", key)
	}
	return p, err
}

func (a *API) readPost(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	post, err := a.loadPost(r)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !post.IsPublic(a.Now())) {
		a.writeError(w, r, errNotFound("Post"))
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
	opts.corrections = true
	a.writeJSON(w, r, http.StatusOK, object{{"posts", []object{sh.post(post, opts)}}}, publicCache)
}

// pageOf cuts one page out of a filtered in-memory list.
func pageOf[T any](items []T, p *params) []T {
	start := (p.page - 1) * p.limit
	if start >= len(items) {
		return nil
	}
	return items[start:min(start+p.limit, len(items))]
}

// filterSort applies filter and order to a small list in memory, with
// get giving each item's filterable fields.
func filterSort[T any](items []T, p *params, get func(T, string) ([]string, bool), defaultOrder string) ([]T, error) {
	out := items[:0:0]
	for _, it := range items {
		ok, err := nql.Match(p.filter, func(f string) ([]string, bool) { return get(it, f) })
		if err != nil {
			return nil, errValidation(http.StatusBadRequest, "Invalid filter: "+err.Error(), "", "filter")
		}
		if ok {
			out = append(out, it)
		}
	}
	order := p.order
	if len(order) == 0 {
		order = []storage.GhostOrder{{Field: defaultOrder}}
	}
	for _, o := range order {
		if _, ok := get(*new(T), o.Field); !ok {
			return nil, errValidation(http.StatusBadRequest, "Validation error: cannot order by "+strconv.Quote(o.Field)+".", "", "order")
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		for _, o := range order {
			vi, _ := get(out[i], o.Field)
			vj, _ := get(out[j], o.Field)
			c := strings.Compare(strings.ToLower(strings.Join(vi, ",")), strings.ToLower(strings.Join(vj, ",")))
			if c != 0 {
				return (c < 0) != o.Desc
			}
		}
		return false
	})
	return out, nil
}

func authorField(u *domain.User, f string) ([]string, bool) {
	if u == nil {
		u = &domain.User{}
	}
	switch f {
	case "id":
		return []string{u.ID}, true
	case "name":
		return []string{u.Name}, true
	case "slug":
		return []string{u.Slug}, true
	case "location":
		return []string{u.Location}, true
	case "website":
		return []string{u.Website}, true
	case "bio":
		return []string{u.Bio}, true
	}
	return nil, false
}

func tagField(t *domain.Tag, f string) ([]string, bool) {
	if t == nil {
		t = &domain.Tag{}
	}
	switch f {
	case "id":
		return []string{t.ID}, true
	case "name":
		return []string{t.Name}, true
	case "slug":
		return []string{t.Slug}, true
	case "description":
		return []string{t.Description}, true
	case "visibility":
		if t.Internal() {
			return []string{"internal"}, true
		}
		return []string{"public"}, true
	}
	return nil, false
}

func (a *API) publicAuthors(ctx context.Context) ([]*domain.User, error) {
	users, err := a.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := users[:0]
	for _, u := range users {
		if publicAuthor(u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// publicAuthor reports whether the Content API shows u: not suspended, and
// not an invitation still waiting to be accepted.
func publicAuthor(u *domain.User) bool { return !u.Suspended && !u.Pending }

func (a *API) countPosts(ctx context.Context, q storage.PostQuery) (*int, error) {
	q.Public = true
	n, err := a.Store.CountPosts(ctx, q)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

func (a *API) browseAuthors(w http.ResponseWriter, r *http.Request) {
	a.browseUsers(w, r, nil)
}

// browseUsers lists authors (Content API, viewer nil) or users as the
// Admin API's viewer may see them.
func (a *API) browseUsers(w http.ResponseWriter, r *http.Request, viewer *domain.User) {
	admin := viewer != nil
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	users, err := a.publicAuthors(r.Context())
	if admin {
		users, err = a.Store.ListUsers(r.Context())
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	users, err = filterSort(users, p, authorField, "name")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	pageItems := pageOf(users, p)
	list := make([]object, len(pageItems))
	for i, u := range pageItems {
		var count *int
		if p.include["count.posts"] {
			if count, err = a.countPosts(r.Context(), storage.PostQuery{AuthorID: u.ID}); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		if admin {
			list[i] = sh.user(u, p.include["roles"], domain.CanSeeEmail(viewer, u), count).only(p.fields)
		} else {
			list[i] = sh.author(&u.Author, count).only(p.fields)
		}
	}
	name := "authors"
	cache := publicCache
	if admin {
		name, cache = "users", "no-cache, private"
	}
	a.writeJSON(w, r, http.StatusOK, object{{name, list}, {"meta", pagination(p.page, p.limit, len(users))}}, cache)
}

func (a *API) readAuthor(w http.ResponseWriter, r *http.Request) {
	a.readUser(w, r, nil)
}

// readUser is browseUsers for one author or user.
func (a *API) readUser(w http.ResponseWriter, r *http.Request, viewer *domain.User) {
	admin := viewer != nil
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var u *domain.User
	if slug := r.PathValue("slug"); slug != "" {
		var au *domain.Author
		if au, err = a.Store.AuthorBySlug(r.Context(), slug); err == nil {
			u, err = a.Store.UserByID(r.Context(), au.ID)
		}
	} else {
		u, err = a.Store.UserByID(r.Context(), r.PathValue("id"))
	}
	what := "Author"
	if admin {
		what = "User"
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !admin && !publicAuthor(u)) {
		a.writeError(w, r, errNotFound(what))
		return
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var count *int
	if p.include["count.posts"] {
		if count, err = a.countPosts(r.Context(), storage.PostQuery{AuthorID: u.ID}); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	if admin {
		a.writeJSON(w, r, http.StatusOK, object{{"users", []object{sh.user(u, p.include["roles"], domain.CanSeeEmail(viewer, u), count).only(p.fields)}}}, "no-cache, private")
		return
	}
	a.writeJSON(w, r, http.StatusOK, object{{"authors", []object{sh.author(&u.Author, count).only(p.fields)}}}, publicCache)
}

func (a *API) browseTags(w http.ResponseWriter, r *http.Request) {
	a.browseTagList(w, r, false)
}

func (a *API) browseTagList(w http.ResponseWriter, r *http.Request, admin bool) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	// Readers see the tags of public posts only; staff see every tag.
	var tags []*domain.Tag
	if admin {
		tags, err = a.Store.ListTags(r.Context())
	} else {
		tags, err = a.Store.ListPublicTags(r.Context(), a.Now())
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if tags, err = filterSort(tags, p, tagField, "name"); err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	pageItems := pageOf(tags, p)
	list := make([]object, len(pageItems))
	for i, t := range pageItems {
		var count *int
		if p.include["count.posts"] {
			if count, err = a.countPosts(r.Context(), storage.PostQuery{TagID: t.ID}); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		list[i] = sh.tag(t, count).only(p.fields)
	}
	cache := publicCache
	if admin {
		cache = "no-cache, private"
	}
	a.writeJSON(w, r, http.StatusOK, object{{"tags", list}, {"meta", pagination(p.page, p.limit, len(tags))}}, cache)
}

func (a *API) readTag(w http.ResponseWriter, r *http.Request) {
	a.readOneTag(w, r, false)
}

func (a *API) readOneTag(w http.ResponseWriter, r *http.Request, admin bool) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var t *domain.Tag
	slug, id := r.PathValue("slug"), r.PathValue("id")
	switch {
	case admin && slug != "":
		t, err = a.Store.TagBySlug(r.Context(), slug)
	case admin:
		t, err = a.Store.TagByID(r.Context(), id)
	case slug != "":
		t, err = a.Store.PublicTagBySlug(r.Context(), slug, a.Now())
	default:
		t, err = a.Store.PublicTagByID(r.Context(), id, a.Now())
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		a.writeError(w, r, errNotFound("Tag"))
		return
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var count *int
	if p.include["count.posts"] {
		if count, err = a.countPosts(r.Context(), storage.PostQuery{TagID: t.ID}); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	cache := publicCache
	if admin {
		cache = "no-cache, private"
	}
	a.writeJSON(w, r, http.StatusOK, object{{"tags", []object{sh.tag(t, count).only(p.fields)}}}, cache)
}

func (a *API) settings(w http.ResponseWriter, r *http.Request) {
	st, err := a.Store.Settings(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeJSON(w, r, http.StatusOK, object{{"settings", sh.settings(st)}, {"meta", object{}}}, publicCache)
}
