package app

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
)

// TestBrowserPreviewAndSearch drives a real browser: the editor's Preview
// button opens the typed, unsaved text as the public article page in a
// new tab, and the masthead's search form finds a published headline
// without any script's help.
func TestBrowserPreviewAndSearch(t *testing.T) {
	a, srv := startApp(t)
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	b := browser(t)

	const headline = "Ferry service resumes across the Dnipro"
	newTab := chromedp.WaitNewTarget(b, func(i *target.Info) bool { return i.Type == "page" })
	err := chromedp.Do(b,
		signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), headline),
		typeBody("ZAPORIZHZHIA — The first ferry left at dawn.\n\n> It feels normal again, said a passenger."),
		chromedp.SendKeys(chromedp.CSS(`#tags`), "Transport"),
		chromedp.Click(chromedp.CSS(`button[formaction$="/preview"]`)),
	)
	if err != nil {
		t.Fatalf("editor: %v", err)
	}
	id := <-newTab
	tab, cancel := chromedp.NewContext(b, chromedp.WithTargetID(id))
	defer cancel()
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.preview-banner`))); err != nil {
		t.Fatalf("preview tab: %v", err)
	}
	banner, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`.preview-banner`)))
	title, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`h1.article-title`)))
	quote, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`.article-body blockquote`)))
	if !strings.Contains(banner, "unsaved changes") || title != headline || !strings.Contains(quote, "It feels normal again") {
		t.Fatalf("preview tab: banner %q, title %q, quote %q", banner, title, quote)
	}
	// Nothing was saved by previewing.
	if n, err := a.Store.CountPosts(t.Context(), publicFirst()); err != nil || n != 0 {
		t.Fatalf("posts after preview: %d (%v)", n, err)
	}

	// Publish something, then find it from the masthead.
	marta := addUser(t, a, "Marta Hnatiuk", "marta@example.org", domain.RoleAuthor, "Editor")
	p := &domain.Post{Title: headline, Status: domain.StatusPublished, BodyMD: "Ferry.",
		PublishedAt: time.Now().Add(-time.Minute), Authors: []domain.Author{marta.Author}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(tab,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#masthead-q`)),
		chromedp.SendKeys(chromedp.CSS(`#masthead-q`), "ferry service"),
		chromedp.Submit(chromedp.CSS(`#masthead-q`)),
		chromedp.WaitVisible(chromedp.CSS(`#search-results .headline a`)),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	loc, _ := chromedp.Run(tab, chromedp.Location())
	found, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`#search-results .headline a`)))
	if !strings.Contains(loc, "/search/?q=ferry+service") || found != headline {
		t.Fatalf("search landed on %q showing %q", loc, found)
	}
}
