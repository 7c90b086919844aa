package newsroom

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// The live desk (/newsroom/posts/{id}/live) runs a live blog: a compact
// composer on top (Ctrl+Enter posts), the blog's key points and status,
// and its entries newest first with edit, delete, pin and key-event
// buttons. Every change goes through the publishing service; an entry
// edit carries the updated_at it was read at, so two people editing the
// same entry cannot overwrite each other unseen, while new entries from
// any number of desks never collide.

func init() {
	flashes["entry"] = "Entry posted. Readers see it now."
	flashes["entrydraft"] = "Entry saved as a draft for an editor to publish."
	flashes["entrysaved"] = "Entry saved."
	flashes["entrydeleted"] = "Entry deleted."
	flashes["entrypinned"] = "Pinned under the key points."
	flashes["entryunpinned"] = "Pin removed."
	flashes["liveblog"] = "Live blog saved."
}

// deskEntries is how many entries the desk lists per page.
const deskEntries = 50

// livePost loads the live blog named by the path.
func (n *Newsroom) livePost(r *http.Request, u *domain.User) (*domain.Post, error) {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if p.Kind != domain.KindLive {
		return nil, domain.Errorf(domain.ENOTFOUND, "%q is not a live blog.", p.Title)
	}
	if !domain.CanDraftEntry(u, p) {
		return nil, forbiddenf("work on this live blog")
	}
	if p.Live == nil {
		p.Live = &domain.LiveBlog{PostID: p.ID}
	}
	return p, nil
}

func forbiddenf(what string) error {
	return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to %s.", what)
}

// deskPath is the desk's address, with a flash and an anchor.
func deskPath(p *domain.Post, done, anchor string) string {
	s := "/newsroom/posts/" + p.ID + "/live"
	if done != "" {
		s += "?done=" + url.QueryEscape(done)
	}
	if anchor != "" {
		s += "#" + anchor
	}
	return s
}

// liveDesk shows the desk.
func (n *Newsroom) liveDesk(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.livePost(r, u)
	if err != nil {
		return err
	}
	return n.renderDesk(w, r, u, p, http.StatusOK, nil)
}

// deskForm is what a refused composer or blog form gives back.
type deskForm struct {
	Title, Body, KeyPoints string
	Key                    bool
	Errors                 domain.ValidationErrors
	BlogErrors             domain.ValidationErrors
}

func (n *Newsroom) renderDesk(w http.ResponseWriter, r *http.Request, u *domain.User, p *domain.Post, status int, f *deskForm) error {
	var after *storage.Cursor
	if v := r.URL.Query().Get("after"); v != "" {
		c, err := storage.ParseCursor(v)
		if err != nil {
			return err
		}
		after = c
	}
	page, err := n.Store.ListEntries(r.Context(), storage.EntryQuery{PostID: p.ID, After: after, Limit: deskEntries})
	if err != nil {
		return err
	}
	if f == nil {
		f = &deskForm{KeyPoints: strings.Join(p.Live.KeyPoints, "\n")}
	}
	type row struct {
		*domain.LiveEntry
		CanEdit, Pinned bool
	}
	rows := make([]row, len(page.Entries))
	for i, e := range page.Entries {
		rows[i] = row{LiveEntry: e, CanEdit: domain.CanEditEntry(u, p, e), Pinned: e.ID == p.Live.PinnedEntryID}
	}
	next := ""
	if page.Next != nil {
		next = "/newsroom/posts/" + p.ID + "/live?after=" + url.QueryEscape(page.Next.String())
	}
	n.render(w, r, u, status, "live", map[string]any{
		"PageTitle":  "Live desk: " + p.Title,
		"P":          p,
		"Entries":    rows,
		"Next":       next,
		"Form":       f,
		"CanPublish": domain.CanPublishEntry(u, p),
		"CanRun":     domain.CanRunLiveBlog(u, p),
		"CanUpload":  n.Uploads != nil,
		"Public":     "/" + p.Slug + "/",
	})
	return nil
}

