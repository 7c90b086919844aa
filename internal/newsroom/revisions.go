package newsroom

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

func (n *Newsroom) revisions(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !canView(u, p) {
		return forbidden("see this post")
	}
	revs, err := n.Store.ListRevisions(r.Context(), p.ID, 200)
	if err != nil {
		return err
	}
	reviews, err := n.Store.ReviewHistory(r.Context(), p.ID)
	if err != nil {
		return err
	}
	st, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	n.render(w, r, u, http.StatusOK, "revisions", map[string]any{"PageTitle": "Revisions: " + p.Title, "P": p, "Revisions": revs,
		"History": history(revs, reviews, userLocale(u, st), location(st)),
		"CanEdit": domain.Can(u, domain.ActionEditPost, p)})
	return nil
}

// revisionDiff shows what changed between a revision and the current post.
func (n *Newsroom) revisionDiff(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	p, err := n.Store.PostByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !canView(u, p) {
		return forbidden("see this post")
	}
	rev, err := n.Store.RevisionByID(ctx, r.PathValue("rev"))
	if err != nil {
		return err
	}
	if rev.PostID != p.ID {
		return domain.Errorf(domain.ENOTFOUND, "Revision not found.")
	}
	old := "# " + rev.Title + "\n\n" + rev.Standfirst + "\n\n" + rev.BodyMD
	cur := "# " + p.Title + "\n\n" + p.Standfirst + "\n\n" + p.BodyMD
	lines := lineDiff(old, cur)
	added, removed := 0, 0
	for _, l := range lines {
		switch l.Op {
		case "+":
			added++
		case "-":
			removed++
		}
	}
	var pendingAt int64
	if pd, err := n.Store.PendingOf(ctx, p.ID); err == nil {
		pendingAt = pd.SavedAt.UnixMilli()
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	n.render(w, r, u, http.StatusOK, "diff", map[string]any{"PageTitle": n.locale(r, u).T("Changes since %s", n.locale(r, u).DateSec(rev.CreatedAt, time.UTC)), "P": p,
		"Rev": rev, "Lines": lines, "Added": added, "Removed": removed, "CanEdit": domain.Can(u, domain.ActionEditPost, p),
		"CanPublish": domain.Can(u, domain.ActionPublishPost, p), "Live": p.Status == domain.StatusPublished,
		"Later": correctedAfter(p, rev.CreatedAt), "PendingAt": pendingAt})
	return nil
}

// correctedAfter lists the notes readers see on p that were added after
// t: text from before t may carry what they corrected.
func correctedAfter(p *domain.Post, t time.Time) []domain.Correction {
	var out []domain.Correction
	for _, c := range p.PublicCorrections() {
		if c.Kind == "correction" && c.CreatedAt.After(t) {
			out = append(out, c)
		}
	}
	return out
}

// restoreRevision brings back a revision's text, kind, slug, image and
// language; authors and tags stay as they are now.
func (n *Newsroom) restoreRevision(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	p, err := n.postFor(r, u, domain.ActionEditPost, "edit this post")
	if err != nil {
		return err
	}
	rev, err := n.Store.RevisionByID(ctx, r.PathValue("rev"))
	if err != nil {
		return err
	}
	if rev.PostID != p.ID {
		return domain.Errorf(domain.ENOTFOUND, "Revision not found.")
	}
	old := p
	cp := *p
	p = &cp
	var s publish.Snapshot
	_ = json.Unmarshal([]byte(rev.Snapshot), &s)
	p.Title, p.Standfirst, p.BodyMD = rev.Title, rev.Standfirst, rev.BodyMD
	if s.Kind.Valid() {
		p.Kind = s.Kind
	}
	if s.Slug != "" {
		p.Slug = s.Slug
	}
	if s.Language != "" {
		p.Language = s.Language
	}
	p.Image, p.VideoURL = s.Image, s.VideoURL
	var opts publish.Options
	if ms, err := strconv.ParseInt(r.PostFormValue("updated_at"), 10, 64); err == nil {
		opts.IfUpdatedAt = time.UnixMilli(ms)
	}
	pendingAt, _ := strconv.ParseInt(r.PostFormValue("pending_at"), 10, 64)
	actor := publish.Actor{User: u}
	done := "restored"
	switch {
	case old.Status != domain.StatusPublished:
		err = n.Publisher.Update(ctx, actor, old, p, opts)
	case r.PostFormValue("publish_now") == "1":
		// Asked for by name: the restored text goes live at once, and
		// takes the place of any pending version the page showed.
		if !domain.Can(u, domain.ActionPublishPost, old) {
			return forbidden("update the live story")
		}
		opts.Action, opts.DropPending, opts.CheckPending, opts.PendingAt = publish.Publish, true, true, fromMillis(pendingAt)
		err = n.Publisher.Update(ctx, actor, old, p, opts)
		done = "restoredlive"
	default:
		// A live story's restore is staged: readers keep the live text
		// until someone presses Update live story.
		_, err = n.Publisher.SavePending(ctx, actor, old, p, publish.PendingOptions{Check: true,
			IfSavedAt: fromMillis(pendingAt), IfUpdatedAt: opts.IfUpdatedAt})
		done = "restoredpending"
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done="+done, http.StatusSeeOther)
	return nil
}

// addCorrection appends a dated correction or update note to the article.
func (n *Newsroom) addCorrection(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	p, err := n.postFor(r, u, domain.ActionCorrectPost, "add corrections")
	if err != nil {
		return err
	}
	c := &domain.Correction{PostID: p.ID, Kind: r.PostFormValue("correction_kind"), Body: r.PostFormValue("correction")}
	err = n.Publisher.Correct(ctx, publish.Actor{User: u}, p, c)
	if domain.ErrorCode(err) == domain.EINVALID {
		// Back to the editor with the note as typed and the reason beside it.
		f := n.formOf(ctx, p)
		f.Correction, f.CorrectionKind, f.CorrectionErr = r.PostFormValue("correction"), c.Kind, n.locale(r, u).Err(err)
		return n.renderEditor(w, r, u, http.StatusBadRequest, f)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=corrected#corrections", http.StatusSeeOther)
	return nil
}

// editCorrection changes a note's kind or text; its old text is kept.
func (n *Newsroom) editCorrection(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.postFor(r, u, domain.ActionCorrectPost, "edit corrections")
	if err != nil {
		return err
	}
	c := &domain.Correction{ID: r.PathValue("cid"), PostID: p.ID, Kind: r.PostFormValue("correction_kind"), Body: r.PostFormValue("correction")}
	if err := n.Publisher.EditCorrection(r.Context(), publish.Actor{User: u}, p, c); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=correctionedited#note-"+c.ID, http.StatusSeeOther)
	return nil
}

// retractCorrection takes a note off the public page.
func (n *Newsroom) retractCorrection(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.postFor(r, u, domain.ActionCorrectPost, "retract corrections")
	if err != nil {
		return err
	}
	id := r.PathValue("cid")
	if err := n.Publisher.RetractCorrection(r.Context(), publish.Actor{User: u}, p, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=correctionretracted#note-"+id, http.StatusSeeOther)
	return nil
}

// breaking pins a post as breaking news for some hours, or unpins it.
func (n *Newsroom) breaking(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	old, err := n.postFor(r, u, domain.ActionPinBreaking, "pin breaking news")
	if err != nil {
		return err
	}
	cp := *old
	p := &cp
	done := "unpinned"
	if r.PostFormValue("unpin") != "" {
		p.BreakingUntil = time.Time{}
	} else {
		hours, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("hours")))
		if err != nil || hours < 1 || hours > 72 {
			return domain.FieldError("hours", "Pin for 1 to 72 hours.")
		}
		if p.Status != domain.StatusPublished {
			return domain.FieldError("hours", "Only a published post can be pinned as breaking.")
		}
		p.BreakingUntil = time.Now().Add(time.Duration(hours) * time.Hour)
		done = "pinned"
	}
	if err := n.Publisher.Update(ctx, publish.Actor{User: u}, old, p, publish.Options{}); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done="+done, http.StatusSeeOther)
	return nil
}
