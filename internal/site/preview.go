package site

import (
	"bytes"
	"fmt"
	"net/http"

	"newsdesk/internal/domain"
)

// PreviewOptions say what the preview banner offers and tells.
type PreviewOptions struct {
	// EditURL, when set, is the banner's link back to the editor.
	EditURL string
	// Unsaved marks a preview of text not yet saved, such as the editor's
	// form as it stands.
	Unsaved bool
	// Pending marks a preview of a published post's pending version;
	// LiveURL is where readers see the live one meanwhile.
	Pending bool
	LiveURL string
}

// preview is the banner over a page shown to an editor, not to readers.
type preview struct {
	PreviewOptions
	Status  domain.Status
	At      when   // when a scheduled post goes out
	PostURL string // the public address of a published post
}

// RenderPreview writes p as its public article page would show it, saved
// or not and whatever its status, under a "Preview — not published"
// banner. The page is never cached or indexed. Who may see it is the
// caller's business: the site serves previews on no route of its own.
//
// On error nothing has been written and the caller answers the request.
func (s *Site) RenderPreview(w http.ResponseWriter, r *http.Request, p *domain.Post, opts PreviewOptions) error {
	st, err := s.state(r.Context())
	if err != nil {
		return err
	}
	c := newClock(st, s.now())
	shown := *p
	if shown.PublishedAt.IsZero() {
		// A draft shows the time it would carry if published now.
		shown.PublishedAt = c.now
	}
	// The News Feed under a preview is the top of the stream: where the
	// post would go if published now. A static page has none.
	name, data := "post", (*page)(nil)
	if p.IsPage() {
		name, data = "page", s.staticPage(st, c, &shown)
	} else if data, err = s.articlePage(r.Context(), st, c, &shown); err != nil {
		return err
	}
	data.Kind = name
	data.NoIndex = true
	data.Preview = &preview{PreviewOptions: opts, Status: p.Status}
	switch {
	case opts.Unsaved, opts.Pending:
	case p.Status == domain.StatusScheduled:
		data.Preview.At = c.in(p.Language).long(p.PublishedAt)
	case p.IsPublic(c.now):
		data.Preview.PostURL = "/" + p.Slug + "/"
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("render preview of %q: %w", p.Slug, err)
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	writeHTML(w, http.StatusOK, buf.Bytes())
	return nil
}