// addEntry posts the composer: published at once, or a draft when the
// writer may not publish or asked for one. An attached image is uploaded
// through the media library and appended to the text as a figure.
func (n *Newsroom) addEntry(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.livePost(r, u)
	if err != nil {
		return err
	}
	f := &deskForm{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Key: r.PostFormValue("key_event") != "",
		KeyPoints: strings.Join(p.Live.KeyPoints, "\n")}
	e := &domain.LiveEntry{Title: f.Title, BodyMD: strings.TrimSpace(f.Body), KeyEvent: f.Key, Status: domain.EntryPublished}
	if r.PostFormValue("action") == "draft" {
		e.Status = domain.EntryDraft // a Contributor's only button
	}
	fig, err := n.entryImage(r, u, p, &f.Errors)
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		return n.renderDesk(w, r, u, p, http.StatusBadRequest, f)
	}
	if fig != "" {
		e.BodyMD = strings.TrimSpace(e.BodyMD + "\n\n" + fig)
	}
	if err := n.Publisher.AddEntry(r.Context(), publish.Actor{User: u}, p, e); err != nil {
		var fe *domain.Error
		if errors.As(err, &fe) && fe.Code == domain.EINVALID {
			f.Errors = append(f.Errors, fe)
			return n.renderDesk(w, r, u, p, http.StatusBadRequest, f)
		}
		return err
	}
	done := "entry"
	if !e.Published() {
		done = "entrydraft"
	}
	http.Redirect(w, r, deskPath(p, done, ""), http.StatusSeeOther)
	return nil
}

// entryImage uploads the composer's image, if any, and returns it as a
// Markdown figure: the image, then its caption in italics.
func (n *Newsroom) entryImage(r *http.Request, u *domain.User, p *domain.Post, errs *domain.ValidationErrors) (string, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["image_file"]) == 0 {
		return "", nil
	}
	fh := r.MultipartForm.File["image_file"][0]
	if fh.Size == 0 && fh.Filename == "" {
		return "", nil
	}
	switch {
	case fh.Size > maxImage:
		*errs = append(*errs, domain.FieldError("image_file", "The image is larger than %s.", imageLimit()))
		return "", nil
	case n.Uploads == nil:
		*errs = append(*errs, domain.FieldError("image_file", "Uploads are not available on this server."))
		return "", nil
	}
	alt := strings.TrimSpace(r.PostFormValue("image_alt"))
	if alt == "" {
		*errs = append(*errs, domain.FieldError("image_alt", "Describe the image for readers who cannot see it."))
		return "", nil
	}
	file, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer file.Close()
	img, err := n.Uploads.Upload(r.Context(), fh.Filename, file)
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			*errs = append(*errs, reErr(err, "image_file"))
			return "", nil
		}
		return "", err
	}
	md := "![" + markdownText(alt) + "](" + img.URL + ")"
	if c := strings.TrimSpace(r.PostFormValue("image_caption")); c != "" {
		md += "\n*" + markdownText(c) + "*"
	}
	return md, nil
}

// markdownText escapes what would end an image's alt text or a caption's
// emphasis early.
func markdownText(s string) string {
	return strings.NewReplacer("\n", " ", "\r", "", "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`).Replace(s)
}

// loadEntry finds the entry named by the path on the live blog p.
func (n *Newsroom) loadEntry(r *http.Request, p *domain.Post) (*domain.LiveEntry, error) {
	return n.Store.Entry(r.Context(), p.ID, r.PathValue("eid"))
}

// editEntryForm shows one entry's edit form, with its revisions.
func (n *Newsroom) editEntryForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.livePost(r, u)
	if err != nil {
		return err
	}
	e, err := n.loadEntry(r, p)
	if err != nil {
		return err
	}
	if !domain.CanEditEntry(u, p, e) {
		return forbiddenf("edit this entry")
	}
	return n.renderEntryForm(w, r, u, p, e, http.StatusOK, nil)
}

