// Package sitemap serves what crawlers read: /sitemap.xml (a sitemap
// index), child sitemaps for posts, static pages, authors and tags, the
// Google News sitemap of the last two days, and /robots.txt pointing at
// them.
//
// Post sitemaps are split before either protocol limit (50,000 URLs or
// 50 MB per file). Files run oldest post first and each is named by the
// keyset cursor of its first post, so a new post only ever changes the last
// file, a file is read with one index range scan, and nothing uses OFFSET.
package sitemap

import (
	"context"
	"encoding/xml"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage"
	"newsdesk/internal/xmltext"
)

// The limits of the sitemaps protocol (sitemaps.org) and Google News.
const (
	MaxURLs    = 50_000
	MaxBytes   = 50 * 1024 * 1024
	NewsWindow = 48 * time.Hour
	MaxNews    = 1000
)

const (
	cacheControl = "public, max-age=300"
	// cacheLife bounds how long a rendering is served without an event:
	// posts enter and leave the news window with the clock alone.
	cacheLife = 5 * time.Minute
	// Rendered files up to this size stay in memory.
	maxCachedBytes = 1 << 20
	// The index walks every public post's key (about a second per million
	// posts), so events refresh it at most once a minute, and it is kept
	// ten minutes without any.
	indexMinAge = time.Minute
	indexLife   = 10 * time.Minute
)

// Service renders and serves sitemaps and robots.txt.
type Service struct {
	store    storage.Store
	log      *slog.Logger
	base     string
	cache    *pagecache.Cache
	maxURLs  int
	maxBytes int
	now      func() time.Time

	indexBuilt   atomic.Int64 // unix nanoseconds of the last index render
	indexPending atomic.Bool  // a refresh of the index is scheduled
	indexMinAge  time.Duration
}

// New returns the sitemap service for the site at baseURL (absolute, no
// trailing slash). Content events drop cached sitemaps (the cache follows
// bus) and refresh the index at most once a minute.
func New(store storage.Store, bus *events.Bus, log *slog.Logger, baseURL string) *Service {
	s := &Service{
		store:    store,
		log:      log,
		base:     strings.TrimRight(baseURL, "/"),
		cache:    pagecache.New(0),
		maxURLs:  MaxURLs,
		maxBytes: MaxBytes,
		now:      time.Now,

		indexMinAge: indexMinAge,
	}
	s.cache.Follow(bus)
	bus.OnEvent(s.onEvent)
	return s
}

// UseCache makes the service keep its answers in c, which follows the
// events itself (the application's one cache). Call before serving.
func (s *Service) UseCache(c *pagecache.Cache) { s.cache = c }

// onEvent drops the index now, or once it is indexMinAge old.
func (s *Service) onEvent(events.Event) {
	if !s.indexPending.CompareAndSwap(false, true) {
		return // a refresh is already scheduled
	}
	wait := s.indexMinAge - time.Since(time.Unix(0, s.indexBuilt.Load()))
	refresh := func() {
		s.indexPending.Store(false)
		s.cache.Invalidate(pagecache.SitemapIndex)
	}
	if wait <= 0 {
		refresh()
		return
	}
	time.AfterFunc(wait, refresh)
}

// Register adds the routes to mux.
func (s *Service) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /sitemap.xml", s.serveIndex)
	mux.HandleFunc("GET /sitemap-posts.xml", s.serve(s.renderPosts))
	mux.HandleFunc("GET /sitemap-pages.xml", s.serve(s.renderPages))
	mux.HandleFunc("GET /sitemap-authors.xml", s.serve(s.renderAuthors))
	mux.HandleFunc("GET /sitemap-tags.xml", s.serve(s.renderTags))
	mux.HandleFunc("GET /sitemap-news.xml", s.serve(s.renderNews))
	mux.HandleFunc("GET /robots.txt", s.serve(s.renderRobots))
}

// httpError is a client error (bad parameter, unknown file) with the
// message to show.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

type renderFunc func(ctx context.Context, r *http.Request) (*pagecache.Entry, error)

