package ghost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage"
)

// content wraps a Content API handler: CORS for browser front ends on
// other origins, the ?key= check, then the endpoint's frame.
func (a *API) content(f frame, h func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		key := query(r).Get("key")
		if key == "" {
			a.writeError(w, r, &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: "Authorization failed",
				Context: "Unable to determine the authenticated member or integration. Check the supplied Content API Key and ensure cookies are being passed through if member auth is failing.",
				raw:     true})
			return
		}
		// Every request looks its key up (one primary-key read): a key
		// revoked from the newsroom or from the command line, in another
		// process, stops working at once.
		in, err := a.Store.IntegrationByContentKey(r.Context(), key)
		if err != nil || in.Revoked() {
			if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
				a.writeError(w, r, err)
				return
			}
			a.writeError(w, r, &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: "Unknown Content API Key",
				Code: "UNKNOWN_CONTENT_API_KEY", raw: true})
			return
		}
		a.answer(w, r, f, h)
	})
}

func (a *API) answer(w http.ResponseWriter, r *http.Request, f frame, h func(http.ResponseWriter, *http.Request)) {
	if a.Cache == nil || r.Method != http.MethodGet {
		h(w, withFrame(r, f))
		return
	}
	a.cachedAnswer(w, withFrame(r, f), h)
}

// cachedAnswer serves a Content API GET from the answer cache, or runs h
// once for every request waiting on the same address. Answers depend on
// the address alone (the key was checked above), and any content event
// drops them all. Only 200s are kept.
func (a *API) cachedAnswer(w http.ResponseWriter, r *http.Request, h func(http.ResponseWriter, *http.Request)) {
	key := answerKey(r)
	e, err := a.Cache.Load(key, func() (*pagecache.Entry, error) {
		rec := &recorder{header: http.Header{}}
		// The render outlives a client that hangs up, and is not
		// conditional: it is kept for everyone.
		rr := r.WithContext(context.WithoutCancel(r.Context()))
		rr.Header = r.Header.Clone()
		rr.Header.Del("If-None-Match")
		h(rec, rr)
		if rec.status != http.StatusOK {
			return nil, rec
		}
		e := &pagecache.Entry{Body: rec.body, ContentType: rec.header.Get("Content-Type"), ETag: rec.header.Get("ETag"),
			CacheControl: rec.header.Get("Cache-Control"), Deps: []string{pagecache.API}, Route: r.Pattern}
		for _, k := range []string{"Content-Type", "Etag", "Cache-Control"} {
			delete(rec.header, k)
		}
		e.Header = rec.header
		return e, nil
	})
	if rec, ok := err.(*recorder); ok {
		dst := w.Header()
		for k, v := range rec.header {
			dst[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body)
		return
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	pagecache.Serve(w, r, e)
}

// CachedAnswer returns the cached answer to r, a Content API GET with a
// good key, or nil: the application serves it before routing. The answer is sent with Access-Control-Allow-Origin: *, as
// every Content API answer is.
func (a *API) CachedAnswer(r *http.Request) *pagecache.Entry {
	if a.Cache == nil || r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/ghost/api/content/") {
		return nil
	}
	key := query(r).Get("key")
	if key == "" {
		return nil
	}
	e := a.Cache.Get(answerKey(r))
	if e == nil {
		return nil
	}
	if in, err := a.Store.IntegrationByContentKey(r.Context(), key); err != nil || in.Revoked() {
		return nil // the routed handler gives the right error
	}
	return e
}

// answerKey names a Content API answer by its path and its query without
// the key, in a fixed order.
func answerKey(r *http.Request) string {
	q := query(r) // as the handlers read it, malformed escapes included
	q.Del("key")
	return "api:" + r.URL.Path + "?" + q.Encode()
}

// recorder keeps an answer to cache it, or to hand an uncacheable one to
// every request that waited for it.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (c *recorder) Header() http.Header { return c.header }
func (c *recorder) WriteHeader(s int) {
	if c.status == 0 {
		c.status = s
	}
}
func (c *recorder) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	c.body = append(c.body, b...)
	return len(b), nil
}
func (c *recorder) Error() string { return "answer not cached" }

// preflight answers CORS preflight requests as Ghost's cors middleware
// does: every method, the asked-for headers, cached for a day.
func (a *API) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
	if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
		h.Set("Access-Control-Allow-Headers", asked)
	}
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Cache-Control", publicCache)
	h.Set("Content-Version", Version)
	h.Set("Vary", "Accept-Version, Access-Control-Request-Headers")
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusNoContent)
}