func (n *Newsroom) renderEntryForm(w http.ResponseWriter, r *http.Request, u *domain.User, p *domain.Post, e *domain.LiveEntry,
	status int, errs domain.ValidationErrors) error {
	revs, err := n.Store.EntryRevisions(r.Context(), e.ID)
	if err != nil {
		return err
	}
	n.render(w, r, u, status, "liveentry", map[string]any{
		"PageTitle":  "Edit entry: " + p.Title,
		"P":          p,
		"E":          e,
		"Revisions":  revs,
		"Errors":     errs,
		"CanPublish": domain.CanPublishEntry(u, p),
		"CanCorrect": domain.Can(u, domain.ActionCorrectPost, p),
	})
	return nil
}

// saveEntry saves an edit. The form carries the entry's updated_at: a
// save over someone else's newer one is refused (409) with their text
// shown, never silently overwritten.
func (n *Newsroom) saveEntry(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.livePost(r, u)
	if err != nil {
		return err
	}
	old, err := n.loadEntry(r, p)
	if err != nil {
		return err
	}
	e := *old
	e.Title, e.BodyMD, e.KeyEvent = r.PostFormValue("title"), strings.TrimSpace(r.PostFormValue("body")), r.PostFormValue("key_event") != ""
	if r.Form.Has("correction") {
		e.Correction = strings.TrimSpace(r.PostFormValue("correction"))
	}
	switch r.PostFormValue("action") {
	case "publish":
		e.Status = domain.EntryPublished
	case "unpublish":
		e.Status = domain.EntryDraft
	}
	read, err := formTime(r.PostFormValue("updated_at"))
	if err != nil {
		return err
	}
	err = n.Publisher.EditEntry(r.Context(), publish.Actor{User: u}, p, &e, publish.EntryOptions{IfUpdatedAt: read})
	var fe *domain.Error
	switch {
	case err == nil:
	case domain.ErrorCode(err) == domain.ECONFLICT:
		// Show what is stored now, with the refused text kept in the form.
		cur, lerr := n.loadEntry(r, p)
		if lerr != nil {
			return lerr
		}
		mine := *cur
		mine.Title, mine.BodyMD = e.Title, e.BodyMD
		return n.renderEntryForm(w, r, u, p, &mine, http.StatusConflict,
			domain.ValidationErrors{{Code: domain.ECONFLICT, Field: "body", Message: n.locale(r, u).Err(err) + " " +
				n.locale(r, u).T("Their version: “%s”. Saving again replaces it with yours.", domain.Truncate(cur.BodyMD, 300))}})
	case errors.As(err, &fe) && fe.Code == domain.EINVALID:
		return n.renderEntryForm(w, r, u, p, &e, http.StatusBadRequest, domain.ValidationErrors{fe})
	default:
		return err
	}
	http.Redirect(w, r, deskPath(p, "entrysaved", "entry-"+e.ID), http.StatusSeeOther)
	return nil
}

// formTime reads an updated_at field (RFC 3339 with milliseconds); empty
// is the zero time (no check).
func formTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, domain.FieldError("updated_at", "The form's updated_at is not a time; reload the page.")
	}
	return t, nil
}

