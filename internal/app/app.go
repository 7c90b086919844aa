// Package app wires newsdesk together: configuration, logger, storage,
// events and every HTTP feature, and runs the server.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/edge"
	"newsdesk/internal/events"
	"newsdesk/internal/events/pgrelay"
	"newsdesk/internal/feed"
	"newsdesk/internal/ghost"
	"newsdesk/internal/media"
	"newsdesk/internal/media/s3blobs"
	"newsdesk/internal/metrics"
	"newsdesk/internal/newsroom"
	"newsdesk/internal/notify"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/publish"
	"newsdesk/internal/redirect"
	"newsdesk/internal/site"
	"newsdesk/internal/sitemap"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/webhooks"
)

// App holds the dependencies every feature shares. It is passed
// explicitly; there is no global state.
type App struct {
	Config  config.Config
	Log     *slog.Logger
	Store   *sqlstore.Store
	Events  *events.Bus
	Metrics *metrics.Metrics
	Media   *media.Library
	// Auth signs newsroom users in; other features (the Ghost Admin API)
	// find the session's user with Auth.UserFromRequest.
	Auth *auth.Service
	// Feeds serves RSS, Atom and JSON Feed and pings the WebSub hub.
	Feeds *feed.Service
	// Sitemaps serves sitemaps and robots.txt.
	Sitemaps *sitemap.Service
	// Redirects answers old addresses from the redirect rules.
	Redirects *redirect.Service
	// Publisher makes every change to posts, whoever asks.
	Publisher *publish.Service
	// Webhooks names the webhook events of changes; Deliverer sends them.
	Webhooks  *webhooks.Outbox
	Deliverer *webhooks.Deliverer
	// Cache keeps rendered answers (pages, feeds, sitemaps, Content API
	// answers) and drops what each content event changes.
	Cache *pagecache.Cache
	// Staff carries newsroom events (notifications, who is editing what)
	// apart from content events; on PostgreSQL it is relayed between
	// instances on its own channel.
	Staff *events.Bus
	// Mailer sends notification email from its queue; Notifier tells
	// staff about reviews, mentions and assignments.
	Mailer   *notify.Mailer
	Notifier *notify.Service

	// AccessLog, when set, takes the access log lines instead of Log
	// (the serve command's buffered one).
	AccessLog *AccessLog

	// front is the edge reading the server's connections, once Serve runs.
	front *edge.Server
	// mux and handler are what Handler built: the routes, and everything
	// in front of them (edgeServer's Miss runs it).
	mux     *http.ServeMux
	handler http.Handler

	// ghost serves the Ghost APIs; Handler makes it.
	ghost *ghost.API

	// onShutdown are run when the server starts shutting down: they end
	// long-lived responses such as live streams. Handler adds them.
	onShutdown []func()
}

// NewLogger returns the structured logger the configuration asks for.
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// Open creates the data folder, opens the database and runs migrations.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if err := os.MkdirAll(cfg.Data, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", cfg.Data, err)
	}
	store, err := sqlstore.OpenWith(ctx, cfg.DSN(), log, sqlstore.Options{AllowNewerSchema: cfg.AllowNewerSchema})
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, Store: store, Events: events.NewBus(), Metrics: metrics.New(),
		Auth: auth.New(store, cfg.SiteURL, cfg.TrustProxy)}
	a.Auth.SetClients(cfg.Clients())
	images, videos, err := OpenMedia(ctx, cfg)
	if err != nil {
		store.Close()
		return nil, err
	}
	a.Media = media.New(media.Options{
		Blobs:     images,
		Videos:    videos,
		Log:       log,
		Exclusive: store.Exclusive, // variants made once across instances (PostgreSQL)
		PublicURL: cfg.MediaPublicURL,
	})
	a.Events.OnEvent(func(e events.Event) { a.Metrics.ObserveEvent(string(e.Type), e.Remote) })
	a.Cache = pagecache.New(int64(cfg.CacheMB) << 20)
	a.Cache.Finish = frameOnlyBySelf // cached answers carry the framing rule the middleware adds
	a.Cache.LimitRenders(renderSlots(store))
	a.Cache.Follow(a.Events)
	a.Feeds = feed.New(store, a.Events, log, cfg.SiteURL, cfg.WebSubHub)
	a.Feeds.SetMembersNote(site.MembersNote) // the site's words, in the post's language
	a.Feeds.UseCache(a.Cache)
	a.Sitemaps = sitemap.New(store, a.Events, log, cfg.SiteURL)
	a.Sitemaps.UseCache(a.Cache)
	a.Redirects = redirect.New(store, a.Events, log)
	a.Webhooks = &webhooks.Outbox{Store: store, Shapes: ghost.Shapes{SiteURL: cfg.SiteURL}, AllowPrivate: cfg.WebhooksAllowPrivate}
	a.Webhooks.Follow(a.Events)
	a.Staff = events.NewBus()
	a.Mailer = &notify.Mailer{Log: log}
	a.Notifier = &notify.Service{Store: store, Staff: a.Staff, Mailer: a.Mailer, SiteURL: cfg.SiteURL, Log: log,
		Locale: newsroom.Translator}
	a.Publisher = &publish.Service{Store: store, Events: a.Events, Webhooks: a.Webhooks}
	// A request must end well within the lease, or another instance
	// could take the webhook while it is still being sent.
	lease := cfg.WebhookLease
	if lease <= 0 {
		lease = time.Minute
	}
	timeout := min(10*time.Second, lease/2)
	a.Deliverer = &webhooks.Deliverer{Store: store, Client: webhooks.NewClient(cfg.WebhooksAllowPrivate, timeout),
		Log: log, ContentVersion: ghost.Version, RetryMin: cfg.WebhookRetry, Lease: lease, Observe: a.Metrics.ObserveWebhook}
	// A change here (or, relayed, on another instance) may have queued
	// deliveries: look now rather than at the next poll.
	a.Events.OnEvent(func(events.Event) { a.Deliverer.Wake() })
	return a, nil
}