func (s *Service) serveIndex(w http.ResponseWriter, r *http.Request) {
	if s.indexPending.Load() && time.Since(time.Unix(0, s.indexBuilt.Load())) >= s.indexMinAge {
		s.indexPending.Store(false)
		s.cache.Invalidate(pagecache.SitemapIndex)
	}
	s.serveAs(pagecache.SitemapIndex, s.renderIndex)(w, r)
}

func (s *Service) serve(render renderFunc) http.HandlerFunc {
	return s.serveAs(pagecache.Sitemaps, render)
}

// serveAs serves render's answers from the cache, where they depend on dep.
func (s *Service) serveAs(dep string, render renderFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		if r.URL.RawQuery != "" {
			key += "?" + r.URL.RawQuery
		}
		e, err := s.cache.LoadLong(key, func() (*pagecache.Entry, error) {
			// The render outlives a client that hangs up: others may wait on it.
			e, err := render(context.WithoutCancel(r.Context()), r)
			if err != nil {
				return nil, err
			}
			if e.Expires.IsZero() {
				e.Expires = s.now().Add(cacheLife)
			}
			if len(e.Body) > maxCachedBytes {
				// Served once, not kept: large post files would pin
				// megabytes each. The next request renders again.
				e.Transient = true
			}
			e.Deps, e.Route, e.CacheControl = []string{dep}, r.Pattern, cacheControl
			// The index refreshes on its own schedule (onEvent), not with
			// every change.
			e.Throttled = dep == pagecache.SitemapIndex
			return e, nil
		})
		if he, ok := err.(*httpError); ok {
			http.Error(w, he.msg, he.status)
			return
		}
		if err != nil {
			if domain.ErrorCode(err) == domain.EUNAVAILABLE {
				w.Header().Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
			}
			s.log.Error("render sitemap", "path", r.URL.Path, "err", err)
			http.Error(w, "The sitemap is unavailable right now; try again shortly.", http.StatusServiceUnavailable)
			return
		}
		pagecache.Serve(w, r, e)
	}
}

// part is one child sitemap file.
type part struct {
	loc     string
	lastMod time.Time
}

// Size bounds. Files are cut by count alone (the index then needs only
// post keys), so every entry has a size bound: slugs are at most
// domain.MaxSlugLen bytes of [a-z0-9-], and an image whose escaped URL
// is longer than maxImageLoc is left out of the file (Google ignores such
// URLs anyway). perFile turns the bound into a count under both limits.
const (
	docOverhead = 512 // XML declaration, root element, namespaces
	urlOverhead = 200 // <url>, <loc>, <lastmod>, image wrapper, indentation, date
	maxImageLoc = 600 // longest escaped image URL listed
)

// postEntryMax bounds the bytes of one post's <url> entry.
func (s *Service) postEntryMax() int {
	return urlOverhead + len(escape(s.base)) + len("/") + domain.MaxSlugLen + len("/") + maxImageLoc
}

// profileEntryMax bounds the bytes of one author's or tag's <url> entry.
func (s *Service) profileEntryMax() int {
	return urlOverhead + len(escape(s.base)) + len("/author/") + domain.MaxSlugLen + len("/")
}

// perFile is how many entries of at most entryMax bytes a file may hold.
func (s *Service) perFile(entryMax int) int {
	return max(1, min(s.maxURLs, (s.maxBytes-docOverhead)/entryMax))
}

// postParts walks the keys of all public posts, oldest first, and cuts
// them into files of perFile posts, each named by its first post's cursor.
func (s *Service) postParts(ctx context.Context, now time.Time) ([]part, error) {
	var parts []part
	per, n := s.perFile(s.postEntryMax()), 0
	err := s.store.SitemapKeys(ctx, now, func(k storage.SitemapKey) error {
		if n%per == 0 {
			loc := s.base + "/sitemap-posts.xml"
			if n > 0 {
				loc += "?from=" + k.Cursor.String()
			}
			parts = append(parts, part{loc: loc})
		}
		n++
		if p := &parts[len(parts)-1]; k.UpdatedAt.After(p.lastMod) {
			p.lastMod = k.UpdatedAt
		}
		return nil
	})
	return parts, err
}

