package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
)

// TestBrowserImportThroughNewsroom: an Administrator imports a WordPress
// export from Settings → Import in a real browser, watches the job finish
// with its report, and the imported story is on the public site, its old
// WordPress address redirecting to it.
func TestBrowserImportThroughNewsroom(t *testing.T) {
	a, srv := startApp(t)
	ada := addUser(t, a, "Ada Admin", "ada@example.org", domain.RoleAdministrator, "Editor-in-chief")
	// The export makes the site Ukrainian; Ada reads the newsroom in
	// English whatever the site's language.
	ada.NewsroomLanguage = "en"
	if err := a.Store.UpdateUser(context.Background(), ada); err != nil {
		t.Fatal(err)
	}
	file, err := filepath.Abs("../importer/testdata/wxr-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	b := browserFor(t, 3*time.Minute)
	err = chromedp.Do(b,
		signIn(srv.URL, "ada@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/settings/import"),
		chromedp.WaitVisible(chromedp.CSS(`#file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{file}),
		chromedp.Click(chromedp.CSS(`button[type=submit].primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-job[data-finished="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`#progress-heading`)))
	if err != nil {
		t.Fatal(err)
	}
	report, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`pre.report`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(heading, "Import finished") || !strings.Contains(report, "posts and pages: 8 created") {
		t.Fatalf("job page: %q\n%s", heading, report)
	}
	p, err := a.Store.PostBySlug(context.Background(), "council-votes")
	if err != nil || p.Status != domain.StatusPublished {
		t.Fatalf("imported post: %+v, %v", p, err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(srv.URL+"/2023/05/council-votes/"), chromedp.WaitVisible(chromedp.CSS(`h1`))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main h1`)))
	if err != nil {
		t.Fatal(err)
	}
	at, err := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(at, "/council-votes/") || !strings.Contains(title, p.Title) {
		t.Fatalf("old address led to %s with headline %q; want /council-votes/ and %q", at, title, p.Title)
	}
}
