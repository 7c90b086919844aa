package pagecache

import "time"

// Dependency names shared by the answers' makers and the code that
// follows events.
const (
	// API marks Ghost Content API answers; any content change drops them.
	API = "api"
	// Sitemaps marks sitemaps other than the index.
	Sitemaps = "sitemaps"
	// SitemapIndex marks the sitemap index, refreshed at most once a minute.
	SitemapIndex = "sitemap-index"
)

// Post is the dependency of an answer that shows the post with id.
func Post(id string) string { return "post:" + id }

// Top is the dependency of an answer that shows the newest items of the
// stream at path ("/", "/tag/world/", "/author/jane/"): its first page and
// its feeds. Any change to a post of the stream drops them.
func Top(path string) string { return "top:" + path }

// Span is a part of the stream at Path, from its oldest listed item to
// its newest possible one (both included).
type Span struct {
	Path     string
	From, To time.Time
}
