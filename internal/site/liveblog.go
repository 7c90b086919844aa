package site

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/seo"
	"newsdesk/internal/storage"
)

// Live blogs: a post of kind "live" is read at /{slug}/ as its key
// points, the pinned entry and its entries newest first, EntriesPerPage at
// a time with "Show older" (keyset, ?after=); each entry also has a page
// of its own at /{slug}/entries/{id}/ for sharing.

// EntriesPerPage is how many entries a live page shows: a blog with
// thousands of entries loads only its newest.
const EntriesPerPage = 20

// maxKeyEvents bounds the jump list of key events.
const maxKeyEvents = 20

// entryView is one entry as readers see it.
type entryView struct {
	ID         string
	URL        string // the entry's own page
	Title      string
	Body       template.HTML // sanitized when the entry was saved
	Time       when
	Author     domain.Author
	KeyEvent   bool
	Correction string
	Corrected  when
	L          *locale
	// Pinned marks the copy shown under the key points: it carries no
	// id attribute, so the one in the list stays the anchor.
	Pinned bool
	// HTML is the entry rendered (from the entry cache); empty, the page
	// renders it in place.
	HTML template.HTML
}

// keyEvent is one link of the key events jump list.
type keyEvent struct {
	Title string
	Href  string
	Time  when
}

// liveView is the live blog part of a live page.
type liveView struct {
	PostID    string
	Ended     bool
	Started   when
	EndedAt   *when
	KeyPoints []string
	Pinned    *entryView
	Entries   []entryView
	KeyEvents []keyEvent
	Older     string // URL of the next older page; empty at the end
	Later     bool   // this is an older page: link back to the latest
	Feed      string // the entries' Atom feed
}

func (c clock) entry(p *domain.Post, e *domain.LiveEntry) entryView {
	v := entryView{ID: e.ID, URL: "/" + p.Slug + "/entries/" + e.ID + "/", Title: e.Title, Body: template.HTML(e.BodyHTML),
		Time: c.short(e.Time()), Author: e.Author, KeyEvent: e.KeyEvent, Correction: e.Correction, L: c.locale()}
	if e.Correction != "" {
		v.Corrected = c.long(e.CorrectedAt)
	}
	return v
}

// entryTitle is what the jump list and share titles call an entry: its
// title, else the start of its text.
func entryTitle(e *domain.LiveEntry) string {
	if e.Title != "" {
		return e.Title
	}
	return domain.Truncate(strings.TrimSpace(e.Plaintext), 90)
}

// livePage builds the page of live blog p: the article page's frame with
// the blog in place of the body.
func (s *Site) livePage(ctx context.Context, st *siteState, c clock, p *domain.Post, after *storage.Cursor) (*page, error) {
	page, err := s.store.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, After: after, Limit: EntriesPerPage})
	if err != nil {
		return nil, err
	}
	data, err := s.articlePage(ctx, st, c, p)
	if err != nil {
		return nil, err
	}
	// The head describes the blog with the entries shown (JSON-LD's
	// liveBlogUpdate), as the article page describes its post.
	data.Head = seo.Head(seo.Site{Settings: st.settings, BaseURL: s.baseURL},
		seo.Page{Path: "/" + p.Slug + "/", Post: p, Entries: page.Entries,
			Title: firstNonEmpty(p.MetaTitle, p.Title), Description: firstNonEmpty(p.MetaDescription, p.Excerpt())})
	cl := c.in(p.Language)
	lv := &liveView{PostID: p.ID, Ended: p.Live.Ended(), Started: cl.long(p.CoverageStart()), Later: after != nil,
		Feed: "/live/" + p.Slug + "/atom/"}
	if p.Live != nil {
		lv.KeyPoints = p.Live.KeyPoints
		if lv.Ended {
			e := cl.long(p.Live.EndedAt)
			lv.EndedAt = &e
		}
	}
	if after == nil && p.Live != nil && p.Live.PinnedEntryID != "" {
		pin, err := s.store.Entry(ctx, p.ID, p.Live.PinnedEntryID)
		switch {
		case err == nil && pin.Published():
			v := cl.entry(p, pin)
			v.Pinned = true
			lv.Pinned = &v
		case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
			return nil, err
		}
	}
	onPage := map[string]bool{}
	for _, e := range page.Entries {
		lv.Entries = append(lv.Entries, cl.entry(p, e))
		onPage[e.ID] = true
	}
	if !s.noFragments {
		pt := s.pages["live"]
		if lv.Pinned != nil {
			if lv.Pinned.HTML, err = s.renderEntry(pt, lv.Pinned); err != nil {
				return nil, err
			}
		}
		for i := range lv.Entries {
			if lv.Entries[i].HTML, err = s.renderEntry(pt, &lv.Entries[i]); err != nil {
				return nil, err
			}
		}
	}
	lv.Older = moreURL("/"+p.Slug+"/", page.Next)
	keys, err := s.store.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, KeyEvents: true, Limit: maxKeyEvents})
	if err != nil {
		return nil, err
	}
	for _, e := range keys.Entries {
		href := "/" + p.Slug + "/entries/" + e.ID + "/"
		if onPage[e.ID] {
			href = "#entry-" + e.ID
		}
		lv.KeyEvents = append(lv.KeyEvents, keyEvent{Title: entryTitle(e), Href: href, Time: cl.short(e.Time())})
	}
	data.Live = lv
	data.NoIndex = after != nil
	return data, nil
}

