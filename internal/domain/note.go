package domain

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Note is an editor's note on a post: staff talk about the story beside
// it, and readers never see it. A note either starts a thread (ParentID
// empty) or replies to the note that started one; replies do not nest.
// A thread's first note may quote a passage of the post's text it is
// about, and carries the thread's resolved state.
type Note struct {
	ID       string
	PostID   string
	ParentID string // the thread's first note; empty for that note itself
	AuthorID string
	// AuthorName and AuthorSlug are filled when read (empty when the
	// account is gone).
	AuthorName string
	AuthorSlug string
	Body       string // plain text; @mentions and links are found when shown
	Passage    string // the quoted passage of the post's text, if any
	CreatedAt  time.Time
	UpdatedAt  time.Time // zero until edited
	// ResolvedAt and ResolvedBy, on a thread's first note, say the thread
	// was resolved; zero when it is open.
	ResolvedAt     time.Time
	ResolvedBy     string
	ResolvedByName string // filled when read
}

// Limits of a note, in characters.
const (
	MaxNoteLen    = 5000
	MaxPassageLen = 1000
)

// Resolved reports whether the thread this note starts is resolved.
func (n *Note) Resolved() bool { return !n.ResolvedAt.IsZero() }

// Edited reports whether the note was changed after it was written.
func (n *Note) Edited() bool { return !n.UpdatedAt.IsZero() }

// Validate checks a note's text and trims it.
func (n *Note) Validate() error {
	n.Body = strings.TrimSpace(strings.ReplaceAll(n.Body, "\r\n", "\n"))
	n.Passage = strings.TrimSpace(strings.ReplaceAll(n.Passage, "\r\n", "\n"))
	var errs ValidationErrors
	switch {
	case n.Body == "":
		errs = append(errs, FieldError("note", "Write the note before you send it."))
	case utf8.RuneCountInString(n.Body) > MaxNoteLen:
		errs = append(errs, FieldError("note", "A note is at most %d characters; this one has %d.", MaxNoteLen, utf8.RuneCountInString(n.Body)))
	}
	if utf8.RuneCountInString(n.Passage) > MaxPassageLen {
		errs = append(errs, FieldError("passage", "The quoted passage is at most %d characters; shorten the selection.", MaxPassageLen))
	}
	if n.ParentID != "" && n.Passage != "" {
		errs = append(errs, FieldError("passage", "A reply cannot quote a passage; start a new note for it."))
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Who may do what with notes. Reading and writing notes goes with editing
// the post (ActionEditPost: Contributors on their own drafts only).

// CanNote reports whether u may read and add notes on p.
func CanNote(u *User, p *Post) bool { return Can(u, ActionEditPost, p) }

// CanEditNote reports whether u may change n's text: its author only.
func CanEditNote(u *User, p *Post, n *Note) bool {
	return CanNote(u, p) && n.AuthorID != "" && n.AuthorID == u.ID
}

// CanDeleteNote reports whether u may delete n: its author, or any
// Editor or Administrator.
func CanDeleteNote(u *User, p *Post, n *Note) bool {
	return CanNote(u, p) && (n.AuthorID == u.ID && n.AuthorID != "" || u.Role.AtLeast(RoleEditor))
}

// CanResolveNote reports whether u may resolve or reopen the thread that
// root starts: Editors, Administrators and the thread's author.
func CanResolveNote(u *User, p *Post, root *Note) bool {
	return CanNote(u, p) && (root.AuthorID == u.ID && root.AuthorID != "" || u.Role.AtLeast(RoleEditor))
}

// Mentions in notes. A mention is "@" followed by a staff member's slug,
// the last part of their author page's address: @olena-kravets. It is
// matched without regard to case, and the name typed as a slug would be
// made from it works too (@Olena-Kravets, @Олена-Кравець). A first name
// alone (@olena) mentions the one person whose slug starts with it, when
// only one does. "@" right after a letter or digit (an email address) is
// not a mention.

// Mention is one mention found in a note's text: its byte range in the
// text and the user's slug.
type Mention struct {
	Start, End int
	Slug       string
}

// FindMentions returns the mentions in text of the staff whose slugs are
// given, in order. Candidates that name nobody, or several people, are
// left as text.
func FindMentions(text string, slugs []string) []Mention {
	known := make(map[string]bool, len(slugs))
	first := map[string]string{} // first slug segment -> slug; "" when shared
	for _, s := range slugs {
		known[s] = true
		f, _, _ := strings.Cut(s, "-")
		if prev, ok := first[f]; ok && prev != s {
			first[f] = ""
		} else {
			first[f] = s
		}
	}
	var out []Mention
	for i := 0; i < len(text); {
		at := strings.IndexByte(text[i:], '@')
		if at < 0 {
			break
		}
		at += i
		i = at + 1
		if at > 0 {
			prev, _ := utf8.DecodeLastRuneInString(text[:at])
			if isWordRune(prev) {
				continue
			}
		}
		// The candidate: words joined by single hyphens.
		end := at + 1
		var cuts []int // ends of each hyphen-joined prefix
		for end < len(text) {
			j := end
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r) {
					break
				}
				j += size
			}
			if j == end {
				break
			}
			cuts = append(cuts, j)
			end = j
			if end+1 < len(text) && text[end] == '-' {
				r, _ := utf8.DecodeRuneInString(text[end+1:])
				if isWordRune(r) {
					end++
					continue
				}
			}
			break
		}
		// The longest prefix that is someone's slug wins.
		for k := len(cuts) - 1; k >= 0; k-- {
			slug := Slugify(text[at+1 : cuts[k]])
			if known[slug] {
				out = append(out, Mention{Start: at, End: cuts[k], Slug: slug})
				i = cuts[k]
				break
			}
			if k == 0 && !strings.Contains(slug, "-") {
				if s := first[slug]; s != "" {
					out = append(out, Mention{Start: at, End: cuts[k], Slug: s})
					i = cuts[k]
				}
			}
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }
