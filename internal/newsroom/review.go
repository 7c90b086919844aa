package newsroom

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// The review workflow in the newsroom: "Submit for review" in the editor
// for those who may not publish (domain.MustSubmit), the review queue at
// /newsroom/review for Editors and Administrators, and the review state
// on the editor, the post list and the post's history. Every transition
// goes through the publishing service; staff are told after it is saved.

func (n *Newsroom) registerReview(h func(string, handlerFunc)) {
	h("GET /newsroom/review", n.reviewQueue)
	h("POST /newsroom/posts/{id}/review/submit", n.submitReview)
	h("POST /newsroom/posts/{id}/review/withdraw", n.withdrawReview)
	h("POST /newsroom/posts/{id}/review/sendback", n.sendBack)
	h("POST /newsroom/posts/{id}/review/approve", n.approveReview)
}

func init() {
	for k, v := range map[string]string{
		"submitted":   "Submitted for review. An editor will publish it or send it back with a note.",
		"resubmitted": "Resubmitted for review.",
		"withdrawn":   "Withdrawn from review: it is your draft again.",
		"sentback":    "Sent back to the author with your note.",
		"approved":    "Approved and published. It is live on the site now.",
		"approvedfor": "Approved and scheduled.",
	} {
		flashes[k] = v
	}
}

// reviewItem is one post waiting in the queue.
type reviewItem struct {
	storage.ReviewedPost
	// ScheduleAt fills the schedule field: the time the post asks for
	// when it is in the future, else the next full hour.
	Decide *reviewDecide
	// Excerpt is the start of the text, for a post without a standfirst.
	Excerpt string
}

// reviewQueue lists the drafts waiting for review, the longest waiting
// first, each with approve and send-back right there.
func (n *Newsroom) reviewQueue(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionReviewPost, nil) {
		return forbidden("review posts")
	}
	ctx := r.Context()
	queue, err := n.Store.ReviewQueue(ctx, 200)
	if err != nil {
		return err
	}
	st, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	loc, now, l := location(st), time.Now(), userLocale(u, st)
	items := make([]reviewItem, len(queue))
	for i, q := range queue {
		at := now.Add(time.Hour).Truncate(time.Hour)
		if q.Post.PublishedAt.After(now) {
			at = q.Post.PublishedAt
		}
		items[i] = reviewItem{q, &reviewDecide{P: q.Post, L: l, CSRF: auth.CSRFToken(ctx), Zone: st.Timezone,
			ScheduleAt: at.In(loc).Format("2006-01-02T15:04"), From: "queue"}, domain.Truncate(q.Post.Plaintext, 240)}
	}
	n.render(w, r, u, http.StatusOK, "review", map[string]any{"PageTitle": l.T("Review queue"), "Items": items})
	return nil
}

