package export

import (
	"newsdesk/internal/domain"
)

// Note is an editors' note on a post (staff-only; Ghost has none, and
// Ghost's importer drops it with the rest of the "newsdesk" object). A
// thread's first note comes before its replies, which name it as Parent;
// users are named by id, as rows of the users table.
type Note struct {
	ID         string `json:"id"`
	Parent     string `json:"parent,omitempty"`
	By         string `json:"by,omitempty"` // user id
	Body       string `json:"body"`
	Passage    string `json:"passage,omitempty"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at,omitempty"`
	ResolvedAt string `json:"resolved_at,omitempty"`
	ResolvedBy string `json:"resolved_by,omitempty"` // user id
}

// notesExtra is a post's notes as the export writes them.
func notesExtra(notes []*domain.Note) []Note {
	var out []Note
	for _, n := range notes {
		x := Note{ID: n.ID, Parent: n.ParentID, By: n.AuthorID, Body: n.Body, Passage: n.Passage, CreatedAt: date(n.CreatedAt),
			ResolvedBy: n.ResolvedBy}
		if !n.UpdatedAt.IsZero() {
			x.UpdatedAt = date(n.UpdatedAt)
		}
		if !n.ResolvedAt.IsZero() {
			x.ResolvedAt = date(n.ResolvedAt)
		}
		out = append(out, x)
	}
	return out
}

// Domain reads notes back, users named through user (an import maps
// them to its own). Notes without text or time, and replies whose thread
// is not before them in the list, are dropped.
func NotesDomain(notes []Note, user func(id string) string) []*domain.Note {
	var out []*domain.Note
	roots := map[string]bool{}
	for _, x := range notes {
		at, ok := ParseDate(x.CreatedAt)
		if !ok || x.ID == "" || (x.Parent != "" && !roots[x.Parent]) {
			continue
		}
		n := &domain.Note{ID: x.ID, ParentID: x.Parent, AuthorID: user(x.By), Body: x.Body, Passage: x.Passage, CreatedAt: at}
		if n.Validate() != nil {
			continue
		}
		n.UpdatedAt, _ = ParseDate(x.UpdatedAt)
		if x.Parent == "" {
			roots[x.ID] = true
			if resolved, ok := ParseDate(x.ResolvedAt); ok {
				n.ResolvedAt, n.ResolvedBy = resolved, user(x.ResolvedBy)
			}
		}
		out = append(out, n)
	}
	return out
}
