package app

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// TestBrowserReviewLoop: a contributor writes and submits; an editor
// opens the queue and sends it back with a note; the contributor sees the
// note, fixes the story and resubmits; the editor approves it for
// tomorrow morning. The story ends scheduled, and readers never saw it.
func TestBrowserReviewLoop(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	addUser(t, a, "Taras Melnyk", "taras@example.org", domain.RoleContributor, "Reporter")
	addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	b := browserFor(t, 180*time.Second)
	signOut := submit(`form[action="/newsroom/signout"] button`, `#email`)
	shots := os.Getenv("NEWSDESK_SCREENSHOTS") != ""
	var slug string
	neverPublic := func(stage string) {
		t.Helper()
		if slug == "" {
			return
		}
		if code, _ := publicText(t, srv.URL, "/"+slug+"/"); code != http.StatusNotFound {
			t.Fatalf("%s: readers get %d for the story", stage, code)
		}
		for _, path := range []string{"/", "/rss/", "/sitemap-posts.xml"} {
			if _, body := publicText(t, srv.URL, path); strings.Contains(body, "Tram depot") {
				t.Fatalf("%s: %s shows the story", stage, path)
			}
		}
	}

	// The contributor writes and submits.
	err := chromedp.Do(b, signIn(srv.URL, "taras@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SetValue(chromedp.CSS(`#title`), "Tram depot fire"),
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — A fire broke out at the tram depot on Quay Street early on Tuesday."),
		submit(`button[name=action][value=submit]`, `.reviewbar.inreview`),
	)
	if err != nil {
		t.Fatalf("write and submit: %v", err)
	}
	loc, _ := chromedp.Run(b, chromedp.Location())
	m := regexp.MustCompile(`/newsroom/posts/([0-9a-f]+)`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after submitting the browser is at %s", loc)
	}
	id := m[1]
	p, err := a.Store.PostByID(ctx, id)
	if err != nil || p.Status != domain.StatusDraft {
		t.Fatalf("submitted post: %+v %v", p, err)
	}
	slug = p.Slug
	flash, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`)))
	if !strings.Contains(flash, "Submitted for review") {
		t.Fatalf("flash after submitting: %q", flash)
	}
	neverPublic("submitted")

	// The editor finds it in the queue and sends it back with a note.
	err = chromedp.Do(b, signOut, signIn(srv.URL, "iryna@example.org"),
		chromedp.WaitVisible(chromedp.CSS(`.navcount`)),
		submit(`a[href="/newsroom/review"]`, `.reviewitem`),
	)
	if err != nil {
		t.Fatalf("open the queue: %v", err)
	}
	count, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.navcount`)))
	item, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.reviewitem`)))
	if count != "1" || !strings.Contains(item, "Tram depot fire") || !strings.Contains(item, "Submitted by Taras Melnyk") {
		t.Fatalf("queue: count %q, item %q", count, item)
	}
	if shots {
		shootWorkflow(t, b, srv.URL, "review-queue", "")
	}
	err = chromedp.Do(b,
		chromedp.SetValue(chromedp.CSS(`#note-`+id), "Who confirmed the cause? Name the fire service spokesperson, and say how many trams were damaged."),
		submit(`form.sendback button`, `.flash`),
	)
	if err != nil {
		t.Fatalf("send back: %v", err)
	}
	if empty, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(empty, "Nothing is waiting for review.") {
		t.Fatalf("queue after sending back: %q", empty)
	}
	neverPublic("sent back")

	// The contributor sees the note, fixes the story and resubmits.
	err = chromedp.Do(b, signOut, signIn(srv.URL, "taras@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+id),
		chromedp.WaitVisible(chromedp.CSS(`.reviewbar.sentback`)),
	)
	if err != nil {
		t.Fatalf("open the sent-back story: %v", err)
	}
	bar, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.reviewbar.sentback`)))
	if !strings.Contains(bar, "Sent back by Iryna Savchuk") || !strings.Contains(bar, "Name the fire service spokesperson") {
		t.Fatalf("the sent-back bar says %q", bar)
	}
	if shots {
		shootWorkflow(t, b, srv.URL, "review-sentback", "")
	}
	err = chromedp.Do(b,
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — A fire broke out at the tram depot on Quay Street early on Tuesday, damaging three trams, fire service spokesperson Oksana Lysenko said."),
		submit(`button[name=action][value=submit]`, `.reviewbar.inreview`),
	)
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	if flash, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`))); !strings.Contains(flash, "Resubmitted") {
		t.Fatalf("flash after resubmitting: %q", flash)
	}
	neverPublic("resubmitted")

	// The editor approves it for tomorrow at 07:30 (the site's zone is UTC).
	at := time.Now().UTC().Add(24 * time.Hour)
	at = time.Date(at.Year(), at.Month(), at.Day(), 7, 30, 0, 0, time.UTC)
	err = chromedp.Do(b, signOut, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/review"),
		chromedp.WaitVisible(chromedp.CSS(`.reviewitem`)),
		chromedp.SetValue(chromedp.CSS(`#at-`+id), at.Format("2006-01-02T15:04")),
		submit(`form.approve button[value=schedule]`, `.flash`),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	if flash, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`))); !strings.Contains(flash, "Approved and scheduled") {
		t.Fatalf("flash after approving: %q", flash)
	}
	p, _ = a.Store.PostByID(ctx, id)
	if p.Status != domain.StatusScheduled || !p.PublishedAt.Equal(at) || !strings.Contains(p.BodyMD, "Oksana Lysenko") {
		t.Fatalf("approved story: %s at %v, %q", p.Status, p.PublishedAt, p.BodyMD)
	}
	if _, err := a.Store.ReviewOf(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the approved story is still in review: %v", err)
	}
	h, _ := a.Store.ReviewHistory(ctx, id)
	var steps []string
	for _, e := range h {
		steps = append(steps, string(e.Action)+" by "+e.UserName)
	}
	if strings.Join(steps, ", ") != "submitted by Taras Melnyk, sent_back by Iryna Savchuk, resubmitted by Taras Melnyk, approved by Iryna Savchuk" {
		t.Fatalf("history: %v", steps)
	}
	if h[1].Note == "" || h[1].Action != storage.ReviewActionSentBack {
		t.Fatalf("the note is not in the history: %+v", h[1])
	}
	neverPublic("scheduled for tomorrow")
	// The history page shows the steps beside the revisions.
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+id+"/revisions"), chromedp.WaitVisible(chromedp.CSS(`tr.reviewrow`)))
	if err != nil {
		t.Fatal(err)
	}
	if shots {
		shootWorkflow(t, b, srv.URL, "review-history", "")
	}
}
