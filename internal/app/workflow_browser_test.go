package app

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// The browser tests of editing stories that are already live: staged
// updates, restores, corrections, the trash and two editors colliding.

// yes makes the page's confirmations answer OK (no to answer Cancel):
// the newsroom asks before anything destructive.
func yes() chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`)
}

func no() chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`window.confirm = () => false`)
}

// submit clicks sel and waits for the next page's wait element: the old
// page is marked first, so an element it already had does not count.
func submit(sel, wait string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.old = "1"`),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitVisible(chromedp.CSS(`body:not([data-old]) `+wait)),
	)
}

// publicText is the public page at path as a reader gets it.
func publicText(t *testing.T, base, path string) (int, string) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// livePost publishes a story by u through the publishing service.
func livePost(t *testing.T, a *App, u *domain.User, title, body string) *domain.Post {
	t.Helper()
	p := &domain.Post{Kind: domain.KindArticle, Title: title, Standfirst: "What happened at the river today.", BodyMD: body,
		Authors: []domain.Author{u.Author}, Tags: []domain.Tag{{Name: "City"}}}
	if err := a.Publisher.Create(context.Background(), publish.Actor{User: u}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserStagedUpdate: Save on a live story keeps a pending version
// readers do not see; it is previewed, compared word by word and then
// published with Update live story.
func TestBrowserStagedUpdate(t *testing.T) {
	a, srv := startApp(t)
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	p := livePost(t, a, ed, "Bridge closes for repairs", "RIVERTON — The bridge closes on Monday for two weeks.")
	b := browser(t)
	err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		chromedp.WaitVisible(chromedp.CSS(`#versionbar`)),
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — The bridge closes on Monday for three weeks."),
		submit(`button[name=action][value=save]`, `#versionbar.pending`),
	)
	if err != nil {
		t.Fatalf("save a pending version: %v", err)
	}
	bar, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`#versionbar`)))
	if !strings.Contains(bar, "Readers see the version published at") || !strings.Contains(bar, "by Iryna Savchuk") {
		t.Fatalf("version bar says %q", bar)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "two weeks") || strings.Contains(body, "three weeks") {
		t.Fatal("Save changed what readers see")
	}
	// Preview: the public page as it will be, marked as a pending version.
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID+"/pending/preview"),
		chromedp.WaitVisible(chromedp.CSS(`.preview-banner`)))
	if err != nil {
		t.Fatal(err)
	}
	banner, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.preview-banner`)))
	article, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(banner, "pending version") || !strings.Contains(article, "three weeks") {
		t.Fatalf("preview: %q / %q", banner, article)
	}
	// Compare: only the changed word is marked.
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		submit(`a[href$="/pending/diff"]`, `pre.diff`))
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, b, srv.URL, "pending-diff", "")
	}
	ins, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`pre.diff ins`)))
	del, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`pre.diff del`)))
	if ins != "three" || del != "two" {
		t.Fatalf("compare marks %q for %q", ins, del)
	}
	err = chromedp.Do(b, yes(), submit(`form[action$="/pending/publish"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`)))
	if !strings.Contains(flash, "Updated") || !strings.Contains(flash, "View on site") {
		t.Fatalf("after Update live story: %q", flash)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "three weeks") {
		t.Fatal("the update is not live")
	}
}

// TestBrowserRestoreWaitsForConfirmation: restoring a revision of a live
// story makes a pending version; "Restore and publish now" does nothing
// until confirmed; Update live story then publishes the restored text.
func TestBrowserRestoreWaitsForConfirmation(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	p := livePost(t, a, ed, "Dam holds after storm", "RIVERTON — Water rose to 3 metres.")
	cp := *p
	cp.BodyMD = "RIVERTON — Water rose to 4 metres."
	if err := a.Publisher.Update(ctx, publish.Actor{User: ed}, p, &cp, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	revs, _ := a.Store.ListRevisions(ctx, p.ID, 10)
	first := revs[len(revs)-1]
	b := browser(t)
	err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID+"/revisions"),
		submit(`a[href$="/revisions/`+first.ID+`"]`, `.diffbar`),
		// Cancelled: nothing happens.
		no(), chromedp.Click(chromedp.CSS(`form:has(input[name=publish_now]) button`)),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	if url, _ := chromedp.Run(b, chromedp.Location()); !strings.Contains(url, "/revisions/"+first.ID) {
		t.Fatalf("a cancelled restore left the page: %s", url)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "4 metres") {
		t.Fatal("a cancelled restore changed the story")
	}
	// Restore as pending version: still not live.
	err = chromedp.Do(b, yes(), submit(`form:not(:has(input[name=publish_now])) button.primary`, `#versionbar.pending`))
	if err != nil {
		t.Fatal(err)
	}
	flash, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`)))
	if !strings.Contains(flash, "restored as a pending version") {
		t.Fatalf("flash %q", flash)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "4 metres") {
		t.Fatal("the restore went live before anyone confirmed it")
	}
	err = chromedp.Do(b, submit(`button[name=action][value=publish]`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "3 metres") {
		t.Fatal("Update live story did not publish the restored text")
	}
}

// TestBrowserCorrectionEditedAndRetracted: a correction is added, its
// typo fixed and then retracted; the public page follows each step.
func TestBrowserCorrectionEditedAndRetracted(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	p := livePost(t, a, ed, "Ferry fares rise", "RIVERTON — Fares rise by 10 per cent.")
	b := browser(t)
	err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		chromedp.SetValue(chromedp.CSS(`#correction`), "An earlier version gave the rise as 100 per sent."),
		submit(`form[action$="/corrections"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "100 per sent") {
		t.Fatal("the correction is not on the public page")
	}
	got, _ := a.Store.PostByID(ctx, p.ID)
	id := got.Corrections[0].ID
	err = chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#note-`+id+` summary`)),
		chromedp.SetValue(chromedp.CSS(`#cbody-`+id), "An earlier version gave the rise as 100 per cent."),
		submit(`form[action$="/corrections/`+id+`"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); !strings.Contains(body, "100 per cent") || strings.Contains(body, "per sent") {
		t.Fatal("the edited correction is not what readers see")
	}
	err = chromedp.Do(b, yes(),
		chromedp.Click(chromedp.CSS(`#note-`+id+` summary`)),
		chromedp.Click(chromedp.CSS(`form[action$="/corrections/`+id+`/retract"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#note-`+id+`.retracted`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, body := publicText(t, srv.URL, "/"+p.Slug+"/"); strings.Contains(body, "100 per cent") {
		t.Fatal("the retracted correction is still public")
	}
	hist, _ := chromedp.Run(b, chromedp.TextContent(chromedp.CSS(`#note-`+id)))
	if !strings.Contains(hist, "per sent") || !strings.Contains(hist, "Retracted") {
		t.Fatalf("the note's history in the newsroom: %q", hist)
	}
}

// TestBrowserTrashRestorePurge: a story moved to the trash answers 410,
// comes back from the Trash page, goes again and is deleted for good by an
// Administrator, after which its address is 404.
func TestBrowserTrashRestorePurge(t *testing.T) {
	a, srv := startApp(t)
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	addUser(t, a, "Ada Admin", "ada@example.org", domain.RoleAdministrator, "")
	p := livePost(t, a, ed, "Mayor opens the new library", "RIVERTON — The library opened on Saturday.")
	path := "/" + p.Slug + "/"
	b := browser(t)
	status := func(ctx context.Context) int64 {
		t.Helper()
		res, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+path))
		if err != nil {
			t.Fatal(err)
		}
		return res.Status
	}
	err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID), yes(),
		submit(`form[action$="/delete"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if s := status(b); s != http.StatusGone {
		t.Fatalf("trashed story: %d", s)
	}
	if h, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`h1`))); h != "This story was removed" {
		t.Fatalf("410 page heading %q", h)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, b, srv.URL, "gone", path)
	}
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/trash"),
		chromedp.WaitVisible(chromedp.CSS(`.trashitem`)),
		submit(`.trashitem form[action$="/restore"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if s := status(b); s != http.StatusOK {
		t.Fatalf("restored story: %d", s)
	}
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID), yes(),
		submit(`form[action$="/delete"] button`, `.flash`),
		chromedp.Navigate(srv.URL+"/newsroom/trash"), chromedp.WaitVisible(chromedp.CSS(`.trashitem`)))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/purge"]').length`)); n != 0 {
		t.Fatal("an editor is offered Delete forever")
	}
	admin := secondBrowser(t, b)
	err = chromedp.Do(admin, signIn(srv.URL, "ada@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/trash"), yes(),
		submit(`.trashitem form[action$="/purge"] button`, `.flash`))
	if err != nil {
		t.Fatal(err)
	}
	if s := status(admin); s != http.StatusNotFound {
		t.Fatalf("purged story: %d", s)
	}
}

