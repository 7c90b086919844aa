package newsroom

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

const listLimit = 30

// postList is the newsroom's home: every post the user may see, newest
// first, filtered by status, kind, author, tag and title, paged by keyset.
func (n *Newsroom) postList(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	v := r.URL.Query()
	q := storage.PostQuery{Limit: listLimit, Search: strings.TrimSpace(v.Get("q"))}
	if len(q.Search) > 200 {
		return domain.FieldError("q", "Search text is too long.")
	}
	if s := domain.Status(v.Get("status")); s != "" {
		if !s.Valid() {
			return domain.FieldError("status", "Unknown status %q.", s)
		}
		q.Statuses = []domain.Status{s}
	}
	if k := domain.Kind(v.Get("kind")); k != "" {
		if !k.Valid() {
			return domain.FieldError("kind", "Unknown kind %q.", k)
		}
		q.Kind = k
	}
	q.AuthorID = v.Get("author")
	if !domain.Can(u, domain.ActionViewAllPosts, nil) {
		q.AuthorID = u.ID // Authors and Contributors see their own work
	}
	if slug := v.Get("tag"); slug != "" {
		t, err := n.Store.TagBySlug(ctx, slug)
		if err != nil {
			return err
		}
		q.TagID = t.ID
	}
	if a := v.Get("after"); a != "" && q.Search == "" {
		c, err := storage.ParseCursor(a)
		if err != nil {
			return err
		}
		q.After = c
	}
	page, err := n.listOrSearch(ctx, q, v.Get("after"))
	if err != nil {
		return err
	}
	users, err := n.Store.ListUsers(ctx)
	if err != nil {
		return err
	}
	tags, err := n.Store.ListTags(ctx)
	if err != nil {
		return err
	}
	pending, err := n.pendingOf(ctx, page.Posts)
	if err != nil {
		return err
	}
	reviews, err := n.Store.ReviewStates(ctx, idsOf(page.Posts))
	if err != nil {
		return err
	}
	next := ""
	if page.Next != "" {
		nv := url.Values{}
		for k, vals := range v {
			if k != "after" && k != "done" {
				nv[k] = vals
			}
		}
		nv.Set("after", page.Next)
		next = "/newsroom/?" + nv.Encode()
	}
	openNotes, err := n.openNotesOf(ctx, u, page.Posts)
	if err != nil {
		return err
	}
	n.render(w, r, u, http.StatusOK, "posts", map[string]any{
		"OpenNotes": openNotes,
		"PageTitle": "Posts", "Posts": page.Posts, "Next": next, "Users": users, "Tags": tags, "Pending": pending, "Reviews": reviews,
		"F":        map[string]string{"status": v.Get("status"), "kind": v.Get("kind"), "author": v.Get("author"), "tag": v.Get("tag"), "q": q.Search},
		"Filtered": v.Get("status") != "" || v.Get("kind") != "" || v.Get("author") != "" || v.Get("tag") != "" || q.Search != "" || v.Get("after") != "",
		"AllPosts": domain.Can(u, domain.ActionViewAllPosts, nil),
		"Now":      time.Now(),

		"Assignments": n.assignmentMarks(ctx, u, page.Posts), // deadline pills of assignment stubs
	})
	return nil
}

// pendingOf reports which of posts have a pending version, for the
// lists' "Pending" marks.
func (n *Newsroom) pendingOf(ctx context.Context, posts []*domain.Post) (map[string]bool, error) {
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return n.Store.PendingPosts(ctx, ids)
}

// postPage is a page of the post list and the cursor of the next one.
type postPage struct {
	Posts []*domain.Post
	Next  string // empty at the end
}

// listOrSearch lists posts newest first, or, with search words, searches
// headlines, standfirsts and bodies of every post q may show (drafts
// included, best first) through the full-text index, with q's filters.
func (n *Newsroom) listOrSearch(ctx context.Context, q storage.PostQuery, after string) (postPage, error) {
	if q.Search == "" {
		page, err := n.Store.ListPosts(ctx, q)
		if err != nil || page.Next == nil {
			return postPage{Posts: page.Posts}, err
		}
		return postPage{page.Posts, page.Next.String()}, nil
	}
	sq := storage.SearchQuery{Text: q.Search, Staff: true, Kind: q.Kind, AuthorID: q.AuthorID, TagID: q.TagID, Limit: q.Limit}
	if len(q.Statuses) == 1 {
		sq.Status = q.Statuses[0]
	}
	if after != "" {
		c, err := storage.ParseSearchCursor(after)
		if err != nil {
			return postPage{}, err
		}
		sq.After = c
	}
	page, err := n.Store.SearchPosts(ctx, sq)
	if err != nil || page.Next == nil {
		return postPage{Posts: page.Posts}, err
	}
	return postPage{page.Posts, page.Next.String()}, nil
}