// submitReview submits a saved draft as it stands (the editor's button
// saves the text first, through savePost).
func (n *Newsroom) submitReview(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	done, err := n.submit(r.Context(), u, r.PathValue("id"), r.PostFormValue("note"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+r.PathValue("id")+"?done="+done, http.StatusSeeOther)
	return nil
}

// submit runs the submission and tells the desk; it returns the flash.
func (n *Newsroom) submit(ctx context.Context, u *domain.User, id, note string) (string, error) {
	p, e, err := n.Publisher.Submit(ctx, publish.Actor{User: u}, id, note)
	if err != nil {
		return "", err
	}
	n.notify(ctx, notify.Event{Kind: notify.ReviewRequested, ToEditors: true, ActorID: u.ID, PostID: p.ID, PostTitle: p.Title,
		Note: e.Note, Path: "/newsroom/posts/" + p.ID})
	if e.Action == storage.ReviewActionResubmitted {
		return "resubmitted", nil
	}
	return "submitted", nil
}

func (n *Newsroom) withdrawReview(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	p, err := n.Publisher.Withdraw(r.Context(), publish.Actor{User: u}, r.PathValue("id"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/posts/"+p.ID+"?done=withdrawn", http.StatusSeeOther)
	return nil
}

// sendBack returns a submission to its author with the reviewer's note.
func (n *Newsroom) sendBack(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	p, was, err := n.Publisher.SendBack(ctx, publish.Actor{User: u}, r.PathValue("id"), r.PostFormValue("note"))
	if err != nil {
		return err
	}
	to := []string{was.SubmittedBy}
	for _, a := range p.Authors {
		to = append(to, a.ID)
	}
	n.notify(ctx, notify.Event{Kind: notify.SentBack, Recipients: unique(to), ActorID: u.ID, PostID: p.ID, PostTitle: p.Title,
		Note: r.PostFormValue("note"), Path: "/newsroom/posts/" + p.ID})
	http.Redirect(w, r, reviewReturn(r, p.ID, "sentback"), http.StatusSeeOther)
	return nil
}

// approveReview publishes a submission now (when=now) or schedules it
// for published_at (when=schedule).
func (n *Newsroom) approveReview(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	var at, ifUpdated time.Time
	switch r.PostFormValue("when") {
	case "now", "":
	case "schedule":
		t, err := parseLocalTime(r.PostFormValue("published_at"), n.loc(ctx))
		if err != nil {
			return err
		}
		at = t
	default:
		return domain.FieldError("when", "Choose to publish now or schedule.")
	}
	if ms, err := strconv.ParseInt(r.PostFormValue("updated_at"), 10, 64); err == nil && ms > 0 {
		ifUpdated = time.UnixMilli(ms)
	}
	p, was, err := n.Publisher.Approve(ctx, publish.Actor{User: u}, r.PathValue("id"), at, ifUpdated)
	if domain.ErrorCode(err) == domain.ECONFLICT && !ifUpdated.IsZero() {
		if cur, gerr := n.Store.PostByID(ctx, r.PathValue("id")); gerr == nil && !cur.UpdatedAt.Truncate(time.Millisecond).Equal(ifUpdated) {
			return domain.Errorf(domain.ECONFLICT, "The post was saved again after you opened it; nothing was published. Read it again before approving.")
		}
	}
	if err != nil {
		return err
	}
	n.notify(ctx, notify.Event{Kind: notify.Approved, Recipients: []string{was.SubmittedBy}, ActorID: u.ID, PostID: p.ID,
		PostTitle: p.Title, Path: "/newsroom/posts/" + p.ID})
	done := "approved"
	if p.Status == domain.StatusScheduled {
		done = "approvedfor"
	}
	http.Redirect(w, r, reviewReturn(r, p.ID, done), http.StatusSeeOther)
	return nil
}

// reviewReturn is where a reviewer goes after answering: back to the
// queue when they answered from it, else to the post.
func reviewReturn(r *http.Request, id, done string) string {
	if r.PostFormValue("from") == "queue" {
		return "/newsroom/review?done=" + done
	}
	return "/newsroom/posts/" + id + "?done=" + done
}

func unique(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// reviewNav is the navigation's review item: the queue's length, for
// those who review (nil for others, who get no item).
func (n *Newsroom) reviewNav(ctx context.Context, u *domain.User) *struct{ Count int } {
	if !domain.Can(u, domain.ActionReviewPost, nil) {
		return nil
	}
	c, err := n.Store.CountReviewQueue(ctx)
	if err != nil {
		n.Log.Warn("count the review queue", "err", err)
	}
	return &struct{ Count int }{c}
}

// reviewPanel is what the editor shows of the post's review.
type reviewPanel struct {
	Review *storage.Review // nil: not in review
	// MustSubmit: this user publishes through review; the editor offers
	// "Submit for review" instead of Publish.
	MustSubmit  bool
	CanSubmit   bool // a draft not waiting already, that they may edit
	CanReview   bool // an Editor, on a submitted post
	CanWithdraw bool
	// Mine: the post is the user's own, so a sent-back note speaks to them.
	Mine       bool
	ScheduleAt string
	Decide     *reviewDecide
}

// reviewDecide is the approve and send-back forms of one post, which the
// queue and the editor share.
type reviewDecide struct {
	P          *domain.Post
	L          *locale
	CSRF       string
	Zone       string
	ScheduleAt string
	From       string // "queue": come back to the queue after answering
}

// InReview and SentBack read the state for templates.
func (rp *reviewPanel) InReview() bool {
	return rp.Review != nil && rp.Review.State == storage.ReviewSubmitted
}
func (rp *reviewPanel) SentBack() bool {
	return rp.Review != nil && rp.Review.State == storage.ReviewSentBack
}

// reviewEditor adds the editor's review data.
func (n *Newsroom) reviewEditor(ctx context.Context, u *domain.User, f *postForm, st domain.Settings, data map[string]any) error {
	rp := &reviewPanel{MustSubmit: domain.MustSubmit(u, st)}
	p := f.Post
	if !f.New {
		rv, err := n.Store.ReviewOf(ctx, p.ID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		rp.Review = rv
	}
	draft := p.Status == domain.StatusDraft
	rp.Mine = u.IsAuthorOf(p) || rp.Review != nil && rp.Review.SubmittedBy == u.ID
	rp.CanSubmit = draft && !rp.InReview() && domain.Can(u, domain.ActionEditPost, p) && (rp.MustSubmit || rp.SentBack())
	rp.CanReview = draft && rp.InReview() && domain.Can(u, domain.ActionReviewPost, p)
	rp.CanWithdraw = draft && rp.InReview() && rp.Mine
	now := time.Now()
	at := now.Add(time.Hour).Truncate(time.Hour)
	if p.PublishedAt.After(now) {
		at = p.PublishedAt
	}
	rp.ScheduleAt = at.In(location(st)).Format("2006-01-02T15:04")
	if rp.CanReview {
		rp.Decide = &reviewDecide{P: p, L: userLocale(u, st), CSRF: auth.CSRFToken(ctx), Zone: st.Timezone, ScheduleAt: rp.ScheduleAt}
	}
	data["ReviewPanel"] = rp
	if rp.MustSubmit && p.Status != domain.StatusPublished {
		data["CanPublish"] = false
	}
	return nil
}

// historyRow is one line of a post's history: a revision or a review
// transition, newest first.
type historyRow struct {
	At      time.Time
	Rev     *storage.Revision
	Review  *storage.ReviewEvent
	Current bool // the newest revision
	// L and Loc, on review rows, for the partial that shows them.
	L   *locale
	Loc *time.Location
}

// history interleaves revisions (newest first) and review transitions
// (oldest first) by time, newest first.
func history(revs []*storage.Revision, reviews []*storage.ReviewEvent, l *locale, loc *time.Location) []historyRow {
	out := make([]historyRow, 0, len(revs)+len(reviews))
	i, j := 0, len(reviews)-1
	for i < len(revs) || j >= 0 {
		if i < len(revs) && (j < 0 || reviews[j].At.Before(revs[i].CreatedAt)) {
			out = append(out, historyRow{At: revs[i].CreatedAt, Rev: revs[i], Current: i == 0})
			i++
			continue
		}
		out = append(out, historyRow{At: reviews[j].At, Review: reviews[j], L: l, Loc: loc})
		j--
	}
	return out
}

func idsOf(posts []*domain.Post) []string {
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids
}

// reviewBefore is the review state of a post about to be published or
// scheduled from the editor (nil when it is not in review).
func (n *Newsroom) reviewBefore(ctx context.Context, old *domain.Post, action publish.Action) (*storage.Review, error) {
	if old == nil || old.Status != domain.StatusDraft || (action != publish.Publish && action != publish.Schedule) {
		return nil, nil
	}
	r, err := n.Store.ReviewOf(ctx, old.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return r, err
}

// approvedBySave tells the submitter of a post in review that the save
// which published or scheduled it approved it.
func (n *Newsroom) approvedBySave(ctx context.Context, u *domain.User, was *storage.Review, p *domain.Post) {
	if was == nil || was.State != storage.ReviewSubmitted || p.Status == domain.StatusDraft {
		return
	}
	n.notify(ctx, notify.Event{Kind: notify.Approved, Recipients: []string{was.SubmittedBy}, ActorID: u.ID, PostID: p.ID,
		PostTitle: p.Title, Path: "/newsroom/posts/" + p.ID})
}
