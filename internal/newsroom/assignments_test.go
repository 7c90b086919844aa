package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/storage"
)

// notes records the events the newsroom hands its Notifier.
type notes struct {
	mu     sync.Mutex
	events []notify.Event
}

func (n *notes) Notify(_ context.Context, e notify.Event) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events = append(n.events, e)
	return nil
}

func (n *notes) list() []notify.Event {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]notify.Event(nil), n.events...)
}

// deadlineIn is a deadline form value d from now, in UTC (the test site's zone).
func deadlineIn(d time.Duration) string { return time.Now().Add(d).UTC().Format("2006-01-02T15:04") }

// An editor assigns a story to an author: the stub is the author's draft,
// the author is told with the brief and a link, sees it under My
// assignments with a count in the navigation, and the editor sees it on
// the desk; publishing the stub files it.
func TestAssignmentFromStubToFiled(t *testing.T) {
	e := newEnv(t)
	rec := &notes{}
	e.nr.Notifier = rec
	ctx := context.Background()
	ed, au := e.as(domain.RoleEditor), e.as(domain.RoleAuthor)
	author := e.users[domain.RoleAuthor]

	if res := ed.get("/newsroom/assignments/new"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, `name="deadline"`) {
		t.Fatalf("new assignment form: %d", res.StatusCode)
	}
	res := ed.postForm("/newsroom/assignments", url.Values{"title": {"Ferry fares rise in spring"}, "kind": {"brief"},
		"assignee": {author.ID}, "deadline": {deadlineIn(3 * time.Hour)}, "brief": {"Call the ferry company and two commuters."}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/newsroom/assignments?done=assigned" {
		t.Fatalf("create: %d %q %s", res.StatusCode, res.Header.Get("Location"), snippet(res.body))
	}
	list, err := e.store.ListAssignments(ctx, storage.AssignmentQuery{Open: true})
	if err != nil || len(list) != 1 {
		t.Fatalf("assignments: %v %v", list, err)
	}
	a := list[0]
	p, _ := e.store.PostByID(ctx, a.PostID)
	if p.Status != domain.StatusDraft || p.Kind != domain.KindBrief || len(p.Authors) != 1 || p.Authors[0].ID != author.ID ||
		a.AssignedBy != e.users[domain.RoleEditor].ID || a.Brief != "Call the ferry company and two commuters." {
		t.Fatalf("stub %+v, assignment %+v", p, a)
	}
	if ev := rec.list(); len(ev) != 1 || ev[0].Kind != notify.Assigned || ev[0].Recipients[0] != author.ID ||
		ev[0].Note != a.Brief || ev[0].Path != "/newsroom/posts/"+p.ID || ev[0].PostTitle != p.Title {
		t.Fatalf("notifications: %+v", ev)
	}

	mine := au.get("/newsroom/assignments")
	if mine.StatusCode != http.StatusOK || !strings.Contains(mine.body, "Ferry fares rise in spring") ||
		!strings.Contains(mine.body, `<span class="navcount"`) || strings.Contains(mine.body, "The desk: open assignments") {
		t.Fatalf("author's assignments page: %d %s", mine.StatusCode, snippet(mine.body))
	}
	if desk := ed.get("/newsroom/assignments?reporter=" + author.ID); !strings.Contains(desk.body, "The desk: open assignments") ||
		!strings.Contains(desk.body, "Ferry fares rise in spring") {
		t.Fatalf("desk: %s", snippet(desk.body))
	}
	if other := ed.get("/newsroom/assignments?reporter=" + e.users[domain.RoleContributor].ID); strings.Contains(other.body, `class="t" href="/newsroom/posts/`+p.ID) {
		t.Fatal("reporter filter shows another reporter's assignment")
	}
	edit := au.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(edit.body, `class="assignbar`) || !strings.Contains(edit.body, "Call the ferry company") ||
		!strings.Contains(edit.body, "Assigned by The Editor") {
		t.Fatalf("editor banner: %s", snippet(edit.body))
	}
	if posts := ed.get("/newsroom/"); !strings.Contains(posts.body, `<span class="pill duetoday">`) && !strings.Contains(posts.body, `<span class="pill due">`) {
		t.Fatalf("post list has no deadline pill: %s", snippet(posts.body))
	}

	// The author writes and publishes: the assignment is filed.
	v := newPostForm(author, "Ferry fares rise in spring")
	v.Set("kind", "brief")
	v.Set("updated_at", "0")
	v.Set("action", "publish")
	if res := au.postForm("/newsroom/posts/"+p.ID, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, snippet(res.body))
	}
	got, _ := e.store.AssignmentOf(ctx, p.ID)
	if !got.Done() || got.Status != domain.StatusPublished {
		t.Fatalf("after publishing: %+v", got)
	}
	mine = au.get("/newsroom/assignments")
	if !strings.Contains(mine.body, "Recently filed") || strings.Contains(mine.body, `<span class="navcount"`) {
		t.Fatalf("filed assignment: %s", snippet(mine.body))
	}
}

