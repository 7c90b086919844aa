package seo

import (
	"newsdesk/internal/domain"
)

// liveBlog describes a live blog as schema.org's LiveBlogPosting: the
// article's properties, the coverage times, and the entries on the page
// as liveBlogUpdate BlogPostings, which Google reads for its "Live" label.
func (h *head) liveBlog() obj {
	p := h.page.Post
	o := h.article()
	o["@type"] = "LiveBlogPosting"
	if t := p.CoverageStart(); !t.IsZero() {
		o["coverageStartTime"] = iso(t)
	}
	if p.Live.Ended() {
		o["coverageEndTime"] = iso(p.Live.EndedAt)
	}
	updates := make([]obj, 0, len(h.page.Entries))
	for _, e := range h.page.Entries {
		updates = append(updates, h.blogPosting(e))
	}
	if len(updates) > 0 {
		o["liveBlogUpdate"] = updates
		if last := h.page.Entries[0].Time(); last.After(h.modified()) {
			o["dateModified"] = iso(last)
		}
	}
	return o
}

// blogPosting is one entry as a BlogPosting, with its own URL.
func (h *head) blogPosting(e *domain.LiveEntry) obj {
	p := h.page.Post
	headline := e.Title
	if headline == "" {
		headline = domain.Truncate(e.Plaintext, MaxHeadline-1)
	}
	o := obj{
		"@type":         "BlogPosting",
		"headline":      domain.Truncate(clean(headline), MaxHeadline-1),
		"datePublished": iso(e.Time()),
		"dateModified":  iso(firstTime(e.UpdatedAt, e.Time())),
		"articleBody":   clean(e.Plaintext),
		"url":           h.base + "/" + p.Slug + "/entries/" + e.ID + "/",
	}
	if e.Author.Name != "" {
		o["author"] = h.people([]domain.Author{e.Author})
	}
	if e.Correction != "" {
		o["correction"] = []obj{{"@type": "CorrectionComment", "datePublished": iso(e.CorrectedAt), "text": clean(e.Correction)}}
	}
	return o
}

// liveEntryPage describes an entry's own page: the entry as a
// BlogPosting, part of its live blog.
func (h *head) liveEntryPage() obj {
	p := h.page.Post
	o := h.blogPosting(h.page.Entry)
	o["@context"] = "https://schema.org"
	o["mainEntityOfPage"] = obj{"@type": "WebPage", "@id": h.canonical}
	o["publisher"] = h.publisher()
	o["inLanguage"] = h.language()
	o["isPartOf"] = obj{"@type": "LiveBlogPosting", "headline": domain.Truncate(clean(p.Title), MaxHeadline-1),
		"url": h.base + "/" + p.Slug + "/"}
	if h.image.URL != "" {
		o["image"] = []string{h.image.URL}
	}
	return o
}

// corrections are a post's public correction notes as schema.org's
// correction property; nil when there are none.
func corrections(p *domain.Post) []obj {
	var out []obj
	for _, c := range p.PublicCorrections() {
		if c.Kind != "correction" {
			continue // an update is news, not a correction
		}
		out = append(out, obj{"@type": "CorrectionComment", "datePublished": iso(c.CreatedAt), "text": clean(c.Body)})
	}
	return out
}
