package newsroom

import (
	"context"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/publish"
)

// Editors' notes: staff-only threads on a post, shown in the editor's
// sidebar (templates/partials/notes.html). Every change is a plain form
// POST that redirects back to the note's anchor, so the panel works
// without JavaScript; newsroom.js adds "Note on selection" and mention
// suggestions. Writes go through the publishing service; the people a
// note mentions are told after it is saved.

func (n *Newsroom) registerNotes(h func(string, handlerFunc)) {
	h("POST /newsroom/posts/{id}/notes", n.addNote)
	h("POST /newsroom/posts/{id}/notes/{nid}", n.editNote)
	h("POST /newsroom/posts/{id}/notes/{nid}/delete", n.deleteNote)
	h("POST /newsroom/posts/{id}/notes/{nid}/resolve", n.resolveNote(true))
	h("POST /newsroom/posts/{id}/notes/{nid}/reopen", n.resolveNote(false))
}

// notesPanel is what the editor's notes panel shows.
type notesPanel struct {
	Threads  []*noteThread
	Open     int
	Resolved int
	// Staff are the people a note can mention, for the suggestions.
	Staff []*domain.User
	// Unseen names people the last note mentioned who cannot see the post.
	Unseen []string
}

// noteThread is a first note and its replies.
type noteThread struct {
	*NoteView
	Replies    []*NoteView
	CanResolve bool
}

// NoteView is a note as the panel shows it.
type NoteView struct {
	*domain.Note
	HTML      template.HTML
	CanEdit   bool
	CanDelete bool
}

// notesOf builds the notes panel of p for u; nil when u may not see
// notes (or the post is new).
func (n *Newsroom) notesOf(ctx context.Context, r *http.Request, u *domain.User, p *domain.Post, staff []*domain.User) (*notesPanel, error) {
	if p.ID == "" || !domain.CanNote(u, p) {
		return nil, nil
	}
	notes, err := n.Store.NotesOf(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	panel := &notesPanel{Staff: publish.MentionableStaff(staff)}
	names := map[string]string{}
	for _, s := range panel.Staff {
		names[s.Slug] = s.Name
	}
	byID := map[string]*noteThread{}
	for _, x := range notes {
		v := &NoteView{Note: x, HTML: noteHTML(x.Body, names), CanEdit: domain.CanEditNote(u, p, x), CanDelete: domain.CanDeleteNote(u, p, x)}
		if x.ParentID == "" {
			t := &noteThread{NoteView: v, CanResolve: domain.CanResolveNote(u, p, x)}
			byID[x.ID] = t
			panel.Threads = append(panel.Threads, t)
			if x.Resolved() {
				panel.Resolved++
			} else {
				panel.Open++
			}
			continue
		}
		if t := byID[x.ParentID]; t != nil {
			t.Replies = append(t.Replies, v)
		}
	}
	// Open threads first, each group newest thread first.
	sort.SliceStable(panel.Threads, func(i, j int) bool {
		a, b := panel.Threads[i], panel.Threads[j]
		if a.Resolved() != b.Resolved() {
			return !a.Resolved()
		}
		return a.CreatedAt.After(b.CreatedAt)
	})
	for _, id := range strings.Split(r.URL.Query().Get("unseen"), ",") {
		for _, s := range staff {
			if id != "" && s.ID == id {
				panel.Unseen = append(panel.Unseen, s.Name)
			}
		}
	}
	return panel, nil
}

// notePost loads the post of a notes route and checks u may see its notes.
func (n *Newsroom) notePost(r *http.Request, u *domain.User) (*domain.Post, error) {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !domain.CanNote(u, p) {
		return nil, forbidden("see the notes on this post")
	}
	return p, nil
}

// noteText is a note's text from the form: the field "note", or the
// field named for the note (every textarea of the panel has a name of its
// own, for they all sit inside the editor's form).
func noteText(r *http.Request, own string) string {
	if v, ok := r.PostForm[own]; ok && len(v) > 0 {
		return v[0]
	}
	return r.PostFormValue("note")
}

// backToNote sends the browser back to the editor at a note.
func backToNote(w http.ResponseWriter, r *http.Request, p *domain.Post, done, anchor string, unseen []*domain.User) {
	v := url.Values{"done": {done}}
	var ids []string
	for _, u := range unseen {
		ids = append(ids, u.ID)
	}
	if len(ids) > 0 {
		v.Set("unseen", strings.Join(ids, ","))
	}
	if anchor == "" {
		anchor = "notes"
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?"+v.Encode()+"#"+anchor, http.StatusSeeOther)
}

func (n *Newsroom) addNote(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.notePost(r, u)
	if err != nil {
		return err
	}
	parent := r.PostFormValue("parent")
	note := &domain.Note{Body: noteText(r, "reply-"+parent), Passage: r.PostFormValue("passage"), ParentID: parent}
	m, err := n.Publisher.AddNote(r.Context(), publish.Actor{User: u}, p, note)
	if err != nil {
		return err
	}
	n.mentioned(r.Context(), u, p, note, m)
	backToNote(w, r, p, "noted", "note-"+note.ID, m.Unseen)
	return nil
}

func (n *Newsroom) editNote(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.notePost(r, u)
	if err != nil {
		return err
	}
	nid := r.PathValue("nid")
	note, m, err := n.Publisher.EditNote(r.Context(), publish.Actor{User: u}, p, nid, noteText(r, "edit-"+nid))
	if err != nil {
		return err
	}
	n.mentioned(r.Context(), u, p, note, m)
	backToNote(w, r, p, "noteedited", "note-"+note.ID, m.Unseen)
	return nil
}

func (n *Newsroom) deleteNote(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.notePost(r, u)
	if err != nil {
		return err
	}
	note, err := n.Publisher.DeleteNote(r.Context(), publish.Actor{User: u}, p, r.PathValue("nid"))
	if err != nil {
		return err
	}
	anchor := ""
	if note.ParentID != "" {
		anchor = "note-" + note.ParentID
	}
	backToNote(w, r, p, "notedeleted", anchor, nil)
	return nil
}

func (n *Newsroom) resolveNote(resolved bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, u *domain.User) error {
		p, err := n.notePost(r, u)
		if err != nil {
			return err
		}
		root, err := n.Publisher.ResolveNote(r.Context(), publish.Actor{User: u}, p, r.PathValue("nid"), resolved)
		if err != nil {
			return err
		}
		done := "notereopened"
		if resolved {
			done = "noteresolved"
		}
		backToNote(w, r, p, done, "note-"+root.ID, nil)
		return nil
	}
}

// mentioned tells the people a saved note mentions, with a link to it.
func (n *Newsroom) mentioned(ctx context.Context, u *domain.User, p *domain.Post, note *domain.Note, m publish.Mentions) {
	if len(m.Notify) == 0 {
		return
	}
	e := notify.Event{Kind: notify.Mentioned, ActorID: u.ID, PostID: p.ID, PostTitle: p.Title, Note: note.Body,
		Path: "/newsroom/posts/" + p.ID + "#note-" + note.ID}
	for _, x := range m.Notify {
		e.Recipients = append(e.Recipients, x.ID)
	}
	n.notify(ctx, e)
}

// noteURL finds web addresses in a note: http(s) ones, and www. ones.
var noteURL = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"]+`)

// noteHTML is a note's plain text as HTML: escaped, line breaks kept,
// web addresses made links and mentions of staff (names: slug -> name)
// marked. Nothing the writer typed becomes markup.
func noteHTML(text string, names map[string]string) template.HTML {
	slugs := make([]string, 0, len(names))
	for s := range names {
		slugs = append(slugs, s)
	}
	type span struct {
		start, end int
		html       string
	}
	var spans []span
	for _, loc := range noteURL.FindAllStringIndex(text, -1) {
		start, end := loc[0], trimURL(text, loc[0], loc[1])
		href := text[start:end]
		if strings.HasPrefix(strings.ToLower(href), "www.") {
			href = "https://" + href
		}
		spans = append(spans, span{start, end, `<a href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer nofollow">` +
			html.EscapeString(text[start:end]) + `</a>`})
	}
	for _, m := range domain.FindMentions(text, slugs) {
		inURL := false
		for _, s := range spans {
			inURL = inURL || (m.Start < s.end && m.End > s.start)
		}
		if !inURL {
			spans = append(spans, span{m.Start, m.End, `<span class="mention" title="` + html.EscapeString(names[m.Slug]) + `">` +
				html.EscapeString(text[m.Start:m.End]) + `</span>`})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(s.html)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:]))
	return template.HTML(strings.ReplaceAll(b.String(), "\n", "<br>"))
}

