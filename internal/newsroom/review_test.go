package newsroom

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// submitted creates a draft by u and submits it for review as u.
func (e *env) submitted(u *domain.User, title string) *domain.Post {
	e.t.Helper()
	p := e.post(u, domain.StatusDraft, title)
	if _, _, err := e.nr.Publisher.Submit(context.Background(), publish.Actor{User: u}, p.ID, ""); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// reviewState is the post's review state, "" when it is not in review.
func (e *env) reviewState(id string) storage.ReviewState {
	r, err := e.store.ReviewOf(context.Background(), id)
	if err != nil {
		return ""
	}
	return r.State
}

// requireReview turns on "Require review for Authors".
func (e *env) requireReview() {
	e.t.Helper()
	ctx := context.Background()
	st, _ := e.store.Settings(ctx)
	st.ReviewAuthors = true
	if err := e.store.SaveSettings(ctx, st); err != nil {
		e.t.Fatal(err)
	}
}

// notes records what the newsroom tells staff.
type reviewNotes struct {
	mu  sync.Mutex
	got []notify.Event
}

func (n *reviewNotes) Notify(_ context.Context, e notify.Event) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.got = append(n.got, e)
	return nil
}

func (n *reviewNotes) take() []notify.Event {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.got
	n.got = nil
	return out
}