// postForm is what the editor shows: the post plus the raw text of fields
// that did not parse, so a rejected form comes back exactly as typed.
type postForm struct {
	Post        *domain.Post
	New         bool
	UpdatedAt   int64
	Tags        string
	Slug        string // as typed; empty means "make it from the title"
	AuthorIDs   []string
	PublishedAt string
	Errors      domain.ValidationErrors
	// SameHeadline is another story whose headline this one repeats,
	// found when publishing; SameHeadlineAction is the action to take
	// anyway ("publish" or "schedule").
	SameHeadline       *domain.Post
	SameHeadlineAction publish.Action
	// The corrections form below the editor, when it was refused.
	Correction     string
	CorrectionKind string
	CorrectionErr  string
	// Live is the version readers see, when the form shows something
	// else: the pending version (Pending) of a published post.
	Live      *domain.Post
	Pending   *storage.Pending
	PendingAt int64 // the pending version the form was read from; 0: none
	// Collision is set when someone else saved in between.
	Collision *collision
}

// ServerTime is when the version in the form was saved (the pending
// one's time when it is newer): a browser copy older than that is stale.
func (f *postForm) ServerTime() int64 { return max(f.UpdatedAt, f.PendingAt) }

func (n *Newsroom) newPost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionCreatePost, nil) {
		return forbidden("create posts")
	}
	settings, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusDraft, Language: settings.Language, Authors: []domain.Author{u.Author}}
	if k := domain.Kind(r.URL.Query().Get("kind")); k.Valid() {
		p.Kind = k
	}
	return n.renderEditor(w, r, u, http.StatusOK, &postForm{Post: p, New: true, AuthorIDs: []string{u.ID}})
}

func (n *Newsroom) editPost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.Status == domain.StatusTrashed {
		return n.trashedPost(w, r, u, p)
	}
	if !domain.Can(u, domain.ActionEditPost, p) {
		return forbidden("edit this post")
	}
	f, err := n.editorForm(r.Context(), p)
	if err != nil {
		return err
	}
	return n.renderEditor(w, r, u, http.StatusOK, f)
}

// editorForm is the form for a stored post: its pending version over it
// when it has one, since that is what its editors work on.
func (n *Newsroom) editorForm(ctx context.Context, live *domain.Post) (*postForm, error) {
	pd, err := n.Store.PendingOf(ctx, live.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return n.formOf(ctx, live), nil
	}
	if err != nil {
		return nil, err
	}
	p, err := n.Publisher.ApplyPending(ctx, live, pd)
	if err != nil {
		return nil, err
	}
	f := n.formOf(ctx, p)
	f.Live, f.Pending, f.PendingAt = live, pd, pd.SavedAt.UnixMilli()
	return f, nil
}

// formOf is the editor form for a stored post.
func (n *Newsroom) formOf(ctx context.Context, p *domain.Post) *postForm {
	f := &postForm{Post: p, UpdatedAt: p.UpdatedAt.UnixMilli(), Slug: p.Slug}
	for _, a := range p.Authors {
		f.AuthorIDs = append(f.AuthorIDs, a.ID)
	}
	var names []string
	for _, t := range p.Tags {
		names = append(names, t.Name)
	}
	f.Tags = strings.Join(names, ", ")
	if !p.PublishedAt.IsZero() {
		f.PublishedAt = p.PublishedAt.In(n.loc(ctx)).Format("2006-01-02T15:04")
	}
	return f
}

