package newsroom

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

// The newsroom's side of a post's workflow state (see publish): pending
// versions of live stories, collisions between two editors, and the trash.

// textOf is a post's text as the diffs compare it.
func textOf(title, standfirst, body string) string {
	if standfirst == "" {
		return "# " + title + "\n\n" + body
	}
	return "# " + title + "\n\n" + standfirst + "\n\n" + body
}

// diffView is a compared pair of texts, ready for the template.
type diffView struct {
	Lines          []diffLine
	Added, Removed int
}

func newDiff(a, b string) diffView {
	d := diffView{Lines: lineDiff(a, b)}
	for _, l := range d.Lines {
		switch l.Op {
		case "+":
			d.Added++
		case "-":
			d.Removed++
		}
	}
	return d
}

// Same reports whether the two texts are equal.
func (d diffView) Same() bool { return d.Added == 0 && d.Removed == 0 }

// pendingPost loads the post named by {id}, checks u may edit it, and
// returns it with its pending version applied.
func (n *Newsroom) pendingPost(r *http.Request, u *domain.User) (live, p *domain.Post, pd *storage.Pending, err error) {
	ctx := r.Context()
	if live, err = n.postFor(r, u, domain.ActionEditPost, "edit this post"); err != nil {
		return nil, nil, nil, err
	}
	if pd, err = n.Store.PendingOf(ctx, live.ID); err != nil {
		return nil, nil, nil, err
	}
	if p, err = n.Publisher.ApplyPending(ctx, live, pd); err != nil {
		return nil, nil, nil, err
	}
	return live, p, pd, nil
}

// previewPending shows the pending version as its public page would.
func (n *Newsroom) previewPending(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	live, p, _, err := n.pendingPost(r, u)
	if err != nil {
		return err
	}
	for i, t := range p.Tags {
		if t.ID == "" { // a tag that publishing will create
			slug := domain.TagSlug(t.Name)
			p.Tags[i] = domain.Tag{ID: "unsaved-" + slug, Name: t.Name, Slug: slug}
		}
	}
	markdown.Apply(p)
	opts := site.PreviewOptions{EditURL: "/newsroom/posts/" + live.ID, Pending: true, LiveURL: "/" + live.Slug + "/"}
	if err := n.Preview.RenderPreview(w, r, p, opts); err != nil {
		return fmt.Errorf("preview pending version of %s: %w", live.ID, err)
	}
	return nil
}

// comparePending shows the pending version against the live one, word by
// word, and, when the live one changed since the pending one was started,
// what changed live.
func (n *Newsroom) comparePending(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	live, p, pd, err := n.pendingPost(r, u)
	if err != nil {
		return err
	}
	liveText := textOf(live.Title, live.Standfirst, live.BodyMD)
	data := map[string]any{"PageTitle": "Pending changes: " + live.Title, "P": live, "Pending": pd,
		"Diff":       newDiff(liveText, textOf(p.Title, p.Standfirst, p.BodyMD)),
		"CanPublish": domain.Can(u, domain.ActionPublishPost, live)}
	if pd.Stale() {
		data["LiveDiff"] = newDiff(textOf(pd.BaseTitle, pd.BaseStandfirst, pd.BaseBodyMD), liveText)
	}
	n.render(w, r, u, http.StatusOK, "pending", data)
	return nil
}

// publishPending makes the pending version live.
func (n *Newsroom) publishPending(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Publisher.PublishPending(r.Context(), publish.Actor{User: u}, r.PathValue("id"), r.PostFormValue("over_stale") == "1")
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=updated", http.StatusSeeOther)
	return nil
}

// discardPending drops the pending version.
func (n *Newsroom) discardPending(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	id := r.PathValue("id")
	if err := n.Publisher.DiscardPending(r.Context(), publish.Actor{User: u}, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+id+"?done=discarded", http.StatusSeeOther)
	return nil
}

// collision is what the editor shows when someone else saved the post
// between the editor's read and save: who, when, their text against
// the editor's, and the times to save over it knowingly.
type collision struct {
	Who     string
	At      time.Time
	Pending bool // they saved a pending version, not the live story
	Theirs  *domain.Post
	Diff    diffView
	// Action is what the editor pressed; the dialog's buttons repeat it.
	Action          publish.Action
	TheirsUpdatedAt int64
	TheirsPendingAt int64
}