// Bad input saves nothing and says what is wrong.
func TestAssignmentRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.as(domain.RoleEditor)
	author := e.users[domain.RoleAuthor]
	suspended := e.extra(domain.RoleAuthor)
	suspended.Suspended = true
	if err := e.store.UpdateUser(ctx, suspended); err != nil {
		t.Fatal(err)
	}
	good := url.Values{"title": {"Night buses return"}, "kind": {"article"}, "assignee": {author.ID}, "deadline": {deadlineIn(time.Hour)}}
	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"empty headline", "title", "  ", "Give the story a working headline."},
		{"unknown reporter", "assignee", "000000000000000000000000", "That reporter is not on the staff list."},
		{"no reporter", "assignee", "", "Pick the reporter who will write it."},
		{"suspended reporter", "assignee", suspended.ID, "That account is suspended; pick someone else."},
		{"past deadline", "deadline", deadlineIn(-2 * time.Hour), "That deadline has already passed; pick a later time."},
		{"garbled deadline", "deadline", "next tuesday", "Enter the deadline as a date and time"},
		{"no deadline", "deadline", "", "Set a deadline."},
		{"unknown kind", "kind", "podcast", "Kind must be article, brief, video or live."},
		{"video without footage", "kind", "video", "A video item needs a video URL"},
		{"long brief", "brief", strings.Repeat("x", 4001), "The brief is longer than 4000 characters."},
	} {
		v := url.Values{}
		for k, vals := range good {
			v[k] = vals
		}
		v.Set(tc.field, tc.value)
		res := ed.postForm("/newsroom/assignments", v)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, tc.want) {
			t.Errorf("%s: %d, want 400 with %q: %s", tc.name, res.StatusCode, tc.want, snippet(res.body))
		}
	}
	if n, _ := e.store.CountPosts(ctx, storageAll()); n != 0 {
		t.Fatalf("%d posts saved by refused forms", n)
	}
	if n, _ := e.store.CountAssignments(ctx, storage.AssignmentQuery{}); n != 0 {
		t.Fatalf("%d assignments saved by refused forms", n)
	}
}

