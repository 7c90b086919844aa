package pagecache

import "newsdesk/internal/events"

// Follow has the cache drop what each event on bus changes. Calling it
// again for the same cache does nothing, so every feature given the cache
// may call it.
func (c *Cache) Follow(bus *events.Bus) {
	c.followOnce.Do(func() { bus.OnEvent(c.Apply) })
}

// Apply drops the answers e changes. A post event that says where the post
// is shown drops the answers that show it (its page, the pages listing it),
// the first pages and feeds of the streams it belongs to, the pages of
// those streams whose part reaches its time, the sitemaps and the Content
// API answers; other article pages stay. Any other event, or a post pinned
// as breaking news (shown on every page), drops everything.
func (c *Cache) Apply(e events.Event) {
	if e.Type == events.WebhooksUpdated {
		return // nothing readers see
	}
	w := e.Where
	if w != nil && e.PostID != "" && !e.Public {
		return // a draft: readers never saw it and do not now
	}
	if e.PostID == "" || w == nil || w.Breaking {
		c.Invalidate(All)
		return
	}
	deps := []string{Post(e.PostID), API, Sitemaps}
	if !w.Page {
		paths := make([]string, 0, 1+len(w.Tags)+len(w.Authors))
		paths = append(paths, "/")
		for _, t := range w.Tags {
			paths = append(paths, "/tag/"+t+"/")
		}
		for _, a := range w.Authors {
			paths = append(paths, "/author/"+a+"/")
		}
		for _, p := range paths {
			deps = append(deps, Top(p))
		}
		c.InvalidateAt(w.At, paths...)
	}
	c.Invalidate(deps...)
}