// collide builds the collision for mine, refused because the post id
// changed since the editor read it.
func (n *Newsroom) collide(ctx context.Context, id string, mine *domain.Post, action publish.Action) (*collision, error) {
	live, err := n.Store.PostByID(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &collision{Action: action, Theirs: live, TheirsUpdatedAt: live.UpdatedAt.UnixMilli(), At: live.UpdatedAt}
	if revs, err := n.Store.ListRevisions(ctx, id, 1); err != nil {
		return nil, err
	} else if len(revs) > 0 {
		c.Who = revs[0].UserName
	}
	pd, err := n.Store.PendingOf(ctx, id)
	switch {
	case err == nil:
		if c.Theirs, err = n.Publisher.ApplyPending(ctx, live, pd); err != nil {
			return nil, err
		}
		c.TheirsPendingAt = pd.SavedAt.UnixMilli()
		if pd.SavedAt.After(live.UpdatedAt) {
			c.Who, c.At, c.Pending = pd.UserName, pd.SavedAt, true
		}
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}
	if c.Who == "" {
		c.Who = "Someone else"
	}
	c.Diff = newDiff(textOf(mine.Title, mine.Standfirst, mine.BodyMD), textOf(c.Theirs.Title, c.Theirs.Standfirst, c.Theirs.BodyMD))
	return c, nil
}

// trashPost moves a post to the trash (the newsroom's Delete).
func (n *Newsroom) trashPost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Publisher.Trash(r.Context(), publish.Actor{User: u}, r.PathValue("id"))
	if err != nil {
		return err
	}
	list := "/newsroom/"
	if p.IsPage() {
		list = "/newsroom/pages"
	}
	http.Redirect(w, r, list+"?done=trashed", http.StatusSeeOther)
	return nil
}

// restorePost takes a post out of the trash.
func (n *Newsroom) restorePost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Publisher.Restore(r.Context(), publish.Actor{User: u}, r.PathValue("id"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=untrashed", http.StatusSeeOther)
	return nil
}

// purgePost deletes a trashed post for good.
func (n *Newsroom) purgePost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if _, err := n.Publisher.Purge(r.Context(), publish.Actor{User: u}, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/trash?done=purged", http.StatusSeeOther)
	return nil
}

// trashList shows the trash: everything to Editors and up, their own
// posts to Authors and Contributors.
func (n *Newsroom) trashList(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	author := ""
	if !domain.Can(u, domain.ActionViewAllPosts, nil) {
		author = u.ID
	}
	items, err := n.Store.ListTrash(r.Context(), author, 200)
	if err != nil {
		return err
	}
	type row struct {
		storage.TrashedPost
		Expires    time.Time
		CanRestore bool
	}
	rows := make([]row, len(items))
	for i, it := range items {
		was := *it.Post
		was.Status = it.Trash.Status
		rows[i] = row{it, it.Trash.TrashedAt.Add(publish.TrashRetention), domain.Can(u, domain.ActionDeletePost, &was)}
	}
	n.render(w, r, u, http.StatusOK, "trash", map[string]any{"PageTitle": "Trash", "Items": rows,
		"CanPurge": domain.Can(u, domain.ActionPurgePost, nil), "Days": int(publish.TrashRetention / (24 * time.Hour))})
	return nil
}

// trashedPost is the editor's page for a post in the trash: what it was,
// when it goes for good, and the way back.
func (n *Newsroom) trashedPost(w http.ResponseWriter, r *http.Request, u *domain.User, p *domain.Post) error {
	// Whoever may see the post may see it in the trash: a Contributor's
	// own draft too, though no one edits a trashed post.
	if !canView(u, p) {
		return forbidden("see this post")
	}
	t, err := n.Store.TrashOf(r.Context(), p.ID)
	if err != nil {
		return err
	}
	was := *p
	was.Status = t.Status
	n.render(w, r, u, http.StatusOK, "trashed", map[string]any{"PageTitle": "In the trash: " + p.Title, "P": p, "T": t,
		"Expires": t.TrashedAt.Add(publish.TrashRetention), "CanRestore": domain.Can(u, domain.ActionDeletePost, &was),
		"CanPurge": domain.Can(u, domain.ActionPurgePost, nil)})
	return nil
}