// profileParts cuts authors or tags into files; they are few enough to
// hold in memory, so files are numbered.
func (s *Service) profileParts(list []storage.SitemapProfile) [][]storage.SitemapProfile {
	var parts [][]storage.SitemapProfile
	per := s.perFile(s.profileEntryMax())
	for len(list) > 0 {
		n := min(per, len(list))
		parts = append(parts, list[:n])
		list = list[n:]
	}
	return parts
}

func profilePartLoc(base, path string, i int) string {
	if i == 0 {
		return base + path
	}
	return base + path + "?page=" + strconv.Itoa(i+1)
}

func (s *Service) renderIndex(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	now := s.now()
	s.indexBuilt.Store(now.UnixNano())
	parts, err := s.postParts(ctx, now)
	if err != nil {
		return nil, err
	}
	pages, err := s.store.SitemapPages(ctx, now, s.perFile(s.postEntryMax()))
	if err != nil {
		return nil, err
	}
	if len(pages) > 0 {
		p := part{loc: s.base + "/sitemap-pages.xml"}
		for _, pg := range pages {
			if pg.UpdatedAt.After(p.lastMod) {
				p.lastMod = pg.UpdatedAt
			}
		}
		parts = append(parts, p)
	}
	for _, kind := range []struct {
		path string
		list func(context.Context, time.Time) ([]storage.SitemapProfile, error)
	}{{"/sitemap-authors.xml", s.store.PublicAuthors}, {"/sitemap-tags.xml", s.store.PublicTags}} {
		list, err := kind.list(ctx, now)
		if err != nil {
			return nil, err
		}
		for i, pp := range s.profileParts(list) {
			p := part{loc: profilePartLoc(s.base, kind.path, i)}
			for _, prof := range pp {
				if prof.LastPost.After(p.lastMod) {
					p.lastMod = prof.LastPost
				}
			}
			parts = append(parts, p)
		}
	}
	news, err := s.store.RecentPosts(ctx, now.Add(-NewsWindow), now, 1)
	if err != nil {
		return nil, err
	}
	if len(news) > 0 {
		parts = append(parts, part{loc: s.base + "/sitemap-news.xml", lastMod: news[0].UpdatedAt})
	}
	idx := sitemapIndex{}
	var newest time.Time
	for _, p := range parts {
		idx.Sitemaps = append(idx.Sitemaps, indexEntry{Loc: p.loc, LastMod: w3c(p.lastMod)})
		if p.lastMod.After(newest) {
			newest = p.lastMod
		}
	}
	e, err := s.entry(idx, newest)
	if err == nil {
		e.Expires = now.Add(indexLife)
	}
	return e, err
}

func (s *Service) renderPosts(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	var from *storage.Cursor
	if v := r.URL.Query().Get("from"); v != "" {
		c, err := storage.ParseCursor(v)
		if err != nil {
			return nil, &httpError{http.StatusBadRequest, "The from parameter is not a sitemap position; take links from /sitemap.xml."}
		}
		from = c
	}
	posts, err := s.store.SitemapPosts(ctx, from, s.perFile(s.postEntryMax()), s.now())
	if err != nil {
		return nil, err
	}
	if from != nil && len(posts) == 0 {
		return nil, &httpError{http.StatusNotFound, "No posts from that position; take links from /sitemap.xml."}
	}
	return s.postSet(posts)
}

// renderPages lists the static pages, one file: a site has tens of them,
// never the 50,000 a file may hold (beyond that the oldest are listed).
func (s *Service) renderPages(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	pages, err := s.store.SitemapPages(ctx, s.now(), s.perFile(s.postEntryMax()))
	if err != nil {
		return nil, err
	}
	return s.postSet(pages)
}

// postSet renders posts or pages with their lead images.
func (s *Service) postSet(posts []storage.SitemapPost) (*pagecache.Entry, error) {
	set := urlset{NSImage: nsImage}
	var newest time.Time
	for _, p := range posts {
		u := urlEntry{Loc: s.base + "/" + p.Slug + "/", LastMod: w3c(p.UpdatedAt)}
		if img := xmltext.Clean(s.abs(p.ImageURL)); img != "" && len(escape(img)) <= maxImageLoc {
			u.Images = []imageEntry{{Loc: img}}
		}
		set.URLs = append(set.URLs, u)
		if p.UpdatedAt.After(newest) {
			newest = p.UpdatedAt
		}
	}
	return s.entry(set, newest)
}

