// Package site serves the public news site: the News Feed, article pages,
// author and tag pages, rendered on the server from embedded templates.
// Everything works without JavaScript; a small script makes "Show More"
// append the next items in place and loads video players on demand.
package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage"
)

// PageSize is how many stream items one page or one "Show More" brings.
const PageSize = 15

// navSections caps the section links in the masthead.
const navSections = 6

// Deps are what the site needs from the application.
type Deps struct {
	Store   storage.Store
	Log     *slog.Logger
	Events  *events.Bus
	BaseURL string // absolute public URL, no trailing slash
	// ClientAddr finds a request's client address, for the live stream
	// limits; nil means the connection's peer.
	ClientAddr func(*http.Request) string
	// LiveLifetime bounds one live stream; zero means LiveLifetime.
	LiveLifetime time.Duration
	// LiveMaxReaders and LiveMaxPerClient bound open live streams on the
	// instance and per client address; zero means MaxLiveReaders and
	// MaxLiveReadersPerClient.
	LiveMaxReaders, LiveMaxPerClient int
	// Cache keeps rendered pages; nil means one of the default size
	// that follows Events.
	Cache *pagecache.Cache
}

// Site is the public site's handlers with their parsed templates, assets
// and cached settings.
type Site struct {
	store   storage.Store
	log     *slog.Logger
	events  *events.Bus
	baseURL string
	pages   map[string]*template.Template
	assets  *assetSet
	now     func() time.Time

	clientAddr   func(*http.Request) string
	liveLifetime time.Duration
	// noFragments renders every page whole, for the test that compares
	// pages built from shared fragments with whole renders.
	noFragments bool

	mu      sync.Mutex
	current *siteState // guarded by mu

	cache     *pagecache.Cache
	fragments fragmentCache
	entries   entryCache // rendered live blog entries
	pins      postList   // breaking news
	newest    postList   // the top of the News Feed
	hub       liveHub
}

// siteState is what every page shows that changes only when content or
// settings change: the settings, their time zone and the masthead sections.
type siteState struct {
	version  uint64
	settings domain.Settings
	loc      *time.Location
	nav      []domain.Tag
	navAt    time.Time // when nav was counted
	// subjects holds the tags and authors stream pages were found to
	// have, by "tag:"/"author:" and slug: a page of a tag or author not
	// rendered before (a deeper page) then asks the database only for its
	// posts. Only found subjects are kept, so their number is bounded by
	// the site's; the state is replaced on every content change.
	subjects sync.Map // key -> subject
}

// subject is a tag or author as found at a time.
type subject struct {
	v  any
	at time.Time
}

// subject returns what load finds for key, remembering it for cacheTTL:
// whether a tag is public also changes with the clock (scheduled posts),
// and no page keeps it longer than its own cache entry lives.
func (st *siteState) subject(key string, now time.Time, load func() (any, error)) (any, error) {
	if m, ok := st.subjects.Load(key); ok && now.Sub(m.(subject).at) < cacheTTL {
		return m.(subject).v, nil
	}
	v, err := load()
	if err == nil {
		st.subjects.Store(key, subject{v: v, at: now})
	}
	return v, err
}

