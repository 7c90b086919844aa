package app

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
)

// TestBrowserNewsroomInUkrainian: a reporter who reads the newsroom in
// Ukrainian gets the post list and the editor in Ukrainian, the script's
// messages too, and nothing spills out of a phone's width.
func TestBrowserNewsroomInUkrainian(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	u := addUser(t, a, "Оксана Литвин", "oksana@example.org", domain.RoleEditor, "Випускова редакторка")
	u.NewsroomLanguage = "uk"
	if err := a.Store.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	seedDay(t, a, u)
	b := browserFor(t, 120*time.Second)
	if err := chromedp.Do(b, signIn(srv.URL, "oksana@example.org")); err != nil {
		t.Fatal(err)
	}
	lang, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.documentElement.lang`))
	heading, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main h1`)))
	if err := chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/new"), chromedp.WaitVisible(chromedp.CSS(`#title`)), chromedp.WaitVisible(chromedp.CSS(`.nd-toolbar`))); err != nil {
		t.Fatal(err)
	}
	saveLabel, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(`button[value=save]`)))
	// The rich-text editor reads the same JSON block: its toolbar, hint
	// and figure placeholders speak Ukrainian too.
	bold, err := chromedp.Run(b, chromedp.Evaluate[[]string](`(() => { const b = document.querySelector(".nd-toolbar button[data-cmd=strong]"); return b ? [b.getAttribute("aria-label"), b.title, document.querySelector(".nd-toolbar").getAttribute("aria-label"), document.getElementById("nd-hint").textContent] : []; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(bold) != 4 || bold[0] != "Жирний" || !strings.HasPrefix(bold[1], "Жирний (") || bold[2] != "Форматування" || !strings.Contains(bold[3], "до панелі інструментів") {
		t.Errorf("the editor's toolbar is not Ukrainian: %q", bold)
	}
	if err := chromedp.Do(b, chromedp.SendKeys(chromedp.CSS(`#title`), "Укриття в метро відкриті цілодобово"), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.savestate`)))
	if err != nil {
		t.Fatal(err)
	}
	if lang != "uk" || heading != "Матеріали" || strings.TrimSpace(saveLabel) != "Зберегти чернетку" {
		t.Errorf("lang %q, heading %q, save button %q", lang, heading, saveLabel)
	}
	if !strings.Contains(state, "Є незбережені зміни") {
		t.Errorf("the script's save state is not Ukrainian: %q", state)
	}

	// A phone's width: long Ukrainian labels wrap instead of widening the
	// page (the action bar, the filters, the table).
	p, err := a.Store.PostBySlug(ctx, domain.Slugify("Grain corridor ships leave Odesa ports despite new threats"))
	if err != nil {
		t.Fatal(err)
	}
	// A fresh browser: the typed title above would hold the page with
	// the unsaved-changes warning.
	b = browserFor(t, 240*time.Second)
	if err := chromedp.Do(b, signIn(srv.URL, "oksana@example.org")); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/newsroom/", "/newsroom/posts/" + p.ID} {
		err := chromedp.Do(b, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+path),
			chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(300*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(b, chromedp.Evaluate[string](unclippedOverflow))
		if err != nil {
			t.Fatal(err)
		}
		if wide != "" {
			t.Errorf("%s at 390 px scrolls sideways: %s", path, wide)
		}
	}

	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		for _, w := range []int64{1280, 390} {
			h := int64(900)
			if w < 500 {
				h = 844
			}
			for _, page := range []struct{ name, path string }{{"posts", "/newsroom/"}, {"editor", "/newsroom/posts/" + p.ID}, {"profile", "/newsroom/profile"}} {
				err := chromedp.Do(b, chromedp.EmulateViewport(w, h), chromedp.Navigate(srv.URL+page.path),
					chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(600*time.Millisecond))
				if err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "uk-"+page.name+"-"+strconv.Itoa(int(w))+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// unclippedOverflow is overflowScript for elements that widen the page:
// those inside a sideways-scrolling box (the navigation, the editor's
// toolbar on a phone) do not.
const unclippedOverflow = `(() => {
	const vw = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= vw) return "";
	const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o !== "visible") return true; } return false; };
	const out = [...document.querySelectorAll("body *")]
		.filter(el => el.getBoundingClientRect().right > vw + 1 && !clipped(el))
		.map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " " + Math.round(el.getBoundingClientRect().right));
	return document.documentElement.scrollWidth + "px wide in " + vw + "px: " + out.slice(0, 8).join(", ");
})()`