func (n *Newsroom) renderEditor(w http.ResponseWriter, r *http.Request, u *domain.User, status int, f *postForm) error {
	ctx := r.Context()
	staff, err := n.Store.ListUsers(ctx)
	if err != nil {
		return err
	}
	// The byline picker offers active staff and bylines without accounts
	// (imported, demo): not pending invitations, whose names are not
	// public yet, nor suspended accounts. Authors the form already names
	// stay, or saving would drop them.
	var users []*domain.User
	for _, s := range staff {
		if slices.Contains(f.AuthorIDs, s.ID) || (!s.Pending && !s.Suspended) {
			users = append(users, s)
		}
	}
	tags, err := n.Store.ListTags(ctx)
	if err != nil {
		return err
	}
	settings, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	history := map[string][]domain.CorrectionEdit{}
	for _, c := range f.Post.Corrections {
		if c.UpdatedAt.IsZero() && !c.Retracted() {
			continue // never changed: no history to read
		}
		if history[c.ID], err = n.Store.CorrectionEdits(ctx, c.ID); err != nil {
			return err
		}
	}
	// One select per chosen author plus an empty one to add another.
	slots := append(append([]string{}, f.AuthorIDs...), "")
	title := "New post"
	if f.Post.IsPage() {
		title = "New page"
	}
	if !f.New {
		title = "Edit: " + f.Post.Title
	}
	var liveDiff *diffView
	if pd := f.Pending; pd != nil && pd.Stale() && f.Live != nil {
		d := newDiff(textOf(pd.BaseTitle, pd.BaseStandfirst, pd.BaseBodyMD), textOf(f.Live.Title, f.Live.Standfirst, f.Live.BodyMD))
		liveDiff = &d
	}
	notes, err := n.notesOf(ctx, r, u, f.Post, staff)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Notes":     notes,
		"LiveDiff":  liveDiff,
		"PageTitle": title, "F": f, "P": f.Post, "Users": users, "Tags": tags, "AuthorSlots": slots,
		"CanPublish":        domain.Can(u, domain.ActionPublishPost, f.Post) && (!f.New || u.Role != domain.RoleContributor),
		"CanUpload":         domain.Can(u, domain.ActionUploadImage, f.Post),
		"Now":               time.Now(),
		"LiveURL":           liveURL(f),
		"CorrectionHistory": history,
		// Placeholders from this site, not a made-up city of ours.
		"DatelineHint": datelineHint(settings),
		"TagsHint":     tagsHint(tags),
		"Assignment":   n.assignmentBanner(ctx, u, f.Post), // the banner of an assignment stub
	}
	if err := n.reviewEditor(ctx, u, f, settings, data); err != nil {
		return err
	}
	n.render(w, r, u, status, "edit", data)
	return nil
}

// liveURL is where readers see the post, once they can: the editor and
// its confirmations link to it.
func liveURL(f *postForm) string {
	p := f.Post
	if f.New || p.Status != domain.StatusPublished || p.PublishedAt.After(time.Now()) || p.Slug == "" {
		return ""
	}
	return "/" + p.Slug + "/"
}

// datelineHint starts the body's placeholder: the site's dateline city in
// capitals, as a dateline is written.
func datelineHint(s domain.Settings) string {
	if s.Dateline == "" {
		return "CITY"
	}
	return strings.ToUpper(s.Dateline)
}

// tagsHint is an example for the tags field made of the site's own
// public tags.
func tagsHint(tags []*domain.Tag) string {
	var names []string
	for _, t := range tags {
		if !t.Internal() {
			names = append(names, t.Name)
		}
		if len(names) == 2 {
			break
		}
	}
	if len(names) == 0 {
		return "Section, topic"
	}
	return strings.Join(names, ", ")
}

