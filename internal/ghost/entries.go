package ghost

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer/convert"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Live blog entries: a newsdesk resource under a live post, which Ghost
// does not have. The Admin API browses (by cursor), adds, edits and
// deletes them with the posts' JWT and roles, so desks can post from
// their own tools; the Content API lists the published ones. Bodies come
// as "markdown", or as "html" with ?source=html (converted like posts').
//
// The routes are registered as posts/{id}/{sub}/: a literal "entries"
// there would overlap posts/slug/{slug}/ with neither pattern more
// specific, which net/http refuses.

// entriesRoutes returns the entries routes for routes().
func (a *API) entriesRoutes() []route {
	return []route{
		{pattern: "GET /ghost/api/content/posts/{id}/{sub}/{$}", handler: a.content(frame{"entries", "browse"}, a.contentEntries), extension: true},
		{pattern: "GET /ghost/api/admin/posts/{id}/{sub}/{$}", handler: a.admin(frame{"entries", "browse"}, a.adminBrowseEntries), extension: true},
		{pattern: "POST /ghost/api/admin/posts/{id}/entries/{$}", handler: a.admin(frame{"entries", "add"}, a.adminAddEntry), extension: true},
		{pattern: "PUT /ghost/api/admin/posts/{id}/entries/{eid}/{$}", handler: a.admin(frame{"entries", "edit"}, a.adminEditEntry), extension: true},
		{pattern: "DELETE /ghost/api/admin/posts/{id}/entries/{eid}/{$}", handler: a.admin(frame{"entries", "destroy"}, a.adminDeleteEntry), extension: true},
	}
}

// maxEntryBody bounds an entries request: one entry of at most
// domain.MaxEntryBodyLen, as HTML perhaps, and its fields.
const maxEntryBody = 4 * domain.MaxEntryBodyLen

// entryInput is one entry as a client sends it.
type entryInput struct {
	Title      optString `json:"title"`
	HTML       optString `json:"html"`
	Markdown   optString `json:"markdown"`
	KeyEvent   *bool     `json:"key_event"`
	Status     optString `json:"status"`
	Correction optString `json:"correction"`
	UpdatedAt  optString `json:"updated_at"`
}

func decodeEntry(w http.ResponseWriter, r *http.Request) (*entryInput, error) {
	var body map[string][]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxEntryBody)).Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "Request is too large."}
		}
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "The body is not valid JSON: " + err.Error(), raw: true}
	}
	if len(body["entries"]) != 1 {
		return nil, errValidation(http.StatusUnprocessableEntity, `Validation error: send exactly one entry as {"entries":[{...}]}.`, "", "entries")
	}
	var in entryInput
	if err := json.Unmarshal(body["entries"][0], &in); err != nil {
		return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: "+err.Error(), "", "entries")
	}
	return &in, nil
}

// apply copies the input onto e. The body is Markdown, or HTML converted
// as posts' is when the request says ?source=html.
func (in *entryInput) apply(e *domain.LiveEntry, source string) error {
	if in.Title.Set {
		e.Title = in.Title.V
	}
	switch {
	case in.Markdown.Set:
		e.BodyMD = in.Markdown.V
	case in.HTML.Set && source == "html":
		e.BodyMD, _ = convert.HTML(in.HTML.V)
	case in.HTML.Set:
		return errValidation(http.StatusUnprocessableEntity,
			"Validation error: send the body as markdown, or as html with ?source=html.", "", "html")
	}
	if in.KeyEvent != nil {
		e.KeyEvent = *in.KeyEvent
	}
	if in.Status.Set {
		st := domain.EntryStatus(in.Status.V)
		if st != domain.EntryDraft && st != domain.EntryPublished {
			return errValidation(http.StatusUnprocessableEntity, "Validation error: status must be draft or published.", "", "status")
		}
		e.Status = st
	}
	if in.Correction.Set {
		e.Correction = strings.TrimSpace(in.Correction.V)
	}
	return nil
}