// The whole loop over HTTP: a contributor saves and submits from the
// editor, the desk is told; an editor finds it in the queue (and the
// count in the navigation), sends it back with a note (a missing note is
// refused and changes nothing); the contributor sees the note, resubmits;
// the editor schedules it; the history shows every step with its note.
func TestReviewLoop(t *testing.T) {
	e := newEnv(t)
	told := &reviewNotes{}
	e.nr.Notifier = told
	ctx := context.Background()
	contrib, editor := e.users[domain.RoleContributor], e.users[domain.RoleEditor]
	c, ed := e.as(domain.RoleContributor), e.as(domain.RoleEditor)

	// The contributor's editor offers Submit, not Publish.
	page := c.get("/newsroom/posts/new")
	if !strings.Contains(page.body, `value="submit"`) || strings.Contains(page.body, `value="publish"`) {
		t.Fatal("a contributor's editor should offer Submit for review and no Publish")
	}
	v := newPostForm(contrib, "Tram depot fire")
	v.Set("action", "submit")
	res := c.postForm("/newsroom/posts/new", v)
	id := postIDFrom(t, res)
	if !strings.Contains(res.Header.Get("Location"), "done=submitted") || e.reviewState(id) != storage.ReviewSubmitted {
		t.Fatalf("submit from the editor: %q, state %q", res.Header.Get("Location"), e.reviewState(id))
	}
	if got := told.take(); len(got) != 1 || got[0].Kind != notify.ReviewRequested || !got[0].ToEditors || got[0].PostID != id ||
		got[0].ActorID != contrib.ID || got[0].PostTitle != "Tram depot fire" {
		t.Fatalf("told on submit: %+v", got)
	}
	if p := c.get("/newsroom/posts/" + id); !strings.Contains(p.body, "In review since") || !strings.Contains(p.body, "Withdraw from review") {
		t.Fatal("the contributor's editor does not say the post is in review")
	}
	if p, _ := e.store.PostByID(ctx, id); p.Status != domain.StatusDraft {
		t.Fatalf("a post in review is %s, want draft", p.Status)
	}

	q := ed.get("/newsroom/review")
	if q.StatusCode != 200 || !strings.Contains(q.body, "Tram depot fire") || !strings.Contains(q.body, `class="navcount" title="Posts waiting for review">1<`) ||
		!strings.Contains(q.body, "Submitted by The Contributor") {
		t.Fatalf("queue: %d %s", q.StatusCode, snippet(q.body))
	}
	if l := ed.get("/newsroom/"); !strings.Contains(l.body, `<span class="pill review">In review</span>`) {
		t.Fatal("the post list does not mark the post in review")
	}
	if r := ed.postForm("/newsroom/posts/"+id+"/review/sendback", url.Values{"note": {"   "}, "from": {"queue"}}); r.StatusCode != http.StatusBadRequest ||
		!strings.Contains(r.body, "a note is required") || e.reviewState(id) != storage.ReviewSubmitted {
		t.Fatalf("send back without a note: %d, state %q", r.StatusCode, e.reviewState(id))
	}
	res = ed.postForm("/newsroom/posts/"+id+"/review/sendback", url.Values{"note": {"Who confirmed the cause? Name the fire service spokesperson."}, "from": {"queue"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/newsroom/review?done=sentback" {
		t.Fatalf("send back: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := told.take(); len(got) != 1 || got[0].Kind != notify.SentBack || len(got[0].Recipients) != 1 || got[0].Recipients[0] != contrib.ID ||
		!strings.Contains(got[0].Note, "spokesperson") || got[0].ActorID != editor.ID {
		t.Fatalf("told on send back: %+v", got)
	}
	page = c.get("/newsroom/posts/" + id)
	if !strings.Contains(page.body, "Sent back by The Editor") || !strings.Contains(page.body, "Name the fire service spokesperson.") ||
		!strings.Contains(page.body, "Resubmit for review") {
		t.Fatalf("the contributor does not see the note: %s", snippet(page.body))
	}
	if l := c.get("/newsroom/"); !strings.Contains(l.body, `<span class="pill sentback">Sent back</span>`) {
		t.Fatal("the post list does not mark the post sent back")
	}
	v = newPostForm(contrib, "Tram depot fire: cause under investigation")
	v.Set("action", "submit")
	v.Set("updated_at", "0")
	if res := c.postForm("/newsroom/posts/"+id, v); !strings.Contains(res.Header.Get("Location"), "done=resubmitted") {
		t.Fatalf("resubmit: %d %q %s", res.StatusCode, res.Header.Get("Location"), snippet(res.body))
	}
	told.take()
	// The editor sees approve and send back in the editor too.
	if p := ed.get("/newsroom/posts/" + id); !strings.Contains(p.body, `id="review"`) || !strings.Contains(p.body, "Approve and schedule") {
		t.Fatal("the editor's page has no review panel")
	}
	at := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	res = ed.postForm("/newsroom/posts/"+id+"/review/approve", url.Values{"when": {"schedule"}, "published_at": {at.Format("2006-01-02T15:04")}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=approvedfor") {
		t.Fatalf("approve: %d %s", res.StatusCode, snippet(res.body))
	}
	p, _ := e.store.PostByID(ctx, id)
	if p.Status != domain.StatusScheduled || !p.PublishedAt.Equal(at) || p.Title != "Tram depot fire: cause under investigation" {
		t.Fatalf("approved post: %s %v %q", p.Status, p.PublishedAt, p.Title)
	}
	if got := told.take(); len(got) != 1 || got[0].Kind != notify.Approved || len(got[0].Recipients) != 1 || got[0].Recipients[0] != contrib.ID {
		t.Fatalf("told on approval: %+v", got)
	}
	if q := ed.get("/newsroom/review"); !strings.Contains(q.body, "Nothing is waiting for review.") || strings.Contains(q.body, `class="navcount"`) {
		t.Fatal("the queue still holds the approved post")
	}
	h := html.UnescapeString(ed.get("/newsroom/posts/" + id + "/revisions").body)
	for _, want := range []string{"Submitted for review", "Sent back", "“Who confirmed the cause? Name the fire service spokesperson.”", "Resubmitted for review", "Approved"} {
		if !strings.Contains(h, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	if strings.Index(h, "Approved") > strings.Index(h, "Submitted for review") {
		t.Error("history is not newest first")
	}
}

// With "Require review for Authors" an Author's editor offers Submit
// instead of Publish, and a publish is refused with the reason.
func TestReviewRequiredForAuthorsInTheEditor(t *testing.T) {
	e := newEnv(t)
	e.requireReview()
	a := e.as(domain.RoleAuthor)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusDraft, "Market hall reopens")
	page := a.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(page.body, "Submit for review") || strings.Contains(page.body, `value="publish"`) {
		t.Fatal("an Author who must submit is offered Publish")
	}
	v := newPostForm(e.users[domain.RoleAuthor], "Market hall reopens")
	v.Set("action", "publish")
	res := a.postForm("/newsroom/posts/"+p.ID, v)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.body, "requires review for Authors") {
		t.Fatalf("author publish: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.PostByID(context.Background(), p.ID); got.Status != domain.StatusDraft {
		t.Fatal("the refused publish published")
	}
	// The setting is on the General settings page.
	if s := e.as(domain.RoleAdministrator).get("/newsroom/settings"); !strings.Contains(s.body, `name="review_authors" value="1" checked`) {
		t.Fatal("settings page does not show Require review for Authors")
	}
}

// Without a session the review routes send to sign-in or refuse, and
// change nothing.
func TestReviewRoutesNeedSession(t *testing.T) {
	e := newEnv(t)
	p := e.submitted(e.users[domain.RoleContributor], "Waiting")
	anon := e.client()
	if res := anon.get("/newsroom/review"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/newsroom/signin") {
		t.Fatalf("anonymous queue: %d", res.StatusCode)
	}
	for _, path := range []string{"submit", "withdraw", "sendback", "approve"} {
		if res := anon.postForm("/newsroom/posts/"+p.ID+"/review/"+path, url.Values{"note": {"x"}, "when": {"now"}}); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous %s: %d", path, res.StatusCode)
		}
	}
	if e.reviewState(p.ID) != storage.ReviewSubmitted {
		t.Fatal("an anonymous request changed the review")
	}
}

// The queue reads in Ukrainian on a Ukrainian site.
func TestReviewQueueInUkrainian(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	st, _ := e.store.Settings(ctx)
	st.Language = "uk"
	e.store.SaveSettings(ctx, st)
	e.submitted(e.users[domain.RoleContributor], "Пожежа в трамвайному депо")
	body := e.as(domain.RoleEditor).get("/newsroom/review").body
	for _, want := range []string{"Черга перевірки", "Схвалити й опублікувати зараз", "Повернути на доопрацювання", "Надіслано: The Contributor"} {
		if !strings.Contains(body, want) {
			t.Errorf("Ukrainian queue lacks %q", want)
		}
	}
}

// An Editor may edit a post in review and publish it from the editor:
// that approves it, and its submitter is told.
func TestPublishingFromTheEditorApproves(t *testing.T) {
	e := newEnv(t)
	told := &reviewNotes{}
	e.nr.Notifier = told
	contrib := e.users[domain.RoleContributor]
	p := e.submitted(contrib, "Storm warning")
	v := newPostForm(contrib, "Storm warning for the coast")
	v.Set("action", "publish")
	res := e.as(domain.RoleEditor).postForm("/newsroom/posts/"+p.ID, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor publish: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.PostByID(context.Background(), p.ID); got.Status != domain.StatusPublished || got.Title != "Storm warning for the coast" {
		t.Fatalf("published: %s %q", got.Status, got.Title)
	}
	if e.reviewState(p.ID) != "" {
		t.Fatal("still in review after publishing")
	}
	if got := told.take(); len(got) != 1 || got[0].Kind != notify.Approved || got[0].Recipients[0] != contrib.ID {
		t.Fatalf("told: %+v", got)
	}
}