// OpenMedia returns where images and videos are kept: the data folder's
// content/images and content/media, or the same paths under the
// --media-url store's prefix.
func OpenMedia(ctx context.Context, cfg config.Config) (images, videos media.Blobs, err error) {
	if cfg.MediaURL == "" {
		return media.NewDir(cfg.MediaDir()), media.NewDir(filepath.Join(cfg.Data, "content", "media")), nil
	}
	loc, err := s3blobs.ParseURL(cfg.MediaURL)
	if err != nil {
		return nil, nil, fmt.Errorf("--media-url: %w", err)
	}
	s, err := s3blobs.Open(ctx, loc)
	if err != nil {
		return nil, nil, err
	}
	return s.Sub("content/images"), s.Sub("content/media"), nil
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// Serve runs the HTTP server and background jobs until ctx is cancelled,
// then shuts down gracefully, letting requests in flight finish.
func (a *App) Serve(ctx context.Context) error {
	handler, err := a.Handler()
	if err != nil {
		return err
	}
	srv := a.newServer(handler)
	// Commands run later without --site-url print links under this URL.
	if err := a.Store.RememberSiteURL(ctx, a.Config.SiteURL); err != nil {
		a.Log.Warn("remember the site URL for other commands", "err", err)
	}
	jobs, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	a.startJobs(jobs)

	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	errc := make(chan error, 3)
	var front *edge.Server
	if a.Config.Edge {
		front = a.edgeServer()
		a.front = front
		go func() { errc <- front.Serve(ln) }()
		go func() { errc <- srv.Serve(front.Listener(ln.Addr())) }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	if a.Config.MetricsAddr != "" {
		// Metrics listen apart from the site so they are never public by accident.
		msrv := &http.Server{Addr: a.Config.MetricsAddr, Handler: a.metricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		go func() { errc <- msrv.ListenAndServe() }()
		defer msrv.Close()
		a.Log.Info("serving metrics", "addr", a.Config.MetricsAddr)
	}
	mediaAt := "data folder"
	if a.Config.MediaURL != "" {
		mediaAt = "object store"
	}
	a.Log.Info("serving", "addr", a.Config.Addr, "site_url", a.Config.SiteURL, "database", a.Store.Dialect().String(),
		"media", mediaAt, "media_public_url", a.Config.MediaPublicURL)
	select {
	case err := <-errc:
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	stopJobs()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if front != nil {
		if err := front.Shutdown(shutdownCtx); err != nil {
			a.Log.Warn("edge connections still writing at shutdown", "err", err)
		}
	}
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// metricsHandler serves Prometheus metrics and, with --pprof, Go's
// profiler, which shows the running server's CPU and heap.
func (a *App) metricsHandler() http.Handler {
	if !a.Config.Pprof {
		return a.Metrics.Handler()
	}
	mux := http.NewServeMux()
	mux.Handle("/", a.Metrics.Handler())
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// MaxHeaderBytes bounds a request's line and headers. net/http allows
// 4096 bytes more than this before it answers 431 on its own.
const MaxHeaderBytes = 64 << 10

// The server's time limits; the edge keeps the same ones.
const (
	serverHeaderTimeout = 10 * time.Second
	serverIdleTimeout   = 2 * time.Minute
)

// newServer is the HTTP server Serve runs, with its limits.
func (a *App) newServer(handler http.Handler) *http.Server {
	srv := &http.Server{
		Addr:              a.Config.Addr,
		Handler:           handler,
		ReadHeaderTimeout: serverHeaderTimeout,
		ReadTimeout:       2 * time.Minute, // uploads
		IdleTimeout:       serverIdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	for _, f := range a.onShutdown {
		srv.RegisterOnShutdown(f)
	}
	return srv
}

// renderSlots is how many pages may render at once. On SQLite a render
// is all CPU (SQLite runs in process and reads the file through the OS
// cache), so more renders than cores only add waiting: with one per core
// the 1M-post article p99 fell from 33-41 to 23-28 ms beside 4 at the
// same throughput. On PostgreSQL renders also wait on the network, so
// they may use the whole pool.
func renderSlots(store *sqlstore.Store) int {
	if store.Dialect() == sqlstore.SQLite {
		return min(store.Conns(), runtime.GOMAXPROCS(0))
	}
	return store.Conns()
}

// startJobs starts background work: the scheduler that publishes
// scheduled posts when their time comes and, on PostgreSQL, the relay that
// shares content events with the other instances.
func (a *App) startJobs(ctx context.Context) {
	if a.Store.Dialect() == sqlstore.Postgres {
		pgrelay.Start(ctx, a.Config.DB, a.Events, a.Log)
	}
	a.StartStaff(ctx)
	go a.runScheduler(ctx, 10*time.Second)
	go a.Deliverer.Run(ctx)
	go a.every(ctx, 24*time.Hour, "prune webhook deliveries", func(ctx context.Context) error {
		_, err := a.Store.PruneDeliveries(ctx, time.Now().Add(-7*24*time.Hour))
		return err
	})
	go a.Feeds.Run(ctx) // WebSub pings; returns at once without a hub
	if a.Store.Dialect() == sqlstore.SQLite {
		// PostgreSQL's autovacuum keeps planner statistics fresh; SQLite
		// needs ANALYZE, or the stream queries can pick a full index walk
		// as the archive grows (seen at 1M posts: 2 s instead of 0.1 ms).
		go a.every(ctx, 24*time.Hour, "refresh planner statistics", a.Store.Optimize)
	}
}

// StartStaff starts what the newsroom's staff features run in the
// background: the mail queue's workers and, on PostgreSQL, the relay of
// staff events (notifications, presence) between instances.
func (a *App) StartStaff(ctx context.Context) {
	if a.Store.Dialect() == sqlstore.Postgres {
		pgrelay.StartOn(ctx, a.Config.DB, pgrelay.StaffChannel, a.Staff, a.Log)
	}
	go a.Mailer.Run(ctx, 2)
}

// every runs fn now and then at each interval until ctx ends.
func (a *App) every(ctx context.Context, interval time.Duration, what string, fn func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		start := time.Now()
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			a.Log.Error(what, "err", err)
		} else if ctx.Err() == nil {
			a.Log.Info(what, "took", time.Since(start).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *App) runScheduler(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		posts, err := a.Store.PublishDueWith(ctx, time.Now(), func(p *domain.Post) []*storage.OutboxEvent {
			return a.Webhooks.Published(ctx, p)
		})
		if err != nil && ctx.Err() == nil {
			a.Log.Error("publish scheduled posts", "err", err)
		}
		for _, p := range posts {
			a.Log.Info("published scheduled post", "slug", p.Slug)
			a.Events.Publish(events.Event{Type: events.PostPublished, PostID: p.ID, Slug: p.Slug, Public: true,
				Where: publish.WhereOf(nil, p, time.Now())})
		}
		// Trash older than its retention goes for good; on PostgreSQL
		// each post is claimed by one instance (see storage.PurgeTrash).
		purged, err := a.Publisher.PurgeExpired(ctx)
		if err != nil && ctx.Err() == nil {
			a.Log.Error("purge expired trash", "err", err)
		}
		for _, p := range purged {
			a.Log.Info("purged trashed post", "slug", p.Slug)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