// liveOf loads the live post of the path for the Admin API, or says why not.
func (a *API) liveOf(r *http.Request, who *actor) (*domain.Post, error) {
	p, err := a.loadPost(r)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && p.Kind != domain.KindLive) {
		return nil, errNotFound("Post")
	}
	if err != nil {
		return nil, err
	}
	if !domain.CanDraftEntry(who.User, p) {
		return nil, errNoPermission("You do not have permission to work on this live blog.")
	}
	return p, nil
}

// entryObject is an entry as both APIs return it; markdown and status
// for the Admin API only.
func (a *API) entryObject(p *domain.Post, e *domain.LiveEntry, admin bool) object {
	sh := shaper{admin: admin, loc: time.UTC}
	o := object{
		{"id", e.ID},
		{"post_id", e.PostID},
		{"title", null(e.Title)},
		{"html", e.BodyHTML},
		{"key_event", e.KeyEvent},
		{"url", a.SiteURL + "/" + p.Slug + "/entries/" + e.ID + "/"},
		{"author", object{{"id", e.Author.ID}, {"name", e.Author.Name}, {"slug", e.Author.Slug}}},
		{"correction", null(e.Correction)},
		{"corrected_at", sh.date(e.CorrectedAt)},
		{"published_at", sh.date(e.PublishedAt)},
		{"updated_at", sh.date(e.UpdatedAt)},
	}
	if admin {
		o = append(o, field{"markdown", e.BodyMD}, field{"status", string(e.Status)}, field{"created_at", sh.date(e.CreatedAt)})
	}
	return o
}

// entryPage reads ?limit= (1..100, default 15) and ?after= (a cursor from
// meta.pagination.next) and lists one page.
func (a *API) entryPage(r *http.Request, p *domain.Post, public bool) ([]*domain.LiveEntry, *storage.Cursor, int, error) {
	q := r.URL.Query()
	limit := 15
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, nil, 0, errValidation(http.StatusBadRequest, "Validation error: limit must be a number from 1 to 100.", "", "limit")
		}
		limit = min(n, storage.MaxLimit)
	}
	var after *storage.Cursor
	if v := q.Get("after"); v != "" {
		c, err := storage.ParseCursor(v)
		if err != nil {
			return nil, nil, 0, errValidation(http.StatusBadRequest, "Validation error: after is not a cursor from meta.pagination.next.", "", "after")
		}
		after = c
	}
	page, err := a.Store.ListEntries(r.Context(), storage.EntryQuery{PostID: p.ID, Public: public, After: after, Limit: limit})
	return page.Entries, page.Next, limit, err
}

func (a *API) writeEntries(w http.ResponseWriter, r *http.Request, p *domain.Post, entries []*domain.LiveEntry, next *storage.Cursor,
	limit int, admin bool, cache string) {
	list := make([]object, len(entries))
	for i, e := range entries {
		list[i] = a.entryObject(p, e, admin)
	}
	var nextCursor any
	if next != nil {
		nextCursor = next.String()
	}
	a.writeJSON(w, r, http.StatusOK, object{{"entries", list},
		{"meta", object{{"pagination", object{{"limit", limit}, {"next", nextCursor}}}}}}, cache)
}

