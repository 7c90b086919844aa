package app

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
)

// TestBrowserDraftCopyTimeInNewsroomFormat: the offer to restore text kept
// in the browser gives its time as every other newsroom page does, in the
// site's time zone, not in the browser's locale and zone.
func TestBrowserDraftCopyTimeInNewsroomFormat(t *testing.T) {
	a, srv := startApp(t)
	st, err := a.Store.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	st.Timezone = "Asia/Kolkata" // +05:30: neither the browser's zone nor a whole hour away from it
	if err := a.Store.SaveSettings(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	b := browser(t)

	kept := time.Date(2031, time.September, 3, 21, 5, 0, 0, time.UTC) // later than any server copy
	seed := fmt.Sprintf(`localStorage.setItem("newsdesk:draft:new", JSON.stringify({savedAt: %d, title: "Kept in this browser"}))`, kept.UnixMilli())
	err = chromedp.Do(b,
		signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.Evaluate[chromedp.Void](seed),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`.restore .restore-time`)),
	)
	if err != nil {
		t.Fatalf("editor: %v", err)
	}
	got, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.restore .restore-time`)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "4 Sep 2031, 02:35"; got != want {
		t.Fatalf("restore offer says %q, want %q (the site's zone, the newsroom's format)", got, want)
	}
}