// trimURL drops punctuation that ends a sentence rather than the address,
// and a closing parenthesis the address did not open.
func trimURL(text string, start, end int) int {
	for end > start {
		c := text[end-1]
		switch {
		case strings.IndexByte(".,;:!?'", c) >= 0:
			end--
			continue
		case c == ')' && strings.Count(text[start:end], "(") < strings.Count(text[start:end], ")"):
			end--
			continue
		}
		break
	}
	return end
}

// openNotesOf counts the open note threads of the posts u may see notes on,
// for the post list.
func (n *Newsroom) openNotesOf(ctx context.Context, u *domain.User, posts []*domain.Post) (map[string]int, error) {
	var ids []string
	for _, p := range posts {
		if domain.CanNote(u, p) {
			ids = append(ids, p.ID)
		}
	}
	return n.Store.OpenNotes(ctx, ids)
}

// noteArgs is what the note templates get: the page's data and one note.
type noteArgs struct {
	Root map[string]any
	Note *NoteView
}

// noteFuncs are the template functions of the notes panel.
var noteFuncs = template.FuncMap{
	"noteArgs": func(root map[string]any, n *NoteView) noteArgs { return noteArgs{root, n} },
	// noteBadge is the post list's count of a post's open threads.
	"noteBadge": func(root map[string]any, id string) map[string]any {
		counts, _ := root["OpenNotes"].(map[string]int)
		return map[string]any{"L": root["L"], "N": counts[id], "ID": id}
	},
	// mentionExample is a slug of this newsroom for the mention hint.
	"mentionExample": func(staff []*domain.User, me *domain.User) string {
		for _, s := range staff {
			if me == nil || s.ID != me.ID {
				return s.Slug
			}
		}
		return "olena-kravets"
	},
	// noteExcerpt is the start of a note, for a resolved thread's summary.
	"noteExcerpt": func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if r := []rune(s); len(r) > 90 {
			return strings.TrimSpace(string(r[:89])) + "…"
		}
		return s
	},
}