func (a *API) adminBrowseEntries(w http.ResponseWriter, r *http.Request, who *actor) {
	if r.PathValue("sub") != "entries" {
		a.notFound(w, r)
		return
	}
	p, err := a.liveOf(r, who)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	entries, next, limit, err := a.entryPage(r, p, false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeEntries(w, r, p, entries, next, limit, true, privateCache)
}

func (a *API) adminAddEntry(w http.ResponseWriter, r *http.Request, who *actor) {
	p, err := a.liveOf(r, who)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	in, err := decodeEntry(w, r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	e := &domain.LiveEntry{Status: domain.EntryPublished}
	if err := in.apply(e, r.URL.Query().Get("source")); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Publisher.AddEntry(r.Context(), publish.Actor{User: who.User}, p, e); err != nil {
		a.writeError(w, r, entryError(err))
		return
	}
	saved, err := a.Store.Entry(r.Context(), p.ID, e.ID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	changed(w)
	a.writeJSON(w, r, http.StatusCreated, object{{"entries", []object{a.entryObject(p, saved, true)}}}, privateCache)
}

// entryError words a stale save for entries rather than posts.
func entryError(err error) error {
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return &apiError{Status: http.StatusConflict, Type: "UpdateCollisionError",
			Message: "Saving failed! Someone else changed this entry.", Context: domain.ErrorMessage(err), Code: "UPDATE_COLLISION", raw: true}
	}
	return err
}

func (a *API) adminEditEntry(w http.ResponseWriter, r *http.Request, who *actor) {
	p, err := a.liveOf(r, who)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	old, err := a.Store.Entry(r.Context(), p.ID, r.PathValue("eid"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = errNotFound("Entry")
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	in, err := decodeEntry(w, r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if !in.UpdatedAt.Set || in.UpdatedAt.V == "" {
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity,
			"Validation error: updated_at is required when editing; send the value you last read.", "", "updated_at"))
		return
	}
	read, err := parseTime("updated_at", in.UpdatedAt.V)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	e := *old
	if err := in.apply(&e, r.URL.Query().Get("source")); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Publisher.EditEntry(r.Context(), publish.Actor{User: who.User}, p, &e, publish.EntryOptions{IfUpdatedAt: read}); err != nil {
		a.writeError(w, r, entryError(err))
		return
	}
	saved, err := a.Store.Entry(r.Context(), p.ID, e.ID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	changed(w)
	a.writeJSON(w, r, http.StatusOK, object{{"entries", []object{a.entryObject(p, saved, true)}}}, privateCache)
}

func (a *API) adminDeleteEntry(w http.ResponseWriter, r *http.Request, who *actor) {
	p, err := a.liveOf(r, who)
	if err == nil {
		_, err = a.Publisher.DeleteEntry(r.Context(), publish.Actor{User: who.User}, p, r.PathValue("eid"))
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = errNotFound("Entry")
		}
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeNoContent(w)
}

// contentEntries lists a public live blog's published entries.
func (a *API) contentEntries(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("sub") != "entries" {
		a.notFound(w, r)
		return
	}
	p, err := a.loadPost(r)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && (!p.IsPublic(a.Now()) || p.Kind != domain.KindLive)) {
		a.writeError(w, r, errNotFound("Post"))
		return
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	entries, next, limit, err := a.entryPage(r, p, true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeEntries(w, r, p, entries, next, limit, false, publicCache)
}

// contentLiveEntries is how many entries a live post's html carries in
// the Content API.
const contentLiveEntries = 50

// withLiveHTML gives a live post's html its key points and newest
// entries, as a Ghost front end that renders html expects a live blog to
// read; other posts are returned as they are. The post is copied.
func (a *API) withLiveHTML(ctx context.Context, p *domain.Post) (*domain.Post, error) {
	if p.Kind != domain.KindLive {
		return p, nil
	}
	b := p.Live
	if b == nil {
		var err error
		if b, err = a.Store.LiveBlog(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	page, err := a.Store.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, Limit: contentLiveEntries})
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.WriteString(p.BodyHTML)
	if len(b.KeyPoints) > 0 {
		sb.WriteString(`<section class="live-key-points"><h2>Key points</h2><ul>`)
		for _, k := range b.KeyPoints {
			sb.WriteString("<li>" + html.EscapeString(k) + "</li>")
		}
		sb.WriteString("</ul></section>")
	}
	sb.WriteString(`<div class="live-entries">`)
	for _, e := range page.Entries {
		sb.WriteString(`<article class="live-entry" id="entry-` + e.ID + `"><p class="live-entry-time"><time datetime="` +
			e.Time().UTC().Format(time.RFC3339) + `">` + e.Time().UTC().Format("2 Jan 2006, 15:04 UTC") + `</time></p>`)
		if e.Title != "" {
			sb.WriteString("<h3>" + html.EscapeString(e.Title) + "</h3>")
		}
		sb.WriteString(e.BodyHTML)
		if e.Correction != "" {
			sb.WriteString(`<p class="live-entry-correction"><strong>Correction:</strong> ` + html.EscapeString(e.Correction) + "</p>")
		}
		sb.WriteString("</article>")
	}
	sb.WriteString("</div>")
	cp := *p
	cp.BodyHTML = sb.String()
	return &cp, nil
}
