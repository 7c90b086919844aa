// Package feed serves the site's syndication feeds: RSS 2.0 (at /rss/, the
// path Ghost uses), Atom and JSON Feed 1.1, for the whole site and for each
// author and tag. Rendered feeds are cached with their validators until the
// next content event, so a feed reader polling with If-None-Match or
// If-Modified-Since costs a map lookup. When a WebSub hub is configured the
// feeds announce it and the hub is pinged on publication.
package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage"
)

// Format is a feed format.
type Format int

// The feed formats.
const (
	RSS Format = iota
	Atom
	JSON
)

// Formats lists every format, in the order pages link them.
var Formats = []Format{RSS, Atom, JSON}

func (f Format) suffix() string {
	switch f {
	case Atom:
		return "atom/"
	case JSON:
		return "feed.json"
	}
	return "rss/"
}

// MIMEType is the media type of the format, as <link rel="alternate"> and
// Content-Type name it.
func (f Format) MIMEType() string {
	switch f {
	case Atom:
		return "application/atom+xml"
	case JSON:
		return "application/feed+json"
	}
	return "application/rss+xml"
}

// String names the format for people ("RSS", "Atom", "JSON Feed").
func (f Format) String() string {
	switch f {
	case Atom:
		return "Atom"
	case JSON:
		return "JSON Feed"
	}
	return "RSS"
}

// Scope is whose posts a feed carries: the whole site (zero value), one
// author or one tag.
type Scope struct {
	Kind string // "", "author", "tag" or "live" (a live blog's entries)
	Slug string
}

// Path returns the site path of the scope's feed in format f, e.g.
// "/rss/", "/author/jane/atom/", "/tag/politics/feed.json".
func (s Scope) Path(f Format) string {
	if s.Kind == "" {
		return "/" + f.suffix()
	}
	return "/" + s.Kind + "/" + s.Slug + "/" + f.suffix()
}

// DefaultLimit is how many of the newest posts a feed carries.
const DefaultLimit = 30

// maxAge is the Cache-Control max-age of feeds, in seconds.
const maxAge = 60

var cacheControl = "public, max-age=" + strconv.Itoa(maxAge)

// Service renders and serves feeds.
type Service struct {
	store   storage.Store
	log     *slog.Logger
	build   builder
	hub     string
	limit   int
	cache   *pagecache.Cache
	pinger  *pinger
	nowFunc func() time.Time
	note    func(lang, site string, v domain.Visibility) string
}

// SetMembersNote sets the words that end a gated post's item, where its
// members-only part would be (the site's catalogue: site.MembersNote).
// Without it such items end with their public part. Call before serving.
func (s *Service) SetMembersNote(fn func(lang, site string, v domain.Visibility) string) {
	s.note = fn
}

// New returns the feed service for the site at baseURL (absolute, no
// trailing slash). hub, when not empty, is the WebSub hub to announce and
// ping. The service follows bus: an event drops the feeds it changes, and
// publications are pinged to the hub once Run is started.
func New(store storage.Store, bus *events.Bus, log *slog.Logger, baseURL, hub string) *Service {
	s := &Service{
		store:   store,
		log:     log,
		build:   newBuilder(baseURL),
		hub:     hub,
		limit:   DefaultLimit,
		cache:   pagecache.New(0),
		nowFunc: time.Now,
	}
	if hub != "" {
		s.pinger = newPinger(hub, log)
	}
	s.cache.Follow(bus)
	bus.OnEvent(s.onEvent)
	return s
}

// UseCache makes the service keep feeds in c, which follows the events
// itself (the application's one cache). Call before serving.
func (s *Service) UseCache(c *pagecache.Cache) { s.cache = c }

func (s *Service) onEvent(e events.Event) {
	if s.pinger != nil && !e.Remote {
		s.pinger.enqueue(e)
	}
}

// Register adds the feed routes to mux.
func (s *Service) Register(mux *http.ServeMux) {
	for _, f := range Formats {
		suffix := f.suffix()
		if suffix[len(suffix)-1] == '/' {
			suffix += "{$}"
		}
		mux.HandleFunc("GET /"+suffix, s.handler(f, ""))
		mux.HandleFunc("GET /author/{slug}/"+suffix, s.handler(f, "author"))
		mux.HandleFunc("GET /tag/{slug}/"+suffix, s.handler(f, "tag"))
	}
	s.registerLive(mux)
}

func (s *Service) handler(f Format, kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scope := Scope{Kind: kind, Slug: r.PathValue("slug")}
		if kind != "" && !domain.ValidSlug(scope.Slug) {
			http.Error(w, "No such "+kind+".", http.StatusNotFound)
			return
		}
		key := scope.Path(f)
		e, err := s.cache.Load(key, func() (*pagecache.Entry, error) {
			// The render outlives a client that hangs up: others may wait on it.
			e, err := s.Render(context.WithoutCancel(r.Context()), scope, f)
			if err != nil {
				return nil, err
			}
			e.Route, e.CacheControl = r.Pattern, cacheControl
			if s.hub != "" {
				// WebSub discovery by HTTP headers, for subscribers that do
				// not parse the body first.
				e.Header = http.Header{"Link": {"<" + s.hub + ">; rel=\"hub\"", "<" + s.build.base + key + ">; rel=\"self\""}}
			}
			return e, nil
		})
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			http.Error(w, "No such "+kind+".", http.StatusNotFound)
			return
		}
		if err != nil {
			if domain.ErrorCode(err) == domain.EUNAVAILABLE {
				w.Header().Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
			}
			s.log.Error("render feed", "path", key, "err", err)
			http.Error(w, "The feed is unavailable right now; try again shortly.", http.StatusServiceUnavailable)
			return
		}
		pagecache.Serve(w, r, e)
	}
}

// Render renders the scope's feed in format f. An unknown author or tag
// (internal tags included) is ENOTFOUND.
func (s *Service) Render(ctx context.Context, scope Scope, f Format) (*pagecache.Entry, error) {
	ch, err := s.channel(ctx, scope)
	if err != nil {
		return nil, err
	}
	var body []byte
	switch f {
	case Atom:
		body, err = renderAtom(ch)
	case JSON:
		body, err = renderJSON(ch)
	default:
		body, err = renderRSS(ch)
	}
	if err != nil {
		return nil, fmt.Errorf("render %s feed %s: %w", f, scope.Path(f), err)
	}
	lastMod := ch.Updated
	if c := s.cache.ChangedAt(); c.After(lastMod) {
		lastMod = c
	}
	e := pagecache.NewEntry(body, f.MIMEType()+"; charset=utf-8")
	e.LastModified = lastMod
	// The newest items of the scope's stream: any change to its posts.
	home := "/"
	if scope.Kind != "" {
		home = "/" + scope.Kind + "/" + scope.Slug + "/"
	}
	e.Deps = []string{pagecache.Top(home)}
	if ch.PostID != "" {
		// A live blog's entries: any event about its post.
		e.Deps = []string{pagecache.Post(ch.PostID)}
	}
	// A post with a future publication time goes public without an event;
	// re-rendering once a minute picks it up (an unchanged body keeps its
	// ETag, so readers still get 304).
	e.Expires = s.nowFunc().Add(time.Minute)
	return e, nil
}

// channel loads the scope's settings, owner and newest public posts.
func (s *Service) channel(ctx context.Context, scope Scope) (*channel, error) {
	settings, err := s.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	b := s.build
	b.site, b.note = settings.Title, s.note
	ch := &channel{
		Title:       clean(settings.Title),
		Description: clean(settings.Description),
		Language:    clean(settings.Language),
		HomeURL:     b.base + "/",
		URLs:        map[Format]string{},
		Hub:         s.hub,
	}
	if settings.Logo != "" {
		ch.Logo = clean(b.abs(settings.Logo))
	}
	q := storage.PostQuery{Public: true, Limit: s.limit, Now: s.nowFunc()}
	switch scope.Kind {
	case "author":
		a, err := s.store.PublicAuthorBySlug(ctx, scope.Slug)
		if err != nil {
			return nil, err
		}
		q.AuthorID = a.ID
		ch.Title = clean(a.Name) + " — " + ch.Title
		if bio := clean(domain.Truncate(a.Bio, 300)); bio != "" {
			ch.Description = bio
		}
		ch.HomeURL = b.base + "/author/" + a.Slug + "/"
	case "tag":
		// Internal tags, and tags of nothing public yet, have no feed.
		t, err := s.store.PublicTagBySlug(ctx, scope.Slug, q.Now)
		if err != nil {
			return nil, err
		}
		q.TagID = t.ID
		ch.Title = clean(t.Name) + " — " + ch.Title
		if d := clean(t.Description); d != "" {
			ch.Description = d
		}
		ch.HomeURL = b.base + "/tag/" + t.Slug + "/"
	case "live":
		for _, f := range Formats {
			ch.URLs[f] = b.base + scope.Path(f)
		}
		if err := s.liveChannel(ctx, ch, b, scope.Slug); err != nil {
			return nil, err
		}
		return ch, nil
	case "":
	default:
		return nil, errors.New("unknown feed scope " + scope.Kind)
	}
	for _, f := range Formats {
		ch.URLs[f] = b.base + scope.Path(f)
	}
	page, err := s.store.ListPosts(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, p := range page.Posts {
		it := b.item(p)
		if it.Updated.After(ch.Updated) {
			ch.Updated = it.Updated
		}
		ch.Items = append(ch.Items, it)
	}
	return ch, nil
}
