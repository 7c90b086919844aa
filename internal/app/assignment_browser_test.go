package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// TestBrowserAssignmentToPublishedStory: an editor commissions a story
// from an author with a deadline and a brief; the author finds it under
// My assignments (beside an older one that is overdue), opens the stub,
// writes the story and publishes it; the assignment shows as filed and
// the story is on the public site.
func TestBrowserAssignmentToPublishedStory(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	author := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")

	// An assignment made yesterday, due two hours ago by the service's
	// clock, and never filed.
	a.Publisher.Now = func() time.Time { return time.Now().Add(-26 * time.Hour) }
	late := &domain.Post{Title: "Night buses return to the east bank"}
	if err := a.Publisher.Assign(ctx, publish.Actor{User: ed}, late, &storage.Assignment{AssigneeID: author.ID,
		Deadline: time.Now().Add(-2 * time.Hour), Brief: "Ride the first bus and talk to the drivers."}); err != nil {
		t.Fatal(err)
	}
	a.Publisher.Now = nil

	settings, err := a.Store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(settings.Timezone)
	if err != nil {
		loc = time.UTC
	}
	deadline := time.Now().Add(3 * time.Hour).In(loc).Format("2006-01-02T15:04")

	b := browser(t)
	err = chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/assignments"),
		chromedp.WaitVisible(chromedp.CSS(`#desk-h`)),
		submit(`a[href="/newsroom/assignments/new"]`, `#title`),
		chromedp.SendKeys(chromedp.CSS(`#title`), "Tram depot fire: what the inspectors found"),
		chromedp.SetValue(chromedp.CSS(`#assignee`), author.ID),
		chromedp.SetValue(chromedp.CSS(`#deadline`), deadline),
		chromedp.SendKeys(chromedp.CSS(`#brief`), "Get the inspection report from the fire service and ask the depot's manager about the alarms."),
		submit(`.assignform button[type=submit]`, `.flash`),
	)
	if err != nil {
		t.Fatalf("editor assigns: %v", err)
	}
	desk, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(desk, "Assigned.") || !strings.Contains(desk, "Tram depot fire: what the inspectors found") || !strings.Contains(desk, "Olena Kravets") {
		t.Fatalf("desk after assigning: %q", desk)
	}
	open, err := a.Store.ListAssignments(ctx, storage.AssignmentQuery{AssigneeID: author.ID, Open: true})
	if err != nil || len(open) != 2 || open[1].Title != "Tram depot fire: what the inspectors found" {
		t.Fatalf("stored assignments: %+v %v", open, err)
	}
	stub := open[1]

	// The author's newsroom: the count in the navigation, the overdue one
	// first and marked, the new one with its brief.
	r := browser(t)
	err = chromedp.Do(r, signIn(srv.URL, "olena@example.org"),
		chromedp.WaitVisible(chromedp.CSS(`.nav .navcount`)),
		submit(`.nav a[href="/newsroom/assignments"]`, `#mine-h`),
	)
	if err != nil {
		t.Fatalf("author opens assignments: %v", err)
	}
	count, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.nav .navcount [aria-hidden]`)))
	first, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.assignlist .assignment:first-child .t`)))
	overdue, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.assignment.is-overdue .pill.overdue`)))
	brief, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.assignlist .assignment:nth-child(2) .brief`)))
	if count != "2" || first != late.Title || !strings.EqualFold(overdue, "Overdue") || !strings.Contains(brief, "inspection report") {
		t.Fatalf("My assignments: count %q, first %q, overdue pill %q, brief %q", count, first, overdue, brief)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, r, srv.URL, "assignments-mine", "")
		shootWorkflow(t, b, srv.URL, "assignments-desk", "/newsroom/assignments")
		shootWorkflow(t, b, srv.URL, "assignment-new", "/newsroom/assignments/new")
	}

	// The author opens the stub, writes and publishes.
	err = chromedp.Do(r,
		submit(`.assignment:nth-child(2) a.btn.primary`, `.assignbar`),
	)
	if err != nil {
		t.Fatalf("open the stub: %v", err)
	}
	bar, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.assignbar`)))
	if !strings.Contains(bar, "Assigned by Iryna Savchuk") || !strings.Contains(bar, "ask the depot's manager") {
		t.Fatalf("assignment banner: %q", bar)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, r, srv.URL, "assignment-editor", "")
	}
	err = chromedp.Do(r,
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — Inspectors found that the depot's smoke alarms had been switched off for repairs."),
		submit(`button[name=action][value=publish]`, `.flash`),
		chromedp.Navigate(srv.URL+"/newsroom/assignments"),
		chromedp.WaitVisible(chromedp.CSS(`#mine-h`)),
	)
	if err != nil {
		t.Fatalf("write and publish: %v", err)
	}
	// (Pills and headings are set in capitals by the style sheet.)
	mine, _ := chromedp.Run(r, chromedp.Text(chromedp.CSS(`.assignsec`)))
	if mine = strings.ToLower(mine); !strings.Contains(mine, "recently filed") || !strings.Contains(mine, "filed") {
		t.Fatalf("after publishing, My assignments says %q", mine)
	}
	got, err := a.Store.AssignmentOf(ctx, stub.PostID)
	if err != nil || !got.Done() || got.Status != domain.StatusPublished {
		t.Fatalf("assignment after publishing: %+v %v", got, err)
	}
	p, _ := a.Store.PostByID(ctx, stub.PostID)
	if status, body := publicText(t, srv.URL, "/"+p.Slug+"/"); status != 200 || !strings.Contains(body, "smoke alarms had been switched off") {
		t.Fatalf("public story: %d", status)
	}
	// The editor's desk shows it filed, and only the overdue one open.
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/assignments?reporter="+author.ID), chromedp.WaitVisible(chromedp.CSS(`#desk-h`)))
	if err != nil {
		t.Fatal(err)
	}
	deskNow, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if deskNow = strings.ToLower(deskNow); !strings.Contains(deskNow, "overdue: 1") || !strings.Contains(deskNow, "recently filed") {
		t.Fatalf("desk after filing: %q", deskNow)
	}
}
