package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
)

// TestBrowserPresence: two editors open the same story; each sees the
// other named in the editor's polite live region, without a reload. A
// notification for one updates the bell's count in place.
func TestBrowserPresence(t *testing.T) {
	a, srv := startApp(t)
	iryna := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	mykola := addUser(t, a, "Mykola Bondar", "mykola@example.org", domain.RoleAdministrator, "Managing editor")
	p := livePost(t, a, iryna, "Storm closes schools", "RIVERTON — Schools are closed on Friday.\n\nBuses do not run.")
	one := browser(t)
	two := secondBrowser(t, one)
	open := func(b context.Context, email string) {
		t.Helper()
		if err := chromedp.Do(b, signIn(srv.URL, email), chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
			chromedp.WaitVisible(chromedp.CSS(`#title`))); err != nil {
			t.Fatal(err)
		}
	}
	sees := func(b context.Context, name string) {
		t.Helper()
		js := `(() => { const el = document.getElementById('presence'); return el && el.textContent.includes(` + "`" + name + "`" + `) })()`
		if _, err := chromedp.Run(b, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			text, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById('presence')?.textContent ?? 'no banner'`))
			t.Fatalf("presence never named %s; it says %q", name, text)
		}
	}
	open(one, "iryna@example.org")
	open(two, "mykola@example.org")
	sees(two, "Iryna Savchuk is also editing this story.")
	sees(one, "Mykola Bondar is also editing this story.")
	live, _ := chromedp.Run(one, chromedp.Evaluate[string](`document.getElementById('presence').getAttribute('aria-live')`))
	if live != "polite" {
		t.Fatalf("aria-live %q", live)
	}

	// The bell counts a new notification without a reload.
	if err := a.Notifier.Notify(context.Background(), notify.Event{Kind: notify.Mentioned, Recipients: []string{iryna.ID},
		ActorID: mykola.ID, PostID: p.ID, PostTitle: p.Title, Note: "@Iryna the headline says Friday; the council says Monday too.",
		Path: "/newsroom/posts/" + p.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(one, chromedp.Poll[chromedp.Void](`document.querySelector('.bell-count').dataset.unread === '1' && !document.querySelector('.bell-count').hidden`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal("the bell did not count the notification live")
	}
	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		shootWorkflow(t, one, srv.URL, "presence-editor", "")
		for _, n := range []notify.Event{
			{Kind: notify.ReviewRequested, Recipients: []string{iryna.ID}, ActorID: mykola.ID, PostID: p.ID, PostTitle: "Council approves the flood barrier budget",
				Note: "Ready for the morning edition.", Path: "/newsroom/posts/" + p.ID},
			{Kind: notify.Assigned, Recipients: []string{iryna.ID}, ActorID: mykola.ID, PostID: p.ID, PostTitle: "Ferry timetable after the storm",
				Note: "600 words by 16:00, with a photo from the pier.", Path: "/newsroom/posts/" + p.ID},
		} {
			a.Notifier.Notify(context.Background(), n)
		}
		shootWorkflow(t, one, srv.URL, "notifications", "/newsroom/notifications")
		a.Store.SaveMailSettings(context.Background(), domain.MailSettings{Host: "smtp.example.org", Port: 587, Username: "newsroom",
			Password: "secret", From: "Riverton Newsroom <newsroom@example.org>", Security: domain.MailStartTLS})
		shootWorkflow(t, two, srv.URL, "email-settings", "/newsroom/settings/email")
	}
	// Opening the notifications page and then one notification marks it read.
	err := chromedp.Do(one, chromedp.Navigate(srv.URL+"/newsroom/notifications"), chromedp.WaitVisible(chromedp.CSS(`.notices`)))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(one, chromedp.Text(chromedp.CSS(`.notices`)))
	if !strings.Contains(text, "Mykola Bondar mentioned you on “Storm closes schools”") || !strings.Contains(text, "the council says Monday too") {
		t.Fatalf("notifications page: %q", text)
	}
}