// savePost creates or updates a post from the editor form, then applies
// the button pressed: save, publish, schedule or unpublish.
func (n *Newsroom) savePost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	var old *domain.Post
	if id := r.PathValue("id"); id != "" {
		var err error
		if old, err = n.Store.PostByID(ctx, id); err != nil {
			return err
		}
		if !domain.Can(u, domain.ActionEditPost, old) {
			return forbidden("edit this post")
		}
		if old.Status == domain.StatusTrashed {
			return domain.Errorf(domain.ECONFLICT, "This post is in the trash; restore it before editing.")
		}
	} else if !domain.Can(u, domain.ActionCreatePost, nil) {
		return forbidden("create posts")
	}
	action := publish.Action(r.PostFormValue("action"))
	// "Submit for review" saves the draft, then submits it.
	submit := action == "submit"
	if action == "" || submit {
		action = publish.Save
	}
	if submit && old != nil && old.Status != domain.StatusDraft {
		return domain.Errorf(domain.EINVALID, "Only a draft can be submitted for review; this post is %s.", old.Status)
	}
	if !action.Valid() {
		return domain.FieldError("action", "Unknown action %q.", action)
	}
	p, f, err := n.parsePostForm(r, u, old)
	if err != nil {
		return err
	}
	f.PendingAt, _ = strconv.ParseInt(r.PostFormValue("pending_at"), 10, 64)
	if res := r.PostFormValue("resolve"); res != "" && old != nil {
		// A choice made in the collision dialog: the times of the version
		// the dialog showed stand in for the ones first read, so this
		// save replaces exactly what the editor saw there.
		action = publish.Action(res)
		if !action.Valid() {
			return domain.FieldError("action", "Unknown action %q.", action)
		}
		f.UpdatedAt, _ = strconv.ParseInt(r.PostFormValue("theirs_updated_at"), 10, 64)
		f.PendingAt, _ = strconv.ParseInt(r.PostFormValue("theirs_pending_at"), 10, 64)
	}
	if old != nil && old.Status == domain.StatusPublished {
		f.Live = old
	}
	if action != publish.Save && !domain.Can(u, domain.ActionPublishPost, policyPost(old, p)) {
		return forbidden("publish, schedule or unpublish")
	}
	if len(f.Errors) > 0 {
		return n.renderEditor(w, r, u, http.StatusBadRequest, f)
	}
	if (action == publish.Publish || action == publish.Schedule) && r.PostFormValue("same_headline_ok") != "1" &&
		(old == nil || old.Title != p.Title || old.Status == domain.StatusDraft) {
		twin, err := n.sameHeadline(ctx, p)
		if err != nil {
			return err
		}
		if twin != nil {
			f.SameHeadline, f.SameHeadlineAction = twin, action
			return n.renderEditor(w, r, u, http.StatusConflict, f)
		}
	}
	opts := publish.Options{Action: action, UniqueSlug: f.Slug == ""}
	if f.UpdatedAt > 0 { // a form without updated_at does not check
		opts.IfUpdatedAt = time.UnixMilli(f.UpdatedAt)
	}
	actor := publish.Actor{User: u}
	// Publishing a post in review approves it: its submitter is told.
	inReview, err := n.reviewBefore(ctx, old, action)
	if err != nil {
		return err
	}
	staged := old != nil && old.Status == domain.StatusPublished && action == publish.Save
	switch {
	case old == nil:
		err = n.Publisher.Create(ctx, actor, p, opts)
	case staged:
		// Save on a live story keeps the edit as its pending version:
		// readers see nothing of it until "Update live story".
		_, err = n.Publisher.SavePending(ctx, actor, old, p, publish.PendingOptions{Check: true,
			IfSavedAt: fromMillis(f.PendingAt), IfUpdatedAt: opts.IfUpdatedAt})
	default:
		// The form held the pending version, if any: this save takes it
		// in, and must not drop one the editor never saw.
		opts.DropPending, opts.CheckPending, opts.PendingAt = true, true, fromMillis(f.PendingAt)
		err = n.Publisher.Update(ctx, actor, old, p, opts)
	}
	if err != nil {
		switch domain.ErrorCode(err) {
		case domain.EINVALID:
			if ve, ok := err.(domain.ValidationErrors); ok {
				f.Errors = append(f.Errors, ve...)
			} else {
				f.Errors = append(f.Errors, asFieldError(err, ""))
			}
			return n.renderEditor(w, r, u, http.StatusBadRequest, f)
		case domain.EFORBIDDEN:
			if action == publish.Save {
				f.Errors = append(f.Errors, asFieldError(err, "authors"))
				return n.renderEditor(w, r, u, http.StatusForbidden, f)
			}
		case domain.ECONFLICT:
			if old == nil {
				return err
			}
			c, cerr := n.collide(ctx, old.ID, p, action)
			if cerr != nil {
				return cerr
			}
			f.Collision = c
			return n.renderEditor(w, r, u, http.StatusConflict, f)
		}
		return err
	}
	done := map[publish.Action]string{publish.Save: "saved", publish.Publish: "published", publish.Schedule: "scheduled", publish.Unpublish: "unpublished"}[action]
	if submit {
		if done, err = n.submit(ctx, u, p.ID, ""); err != nil {
			return err
		}
	}
	n.approvedBySave(ctx, u, inReview, p)
	switch {
	case staged:
		done = "pending"
	case action == publish.Publish && old != nil && old.Status == domain.StatusPublished:
		done = "updated"
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done="+done, http.StatusSeeOther)
	return nil
}

// sameHeadline finds another post whose headline is p's, word for word
// (the same slug, which the index answers): publishing p would give
// readers two stories they cannot tell apart, and p a "-2" address.
func (n *Newsroom) sameHeadline(ctx context.Context, p *domain.Post) (*domain.Post, error) {
	slug := domain.Slugify(p.Title)
	if slug == "" {
		return nil, nil
	}
	twin, err := n.Store.PostBySlug(ctx, slug)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	if err != nil || twin.ID == p.ID {
		return nil, err
	}
	return twin, nil
}

// policyPost is the post whose ownership decides publishing rights: the
// stored one when there is one.
func policyPost(old, p *domain.Post) *domain.Post {
	if old != nil {
		return old
	}
	return p
}

