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
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/media"
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
}

// API serves both Ghost APIs.
type API struct {
	Deps
	totals totalCache
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
	return &API{Deps: deps, totals: totalCache{m: map[string]cachedTotal{}}}
}

// Register adds every route to mux. Patterns name their methods so they
// sit beside the public site's "GET /{slug}/{$}".
func (a *API) Register(mux *http.ServeMux) {
	c := func(pattern string, h func(http.ResponseWriter, *http.Request)) {
		mux.Handle("GET /ghost/api/content/"+pattern, a.content(h))
	}
	c("posts/{$}", a.browsePosts)
	c("posts/{id}/{$}", a.readPost)
	c("posts/slug/{slug}/{$}", a.readPost)
	c("pages/{$}", a.browsePages)
	c("pages/{id}/{$}", a.readPage)
	c("pages/slug/{slug}/{$}", a.readPage)
	c("authors/{$}", a.browseAuthors)
	c("authors/{id}/{$}", a.readAuthor)
	c("authors/slug/{slug}/{$}", a.readAuthor)
	c("tags/{$}", a.browseTags)
	c("tags/{id}/{$}", a.readTag)
	c("tags/slug/{slug}/{$}", a.readTag)
	c("settings/{$}", a.settings)
	mux.Handle("GET /ghost/api/content/", a.content(a.notFound))
	mux.HandleFunc("OPTIONS /ghost/api/content/", a.preflight)

	ad := func(pattern string, h func(http.ResponseWriter, *http.Request, *actor)) {
		mux.Handle(pattern, a.admin(h))
	}
	ad("GET /ghost/api/admin/posts/{$}", a.adminBrowsePosts)
	ad("POST /ghost/api/admin/posts/{$}", a.adminAddPost)
	ad("GET /ghost/api/admin/posts/{id}/{$}", a.adminReadPost)
	ad("GET /ghost/api/admin/posts/slug/{slug}/{$}", a.adminReadPost)
	ad("PUT /ghost/api/admin/posts/{id}/{$}", a.adminEditPost)
	ad("DELETE /ghost/api/admin/posts/{id}/{$}", a.adminDeletePost)
	ad("GET /ghost/api/admin/pages/{$}", a.adminBrowsePages)
	ad("GET /ghost/api/admin/pages/{id}/{$}", a.adminReadPage)
	ad("GET /ghost/api/admin/pages/slug/{slug}/{$}", a.adminReadPage)
	ad("POST /ghost/api/admin/pages/{$}", a.adminAddPage)
	ad("PUT /ghost/api/admin/pages/{id}/{$}", a.adminEditPage)
	ad("DELETE /ghost/api/admin/pages/{id}/{$}", a.adminDeletePage)
	ad("POST /ghost/api/admin/images/upload/{$}", a.adminUploadImage)
	ad("POST /ghost/api/admin/redirects/upload/{$}", a.adminUploadRedirects)
	ad("GET /ghost/api/admin/redirects/download/{$}", a.adminDownloadRedirects)
	ad("GET /ghost/api/admin/tags/{$}", a.adminBrowseTags)
	ad("GET /ghost/api/admin/tags/{id}/{$}", a.adminReadTag)
	ad("GET /ghost/api/admin/tags/slug/{slug}/{$}", a.adminReadTag)
	ad("GET /ghost/api/admin/users/{$}", a.adminBrowseUsers)
	ad("GET /ghost/api/admin/users/{id}/{$}", a.adminReadUser)
	ad("GET /ghost/api/admin/users/slug/{slug}/{$}", a.adminReadUser)
	ad("GET /ghost/api/admin/db/{$}", a.adminExportDB)
	ad("POST /ghost/api/admin/db/{$}", a.adminImportDB)
	mux.HandleFunc("GET /ghost/api/admin/site/{$}", a.adminSite)
	mux.HandleFunc("GET /ghost/api/admin/", a.notFound)
}

// totalCache remembers how many posts a filter matches until content
// changes (the event bus version moves) or thirty seconds pass, so paging
// through a large listing does not count a million rows per page.
type totalCache struct {
	mu sync.Mutex
	m  map[string]cachedTotal
}

type cachedTotal struct {
	total   int
	version uint64
	at      time.Time
}

const totalTTL = 30 * time.Second

func (c *totalCache) get(key string, version uint64, now time.Time) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.version != version || now.Sub(e.at) > totalTTL {
		return 0, false
	}
	return e.total, true
}

func (c *totalCache) put(key string, total int, version uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= 1000 {
		clear(c.m) // bounded: hostile filters cannot grow it without limit
	}
	c.m[key] = cachedTotal{total: total, version: version, at: now}
}

func (a *API) version() uint64 {
	if a.Events == nil {
		return 0
	}
	return a.Events.Version()
}