// entryAction applies one of the desk's buttons to an entry: publish,
// delete, pin (or unpin) and key event (on or off).
func (n *Newsroom) entryAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, u *domain.User) error {
		p, err := n.livePost(r, u)
		if err != nil {
			return err
		}
		e, err := n.loadEntry(r, p)
		if err != nil {
			return err
		}
		a := publish.Actor{User: u}
		done, anchor := "entrysaved", "entry-"+e.ID
		switch action {
		case "delete":
			if _, err := n.Publisher.DeleteEntry(r.Context(), a, p, e.ID); err != nil {
				return err
			}
			done, anchor = "entrydeleted", ""
		case "publish":
			ed := *e
			ed.Status = domain.EntryPublished
			if err := n.Publisher.EditEntry(r.Context(), a, p, &ed, publish.EntryOptions{}); err != nil {
				return err
			}
			done = "entry"
		case "key":
			ed := *e
			ed.KeyEvent = !e.KeyEvent
			if err := n.Publisher.EditEntry(r.Context(), a, p, &ed, publish.EntryOptions{}); err != nil {
				return err
			}
		case "pin":
			b := *p.Live
			done = "entrypinned"
			if b.PinnedEntryID == e.ID {
				b.PinnedEntryID, done = "", "entryunpinned"
			} else if !e.Published() {
				return domain.FieldError("pin", "Publish the entry before pinning it.")
			} else {
				b.PinnedEntryID = e.ID
			}
			if err := n.Publisher.SaveLiveBlog(r.Context(), a, p, &b, time.Time{}); err != nil {
				return err
			}
		}
		http.Redirect(w, r, deskPath(p, done, anchor), http.StatusSeeOther)
		return nil
	}
}

// saveLiveBlog saves the key points (one a line) and the status: ending
// the coverage stamps its end time; reopening clears it.
func (n *Newsroom) saveLiveBlog(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.livePost(r, u)
	if err != nil {
		return err
	}
	b := *p.Live
	f := &deskForm{KeyPoints: r.PostFormValue("key_points")}
	b.KeyPoints = strings.Split(strings.ReplaceAll(f.KeyPoints, "\r", ""), "\n")
	switch r.PostFormValue("status") {
	case "ended":
		if b.EndedAt.IsZero() {
			b.EndedAt = time.Now().UTC()
		}
	case "live":
		b.EndedAt = time.Time{}
	default:
		f.BlogErrors = domain.ValidationErrors{domain.FieldError("status", "Choose live or ended.")}
		return n.renderDesk(w, r, u, p, http.StatusBadRequest, f)
	}
	read, err := formTime(r.PostFormValue("updated_at"))
	if err != nil {
		return err
	}
	err = n.Publisher.SaveLiveBlog(r.Context(), publish.Actor{User: u}, p, &b, read)
	var fe *domain.Error
	switch {
	case err == nil:
	case errors.As(err, &fe) && (fe.Code == domain.EINVALID || fe.Code == domain.ECONFLICT):
		f.BlogErrors = domain.ValidationErrors{&domain.Error{Code: fe.Code, Field: "key_points", Message: fe.Message}}
		status := http.StatusBadRequest
		if fe.Code == domain.ECONFLICT {
			status = http.StatusConflict
		}
		return n.renderDesk(w, r, u, p, status, f)
	default:
		return err
	}
	http.Redirect(w, r, deskPath(p, "liveblog", ""), http.StatusSeeOther)
	return nil
}

// registerLive adds the live desk's routes (see Register for the helpers:
// h for small forms, upload for the composer with its image, text for an
// entry's edit form).
func (n *Newsroom) registerLive(h, upload, text func(string, handlerFunc)) {
	h("GET /newsroom/posts/{id}/live", n.liveDesk)
	upload("POST /newsroom/posts/{id}/live/entries", n.addEntry)
	h("GET /newsroom/posts/{id}/live/entries/{eid}", n.editEntryForm)
	text("POST /newsroom/posts/{id}/live/entries/{eid}", n.saveEntry)
	h("POST /newsroom/posts/{id}/live/entries/{eid}/publish", n.entryAction("publish"))
	h("POST /newsroom/posts/{id}/live/entries/{eid}/delete", n.entryAction("delete"))
	h("POST /newsroom/posts/{id}/live/entries/{eid}/pin", n.entryAction("pin"))
	h("POST /newsroom/posts/{id}/live/entries/{eid}/key", n.entryAction("key"))
	h("POST /newsroom/posts/{id}/live/blog", n.saveLiveBlog)
}
