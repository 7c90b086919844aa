package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// TestBrowserLiveNewStories loads the News Feed in chromium, publishes a
// story behind its back and checks that the page offers "1 new story"
// instead of moving, and that the button puts the story at the top of
// the stream, focused, without loading the page again. A story taken
// down then disappears from the page.
func TestBrowserLiveNewStories(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	by := []domain.Author{addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter").Author}
	publish := func(title string) *domain.Post {
		p := &domain.Post{Title: title, Status: domain.StatusPublished, BodyMD: "Text.", Standfirst: "What happened.",
			PublishedAt: time.Now(), Authors: by}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		a.Events.Publish(events.Event{Type: events.PostPublished, PostID: p.ID, Slug: p.Slug})
		return p
	}
	older := publish("Council meets on the bridge repairs")

	b := browser(t)
	err := chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#news-stream article`)),
		// A page load would forget this.
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
		// The script marks the live region once its stream is open.
		chromedp.WaitReady(chromedp.CSS(`[data-live][data-live-open]`)),
	)
	if err != nil {
		t.Fatalf("load the News Feed: %v", err)
	}
	const headline = `Breaking: the <bridge> reopens & traffic flows`
	fresh := publish(headline)

	err = chromedp.Do(b,
		chromedp.WaitVisible(chromedp.CSS(`.live-button`)),
	)
	if err != nil {
		t.Fatalf("no new-story button: %v", err)
	}
	label, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector(".live-button").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(label) != "1 new story" {
		t.Fatalf("button says %q, want \"1 new story\"", label)
	}
	// Nothing moved before the reader asked.
	top, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("#news-stream article .headline").textContent`))
	if err != nil || top != older.Title {
		t.Fatalf("top headline before the click: %q (%v)", top, err)
	}

	err = chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`.live-button`)),
		chromedp.WaitNotPresent(chromedp.CSS(`.live-button`)),
	)
	if err != nil {
		t.Fatalf("click the new-story button: %v", err)
	}
	type pageState struct {
		Top, Focused string
		Count        int
		NotReloaded  bool
		AriaLive     string
	}
	state, err := chromedp.Run(b, chromedp.Evaluate[pageState](`({
		top: document.querySelector("#news-stream article .headline").textContent,
		focused: document.activeElement.getAttribute("data-id") || "",
		count: document.querySelectorAll('#news-stream article[data-id="`+fresh.ID+`"]').length,
		notReloaded: window.notReloaded === true,
		ariaLive: document.querySelector("[data-live]").getAttribute("aria-live"),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if state.Top != headline || state.Focused != fresh.ID || state.Count != 1 || !state.NotReloaded || state.AriaLive != "polite" {
		t.Fatalf("after the click: %+v, want the new story on top, focused, once, without a page load", state)
	}

	// Taken down: the story leaves the page.
	if err := a.Store.DeletePost(ctx, fresh.ID); err != nil {
		t.Fatal(err)
	}
	a.Events.Publish(events.Event{Type: events.PostDeleted, PostID: fresh.ID, Slug: fresh.Slug})
	err = chromedp.Do(b, chromedp.WaitNotPresent(chromedp.CSS(`#news-stream article[data-id="`+fresh.ID+`"]`)))
	if err != nil {
		t.Fatalf("deleted story still on the page: %v", err)
	}
}
