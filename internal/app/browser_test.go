package app

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/auth"
	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/testsupport"
)

// startApp runs the whole application handler on a real listener.
func startApp(t *testing.T) (*App, *httptest.Server) {
	t.Helper()
	return startAppWith(t, nil)
}

// startAppWith is startApp with changes to the configuration (flags).
func startAppWith(t *testing.T, change func(*config.Config)) (*App, *httptest.Server) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	dir := t.TempDir()
	cfg := config.Config{Data: dir, SiteURL: "http://" + srv.Listener.Addr().String(), Addr: srv.Listener.Addr().String(), LogFormat: "text"}
	if change != nil {
		change(&cfg)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	// As in Serve: the edge reads each connection first, so every test
	// through this server (browsers included) goes through it too.
	front := a.edgeServer()
	a.front = front
	ln := srv.Listener
	go front.Serve(ln)
	srv.Listener = front.Listener(ln.Addr())
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { front.Shutdown(context.Background()) })
	return a, srv
}

// browser starts Debian's chromium headless with a throwaway profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// browserFor is browser with the time the whole test may use it.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	exe := testsupport.Chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	// The first call starts the browser and must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancelB()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancelC := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return tctx
}

func pngFile(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 1200; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 5), uint8(y / 4), 140, 255})
		}
	}
	path := filepath.Join(t.TempDir(), "flood.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

func addUser(t *testing.T, a *App, name, email string, role domain.Role, title string) *domain.User {
	t.Helper()
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Author: domain.Author{Name: name, Title: title}, Email: email, Role: role, PasswordHash: h}
	if err := a.Store.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func signIn(url, email string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(url+"/newsroom/signin"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.filters`)),
	)
}

// TestBrowserAuthorPublishesContributorRefused drives the newsroom in a
// real browser: an Author writes a post with an uploaded image and
// publishes it, and it tops the public stream; a Contributor has no
// publish button and a forged publish request from the page gets 403.
func TestBrowserAuthorPublishesContributorRefused(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	author := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	addUser(t, a, "Taras Contributor", "taras@example.org", domain.RoleContributor, "Freelancer")
	older := &domain.Post{Title: "Older story from yesterday", Status: domain.StatusPublished, BodyMD: "Old.",
		PublishedAt: time.Now().Add(-24 * time.Hour), Authors: []domain.Author{author.Author}}
	if err := older.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreatePost(ctx, older); err != nil {
		t.Fatal(err)
	}

	b := browser(t)
	const headline = "Floodwaters reach the Kherson embankment"
	err := chromedp.Do(b,
		signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), headline),
		chromedp.SendKeys(chromedp.CSS(`#standfirst`), "Residents of low-lying streets were told to leave by noon."),
		typeBody("KHERSON — Water rose through the night.\n\n> We have never seen it this high, said a rescuer.\n\nMore soon."),
		chromedp.SendKeys(chromedp.CSS(`#tags`), "Ukraine, Floods"),
		chromedp.SetUploadFiles(chromedp.CSS(`#image_file`), []string{pngFile(t)}),
		chromedp.SendKeys(chromedp.CSS(`#image_alt`), "Flooded street"),
		chromedp.SendKeys(chromedp.CSS(`#image_caption`), "Kherson: a flooded street at dawn, March 3."),
		chromedp.SendKeys(chromedp.CSS(`#image_credit`), "Olena Kravets / newsdesk"),
		// The editor shows the story as it will read.
		chromedp.WaitVisible(chromedp.CSS(`#nd-body blockquote`)),
		chromedp.Click(chromedp.CSS(`button[value=publish]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("author flow: %v", err)
	}
	flash, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.flash`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(flash, "Published") {
		t.Fatalf("flash after publish: %q", flash)
	}
	p, err := a.Store.PostBySlug(ctx, domain.Slugify(headline))
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.StatusPublished || p.Image.Width != 1200 || p.Image.Credit != "Olena Kravets / newsdesk" || len(p.Tags) != 2 {
		t.Fatalf("published post: %s image %+v tags %d", p.Status, p.Image, len(p.Tags))
	}

	// The public News Feed: the new post comes first.
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		// The public site is not wired into this build yet: check the
		// stream it will render instead, and the post's own page if any.
		page, err := a.Store.ListPosts(ctx, publicFirst())
		if err != nil || len(page.Posts) == 0 || page.Posts[0].ID != p.ID {
			t.Fatalf("public stream does not start with the new post: %v", err)
		}
	} else {
		if err := chromedp.Do(b, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		html, err := chromedp.Run(b, chromedp.OuterHTML(chromedp.CSS("html")))
		if err != nil {
			t.Fatal(err)
		}
		// Look in the page body only: <head> may name the newest post too.
		if k := strings.Index(html, "<main"); k >= 0 {
			html = html[k:]
		}
		i, j := strings.Index(html, headline), strings.Index(html, older.Title)
		if i < 0 || j >= 0 && j < i {
			t.Fatalf("new post not at the top of the feed (at %d, older at %d)", i, j)
		}
		t.Logf("public feed: the new post at byte %d, the older one at %d", i, j)
	}

	// The session dies mid-edit: the save is refused with the text shown
	// back, and after signing in again the editor offers the browser's copy.
	const extra = "A paragraph typed just before the session expired."
	err = chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		typeBody("\n"+extra),
		chromedp.Func(func(context.Context, *chromedp.Target) error { return a.Store.DeleteUserSessions(ctx, author.ID) }),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`#kept-body`)),
	)
	if err != nil {
		t.Fatalf("save with an expired session: %v", err)
	}
	kept, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#kept-body`)))
	if err != nil || !strings.Contains(kept, extra) {
		t.Fatalf("401 page kept %q (%v)", kept, err)
	}
	err = chromedp.Do(b,
		signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		chromedp.WaitVisible(chromedp.CSS(`.restore`)),
		chromedp.Click(chromedp.CSS(`[data-restore]`)),
	)
	if err != nil {
		t.Fatalf("restore offer: %v", err)
	}
	restored, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
	if err != nil || !strings.Contains(restored, extra) {
		t.Fatalf("restored body %q (%v)", restored, err)
	}

	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		seedDay(t, a, author)
		shot := browser(t)
		if err := chromedp.Do(shot, chromedp.Navigate(srv.URL+"/newsroom/signin"), chromedp.WaitVisible(chromedp.CSS("#email"))); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(shot, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot sign-in: %v", err)
		}
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "signin-1280.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(shot, signIn(srv.URL, "iryna@example.org")); err != nil {
			t.Fatal(err)
		}
		screenshots(t, shot, srv.URL, p.ID, dir)
		err = chromedp.Do(shot, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/newsroom/posts/new?kind=video"),
			chromedp.WaitVisible(chromedp.CSS(`#title`)), chromedp.SendKeys(chromedp.CSS(`#title`), "Watch: the dam at night"),
			typeBody("Drone footage of the dam."), chromedp.Click(chromedp.CSS(`button[value=save]`)),
			chromedp.WaitVisible(chromedp.CSS(`.err`)), chromedp.Sleep(300*time.Millisecond))
		if err != nil {
			t.Fatalf("editor with errors: %v", err)
		}
		png, err = chromedp.Run(shot, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "editor-error-1280.png"), png, 0o644)
	}

	// A contributor: no publish button, and a forged publish is refused.
	c := browser(t)
	err = chromedp.Do(c,
		signIn(srv.URL, "taras@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		chromedp.WaitVisible(chromedp.CSS(`#title`)),
		chromedp.SendKeys(chromedp.CSS(`#title`), "A pitch about river levels"),
		typeBody("Draft text."),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatalf("contributor flow: %v", err)
	}
	buttons, err := chromedp.Run(c, chromedp.Nodes(chromedp.CSSAll(`button[value=publish], button[value=schedule]`), chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(c, chromedp.Evaluate[int](`(async () => {
			const id = location.pathname.split("/")[3];
			const csrf = document.querySelector('meta[name="csrf"]').content;
			const r = await fetch("/newsroom/posts/" + id + "/publish", {method: "POST", headers: {"X-CSRF-Token": csrf}});
			return r.status;
		})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("forged publish: %v", err)
	}
	if len(buttons) != 0 {
		t.Fatalf("contributor sees %d publish/schedule buttons", len(buttons))
	}
	if status != http.StatusForbidden {
		t.Fatalf("forged publish by a contributor: %d, want 403", status)
	}
	pitch, err := a.Store.PostBySlug(ctx, "a-pitch-about-river-levels")
	if err != nil || pitch.Status != domain.StatusDraft {
		t.Fatalf("contributor's pitch: %v %v", pitch, err)
	}
}

func publicFirst() storage.PostQuery { return storage.PostQuery{Public: true, Limit: 1} }

// screenshots saves the post list and the editor at phone and laptop
// widths into dir, over a newsroom with a realistic day of posts.
func screenshots(t *testing.T, b context.Context, base, postID, dir string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	for _, w := range []int64{1280, 390} {
		h := int64(900)
		if w < 500 {
			h = 844
		}
		for _, page := range []struct{ name, path string }{{"posts", "/newsroom/"}, {"editor", "/newsroom/posts/" + postID},
			{"users", "/newsroom/users"}, {"tags", "/newsroom/tags"}, {"profile", "/newsroom/profile"}, {"revisions", "/newsroom/posts/" + postID + "/revisions"}} {
			err := chromedp.Do(b, chromedp.EmulateViewport(w, h), chromedp.Navigate(base+page.path),
				chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(600*time.Millisecond))
			if err != nil {
				t.Fatalf("screenshot %s: %v", page.name, err)
			}
			png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("screenshot %s: %v", page.name, err)
			}
			name := page.name + "-" + strconv.Itoa(int(w)) + ".png"
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// seedDay fills the newsroom with a plausible day of work for screenshots.
func seedDay(t *testing.T, a *App, author *domain.User) {
	t.Helper()
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Bondar", "iryna@example.org", domain.RoleEditor, "News editor")
	mk := func(title string, kind domain.Kind, st domain.Status, ago time.Duration, by []domain.Author, tags ...string) {
		p := &domain.Post{Title: title, Kind: kind, Status: st, BodyMD: "Text.", Authors: by}
		if kind == domain.KindVideo {
			p.VideoURL = "https://video.example.org/v/1"
		}
		if st != domain.StatusDraft {
			p.PublishedAt = time.Now().Add(-ago)
		}
		for _, name := range tags {
			tg, err := a.Store.TagBySlug(ctx, domain.Slugify(name))
			if err != nil {
				tg = &domain.Tag{Name: name}
				if err := a.Store.CreateTag(ctx, tg); err != nil {
					t.Fatal(err)
				}
			}
			p.Tags = append(p.Tags, *tg)
		}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	me, boss := []domain.Author{author.Author}, []domain.Author{ed.Author}
	both := []domain.Author{author.Author, ed.Author}
	mk("Evening briefing: what happened today", domain.KindArticle, domain.StatusScheduled, -5*time.Hour, boss, "Ukraine")
	mk("Parliament passes the reconstruction budget in second reading", domain.KindArticle, domain.StatusDraft, 0, both, "Politics", "Budget")
	mk("Air raid alert lifted in Kyiv region after two hours", domain.KindBrief, domain.StatusPublished, 20*time.Minute, boss, "Kyiv")
	mk("Watch: rescuers evacuate residents from flooded Oleshky", domain.KindVideo, domain.StatusPublished, 50*time.Minute, me, "Floods", "Kherson")
	mk("Grain corridor ships leave Odesa ports despite new threats", domain.KindArticle, domain.StatusPublished, 2*time.Hour, both, "Economy")
	mk("Interview with the head of the regional water utility", domain.KindArticle, domain.StatusDraft, 0, me, "Kherson")
	mk("Power restored to 40,000 homes in Kharkiv overnight", domain.KindBrief, domain.StatusPublished, 5*time.Hour, boss, "Kharkiv", "Energy")
	mk("Schools in frontline towns return to underground classrooms", domain.KindArticle, domain.StatusPublished, 7*time.Hour, me, "Education")
}
