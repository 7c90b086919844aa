package export

import (
	"newsdesk/internal/domain"
)

// LiveExtra is a live blog's state and every entry (drafts too), carried
// in the post's "newsdesk" object: Ghost has no live blogs, and newsdesk's
// reader restores them whole.
type LiveExtra struct {
	KeyPoints     []string    `json:"key_points,omitempty"`
	PinnedEntryID string      `json:"pinned_entry_id,omitempty"`
	StartedAt     string      `json:"started_at,omitempty"`
	EndedAt       string      `json:"ended_at,omitempty"`
	Entries       []LiveEntry `json:"entries,omitempty"`
}

// LiveEntry is one entry, its body as newsdesk Markdown.
type LiveEntry struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Title       string `json:"title,omitempty"`
	Markdown    string `json:"markdown"`
	KeyEvent    bool   `json:"key_event,omitempty"`
	AuthorID    string `json:"author_id,omitempty"`
	Correction  string `json:"correction,omitempty"`
	CorrectedAt string `json:"corrected_at,omitempty"`
	PublishedAt string `json:"published_at,omitempty"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func optDateString(t interface{ IsZero() bool }, s func() string) string {
	if t.IsZero() {
		return ""
	}
	return s()
}

// liveExtra is p's live blog with its entries, oldest first; nil for a
// post that is not a live blog.
func liveExtra(p *domain.Post, entries []*domain.LiveEntry) *LiveExtra {
	if p.Kind != domain.KindLive {
		return nil
	}
	x := &LiveExtra{}
	if b := p.Live; b != nil {
		x.KeyPoints, x.PinnedEntryID = b.KeyPoints, b.PinnedEntryID
		x.StartedAt = optDateString(b.StartedAt, func() string { return date(b.StartedAt) })
		x.EndedAt = optDateString(b.EndedAt, func() string { return date(b.EndedAt) })
	}
	for _, e := range entries {
		x.Entries = append(x.Entries, LiveEntry{ID: e.ID, Status: string(e.Status), Title: e.Title, Markdown: e.BodyMD,
			KeyEvent: e.KeyEvent, AuthorID: e.Author.ID, Correction: e.Correction,
			CorrectedAt: optDateString(e.CorrectedAt, func() string { return date(e.CorrectedAt) }),
			PublishedAt: optDateString(e.PublishedAt, func() string { return date(e.PublishedAt) }),
			CreatedAt:   date(e.CreatedAt), UpdatedAt: date(e.UpdatedAt)})
	}
	return x
}

// Domain returns the blog state and entries as domain values for the
// post postID; author ids pass through author (which may map them to the
// importing site's users, or return "" for none). Entries without text or
// a known status are left out; their bodies are not rendered here.
func (x *LiveExtra) Domain(postID string, author func(id string) domain.Author) (*domain.LiveBlog, []*domain.LiveEntry) {
	b := &domain.LiveBlog{PostID: postID, KeyPoints: x.KeyPoints, PinnedEntryID: x.PinnedEntryID}
	b.StartedAt, _ = ParseDate(x.StartedAt)
	b.EndedAt, _ = ParseDate(x.EndedAt)
	var out []*domain.LiveEntry
	kept := map[string]bool{}
	for _, le := range x.Entries {
		st := domain.EntryStatus(le.Status)
		created, ok := ParseDate(le.CreatedAt)
		if !ok || (st != domain.EntryDraft && st != domain.EntryPublished) || !domain.ValidID(le.ID) || le.Markdown == "" {
			continue
		}
		e := &domain.LiveEntry{ID: le.ID, PostID: postID, Status: st, Title: le.Title, BodyMD: le.Markdown,
			KeyEvent: le.KeyEvent, Correction: le.Correction, CreatedAt: created}
		e.CorrectedAt, _ = ParseDate(le.CorrectedAt)
		e.PublishedAt, _ = ParseDate(le.PublishedAt)
		e.UpdatedAt, _ = ParseDate(le.UpdatedAt)
		if author != nil {
			e.Author = author(le.AuthorID)
		}
		out = append(out, e)
		kept[e.ID] = true
	}
	if !kept[b.PinnedEntryID] {
		b.PinnedEntryID = ""
	}
	return b, out
}
