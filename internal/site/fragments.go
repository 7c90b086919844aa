package site

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// What every page shares, the masthead (sections, date line, breaking
// pins) and the footer, is rendered once per content change and variant
// and kept as HTML: an uncached article page then runs templates only for
// its own part. The fragments follow the site state, which is reloaded on
// every content event, and the breaking pins, which also run out with
// the clock.

// fragmentMaxBytes bounds the rendered fragments kept; variants are few
// (a language, a date, the section marked current), so it is rarely met.
const fragmentMaxBytes = 1 << 20

// fragmentCache holds rendered fragments of one site state by variant.
type fragmentCache struct {
	mu      sync.Mutex
	state   *siteState
	entries map[string]template.HTML
	bytes   int
}

// get returns the fragment for key under st, rendering it with render
// when missing. Fragments of an older state are dropped first.
func (f *fragmentCache) get(st *siteState, key string, render func() (template.HTML, error)) (template.HTML, error) {
	f.mu.Lock()
	if f.state != st {
		f.state, f.entries, f.bytes = st, nil, 0
	}
	h, ok := f.entries[key]
	f.mu.Unlock()
	if ok {
		return h, nil
	}
	h, err := render()
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state != st {
		return h, nil // the state moved on while rendering
	}
	if f.entries == nil || f.bytes+len(h) > fragmentMaxBytes {
		f.entries, f.bytes = make(map[string]template.HTML), 0
	}
	f.entries[key] = h
	f.bytes += len(h)
	return h, nil
}

// shareFragments fills the page's masthead and footer from the cache.
// Everything the two templates read is in the key, so a fragment is the
// bytes the layout would render in its place.
func (s *Site) shareFragments(pt *template.Template, data *page) error {
	st := data.state
	if st == nil {
		return nil // rendered in place
	}
	var k strings.Builder
	fmt.Fprintf(&k, "m\x00%s\x00%p\x00%s\x00%s\x00%t\x00%s\x00", data.Lang, data.L, data.Today.ISO, data.Today.Text,
		data.Kind == "search", data.Current)
	for _, m := range data.Menu {
		fmt.Fprintf(&k, "%s\x01%s\x01%t\x00", m.Label, m.URL, m.Current)
	}
	for _, b := range data.Breaking {
		fmt.Fprintf(&k, "%s\x01%s\x00", b.URL, b.Title)
	}
	var err error
	data.Masthead, err = s.fragments.get(st, k.String(), func() (template.HTML, error) {
		return executeHTML(pt, "masthead", data)
	})
	if err != nil {
		return err
	}
	k.Reset()
	fmt.Fprintf(&k, "f\x00%p\x00", data.L)
	for _, m := range data.FooterMenu {
		fmt.Fprintf(&k, "%s\x01%s\x01%t\x00", m.Label, m.URL, m.Current)
	}
	data.Footer, err = s.fragments.get(st, k.String(), func() (template.HTML, error) {
		return executeHTML(pt, "footer", data)
	})
	return err
}

func executeHTML(pt *template.Template, name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := pt.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil // the template escaped it
}

// breakingMax is how many pins the banner shows.
const breakingMax = 3

// postList is a listing every page shares (the breaking pins, the
// newest items of the stream) as of one content version: loaded once per
// version and again when it runs out (a pin expiring) or after cacheTTL.
type postList struct {
	mu      sync.Mutex
	version uint64
	expires time.Time
	posts   []*domain.Post
}

// get returns the list public at c.now, calling load when the version
// moved on or the list ran out; load returns the posts and when they stop
// being right (zero: cacheTTL).
func (l *postList) get(v uint64, c clock, load func() ([]*domain.Post, time.Time, error)) ([]*domain.Post, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.version == v && c.now.Before(l.expires) && l.posts != nil {
		return l.posts, nil
	}
	posts, until, err := load()
	if err != nil {
		return nil, err
	}
	l.version, l.posts, l.expires = v, posts, c.now.Add(cacheTTL)
	if l.posts == nil {
		l.posts = []*domain.Post{}
	}
	if !until.IsZero() && until.Before(l.expires) {
		l.expires = until
	}
	return l.posts, nil
}

// breakingPosts returns the posts pinned as breaking news, newest first:
// one more than the banner shows, so that leaving out the article being
// read still leaves enough. The list is reloaded when the first pin runs
// out.
func (s *Site) breakingPosts(ctx context.Context, c clock) ([]*domain.Post, error) {
	return s.pins.get(s.events.SharedVersion(), c, func() ([]*domain.Post, time.Time, error) {
		res, err := s.store.ListPosts(ctx, storage.PostQuery{Public: true, Breaking: true, Now: c.now,
			Limit: breakingMax + 1, Summary: true})
		if err != nil {
			return nil, time.Time{}, err
		}
		var until time.Time
		for _, p := range res.Posts {
			if until.IsZero() || p.BreakingUntil.Before(until) {
				until = p.BreakingUntil
			}
		}
		return res.Posts, until, nil
	})
}

// newestPosts returns the top of the News Feed: two more than a page, so
// that leaving out the article being read still fills a page and tells
// whether there is more.
func (s *Site) newestPosts(ctx context.Context, c clock) ([]*domain.Post, error) {
	return s.newest.get(s.events.SharedVersion(), c, func() ([]*domain.Post, time.Time, error) {
		res, err := s.store.ListPosts(ctx, storage.PostQuery{Public: true, Now: c.now, Limit: PageSize + 2, Summary: true})
		if err != nil {
			return nil, time.Time{}, err
		}
		return res.Posts, time.Time{}, nil
	})
}

// shareStream fills an article page's News Feed from the cache: every
// article shows the same newest items, so the rail is rendered once per
// content change, language and day (and once more for each of the few
// articles that are themselves among the newest).
func (s *Site) shareStream(pt *template.Template, data *page) error {
	if data.fillStream == nil {
		return nil
	}
	if data.state == nil {
		data.fillStream()
		return nil
	}
	key := fmt.Sprintf("s\x00%p\x00%s\x00%s", data.L, data.Today.ISO, data.streamKey)
	var err error
	data.StreamHTML, err = s.fragments.get(data.state, key, func() (template.HTML, error) {
		data.fillStream()
		return executeHTML(pt, "stream", data.Stream)
	})
	return err
}