// postAction runs publish, schedule or unpublish on a saved post without
// changing its text (the buttons of the post list, and API-like clients).
func (n *Newsroom) postAction(action publish.Action) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, u *domain.User) error {
		ctx := r.Context()
		old, err := n.postFor(r, u, domain.ActionPublishPost, "publish, schedule or unpublish")
		if err != nil {
			return err
		}
		p := *old
		if action == publish.Schedule {
			t, err := parseLocalTime(r.PostFormValue("published_at"), n.loc(ctx))
			if err != nil {
				return err
			}
			p.PublishedAt = t
		}
		opts := publish.Options{Action: action}
		if ms, err := strconv.ParseInt(r.PostFormValue("updated_at"), 10, 64); err == nil {
			opts.IfUpdatedAt = time.UnixMilli(ms)
		}
		if err := n.Publisher.Update(ctx, publish.Actor{User: u}, old, &p, opts); err != nil {
			return err
		}
		done := map[publish.Action]string{publish.Publish: "published", publish.Schedule: "scheduled", publish.Unpublish: "unpublished"}[action]
		http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done="+done, http.StatusSeeOther)
		return nil
	}
}

// fromMillis reads a form's millisecond time; 0 is the zero time.
func fromMillis(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// canView reports whether u may look at p (preview, revisions).
func canView(u *domain.User, p *domain.Post) bool {
	return domain.Can(u, domain.ActionViewAllPosts, p) || domain.Can(u, domain.ActionEditPost, p) || u.IsAuthorOf(p)
}

// previewPost shows the post as the public site's article page,
// published or not.
func (n *Newsroom) previewPost(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !canView(u, p) {
		return forbidden("see this post")
	}
	if err := n.Preview.RenderPreview(w, r, p, site.PreviewOptions{EditURL: "/newsroom/posts/" + p.ID}); err != nil {
		return fmt.Errorf("preview post %s: %w", p.ID, err)
	}
	return nil
}

// previewForm shows the editor's form as it stands, unsaved, as the
// public page: the editor's Preview button, so what is previewed is what
// was typed. It stores nothing: a chosen image file waits for Save, and
// new tags are shown but not created.
func (n *Newsroom) previewForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	var old *domain.Post
	if id := r.PathValue("id"); id != "" {
		var err error
		if old, err = n.Store.PostByID(ctx, id); err != nil {
			return err
		}
		if !domain.Can(u, domain.ActionEditPost, old) {
			return forbidden("edit this post")
		}
	} else if !domain.Can(u, domain.ActionCreatePost, nil) {
		return forbidden("create posts")
	}
	if r.MultipartForm != nil {
		delete(r.MultipartForm.File, "image_file")
	}
	p, f, err := n.parsePostForm(r, u, old)
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		return f.Errors[0]
	}
	// What Save would refuse is not previewed either: the page says why.
	if err := p.Validate(); err != nil {
		return err
	}
	for i, t := range p.Tags {
		slug := domain.TagSlug(t.Name)
		if known, err := n.Store.TagBySlug(ctx, slug); err == nil {
			p.Tags[i] = *known
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		} else {
			p.Tags[i] = domain.Tag{ID: "unsaved-" + slug, Name: t.Name, Slug: slug}
		}
	}
	markdown.Apply(p)
	if err := n.Preview.RenderPreview(w, r, p, site.PreviewOptions{Unsaved: true}); err != nil {
		return fmt.Errorf("preview unsaved post: %w", err)
	}
	return nil
}

// livePreview renders Markdown with the public site's renderer for the
// editor's preview pane.
func (n *Newsroom) livePreview(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	body := r.PostFormValue("body")
	if len(body) > domain.MaxBodyLen {
		return domain.FieldError("body", "Body is larger than %d bytes.", domain.MaxBodyLen)
	}
	res, err := n.renderPreview(w, r, u, body)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<p class="meta">%s</p>`, domain.ReadingTimeLabel(domain.ReadingMinutes(res.WordCount, res.ImageCount)))
	w.Write([]byte(res.HTML))
	return nil
}

func (n *Newsroom) loc(ctx context.Context) *time.Location {
	s, err := n.Store.Settings(ctx)
	if err != nil {
		return time.UTC
	}
	return location(s)
}

// asFieldError turns err into a field error for the form, defaulting the field.
func asFieldError(err error, field string) *domain.Error {
	var e *domain.Error
	if de, ok := err.(*domain.Error); ok {
		e = de
	} else if ve, ok := err.(domain.ValidationErrors); ok && len(ve) > 0 {
		e = ve[0]
	} else {
		e = &domain.Error{Code: domain.EINVALID, Message: domain.ErrorMessage(err)}
	}
	if e.Field == "" {
		cp := *e // Format and Args too, to translate it
		cp.Field = field
		e = &cp
	}
	return e
}