// entryPath splits /{slug}/entries/{id}/ into slug and id.
func entryPath(path string) (slug, id string, ok bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 3 || parts[1] != "entries" || !strings.HasSuffix(path, "/") {
		return "", "", false
	}
	if !domain.ValidSlug(parts[0]) || !domain.ValidID(parts[2]) {
		return "", "", false
	}
	return parts[0], parts[2], true
}

// entryPage serves one entry of a live blog on a page of its own, for
// sharing: the blog's headline, the entry, and a link to follow the blog.
func (s *Site) entryPage(w http.ResponseWriter, r *http.Request) {
	slug, id, ok := entryPath(r.URL.Path)
	if !ok {
		s.notFound(w, r)
		return
	}
	p, st, c, ok := s.postAndState(w, r, slug)
	if !ok {
		return
	}
	if !p.IsPublic(c.now) || p.Kind != domain.KindLive {
		s.notFound(w, r)
		return
	}
	e, err := s.store.Entry(r.Context(), p.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.Published() {
		s.notFound(w, r)
		return
	}
	data, err := s.articlePage(r.Context(), st, c, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	title := entryTitle(e) + " — " + p.Title
	sp := seo.Page{Path: "/" + p.Slug + "/entries/" + e.ID + "/", Post: p, Entry: e, Title: title,
		Description: domain.Truncate(strings.TrimSpace(e.Plaintext), 200)}
	data.Head = seo.Head(seo.Site{Settings: st.settings, BaseURL: s.baseURL}, sp)
	data.Title = title + " — " + st.settings.Title
	v := c.in(p.Language).entry(p, e)
	data.Entry = &v
	data.Live = &liveView{PostID: p.ID, Ended: p.Live.Ended()}
	s.render(w, r, http.StatusOK, "entry", data)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// liveEntryMessage renders the SSE message of an entry event for the
// readers of its blog: "entry" with the entry's HTML as the page renders
// it, "entry-update" likewise, "entry-remove" with the id only; nil when
// readers must not hear of it (a draft, a blog not public).
func (s *Site) liveEntryMessage(e events.Event) []byte {
	if !e.Public || e.EntryID == "" {
		return nil
	}
	if e.Type == events.EntryDeleted {
		return s.encodeLive("entry-remove", liveMessage{ID: e.EntryID, Post: e.PostID})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, c, ok := s.livePost(ctx, e.PostID)
	if !ok {
		return nil
	}
	if !p.IsPublic(c.now) || p.Kind != domain.KindLive {
		return nil
	}
	en, err := s.store.Entry(ctx, p.ID, e.EntryID)
	if err != nil {
		if statusOf(err) != http.StatusNotFound {
			s.log.Error("site: live: load entry", "id", e.EntryID, "err", err)
		}
		return nil
	}
	if !en.Published() {
		return s.encodeLive("entry-remove", liveMessage{ID: e.EntryID, Post: e.PostID})
	}
	// Rendered through the entry cache: the page readers load next, and
	// every other instance's readers' pages, find it there.
	v := c.in(p.Language).entry(p, en)
	html, err := s.renderEntry(s.pages["live"], &v)
	if err != nil {
		s.log.Error("site: live: render entry", "id", en.ID, "err", err)
		return nil
	}
	typ := "entry"
	if e.Type == events.EntryUpdated {
		typ = "entry-update"
	}
	return s.encodeLive(typ, liveMessage{ID: en.ID, Post: p.ID, Title: en.Title, HTML: string(html)})
}

// FewOr is the "few" plural of key (Ukrainian 2–4: "%d нові оновлення"),
// kept under key + " (few)"; languages without one use key's own form.
func (l *locale) FewOr(key string) string {
	if f, ok := l.msgs[key+" (few)"]; ok {
		return f
	}
	return l.T(key)
}
