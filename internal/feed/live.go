package feed

import (
	"context"
	"html"
	"net/http"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// A live blog's feeds, at /live/{slug}/rss/, /live/{slug}/atom/ and
// /live/{slug}/feed.json (Scope{Kind: "live"}): its newest published
// entries, one item each, linking to the entry's own page. An entry's
// item keeps its id when edited; its updated time moves.

// registerLive adds the live blogs' feed routes.
func (s *Service) registerLive(mux *http.ServeMux) {
	for _, f := range Formats {
		suffix := f.suffix()
		if suffix[len(suffix)-1] == '/' {
			suffix += "{$}"
		}
		mux.HandleFunc("GET /live/{slug}/"+suffix, s.handler(f, "live"))
	}
}

// liveChannel fills ch with the live blog slug's entries; a post that is
// not a public live blog is ENOTFOUND.
func (s *Service) liveChannel(ctx context.Context, ch *channel, b builder, slug string) error {
	p, err := s.store.PostBySlug(ctx, slug)
	if err != nil {
		return err
	}
	if p.Kind != domain.KindLive || p.IsPage() || !p.IsPublic(s.nowFunc()) {
		return storage.NotFound("Live blog", slug)
	}
	ch.Title = clean(p.Title) + " — " + ch.Title
	if d := clean(p.Excerpt()); d != "" {
		ch.Description = d
	}
	ch.HomeURL, ch.PostID = b.base+"/"+p.Slug+"/", p.ID
	if p.Language != "" {
		ch.Language = clean(p.Language)
	}
	page, err := s.store.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, Limit: s.limit})
	if err != nil {
		return err
	}
	for _, e := range page.Entries {
		it := b.entryItem(p, e)
		if it.Updated.After(ch.Updated) {
			ch.Updated = it.Updated
		}
		ch.Items = append(ch.Items, it)
	}
	return nil
}

// entryItem is one entry as a feed item.
func (b builder) entryItem(p *domain.Post, e *domain.LiveEntry) item {
	title := e.Title
	if title == "" {
		title = domain.Truncate(e.Plaintext, 90)
	}
	it := item{
		ID:        "tag:" + b.host + "," + e.CreatedAt.UTC().Format("2006-01-02") + ":entry:" + e.ID,
		URL:       b.base + "/" + p.Slug + "/entries/" + e.ID + "/",
		Title:     clean(title),
		Summary:   clean(domain.Truncate(e.Plaintext, 300)),
		Published: e.Time().UTC(),
		Updated:   e.UpdatedAt.UTC(),
		Language:  clean(p.Language),
	}
	if it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}
	if e.Author.Name != "" {
		it.Authors = []person{{Name: clean(e.Author.Name), URL: b.base + "/author/" + e.Author.Slug + "/", Avatar: clean(b.abs(e.Author.Avatar))}}
	}
	body := b.absolutize(markdown.Sanitize(e.BodyHTML))
	if e.Correction != "" {
		body += `<p><strong>Correction:</strong> ` + html.EscapeString(e.Correction) + `</p>`
	}
	it.ContentHTML = clean(body)
	return it
}