func (s *Service) renderAuthors(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	return s.renderProfiles(ctx, r, s.store.PublicAuthors, "/sitemap-authors.xml", "/author/")
}

func (s *Service) renderTags(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	return s.renderProfiles(ctx, r, s.store.PublicTags, "/sitemap-tags.xml", "/tag/")
}

func (s *Service) renderProfiles(ctx context.Context, r *http.Request,
	list func(context.Context, time.Time) ([]storage.SitemapProfile, error), path, prefix string) (*pagecache.Entry, error) {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, &httpError{http.StatusBadRequest, "The page parameter must be a whole number from 1."}
		}
		page = n
	}
	all, err := list(ctx, s.now())
	if err != nil {
		return nil, err
	}
	parts := s.profileParts(all)
	if page > len(parts) && page > 1 {
		return nil, &httpError{http.StatusNotFound, "No such sitemap page; take links from /sitemap.xml."}
	}
	set := urlset{}
	var newest time.Time
	if page <= len(parts) {
		for _, p := range parts[page-1] {
			set.URLs = append(set.URLs, urlEntry{Loc: s.base + prefix + p.Slug + "/", LastMod: w3c(p.LastPost)})
			if p.LastPost.After(newest) {
				newest = p.LastPost
			}
		}
	}
	return s.entry(set, newest)
}

func (s *Service) renderNews(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	now := s.now()
	settings, err := s.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	posts, err := s.store.RecentPosts(ctx, now.Add(-NewsWindow), now, MaxNews)
	if err != nil {
		return nil, err
	}
	set := urlset{NSNews: nsNews}
	var newest time.Time
	name := xmltext.Clean(settings.Title)
	for _, p := range posts {
		lang := p.Language
		if lang == "" {
			lang = settings.Language
		}
		set.URLs = append(set.URLs, urlEntry{
			Loc: s.base + "/" + p.Slug + "/",
			News: &newsEntry{
				Publication:     newsPublication{Name: name, Language: newsLanguage(lang)},
				PublicationDate: w3c(p.PublishedAt),
				Title:           xmltext.Clean(p.Title),
			},
		})
		if p.UpdatedAt.After(newest) {
			newest = p.UpdatedAt
		}
	}
	e, err := s.entry(set, newest)
	if err == nil && len(posts) > 0 {
		// The oldest post leaves the window at this time.
		e.Expires = posts[len(posts)-1].PublishedAt.Add(NewsWindow)
		if limit := now.Add(cacheLife); e.Expires.After(limit) {
			e.Expires = limit
		}
	}
	return e, err
}

// newsLanguage is the ISO 639 code Google News wants: the primary
// subtag, except for the Chinese scripts it distinguishes.
func newsLanguage(lang string) string {
	lang = strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
	if lang == "zh-cn" || lang == "zh-tw" {
		return lang
	}
	primary, _, _ := strings.Cut(lang, "-")
	return primary
}

func (s *Service) renderRobots(ctx context.Context, r *http.Request) (*pagecache.Entry, error) {
	body := "# newsdesk: the newsroom and the APIs are not for crawlers.\n" +
		"User-agent: *\n" +
		"Disallow: /newsroom/\n" +
		"Disallow: /ghost/\n" +
		"\n" +
		"Sitemap: " + s.base + "/sitemap.xml\n" +
		"Sitemap: " + s.base + "/sitemap-news.xml\n"
	e := pagecache.NewEntry([]byte(body), "text/plain; charset=utf-8")
	e.Expires = time.Now().Add(24 * time.Hour)
	return e, nil
}

// escape is the text as encoding/xml writes it.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (s *Service) abs(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return s.base + u
	}
	return u
}

func (s *Service) entry(v any, newest time.Time) (*pagecache.Entry, error) {
	body, err := xmltext.Marshal(v, " ")
	if err != nil {
		return nil, err
	}
	if c := s.cache.ChangedAt(); c.After(newest) {
		newest = c
	}
	e := pagecache.NewEntry(body, "application/xml; charset=utf-8")
	e.LastModified = newest
	return e, nil
}

// w3c formats t as the W3C datetime sitemaps use; zero is left out.
func w3c(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