// New parses templates, fingerprints assets and loads the settings.
func New(d Deps) (*Site, error) {
	if d.Store == nil {
		return nil, errors.New("site: a store is required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Events == nil {
		d.Events = events.NewBus()
	}
	s := &Site{
		store:   d.Store,
		log:     d.Log,
		events:  d.Events,
		baseURL: strings.TrimRight(d.BaseURL, "/"),
		now:     time.Now,

		clientAddr:   d.ClientAddr,
		liveLifetime: d.LiveLifetime,
		cache:        d.Cache,
	}
	if s.cache == nil {
		s.cache = pagecache.New(0)
		s.cache.Follow(d.Events)
	}
	if s.clientAddr == nil {
		s.clientAddr = peerAddr
	}
	if s.liveLifetime <= 0 {
		s.liveLifetime = LiveLifetime
	}
	s.hub.maxReaders, s.hub.maxPerClient = int64(d.LiveMaxReaders), int64(d.LiveMaxPerClient)
	if s.hub.maxReaders <= 0 {
		s.hub.maxReaders = MaxLiveReaders
	}
	if s.hub.maxPerClient <= 0 {
		s.hub.maxPerClient = MaxLiveReadersPerClient
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(s.assets); err != nil {
		return nil, err
	}
	// Counting the sections' posts reads every entry of their indexes:
	// seconds at a million posts, more on a busy machine with a cold
	// file cache. A minute, so that start-up waits for it rather than fails.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.state(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Register adds the site's routes to mux. "GET /" catches every path no
// other feature claims, so unknown pages get the site's 404 page.
func (s *Site) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.cached(s.home))
	mux.HandleFunc("GET /{slug}/{$}", s.cached(s.post))
	mux.HandleFunc("GET /author/{slug}/{$}", s.cached(s.author))
	mux.HandleFunc("GET /tag/{slug}/{$}", s.cached(s.tag))
	mux.HandleFunc("GET /search/{$}", s.search)
	mux.HandleFunc("GET /live/{$}", s.live)
	mux.HandleFunc("GET /assets/{file}", s.asset)
	mux.HandleFunc("GET /", s.fallback)
}

// navMaxAge bounds how often the masthead's sections are recounted: one
// count per tag is too much to repeat on every event of a busy live blog,
// and the busiest sections change slowly.
const navMaxAge = 5 * time.Minute

// state returns the cached settings and sections, reloading the settings
// whenever the event bus has moved on (settings.updated among others; a
// live blog entry's events change none of it) and
// the sections when they are older than navMaxAge as well.
func (s *Site) state(ctx context.Context) (*siteState, error) {
	v := s.events.SharedVersion()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil && s.current.version == v {
		return s.current, nil
	}
	st, err := s.loadState(ctx, v, s.current)
	if err != nil {
		if s.current != nil {
			// Serve the last good state rather than fail every page.
			s.log.Error("reload site settings", "err", err)
			return s.current, nil
		}
		return nil, err
	}
	s.current = st
	return st, nil
}

var accentRE = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

func (s *Site) loadState(ctx context.Context, version uint64, prev *siteState) (*siteState, error) {
	settings, err := s.store.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	def := domain.DefaultSettings()
	if settings.Title == "" {
		settings.Title = def.Title
	}
	if settings.Language == "" {
		settings.Language = def.Language
	}
	// The accent goes into a style sheet; accept only a hex colour.
	if !accentRE.MatchString(settings.Accent) {
		settings.Accent = def.Accent
	}
	loc, err := time.LoadLocation(settings.Timezone)
	if err != nil || settings.Timezone == "" {
		loc = time.UTC
	}
	st := &siteState{version: version, settings: settings, loc: loc}
	if len(settings.Navigation) > 0 {
		// The Administrator's menu replaces the automatic sections.
		return st, nil
	}
	if now := s.now(); prev != nil && now.Sub(prev.navAt) < navMaxAge {
		st.nav, st.navAt = prev.nav, prev.navAt
	} else {
		if st.nav, err = s.busiestSections(ctx); err != nil {
			return nil, err
		}
		st.navAt = now
	}
	return st, nil
}

// busiestSections picks the public tags with the most published posts for
// the masthead, in order of size.
func (s *Site) busiestSections(ctx context.Context) ([]domain.Tag, error) {
	tags, err := s.store.ListPublicTags(ctx, s.now())
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	type counted struct {
		tag domain.Tag
		n   int
	}
	var all []counted
	for _, t := range tags {
		n, err := s.store.CountPosts(ctx, storage.PostQuery{Public: true, TagID: t.ID})
		if err != nil {
			return nil, fmt.Errorf("count posts of tag %q: %w", t.Slug, err)
		}
		if n > 0 {
			all = append(all, counted{*t, n})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].n > all[j].n })
	nav := make([]domain.Tag, 0, navSections)
	for _, c := range all[:min(len(all), navSections)] {
		nav = append(nav, c.tag)
	}
	return nav, nil
}

// peerAddr is the address of the connection's other end.
func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
