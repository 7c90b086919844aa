package site_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/site"
	"newsdesk/internal/testsupport"
)

// chromiumPath is the browser the end-to-end tests drive; scripts/test
// installs it and sets NEWSDESK_CHROMIUM.
func chromiumPath(t *testing.T) string {
	t.Helper()
	return testsupport.Chromium(t)
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(390, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// TestShowMoreInBrowser clicks "Show More" in a real browser and checks the
// next items are appended in place: no navigation, the URL carries the
// cursor, nothing repeats.
func TestShowMoreInBrowser(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close) // after the browser (cleanups run last first): its live stream holds Close up
	ctx := newBrowser(t)

	do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`a[data-more]`))
	before := eval[int](t, ctx, `document.querySelectorAll("#news-stream article.item").length`)
	// The marker survives only if the page is not reloaded.
	eval[bool](t, ctx, `window.__newsdeskMarker = "still here"; true`)
	do(t, ctx, chromedp.Click(`a[data-more]`))
	poll(t, ctx, `document.querySelectorAll("#news-stream article.item").length > `+strconv.Itoa(site.PageSize))
	after := eval[int](t, ctx, `document.querySelectorAll("#news-stream article.item").length`)
	marker := eval[string](t, ctx, `window.__newsdeskMarker || ""`)
	url := eval[string](t, ctx, `location.pathname + location.search`)
	moreHref := eval[string](t, ctx, `(document.querySelector("a[data-more]") || {}).href || ""`)
	hrefs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#news-stream .headline a")).map(a => a.getAttribute("href"))`)
	firstNewFocused := eval[string](t, ctx, `document.activeElement && document.activeElement.matches("#news-stream article.item") ? document.activeElement.querySelector(".headline a").getAttribute("href") : ""`)
	if before != site.PageSize {
		t.Fatalf("home page shows %d items before the click, want %d", before, site.PageSize)
	}
	if after != 2*site.PageSize {
		t.Fatalf("after Show More the page has %d items, want %d", after, 2*site.PageSize)
	}
	if marker != "still here" {
		t.Fatal("the page navigated instead of appending in place")
	}
	wantURL := "/?after=" + cursorOf(e, site.PageSize-1)
	if url != wantURL {
		t.Fatalf("address bar shows %s, want %s", url, wantURL)
	}
	if !strings.HasSuffix(moreHref, "/?after="+cursorOf(e, 2*site.PageSize-1)) {
		t.Fatalf("Show More now points to %s, want the cursor after item %d", moreHref, 2*site.PageSize)
	}
	seen := map[string]bool{}
	for i, h := range hrefs {
		if seen[h] {
			t.Fatalf("%s appears twice", h)
		}
		seen[h] = true
		if want := "/" + e.fix.Stream[i].Slug + "/"; h != want {
			t.Fatalf("item %d is %s, want %s", i, h, want)
		}
	}
	if want := "/" + e.fix.Stream[site.PageSize].Slug + "/"; firstNewFocused != want {
		t.Fatalf("focus is on %q, want the first new item %s", firstNewFocused, want)
	}

	// The last page removes the control.
	do(t, ctx, chromedp.Click(`a[data-more]`))
	poll(t, ctx, `!document.querySelector("a[data-more]")`)
	remaining := eval[int](t, ctx, `document.querySelectorAll("#news-stream article.item").length`)
	marker = eval[string](t, ctx, `window.__newsdeskMarker || ""`)
	if remaining != len(e.fix.Stream) || marker != "still here" {
		t.Fatalf("after the last page: %d items (want %d), marker %q", remaining, len(e.fix.Stream), marker)
	}
}

// TestShowMoreUnderArticle checks the stream beside an article grows in
// place too, and leaves the article's address alone.
func TestShowMoreUnderArticle(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close) // after the browser (cleanups run last first): its live stream holds Close up
	ctx := newBrowser(t)
	path := "/" + e.fix.Stream[0].Slug + "/"
	do(t, ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`a[data-more]`))
	eval[bool](t, ctx, `window.__newsdeskMarker = "still here"; true`)
	do(t, ctx, chromedp.Click(`a[data-more]`))
	poll(t, ctx, `document.querySelectorAll("#news-stream article.item").length > `+strconv.Itoa(site.PageSize))
	hrefs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#news-stream .headline a")).map(a => a.getAttribute("href"))`)
	if len(hrefs) != 2*site.PageSize {
		t.Fatalf("stream beside the article has %d items after Show More, want %d", len(hrefs), 2*site.PageSize)
	}
	for i, h := range hrefs {
		if want := "/" + e.fix.Stream[i+1].Slug + "/"; h != want {
			t.Fatalf("item %d is %s, want %s", i, h, want)
		}
	}
	if url := eval[string](t, ctx, `location.pathname + location.search`); url != path {
		t.Fatalf("address changed to %s", url)
	}
	if marker := eval[string](t, ctx, `window.__newsdeskMarker || ""`); marker != "still here" {
		t.Fatal("the page navigated")
	}
}

// TestVideoFacadeInBrowser checks a YouTube video loads nothing from
// YouTube until clicked, then becomes a youtube-nocookie iframe in place.
func TestVideoFacadeInBrowser(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close) // after the browser (cleanups run last first): its live stream holds Close up
	ctx := newBrowser(t)
	do(t, ctx, chromedp.Navigate(srv.URL+"/"+e.fix.Posts["video"].Slug+"/"), chromedp.WaitVisible(`.article a.facade`))
	frames := eval[int](t, ctx, `document.querySelectorAll("iframe").length`)
	external := eval[[]string](t, ctx, `performance.getEntriesByType("resource").map(r => r.name).filter(n => !n.startsWith(location.origin))`)
	eval[bool](t, ctx, `window.__newsdeskMarker = "still here"; true`)
	// Clicking starts loading the player from YouTube; that request may
	// fail here without network, which is fine: the swap is what counts.
	do(t, ctx, chromedp.Click(`.article a.facade`), chromedp.WaitReady(`.article iframe.player-frame`))
	src := eval[string](t, ctx, `document.querySelector(".article iframe.player-frame").getAttribute("src")`)
	marker := eval[string](t, ctx, `window.__newsdeskMarker || ""`)
	if frames != 0 || len(external) != 0 {
		t.Fatalf("before the click: %d iframes, external requests %v", frames, external)
	}
	if src != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" || marker != "still here" {
		t.Fatalf("after the click: iframe src %q, marker %q", src, marker)
	}
}

func cursorOf(e *env, i int) string {
	return cursorString(e.fix.Stream[i])
}

// do runs browser steps, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is true.
func poll(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}
