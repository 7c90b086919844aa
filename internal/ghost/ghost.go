// Package ghost serves Ghost-compatible Content and Admin APIs under
// /ghost/api/content/ and /ghost/api/admin/, so tools written for Ghost
// (its official JavaScript clients, static-site front ends, automation)
// work against newsdesk unchanged.
//
// Files: content.go (read-only Content API, key auth, CORS, ETags),
// admin.go (Admin API posts, images, tags, users, site), db.go (the
// site's export), auth.go (Admin
// API JWTs and sessions), json.go (Ghost's JSON shapes, shared by both),
// params.go (query parameters), errors.go (Ghost's error envelope).
package ghost

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/media"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Version is the Ghost API version newsdesk answers as.
const Version = "v6.0"

// SessionAuthenticator finds the newsroom user signed in on a request.
// The newsroom provides it; without one, the Admin API takes only keys.
type SessionAuthenticator interface {
	UserFromRequest(r *http.Request) (*domain.User, bool)
}

// Deps are what the APIs need.
type Deps struct {
	Store    storage.Store
	Events   *events.Bus
	Media    media.Uploader       // images/upload; nil answers 501
	Sessions SessionAuthenticator // optional
	SiteURL  string               // public base URL without trailing slash
	Log      *slog.Logger
	Now      func() time.Time // nil: time.Now
	// Publisher makes every change to posts; nil means one over Store
	// and Events.
	Publisher *publish.Service
	// Cache, when set, keeps Content API answers until a content event
	// (it must follow Events). Nil answers every request afresh.
	Cache *pagecache.Cache
}

// API serves both Ghost APIs.
type API struct {
	Deps
	totals *pagecache.Cache // listing totals, when Cache is nil
	mux    *http.ServeMux   // the APIs' own routes, for paths sent in another case
}

// New returns the APIs over deps.
func New(deps Deps) *API {
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Publisher == nil {
		deps.Publisher = &publish.Service{Store: deps.Store, Events: deps.Events, Now: deps.Now}
	}
	deps.SiteURL = strings.TrimRight(deps.SiteURL, "/")
	a := &API{Deps: deps, totals: deps.Cache}
	if a.totals == nil {
		a.totals = pagecache.New(1 << 20)
		a.totals.SetClock(deps.Now)
		if deps.Events != nil {
			a.totals.Follow(deps.Events)
		}
	}
	return a
}

// route is one pattern the APIs serve.
type route struct {
	pattern string
	handler http.Handler
	// slashless routes redirect an address missing its trailing slash;
	// net/http's own redirect would answer with other headers than Ghost's.
	slashless bool
	// extension routes are newsdesk's own (live blog entries): Ghost has
	// no answer to record for them.
	extension bool
}

