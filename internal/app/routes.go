package app

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"

	"newsdesk/internal/auth"
	"newsdesk/internal/ghost"
	"newsdesk/internal/newsroom"
	"newsdesk/internal/site"
)

// Handler returns the whole site as one http.Handler. Every route pattern
// names its method: net/http refuses to mix "GET /{slug}/" with method-less
// patterns that overlap it.
func (a *App) Handler() (http.Handler, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.HandleFunc("GET /content/images/", a.Media.ServeImages)
	mux.HandleFunc("GET /content/media/", a.Media.ServeVideos)
	pub, err := site.New(site.Deps{Store: a.Store, Log: a.Log, Events: a.Events, BaseURL: a.Config.SiteURL,
		ClientAddr: a.Config.Clients().Addr, Cache: a.Cache,
		LiveMaxReaders: a.Config.LiveMaxReaders, LiveMaxPerClient: a.Config.LiveMaxPerClient})
	if err != nil {
		return nil, err
	}
	publisher := a.Publisher
	nr, err := newsroom.New(newsroom.Config{Store: a.Store, Auth: a.Auth, Events: a.Events, Uploads: a.Media,
		SiteURL: a.Config.SiteURL, Log: a.Log, Preview: pub, Publisher: publisher,
		Notifier: a.Notifier, Staff: a.Staff, Mailer: a.Mailer})
	if err != nil {
		return nil, err
	}
	nr.Register(mux)
	a.onShutdown = append(a.onShutdown, nr.CloseStreams)
	gd := ghost.Deps{Store: a.Store, Events: a.Events, Media: a.Media, SiteURL: a.Config.SiteURL, Log: a.Log, Publisher: publisher,
		Cache: a.Cache}
	if a.Auth != nil {
		// Signed-in newsroom users may call the Admin API with their role,
		// and sign in through it (POST /ghost/api/admin/session/).
		gd.Sessions = a.Auth
	}
	a.ghost = ghost.New(gd)
	a.ghost.Register(mux)
	a.Feeds.Register(mux)    // /rss/, /atom/, /feed.json and per author and tag
	a.Sitemaps.Register(mux) // /sitemap*.xml, /robots.txt

	pub.Register(mux)
	// Live streams end when the server shuts down, or graceful shutdown
	// would wait for readers who never leave.
	a.onShutdown = append(a.onShutdown, pub.CloseLive)
	// Compress text answers (pages, feeds, sitemaps, API JSON) for readers on
	// phones; images and video are already compressed and pass through.
	// ETags stay as they are so conditional requests keep answering 304.
	compress, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.CompressionLevel(5))
	if err != nil {
		return nil, err
	}
	// Redirect rules come before every route: a rule for a path wins over
	// anything there but a live post (the service checks that).
	routes := a.Redirects.Wrap(styledMuxErrors(mux, pub.Error))
	h := a.fromCache(a.middleware(uncompressedStreams(compress, routes), pub.Error))
	if a.handler == nil { // for the edge's misses; set before Serve starts it
		a.mux, a.handler = mux, h
	}
	return h, nil
}

// uncompressedStreams compresses every answer except the live event
// stream: a gzip writer holds small events back until it has enough to
// compress, and readers must get each event as it happens.
func uncompressedStreams(compress func(http.Handler) http.HandlerFunc, h http.Handler) http.Handler {
	zipped := compress(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/live/" || r.URL.Path == "/newsroom/events" {
			h.ServeHTTP(w, r)
			return
		}
		zipped.ServeHTTP(w, r)
	})
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz checks the database too, so a load balancer stops sending
// traffic to an instance that lost it.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.Store.Ping(r.Context()); err != nil {
		a.Log.Error("readiness: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// The newsroom's sign-in is the Admin API's session endpoint.
var _ ghost.SessionStarter = (*auth.Service)(nil)
