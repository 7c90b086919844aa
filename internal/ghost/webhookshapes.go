package ghost

import (
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// Shapes writes posts, pages and tags as Ghost's webhooks carry them: the
// Admin API's objects (UTC dates, authors and tags included), so a
// receiver written for Ghost reads newsdesk's payloads unchanged. Nothing
// is looked up: a payload is made inside the transaction that stores it.
type Shapes struct {
	// SiteURL is the public base URL, for absolute urls.
	SiteURL string
}

func (s Shapes) shaper() shaper {
	return shaper{site: strings.TrimRight(s.SiteURL, "/"), loc: time.UTC, admin: true}
}

// Post is p as an Admin API post or page object, JSON-encoded.
func (s Shapes) Post(p *domain.Post) ([]byte, error) {
	sh := s.shaper()
	o := postOptions{authors: true, tags: true, html: true, editorFormats: true, corrections: true}
	if p.IsPage() {
		return sh.page(p, o).MarshalJSON()
	}
	return sh.post(p, o).MarshalJSON()
}

// Tag is t as an Admin API tag object, JSON-encoded.
func (s Shapes) Tag(t *domain.Tag) ([]byte, error) {
	return s.shaper().tag(t, nil).MarshalJSON()
}
