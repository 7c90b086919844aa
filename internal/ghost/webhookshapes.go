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

// Post is p as an Admin API post or page object, JSON-encoded, with the
// fields Ghost 5.130's deliveries have (internal/webhooks/testdata holds
// two): plaintext too; no lexical, email or newsletter.
func (s Shapes) Post(p *domain.Post) ([]byte, error) {
	sh := s.shaper()
	o := postOptions{authors: true, tags: true, html: true, plaintext: true, editorFormats: true, corrections: true}
	var obj object
	if p.IsPage() {
		obj = sh.page(p, o)
	} else {
		obj = sh.post(p, o)
	}
	out := obj[:0:0]
	for _, f := range obj {
		switch f.k {
		case "lexical", "email", "newsletter":
			continue
		}
		out = append(out, f)
	}
	return out.MarshalJSON()
}

// Tag is t as an Admin API tag object, JSON-encoded.
func (s Shapes) Tag(t *domain.Tag) ([]byte, error) {
	return s.shaper().tag(t, nil).MarshalJSON()
}