// secondBrowser is another signed-out session in b's browser.
func secondBrowser(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return ctx
}

// TestBrowserEditorsCollideAndMerge: two editors have a live story open;
// the second to save gets the collision dialog naming the first, with a
// diff, and merges both edits by hand. Nothing is overwritten silently.
func TestBrowserEditorsCollideAndMerge(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	addUser(t, a, "Mykola Bondar", "mykola@example.org", domain.RoleEditor, "Night editor")
	p := livePost(t, a, ed, "Storm closes schools", "RIVERTON — Schools are closed on Friday.\n\nBuses do not run.")
	one := browser(t)
	two := secondBrowser(t, one)
	editor := func(b context.Context, email string) error {
		return chromedp.Do(b, signIn(srv.URL, email), chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
			chromedp.WaitVisible(chromedp.CSS(`#title`)))
	}
	if err := editor(one, "iryna@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := editor(two, "mykola@example.org"); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(one,
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — Schools are closed on Friday and Monday.\n\nBuses do not run."),
		submit(`button[name=action][value=save]`, `#versionbar.pending`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(two,
		chromedp.SetValue(chromedp.CSS(`#body`), "RIVERTON — Schools are closed on Friday.\n\nBuses do not run; trains do."),
		submit(`button[name=action][value=save]`, `.collision`))
	if err != nil {
		t.Fatal(err)
	}
	head, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`.collision h2`)))
	diff, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`.collision pre.diff`)))
	buttons, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`.collision .choices`)))
	if !strings.HasPrefix(head, "Iryna Savchuk saved this story at") || !strings.Contains(diff, "and Monday") ||
		!strings.Contains(buttons, "Keep theirs") || !strings.Contains(buttons, "Keep mine") || !strings.Contains(buttons, "Save merged version") {
		t.Fatalf("collision dialog: %q / %q / %q", head, diff, buttons)
	}
	if pd, _ := a.Store.PendingOf(ctx, p.ID); !strings.Contains(pd.BodyMD, "and Monday") {
		t.Fatal("the first editor's save was overwritten")
	}
	merged := "RIVERTON — Schools are closed on Friday and Monday.\n\nBuses do not run; trains do."
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, two, srv.URL, "collision", "")
	}
	err = chromedp.Do(two, chromedp.SetValue(chromedp.CSS(`#body`), merged),
		submit(`.choices button.primary`, `#versionbar.pending`))
	if err != nil {
		t.Fatal(err)
	}
	pd, err := a.Store.PendingOf(ctx, p.ID)
	if err != nil || pd.BodyMD != merged || pd.UserName != "Mykola Bondar" {
		t.Fatalf("merged pending version: %+v %v", pd, err)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootWorkflow(t, two, srv.URL, "editor-pending", "/newsroom/posts/"+p.ID)
		cp, _ := a.Store.PostByID(ctx, p.ID)
		for _, title := range []string{"Ferry timetable withdrawn", "Duplicate: council budget vote"} {
			x := livePost(t, a, ed, title, "RIVERTON — Withdrawn.")
			a.Publisher.Trash(ctx, publish.Actor{User: ed}, x.ID)
		}
		_ = cp
		shootWorkflow(t, two, srv.URL, "trash", "/newsroom/trash")
	}
}

// shootWorkflow saves the page at path (the current one when empty) at
// 1280 and 390 pixels wide into $NEWSDESK_SCREENSHOTS.
func shootWorkflow(t *testing.T, b context.Context, base, name, path string) {
	t.Helper()
	dir := os.Getenv("NEWSDESK_SCREENSHOTS")
	os.MkdirAll(dir, 0o755)
	for _, w := range []int64{1280, 390} {
		h := int64(900)
		if w < 500 {
			h = 844
		}
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(w, h)}
		if path != "" {
			steps = append(steps, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main`)))
		}
		steps = append(steps, chromedp.Sleep(400*time.Millisecond))
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		// The whole page on a laptop; what a phone shows first on a phone.
		shot := chromedp.FullScreenshot(100)
		if w < 500 {
			shot = chromedp.CaptureScreenshot()
		}
		png, err := chromedp.Run(b, shot)
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+strconv.Itoa(int(w))+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chromedp.Do(b, chromedp.EmulateViewport(1280, 900))
}