// writeJSON answers status with body. Every JSON answer carries an ETag,
// as Ghost's do; a GET whose If-None-Match matches gets a 304.
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
	h.Set("Vary", "Accept-Version, Accept-Encoding")
	if a.adminCORS(w, r) {
		h.Set("Vary", "Accept-Version, Origin, Accept-Encoding")
	}
	sum := sha256.Sum256(b)
	etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", etag)
	if r.Method == http.MethodGet && status == http.StatusOK {
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	w.Write(b)
}

// adminCORS allows the site's own pages (Ghost's admin app, the
// newsroom) to read Admin API answers, as Ghost's admin CORS does for its
// own origin; it reports whether it did.
func (a *API) adminCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || origin != a.SiteURL || !strings.HasPrefix(r.URL.Path, "/ghost/api/admin/") {
		return false
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	return true
}

// Public answers may be stored but must be revalidated (cheap with ETags),
// so a correction is visible at once.
const publicCache = "public, max-age=0"

func (a *API) shaper(ctx context.Context, admin bool) (shaper, error) {
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return shaper{}, err
	}
	loc, err := time.LoadLocation(st.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return shaper{site: a.SiteURL, loc: loc, admin: admin, look: &lookups{api: a, ctx: ctx}}, nil
}

// listPosts runs a page-numbered listing filtered by f, a filter in
// Ghost's field names, reusing a cached total while content is unchanged.
func (a *API) listPosts(ctx context.Context, q storage.GhostQuery, f filter.Expr) ([]*domain.Post, int, error) {
	var err error
	if q.Filter, err = postFilter(f, q.Now); err != nil {
		return nil, 0, err
	}
	key := string(q.Type) + "," + strconv.FormatBool(q.Public)
	for _, st := range q.Statuses {
		key += "," + string(st)
	}
	if q.Filter != nil {
		key += "|" + q.Filter.String()
	}
	key = "api-total:" + key
	gen := a.totals.Generation()
	total, cached := 0, false
	if e := a.totals.Get(key); e != nil {
		total, cached = int(e.Value), true
	}
	q.SkipTotal = cached
	posts, n, err := a.Store.GhostPosts(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	if !cached {
		total = n
		a.totals.Put(gen, key, &pagecache.Entry{Value: int64(n), Deps: []string{pagecache.API}, Expires: a.Now().Add(totalTTL)})
	}
	return posts, total, nil
}

// postOrderFields are the fields newsdesk can order posts by; Ghost skips
// fields it does not know, and so does newsdesk with these.
var postOrderFields = map[string]bool{"published_at": true, "created_at": true, "updated_at": true, "title": true,
	"slug": true, "featured": true, "id": true}

// postOrder is the order a listing asks storage for. Without an order,
// Ghost's default: published posts newest first (the Admin API puts
// scheduled posts, then drafts, first). With an order naming nothing
// newsdesk knows, the order posts were stored in, as Ghost's database
// returns them then.
func postOrder(p *params, admin bool) []storage.GhostOrder {
	if !p.ordered {
		if admin {
			return []storage.GhostOrder{{Field: storage.GhostStatusRank}, {Field: storage.GhostPublishedAt, Desc: true},
				{Field: "updated_at", Desc: true}}
		}
		return nil
	}
	var out []storage.GhostOrder
	for _, o := range p.order {
		if postOrderFields[o.Field] {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return []storage.GhostOrder{{Field: "created_at"}}
	}
	return out
}

func (a *API) browsePosts(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if r.URL.Query().Has("search") {
		a.searchPosts(w, r, p) // a newsdesk extension: search.go
		return
	}
	sh, err := a.shaper(r.Context(), false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	// The Content API lists published posts, whatever the filter says of status.
	f := dropFields(p.filter, func(f string) bool { return strings.EqualFold(f, "status") })
	posts, total, err := a.listPosts(r.Context(), storage.GhostQuery{Public: true, Now: a.Now(),
		Order: postOrder(p, false), SlugOrder: p.slugOrder, Limit: p.limit, Page: p.page}, f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts := p.postOptions()
	list := make([]object, len(posts))
	for i, post := range posts {
		if post, err = a.withLiveHTML(r.Context(), post); err != nil {
			a.writeError(w, r, err)
			return
		}
		list[i] = sh.post(post, opts)
	}
	a.writeJSON(w, r, http.StatusOK, object{{"posts", list}, {"meta", pagination(p.page, p.limit, total)}}, publicCache)
}

// loadPost finds a post by the {id} or {slug} path value (checked by parseParams).
func (a *API) loadPost(r *http.Request) (*domain.Post, error) {
	return a.loadOf(r, domain.TypePost)
}

// loadOf finds a post or a page (typ) by the {id} or {slug} path value
// (parseParams checked their form); a post is not a page and a page not a
// post, as in Ghost.
func (a *API) loadOf(r *http.Request, typ domain.PostType) (*domain.Post, error) {
	var p *domain.Post
	var err error
	key := r.PathValue("slug")
	if key != "" {
		p, err = a.Store.PostBySlug(r.Context(), key)
	} else {
		key = r.PathValue("id")
		p, err = a.Store.PostByID(r.Context(), key)
	}
	// A post in the trash is gone for both APIs, as a deleted one is.
	if err == nil && (p.Type != typ && !(typ == domain.TypePost && p.Type == "") || p.Status == domain.StatusTrashed) {
		return nil, storage.NotFound("Post", key)
	}
	return p, err
}

// lookupKey is the path value a read found its object by: Ghost returns
// it whatever fields asks for.
func lookupKey(r *http.Request) string {
	if r.PathValue("slug") != "" {
		return "slug"
	}
	return "id"
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
	opts.lookup = lookupKey(r)
	if post, err = a.withLiveHTML(r.Context(), post); err != nil {
		a.writeError(w, r, err)
		return
	}
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
// get giving each item's filterable fields. Without an order it keeps
// the list's own (Ghost's default for the endpoint); order rules naming
// fields get does not know are skipped, as Ghost skips them, and if none
// is left the items keep the order they were stored in (natural).
func filterSort[T any](items []T, p *params, get func(T, string) ([]string, bool), natural func(a, b T) int) ([]T, error) {
	out := items[:0:0]
	for _, it := range items {
		ok, err := filter.Match(p.filter, func(f string) ([]string, bool) { return get(it, f) })
		var unknown *filter.UnknownFieldError
		if errors.As(err, &unknown) {
			return nil, errFilterField("Invalid filter: " + err.Error())
		}
		if err != nil {
			return nil, errFilter("Invalid filter: " + err.Error())
		}
		if ok {
			out = append(out, it)
		}
	}
	if len(p.slugOrder) > 0 {
		pos := func(it T) int {
			s, _ := get(it, "slug")
			for i, slug := range p.slugOrder {
				if len(s) > 0 && s[0] == slug {
					return i
				}
			}
			return -1 // not listed: first, as NULL sorts in Ghost's SQLite
		}
		sort.SliceStable(out, func(i, j int) bool { return pos(out[i]) < pos(out[j]) })
		return out, nil
	}
	if !p.ordered {
		return out, nil
	}
	var order []storage.GhostOrder
	for _, o := range p.order {
		if _, ok := get(*new(T), o.Field); ok {
			order = append(order, o)
		}
	}
	if len(order) == 0 {
		sort.SliceStable(out, func(i, j int) bool { return natural(out[i], out[j]) < 0 })
		return out, nil
	}
	sort.SliceStable(out, func(i, j int) bool {
		for _, o := range order {
			vi, _ := get(out[i], o.Field)
			vj, _ := get(out[j], o.Field)
			c := strings.Compare(strings.Join(vi, ","), strings.Join(vj, ","))
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
	case "created_at":
		return []string{u.CreatedAt.UTC().Format(time.RFC3339Nano)}, true
	case "updated_at":
		return []string{u.UpdatedAt.UTC().Format(time.RFC3339Nano)}, true
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
	case "created_at":
		return []string{t.CreatedAt.UTC().Format(time.RFC3339Nano)}, true
	case "updated_at":
		return []string{t.UpdatedAt.UTC().Format(time.RFC3339Nano)}, true
	}
	return nil, false
}

// byCreated is the order rows were stored in.
func byCreated[T any](created func(T) (time.Time, string)) func(a, b T) int {
	return func(a, b T) int {
		ta, ia := created(a)
		tb, ib := created(b)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(ia, ib)
	}
}

var (
	usersByCreated = byCreated(func(u *domain.User) (time.Time, string) { return u.CreatedAt, u.ID })
	tagsByCreated  = byCreated(func(t *domain.Tag) (time.Time, string) { return t.CreatedAt, t.ID })
)

// sortUsers puts users in Ghost's default order: last seen first, then by
// name, then newest.
func sortUsers(users []*domain.User, look *lookups) {
	sort.SliceStable(users, func(i, j int) bool {
		si, sj := look.lastSeen(users[i].ID), look.lastSeen(users[j].ID)
		if !si.Equal(sj) {
			return si.After(sj)
		}
		if users[i].Name != users[j].Name {
			return users[i].Name < users[j].Name
		}
		return users[i].CreatedAt.After(users[j].CreatedAt)
	})
}

// publicAuthor reports whether the Content API shows u: not suspended, and
// not an invitation still waiting to be accepted.
func publicAuthor(u *domain.User) bool { return !u.Suspended && !u.Pending }

func (a *API) countPosts(ctx context.Context, q storage.PostQuery) (*int, error) {
	q.Public = true
	q.Now = a.Now()
	n, err := a.Store.CountPosts(ctx, q)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

func (a *API) browseAuthors(w http.ResponseWriter, r *http.Request) {
	a.browseUsers(w, r, nil)
}

// browseUsers lists authors (Content API, viewer nil: those with
// published posts) or users as the Admin API's viewer may see them.
func (a *API) browseUsers(w http.ResponseWriter, r *http.Request, viewer *domain.User) {
	admin := viewer != nil
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	all, err := a.Store.ListUsers(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sort.SliceStable(all, func(i, j int) bool { return usersByCreated(all[i], all[j]) < 0 })
	if admin {
		sortUsers(all, sh.look)
	} else {
		sort.SliceStable(all, func(i, j int) bool { return all[i].Name < all[j].Name })
		// Ghost ignores filters on private fields of authors.
		p.filter = dropFields(p.filter, func(f string) bool {
			f = strings.ToLower(f)
			return strings.HasPrefix(f, "email") || strings.HasPrefix(f, "password")
		})
	}
	users, err := filterSort(all, p, authorField, usersByCreated)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	// The Content API lists authors with published posts, but Ghost's
	// total counts every user the filter matches.
	total := len(users)
	if !admin {
		users = slices.DeleteFunc(users, func(u *domain.User) bool { return !publicAuthor(u) || !sh.look.hasPosts("author", u.ID) })
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
	name, cache := "authors", publicCache
	if admin {
		name, cache = "users", privateCache
	}
	a.writeJSON(w, r, http.StatusOK, object{{name, list}, {"meta", pagination(p.page, p.limit, total)}}, cache)
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
	sh, serr := a.shaper(r.Context(), admin)
	if serr != nil {
		a.writeError(w, r, serr)
		return
	}
	what := "Author"
	if admin {
		what = "User"
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !admin && (!publicAuthor(u) || !sh.look.hasPosts("author", u.ID))) {
		a.writeError(w, r, errNotFound(what))
		return
	}
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
		a.writeJSON(w, r, http.StatusOK, object{{"users", []object{sh.user(u, p.include["roles"], domain.CanSeeEmail(viewer, u), count).only(p.fields)}}}, privateCache)
		return
	}
	a.writeJSON(w, r, http.StatusOK, object{{"authors", []object{sh.author(&u.Author, count).only(p.fields)}}}, publicCache)
}

func (a *API) browseTags(w http.ResponseWriter, r *http.Request) {
	a.browseTagList(w, r, false)
}

// browseTagList lists tags: in the Content API those with published posts
// (internal ones included, as in Ghost) by name, in the Admin API all of
// them in the order they were made (Ghost names no order there; its
// database answers so).
func (a *API) browseTagList(w http.ResponseWriter, r *http.Request, admin bool) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), admin)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	all, err := a.Store.ListTags(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	tags := all
	if admin {
		sort.SliceStable(tags, func(i, j int) bool { return tagsByCreated(tags[i], tags[j]) < 0 })
	} else {
		sort.SliceStable(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	}
	if tags, err = filterSort(tags, p, tagField, tagsByCreated); err != nil {
		a.writeError(w, r, err)
		return
	}
	// The Content API lists tags with published posts, but Ghost's total
	// counts every tag the filter matches.
	total := len(tags)
	if !admin {
		tags = slices.DeleteFunc(tags, func(t *domain.Tag) bool { return !sh.look.hasPosts("tag", t.ID) })
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
		cache = privateCache
	}
	a.writeJSON(w, r, http.StatusOK, object{{"tags", list}, {"meta", pagination(p.page, p.limit, total)}}, cache)
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
	// The Content API shows tags with published posts, internal ones too,
	// as Ghost does.
	if slug := r.PathValue("slug"); slug != "" {
		t, err = a.Store.TagBySlug(r.Context(), slug)
	} else {
		t, err = a.Store.TagByID(r.Context(), r.PathValue("id"))
	}
	sh, serr := a.shaper(r.Context(), admin)
	if serr != nil {
		a.writeError(w, r, serr)
		return
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && !admin && !sh.look.hasPosts("tag", t.ID)) {
		a.writeError(w, r, errNotFound("Tag"))
		return
	}
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
		cache = privateCache
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
	a.writeJSON(w, r, http.StatusOK, object{{"settings", sh.settings(st, a.stableUUID("site"))}, {"meta", object{}}}, publicCache)
}