// Past its deadline an open assignment is overdue on every page that
// shows it, by the publishing service's clock; due today is marked too.
func TestAssignmentOverdue(t *testing.T) {
	e := newEnv(t)
	rec := &notes{}
	e.nr.Notifier = rec
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	e.nr.Publisher.Now = func() time.Time { return now }
	ed, au := e.as(domain.RoleEditor), e.as(domain.RoleAuthor)
	author := e.users[domain.RoleAuthor]
	res := ed.postForm("/newsroom/assignments", url.Values{"title": {"Library hours cut"}, "assignee": {author.ID},
		"deadline": {"2026-12-01T16:00"}, "brief": {"Ask the council why."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, snippet(res.body))
	}
	list, _ := e.store.ListAssignments(ctx, storage.AssignmentQuery{})
	id := list[0].PostID
	if page := au.get("/newsroom/assignments"); !strings.Contains(page.body, `<span class="pill duetoday">Due today</span>`) ||
		strings.Contains(page.body, "is-overdue") {
		t.Fatalf("due today: %s", snippet(page.body))
	}
	now = now.Add(8 * time.Hour) // 17:00, an hour late
	page := au.get("/newsroom/assignments")
	if !strings.Contains(page.body, `<li class="assignment is-overdue">`) || !strings.Contains(page.body, `<span class="pill overdue">Overdue</span>`) {
		t.Fatalf("overdue on My assignments: %s", snippet(page.body))
	}
	if desk := ed.get("/newsroom/assignments"); !strings.Contains(desk.body, "Overdue: 1") {
		t.Fatalf("desk overdue count: %s", snippet(desk.body))
	}
	if edit := au.get("/newsroom/posts/" + id); !strings.Contains(edit.body, `class="assignbar is-overdue"`) {
		t.Fatalf("editor banner not overdue: %s", snippet(edit.body))
	}
	if posts := ed.get("/newsroom/"); !strings.Contains(posts.body, `<span class="pill overdue">Overdue</span>`) {
		t.Fatalf("post list not overdue: %s", snippet(posts.body))
	}

	// The editor moves the deadline (a later one is accepted; the old,
	// passed one may stay while the brief changes) and reassigns.
	if res := ed.postForm("/newsroom/assignments/"+id, url.Values{"assignee": {author.ID}, "deadline": {"2026-12-01T16:00"},
		"brief": {"Ask the council why, and the readers."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change brief: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := ed.postForm("/newsroom/assignments/"+id, url.Values{"assignee": {author.ID}, "deadline": {"2026-12-01T12:00"}}); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("move deadline into the past: %d", res.StatusCode)
	}
	other := e.users[domain.RoleContributor]
	if res := ed.postForm("/newsroom/assignments/"+id, url.Values{"assignee": {other.ID}, "deadline": {"2026-12-02T10:00"},
		"brief": {"Ask the council why."}}); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "reassigned") {
		t.Fatalf("reassign: %d %s", res.StatusCode, snippet(res.body))
	}
	a, _ := e.store.AssignmentOf(ctx, id)
	p, _ := e.store.PostByID(ctx, id)
	if a.AssigneeID != other.ID || a.Overdue(now) || len(p.Authors) != 1 || p.Authors[0].ID != other.ID {
		t.Fatalf("reassigned: %+v, authors %+v", a, p.Authors)
	}
	if ev := rec.list(); len(ev) != 2 || ev[1].Recipients[0] != other.ID || ev[1].Note != "Ask the council why." {
		t.Fatalf("notifications: %+v", ev)
	}
	// Cancelling keeps the draft.
	if res := ed.postForm("/newsroom/assignments/"+id+"/cancel", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if _, err := e.store.AssignmentOf(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("cancelled assignment: %v", err)
	}
	if p, err := e.store.PostByID(ctx, id); err != nil || p.Status != domain.StatusDraft {
		t.Fatalf("cancelled stub: %v %v", p, err)
	}
}

// A Ukrainian newsroom reads the assignment pages in Ukrainian.
func TestAssignmentsInUkrainian(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s, _ := e.store.Settings(ctx)
	s.Language = "uk"
	if err := e.store.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	e.nr.Publisher.Now = func() time.Time { return now }
	e.assigned(e.users[domain.RoleEditor], e.users[domain.RoleAuthor], "Бібліотеки скорочують години")
	now = now.Add(48 * time.Hour)
	page := e.as(domain.RoleAuthor).get("/newsroom/assignments")
	for _, want := range []string{"Мої завдання", `<span class="pill overdue">Прострочено</span>`, "Доручення від: The Editor", "Писати"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("no %q on the Ukrainian page", want)
		}
	}
	if form := e.as(domain.RoleEditor).get("/newsroom/assignments/new"); !strings.Contains(form.body, "Робочий заголовок") ||
		!strings.Contains(form.body, "Завдання для репортера") {
		t.Errorf("new assignment form not in Ukrainian: %s", snippet(form.body))
	}
}
