package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

// TestBrowserLiveBlog: a reader has a live blog open in one tab; an
// editor posts an entry from the live desk in another with Ctrl+Enter.
// The reader's page hears of it within a second, the "N new updates"
// button inserts it, an edit replaces it in place, and "Show older" pages
// back with JavaScript switched off.
func TestBrowserLiveBlog(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	actor := publish.Actor{User: ed}
	blog := &domain.Post{Kind: domain.KindLive, Title: "Verna floods, live", Standfirst: "The river is rising.",
		Authors: []domain.Author{ed.Author}}
	if err := a.Publisher.Create(ctx, actor, blog, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	for i := range site.EntriesPerPage + 5 {
		if err := a.Publisher.AddEntry(ctx, actor, blog, &domain.LiveEntry{BodyMD: fmt.Sprintf("Earlier update %02d.", i)}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}

	b := browser(t)
	reader, cancelReader := chromedp.NewContext(b) // a second tab of the same browser
	defer cancelReader()
	if err := chromedp.Do(reader, chromedp.Navigate(srv.URL+"/"+blog.Slug+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#live-entries`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, `document.querySelector("[data-live-blog][data-live-open]") !== null`)
	// The page notes when the button appears, by the clock both tabs share.
	evalIn[bool](t, reader, `window.__arrived = 0; new MutationObserver(function () {
		if (!window.__arrived && document.querySelector(".live-new button")) { window.__arrived = Date.now(); }
	}).observe(document.querySelector(".live-new"), {childList: true, subtree: true}); true`)

	const text = "Boats are out on Shevchenko Street."
	if err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+blog.ID+"/live"),
		chromedp.WaitVisible(chromedp.CSS(`#entry-body`)),
		chromedp.SendKeys(chromedp.CSS(`#entry-body`), text)); err != nil {
		t.Fatal(err)
	}
	sent := evalIn[float64](t, b, `Date.now()`)
	if err := chromedp.Do(b, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, `window.__arrived > 0`)
	arrived := evalIn[float64](t, reader, `window.__arrived`)
	latency := time.Duration(arrived-sent) * time.Millisecond
	t.Logf("entry posted (Ctrl+Enter) to the reader's button: %v", latency)
	if latency > time.Second {
		t.Fatalf("the entry took %v to reach the reader, want under a second", latency)
	}
	page, err := a.Store.ListEntries(ctx, storage.EntryQuery{PostID: blog.ID, Public: true, Limit: 1})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].BodyMD != text {
		t.Fatalf("the desk did not store the entry: %v", err)
	}
	id := page.Entries[0].ID
	label := evalIn[string](t, reader, `document.querySelector(".live-new button").textContent`)
	if label != "1 new update" {
		t.Fatalf("button says %q", label)
	}
	// Nothing moved until the reader asked.
	if first := evalIn[string](t, reader, `document.querySelector("#live-entries article").dataset.entry`); first == id {
		t.Fatal("the entry was inserted before the reader clicked")
	}
	if err := chromedp.Do(reader, chromedp.Click(chromedp.CSS(`.live-new button`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, `document.querySelector("#live-entries article").id === "entry-`+id+`"`)
	if n := evalIn[int](t, reader, `document.querySelectorAll(".live-new button").length`); n != 0 {
		t.Fatal("the button stays after inserting")
	}

	// An edit from the desk's entry form replaces the entry in place.
	const fixed = "Boats are out on Shevchenko and Franko streets."
	if err := chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+blog.ID+"/live/entries/"+id),
		chromedp.WaitVisible(chromedp.CSS(`#entry-body`)),
		chromedp.SetValue(chromedp.CSS(`#entry-body`), fixed),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, `document.querySelector("#entry-`+id+` .entry-body").textContent.includes("Franko streets")`)
	if n := evalIn[int](t, reader, `document.querySelectorAll("[data-entry='`+id+`']").length`); n != 1 {
		t.Fatalf("the edited entry shows %d times", n)
	}
	// The desk (back on it after the save) hears of an entry someone
	// else publishes meanwhile.
	waitFor(t, b, `document.querySelector("[data-desk-follow]") !== null`)
	time.Sleep(300 * time.Millisecond) // its stream opens
	if err := a.Publisher.AddEntry(ctx, actor, blog, &domain.LiveEntry{BodyMD: "From a second desk."}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, `(document.querySelector(".desk-news a") || {}).textContent === "1 new entry from the desk: show it"`)

	// A deletion removes it.
	if _, err := a.Publisher.DeleteEntry(ctx, actor, blog, id); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reader, `document.getElementById("entry-`+id+`") === null`)

	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		// The desk and an entry's edit form, phone and laptop, for people
		// to look at (the site's live pages are in the a11y run's pages).
		os.MkdirAll(dir, 0o755)
		left, err := a.Store.ListEntries(ctx, storage.EntryQuery{PostID: blog.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int64{390, 1280} {
			for _, page := range []struct{ name, path string }{{"live-desk", "/newsroom/posts/" + blog.ID + "/live"},
				{"live-entry-edit", "/newsroom/posts/" + blog.ID + "/live/entries/" + left.Entries[0].ID},
				{"live-blog", "/" + blog.Slug + "/"}} {
				if err := chromedp.Do(b, chromedp.EmulateViewport(w, 900), chromedp.Navigate(srv.URL+page.path),
					chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(300*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, page.name+"-"+strconv.Itoa(int(w))+".png"), png, 0o644)
			}
		}
	}

	// Without JavaScript, "Show older" is a link to the next page.
	nojs, cancelNoJS := chromedp.NewContext(b)
	defer cancelNoJS()
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(nojs, noScript, chromedp.Navigate(srv.URL+"/"+blog.Slug+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a.more-link`)),
		chromedp.Click(chromedp.CSS(`a.more-link`)),
		chromedp.WaitVisible(chromedp.CSS(`.live-latest`))); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(nojs, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	html, err := chromedp.Run(nojs, chromedp.OuterHTML(chromedp.CSS(`#live-entries`)))
	if err != nil {
		t.Fatal(err)
	}
	// The first page holds the second desk's entry and updates 24 to 06.
	if !strings.Contains(url, "?after=") || !strings.Contains(html, "Earlier update 05.") || !strings.Contains(html, "Earlier update 00.") ||
		strings.Contains(html, "Earlier update 06.") {
		t.Fatalf("older page %s:\n%s", url, html)
	}
}

func evalIn[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}