// routes lists every pattern the APIs serve, so tests can walk them.
// Patterns name their methods so they sit beside the public site's
// "GET /{slug}/{$}"; every other method under /ghost/api/ reaches a
// fallback that answers as Ghost does (404, or a redirect adding the
// trailing slash).
func (a *API) routes() []route {
	var rs []route
	c := func(pattern, doc, method string, h func(http.ResponseWriter, *http.Request)) {
		rs = append(rs, route{pattern: "GET /ghost/api/content/" + pattern, handler: a.content(frame{doc, method}, h)})
	}
	c("posts/{$}", "posts", "browse", a.browsePosts)
	c("posts/{id}/{$}", "posts", "read", a.readPost)
	c("posts/slug/{slug}/{$}", "posts", "read", a.readPost)
	c("pages/{$}", "pages", "browse", a.browsePages)
	c("pages/{id}/{$}", "pages", "read", a.readPage)
	c("pages/slug/{slug}/{$}", "pages", "read", a.readPage)
	c("authors/{$}", "authors", "browse", a.browseAuthors)
	c("authors/{id}/{$}", "authors", "read", a.readAuthor)
	c("authors/slug/{slug}/{$}", "authors", "read", a.readAuthor)
	c("tags/{$}", "tags", "browse", a.browseTags)
	c("tags/{id}/{$}", "tags", "read", a.readTag)
	c("tags/slug/{slug}/{$}", "tags", "read", a.readTag)
	c("settings/{$}", "settings", "browse", a.settings)
	c("tiers/{$}", "tiers", "browse", a.tiers)
	c("newsletters/{$}", "newsletters", "browse", a.newsletters)
	c("offers/{id}/{$}", "offers", "read", a.readOffer)

	ad := func(pattern, doc, method string, h func(http.ResponseWriter, *http.Request, *actor)) {
		rs = append(rs, route{pattern: pattern, handler: a.admin(frame{doc, method}, h)})
	}
	ad("GET /ghost/api/admin/posts/{$}", "posts", "browse", a.adminBrowsePosts)
	ad("POST /ghost/api/admin/posts/{$}", "posts", "add", a.adminAddPost)
	ad("GET /ghost/api/admin/posts/{id}/{$}", "posts", "read", a.adminReadPost)
	ad("GET /ghost/api/admin/posts/slug/{slug}/{$}", "posts", "read", a.adminReadPost)
	ad("PUT /ghost/api/admin/posts/{id}/{$}", "posts", "edit", a.adminEditPost)
	ad("DELETE /ghost/api/admin/posts/{id}/{$}", "posts", "destroy", a.adminDeletePost)
	ad("GET /ghost/api/admin/pages/{$}", "pages", "browse", a.adminBrowsePages)
	ad("GET /ghost/api/admin/pages/{id}/{$}", "pages", "read", a.adminReadPage)
	ad("GET /ghost/api/admin/pages/slug/{slug}/{$}", "pages", "read", a.adminReadPage)
	ad("POST /ghost/api/admin/pages/{$}", "pages", "add", a.adminAddPage)
	ad("PUT /ghost/api/admin/pages/{id}/{$}", "pages", "edit", a.adminEditPage)
	ad("DELETE /ghost/api/admin/pages/{id}/{$}", "pages", "destroy", a.adminDeletePage)
	ad("POST /ghost/api/admin/images/upload/{$}", "images", "upload", a.adminUploadImage)
	ad("POST /ghost/api/admin/redirects/upload/{$}", "redirects", "upload", a.adminUploadRedirects)
	ad("GET /ghost/api/admin/redirects/download/{$}", "redirects", "download", a.adminDownloadRedirects)
	ad("GET /ghost/api/admin/tags/{$}", "tags", "browse", a.adminBrowseTags)
	ad("GET /ghost/api/admin/tags/{id}/{$}", "tags", "read", a.adminReadTag)
	ad("GET /ghost/api/admin/tags/slug/{slug}/{$}", "tags", "read", a.adminReadTag)
	ad("POST /ghost/api/admin/tags/{$}", "tags", "add", a.adminAddTag)
	ad("PUT /ghost/api/admin/tags/{id}/{$}", "tags", "edit", a.adminEditTag)
	ad("DELETE /ghost/api/admin/tags/{id}/{$}", "tags", "destroy", a.adminDeleteTag)
	ad("POST /ghost/api/admin/webhooks/{$}", "webhooks", "add", a.adminAddWebhook)
	ad("PUT /ghost/api/admin/webhooks/{id}/{$}", "webhooks", "edit", a.adminEditWebhook)
	ad("DELETE /ghost/api/admin/webhooks/{id}/{$}", "webhooks", "destroy", a.adminDeleteWebhook)
	ad("GET /ghost/api/admin/users/{$}", "users", "browse", a.adminBrowseUsers)
	ad("GET /ghost/api/admin/users/{id}/{$}", "users", "read", a.adminReadUser)
	ad("GET /ghost/api/admin/users/slug/{slug}/{$}", "users", "read", a.adminReadUser)
	ad("GET /ghost/api/admin/db/{$}", "db", "exportContent", a.adminExportDB)
	ad("POST /ghost/api/admin/db/{$}", "db", "importContent", a.adminImportDB)
	ad("DELETE /ghost/api/admin/session/{$}", "session", "delete", a.signOut)
	rs = append(rs, a.entriesRoutes()...)
	rs = append(rs, route{pattern: "GET /ghost/api/admin/site/{$}", handler: http.HandlerFunc(a.adminSite)})
	rs = append(rs, route{pattern: "POST /ghost/api/admin/session/{$}", handler: http.HandlerFunc(a.signIn)})
	for _, r := range rs {
		if strings.HasPrefix(r.pattern, "GET ") && strings.HasSuffix(r.pattern, "/{$}") {
			rs = append(rs, route{pattern: strings.TrimSuffix(r.pattern, "/{$}"), handler: http.HandlerFunc(a.fallback), slashless: true})
		}
	}
	for _, api := range []string{"content", "admin"} {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			rs = append(rs, route{pattern: m + " /ghost/api/" + api + "/", handler: http.HandlerFunc(a.fallback)})
		}
	}
	rs = append(rs, route{pattern: "OPTIONS /ghost/api/content/", handler: http.HandlerFunc(a.preflight)})
	return rs
}

// Register adds every route to mux.
func (a *API) Register(mux *http.ServeMux) {
	a.mux = http.NewServeMux()
	for _, r := range a.routes() {
		mux.Handle(r.pattern, r.handler)
		a.mux.Handle(r.pattern, r.handler)
	}
}

// fallback answers what no route matched, as Ghost's routers do: a GET
// without its trailing slash is redirected to the address with it; paths
// match whatever their case (Express routes ignore it); anything else is a
// 404 NotFoundError, wrong methods included.
func (a *API) fallback(w http.ResponseWriter, r *http.Request) {
	content := strings.HasPrefix(r.URL.Path, "/ghost/api/content/")
	if content {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasSuffix(r.URL.Path, "/") {
		target := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		h := w.Header()
		h.Set("Location", target)
		h.Set("Cache-Control", "public, max-age=31536000")
		h.Set("Content-Version", Version)
		h.Set("Vary", "Accept-Version")
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	if lower := lowerRouteWords(r.URL.Path); lower != r.URL.Path && a.mux != nil {
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = lower, ""
		if _, pattern := a.mux.Handler(r2); pattern != "" && !strings.HasSuffix(pattern, "/ghost/api/content/") &&
			!strings.HasSuffix(pattern, "/ghost/api/admin/") {
			a.mux.ServeHTTP(w, r2)
			return
		}
	}
	a.notFound(w, r)
}

// routeWords are the fixed parts of API paths; ids and slugs keep their case.
var routeWords = map[string]bool{"ghost": true, "api": true, "content": true, "admin": true, "posts": true, "pages": true,
	"authors": true, "tags": true, "users": true, "settings": true, "tiers": true, "newsletters": true, "offers": true,
	"slug": true, "site": true, "images": true, "upload": true}

func lowerRouteWords(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if l := strings.ToLower(p); routeWords[l] {
			parts[i] = l
		}
	}
	return strings.Join(parts, "/")
}

// totalTTL bounds how long a listing's total is reused without an event:
// paging through a large listing then counts a million rows once, not per
// page.
const totalTTL = 30 * time.Second
