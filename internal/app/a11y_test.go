package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"newsdesk/internal/auth"
	"newsdesk/internal/demo"
	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
	"newsdesk/internal/testsupport"
)

// a11yPage is one page the accessibility suite checks.
type a11yPage struct {
	name   string // also the file name html-validate reports
	path   string
	status int
	signed bool // fetched with the newsroom session
	// form, when set, is filled in (by element id, which is also the
	// field's name) and submitted, with the button whose value is action
	// if set: the page checked is the answer, such as a form showing its
	// errors.
	form   map[string]string
	action string
}

// TestAccessibility checks the pages readers and the newsroom see, with the
// real demo content, including forms showing their errors: every page must
// be valid HTML (html-validate with tests/a11y/htmlvalidate.config.mjs),
// have no axe-core violation (WCAG 2.1 A/AA and axe's best practices:
// landmarks, headings) and not scroll sideways, in chromium, in light and
// dark colour schemes, on a phone and a desktop. The npm packages are
// pinned in tests/a11y (scripts/test installs them).
func TestAccessibility(t *testing.T) {
	a11yDir, err := filepath.Abs("../../tests/a11y")
	if err != nil {
		t.Fatal(err)
	}
	axeSource, err := os.ReadFile(filepath.Join(testsupport.NPMPackage(t, a11yDir, "axe-core"), "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	testsupport.NPMPackage(t, a11yDir, "html-validate")
	node := testsupport.Node(t)
	testsupport.Chromium(t)

	a, srv := startApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, a.Store, a.Config.MediaDir(), a.Log); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	admin := addUser(t, a, "Ada Admin", "ada@example.org", domain.RoleAdministrator, "Managing editor")
	session := sessionCookie(t, a, admin)
	pages := a11yPages(t, a, srv.URL)

	// Fetch every page as the server sends it and validate the bytes.
	dir := t.TempDir()
	var files []string
	for _, p := range pages {
		body := fetch(t, srv.URL, p, session)
		file := filepath.Join(dir, p.name+".html")
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	validate := exec.Command(node, append([]string{filepath.Join(a11yDir, "validate.mjs")}, files...)...)
	validate.Dir = a11yDir
	if out, err := validate.CombinedOutput(); err != nil {
		t.Errorf("html-validate found problems (%v):\n%s", err, strings.ReplaceAll(string(out), dir+string(filepath.Separator), ""))
	}

	// Then run axe-core on each page as chromium renders it.
	// Over twenty pages, four checks each: a loaded CI machine needs a while.
	b := browserFor(t, 12*time.Minute)
	signedIn := false
	for _, p := range pages {
		// The session cookie goes in before the first newsroom page and
		// not earlier: signed in, the sign-in page redirects.
		if p.signed && !signedIn {
			setCookie := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: session.Name, Value: session.Value, URL: srv.URL + "/"})
				return err
			})
			if err := chromedp.Do(b, setCookie); err != nil {
				t.Fatalf("set session cookie: %v", err)
			}
			signedIn = true
		} else if !p.signed && signedIn {
			t.Fatalf("page %s is listed after the newsroom pages: list pages for readers first", p.name)
		}
		if err := chromedp.Do(b, chromedp.Navigate(srv.URL+p.path)); err != nil {
			t.Fatalf("open %s: %v", p.path, err)
		}
		if p.form != nil {
			if err := chromedp.Do(b, submitForm(p)); err != nil {
				t.Fatalf("submit the form on %s: %v", p.path, err)
			}
		}
		if at, err := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname + location.search`)); err != nil || at != p.path {
			t.Fatalf("opening %s landed on %s (%v)", p.path, at, err)
		}
		for _, vp := range []struct {
			name          string
			width, height int64
		}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
			for _, scheme := range []string{"light", "dark"} {
				violations, err := runAxe(b, string(axeSource), vp.width, vp.height, scheme)
				if err != nil {
					t.Fatalf("axe on %s: %v", p.path, err)
				}
				// WCAG 1.4.10 (reflow), which axe leaves to people: no page
				// scrolls sideways, on a phone least of all.
				wide, err := chromedp.Run(b, chromedp.Evaluate[string](overflowScript))
				if err != nil {
					t.Fatalf("measure %s: %v", p.path, err)
				}
				if wide != "" {
					t.Errorf("reflow: %s (%s, %s %s) scrolls sideways: %s", p.name, p.path, vp.name, scheme, wide)
				}
				for _, v := range violations {
					t.Errorf("axe: %s (%s, %s %s): %s [%s] %s", p.name, p.path, vp.name, scheme, v.ID, v.Impact, v.Help)
					for i, n := range v.Nodes {
						if i == 3 {
							t.Errorf("    and %d more", len(v.Nodes)-i)
							break
						}
						t.Errorf("    at %s: %s", strings.Join(n.Target, " "), firstLine(n.FailureSummary))
					}
				}
			}
		}
	}
}

// a11yPages lists the pages to check, found in the demo content.
func a11yPages(t *testing.T, a *App, base string) []a11yPage {
	t.Helper()
	ctx := context.Background()
	res, err := a.Store.ListPosts(ctx, storage.PostQuery{Public: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	find := func(what string, ok func(p *domain.Post) bool) *domain.Post {
		for _, p := range res.Posts {
			if ok(p) {
				return p
			}
		}
		t.Fatalf("the demo content has no %s", what)
		return nil
	}
	article := find("article with a lead image", func(p *domain.Post) bool {
		return p.Kind == domain.KindArticle && p.Image.URL != "" && len(p.Authors) > 0 && len(p.Tags) > 0
	})
	brief := find("brief", func(p *domain.Post) bool { return p.Kind == domain.KindBrief })
	addA11yNotes(t, a, article)
	video := find("video", func(p *domain.Post) bool { return p.Kind == domain.KindVideo })
	ukrainian := find("Ukrainian post", func(p *domain.Post) bool { return p.Language == "uk" })
	liveBlog := find("running live blog", func(p *domain.Post) bool { return p.IsLiveNow() })
	ended := find("ended live blog", func(p *domain.Post) bool { return p.Kind == domain.KindLive && !p.IsLiveNow() })
	entries, err := a.Store.ListEntries(ctx, storage.EntryQuery{PostID: liveBlog.ID, Public: true, Limit: 25})
	if err != nil || entries.Next == nil {
		t.Fatalf("the demo live blog has no second page of entries: %v", err)
	}
	corrected := find("corrected post", func(p *domain.Post) bool {
		full, err := a.Store.PostByID(ctx, p.ID)
		return err == nil && len(full.Corrections) > 0
	})

	// Pin the brief as breaking news, so every other page shows the
	// breaking banner. Nothing has been served yet, so no cache holds a
	// page without it.
	pinned, err := a.Store.PostByID(ctx, brief.ID)
	if err != nil {
		t.Fatal(err)
	}
	pinned.BreakingUntil = time.Now().Add(time.Hour)
	if err := a.Store.UpdatePost(ctx, pinned, time.Time{}); err != nil {
		t.Fatal(err)
	}

	// A static page, and a footer menu on every page (the masthead keeps
	// its automatic sections, so both forms of it are checked).
	about := &domain.Post{Type: domain.TypePage, Title: "About the Riverton Courier", Status: domain.StatusPublished,
		Standfirst: "An independent newsroom on the river.", Authors: article.Authors, Image: article.Image,
		BodyMD: "We report on Riverton.\n\n## Contact\n\n- Newsroom: [news@example.org](mailto:news@example.org)\n- Corrections: see our [policy](/corrections-policy/)\n"}
	if err := about.Validate(); err != nil {
		t.Fatal(err)
	}
	markdown.Apply(about)
	if err := a.Store.CreatePost(ctx, about); err != nil {
		t.Fatal(err)
	}
	settings, err := a.Store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	settings.SecondaryNavigation = []domain.NavItem{{Label: "About", URL: "/" + about.Slug + "/"}, {Label: "Corrections policy", URL: "/corrections-policy/"}}
	if err := a.Store.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*domain.Redirect{{From: "/old-story/", To: "/" + article.Slug + "/", Permanent: true}, {From: "^/archive/(.*)$", To: "/$1"}} {
		if err := a.Store.AddRedirect(ctx, r); err != nil {
			t.Fatal(err)
		}
	}

	// A story in the trash (its address answers 410), and a pending
	// version of the corrected story, for the newsroom's workflow pages.
	binned := &domain.Post{Title: "Ferry timetable withdrawn", Status: domain.StatusPublished, BodyMD: "RIVERTON — Withdrawn.",
		Authors: article.Authors}
	if err := binned.Validate(); err != nil {
		t.Fatal(err)
	}
	markdown.Apply(binned)
	if err := a.Store.CreatePost(ctx, binned); err != nil {
		t.Fatal(err)
	}
	// The demo desk's assignments: the list, a stub in the editor, the forms.
	assigned, err := a.Store.ListAssignments(ctx, storage.AssignmentQuery{Open: true})
	if err != nil || len(assigned) == 0 {
		t.Fatalf("demo assignments: %v %v", assigned, err)
	}
	if err := a.Store.TrashPost(ctx, &storage.Trash{PostID: binned.ID}); err != nil {
		t.Fatal(err)
	}
	live, err := a.Store.PostByID(ctx, corrected.ID)
	if err != nil {
		t.Fatal(err)
	}
	staged := *live
	staged.Title, staged.BodyMD = live.Title+" (rewrite)", live.BodyMD+"\n\nA new closing paragraph."
	if _, err := a.Publisher.SavePending(ctx, publish.Actor{User: &domain.User{Role: domain.RoleAdministrator, Author: live.Authors[0]}},
		live, &staged, publish.PendingOptions{}); err != nil {
		t.Fatal(err)
	}

	// An integration with a webhook and a delivery that failed, for the
	// integrations page and the delivery log.
	in, _ := domain.NewIntegration("Push service", "")
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	// An unread notification with a note for the signed-in administrator.
	if ada, err := a.Store.UserByEmail(ctx, "ada@example.org"); err == nil {
		a.Store.AddNotifications(ctx, []*domain.Notification{{UserID: ada.ID, Kind: "review.sent_back", ActorID: article.Authors[0].ID,
			PostID: article.ID, PostTitle: article.Title, Note: "Check the second quote.", Path: "/newsroom/posts/" + article.ID}})
	}
	hook := &storage.Webhook{IntegrationID: in.ID, Event: "post.published", TargetURL: "https://hooks.example.org/push", Secret: "s", Name: "Push"}
	if err := a.Store.CreateWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.Enqueue(ctx, []*storage.OutboxEvent{{Event: "post.published", Key: article.ID, Payload: []byte("{}")}}); err != nil {
		t.Fatal(err)
	}
	if ds, err := a.Store.ListDeliveries(ctx, hook.ID, 1); err != nil || len(ds) != 1 {
		t.Fatalf("deliveries: %v %v", ds, err)
	} else if _, err := a.Store.RecordAttempt(ctx, ds[0], storage.Attempt{At: time.Now(), Code: 502, Duration: 80 * time.Millisecond,
		Error: "HTTP 502", Status: storage.DeliveryPending, Next: time.Now().Add(time.Minute)}, "a11y", time.Now()); err != nil {
		t.Fatal(err)
	}

	// Drafts in review, one sent back, for the review queue and the
	// editor's review bar and panel.
	reviewer := &domain.User{Role: domain.RoleEditor, Author: article.Authors[0]}
	inReview := func(title string) *domain.Post {
		p := &domain.Post{Kind: domain.KindArticle, Title: title, Standfirst: "Filed from the quay.", BodyMD: "RIVERTON — " + title + ".",
			Authors: article.Authors}
		if err := a.Publisher.Create(ctx, publish.Actor{User: reviewer}, p, publish.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Publisher.Submit(ctx, publish.Actor{User: reviewer}, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		return p
	}
	waiting, sentBack := inReview("Tram depot fire"), inReview("Ferry pier subsidence")
	if _, _, err := a.Publisher.SendBack(ctx, publish.Actor{User: reviewer}, sentBack.ID, "Name the engineer who inspected the pier."); err != nil {
		t.Fatal(err)
	}

	// The Show More link of the home page is the second page of the stream.
	home := fetch(t, base, a11yPage{path: "/", status: 200}, nil)
	if !strings.Contains(string(home), `aria-label="Breaking news"`) {
		t.Fatal("the home page shows no breaking news banner")
	}
	m := regexp.MustCompile(`href="(/\?after=[^"]+)"`).FindSubmatch(home)
	if m == nil {
		t.Fatal("the home page has no Show More link")
	}
	more := strings.ReplaceAll(string(m[1]), "&amp;", "&")

	return []a11yPage{
		{name: "home", path: "/", status: 200},
		{name: "show-more", path: more, status: 200},
		{name: "article", path: "/" + article.Slug + "/", status: 200},
		{name: "brief", path: "/" + brief.Slug + "/", status: 200},
		{name: "video", path: "/" + video.Slug + "/", status: 200},
		{name: "ukrainian", path: "/" + ukrainian.Slug + "/", status: 200},
		{name: "corrected", path: "/" + corrected.Slug + "/", status: 200},
		{name: "live-blog", path: "/" + liveBlog.Slug + "/", status: 200},
		{name: "live-blog-older", path: "/" + liveBlog.Slug + "/?after=" + url.QueryEscape(storage.EntryCursor(entries.Entries[19]).String()), status: 200},
		{name: "live-blog-ended", path: "/" + ended.Slug + "/", status: 200},
		{name: "live-entry", path: "/" + liveBlog.Slug + "/entries/" + entries.Entries[0].ID + "/", status: 200},
		{name: "author", path: "/author/" + article.Authors[0].Slug + "/", status: 200},
		{name: "tag", path: "/tag/" + article.Tags[0].Slug + "/", status: 200},
		{name: "static-page", path: "/" + about.Slug + "/", status: 200},
		{name: "search", path: "/search/?q=council", status: 200},
		{name: "search-empty", path: "/search/?q=zzzzqqq", status: 200},
		{name: "not-found", path: "/no-such-story-here/", status: 404},
		{name: "gone", path: "/" + binned.Slug + "/", status: 410},
		{name: "bad-request", path: "/?after=not-a-cursor", status: 400},
		{name: "newsroom-signin", path: "/newsroom/signin", status: 200},
		{name: "newsroom-signin-error", path: "/newsroom/signin", status: 401,
			form: map[string]string{"email": "ada@example.org", "password": "not the password"}},
		{name: "newsroom-posts", path: "/newsroom/", status: 200, signed: true},
		{name: "newsroom-edit", path: "/newsroom/posts/" + article.ID, status: 200, signed: true},
		{name: "newsroom-new", path: "/newsroom/posts/new", status: 200, signed: true},
		{name: "newsroom-new-errors", path: "/newsroom/posts/new", status: 400, signed: true,
			form: map[string]string{"title": "Flood warning", "language": "e n!", "video_url": "javascript:alert(1)"}, action: "save"},
		{name: "newsroom-profile", path: "/newsroom/profile", status: 200, signed: true},
		{name: "newsroom-users", path: "/newsroom/users", status: 200, signed: true},
		{name: "newsroom-preview", path: "/newsroom/posts/" + article.ID + "/preview", status: 200, signed: true},
		{name: "newsroom-revisions", path: "/newsroom/posts/" + article.ID + "/revisions", status: 200, signed: true},
		{name: "newsroom-live-desk", path: "/newsroom/posts/" + liveBlog.ID + "/live", status: 200, signed: true},
		{name: "newsroom-live-entry", path: "/newsroom/posts/" + liveBlog.ID + "/live/entries/" + entries.Entries[0].ID, status: 200, signed: true},
		{name: "newsroom-tags", path: "/newsroom/tags", status: 200, signed: true},
		{name: "newsroom-settings", path: "/newsroom/settings", status: 200, signed: true},
		{name: "newsroom-pages", path: "/newsroom/pages", status: 200, signed: true},
		{name: "newsroom-page-edit", path: "/newsroom/posts/" + about.ID, status: 200, signed: true},
		{name: "newsroom-navigation", path: "/newsroom/settings/navigation", status: 200, signed: true},
		{name: "newsroom-navigation-errors", path: "/newsroom/settings/navigation", status: 400, signed: true,
			form: map[string]string{"primary-0-label": "Evil", "primary-0-url": "javascript:alert(1)"}, action: "save"},
		{name: "newsroom-redirects", path: "/newsroom/redirects", status: 200, signed: true},
		{name: "newsroom-redirects-errors", path: "/newsroom/redirects", status: 400, signed: true,
			form: map[string]string{"from": "^/(?=x)", "to": "javascript:alert(1)"}, action: "add"},
		{name: "newsroom-import", path: "/newsroom/settings/import", status: 200, signed: true},
		{name: "newsroom-integrations", path: "/newsroom/integrations", status: 200, signed: true},
		{name: "newsroom-trash", path: "/newsroom/trash", status: 200, signed: true},
		{name: "newsroom-trashed-post", path: "/newsroom/posts/" + binned.ID, status: 200, signed: true},
		{name: "newsroom-assignments", path: "/newsroom/assignments", status: 200, signed: true},
		{name: "newsroom-assignment-new", path: "/newsroom/assignments/new", status: 200, signed: true},
		{name: "newsroom-assignment-change", path: "/newsroom/assignments/" + assigned[0].PostID, status: 200, signed: true},
		{name: "newsroom-assigned-draft", path: "/newsroom/posts/" + assigned[0].PostID, status: 200, signed: true},
		{name: "newsroom-edit-pending", path: "/newsroom/posts/" + corrected.ID, status: 200, signed: true},
		{name: "newsroom-pending-diff", path: "/newsroom/posts/" + corrected.ID + "/pending/diff", status: 200, signed: true},
		{name: "newsroom-collision", path: "/newsroom/posts/" + article.ID, status: 409, signed: true,
			form: map[string]string{"updated_at": "1", "body": "RIVERTON — A rewrite from a stale page."}, action: "save"},
		{name: "newsroom-webhook-log", path: "/newsroom/webhooks/" + hook.ID, status: 200, signed: true},
		{name: "newsroom-notifications", path: "/newsroom/notifications", status: 200, signed: true},
		{name: "newsroom-email-settings", path: "/newsroom/settings/email", status: 200, signed: true},
		{name: "newsroom-email-settings-errors", path: "/newsroom/settings/email", status: 400, signed: true,
			form: map[string]string{"smtp_host": "mail.example.org", "smtp_port": "25", "smtp_security": "none", "smtp_from": "x"}, action: "save"},
		{name: "newsroom-review-queue", path: "/newsroom/review", status: 200, signed: true},
		{name: "newsroom-edit-in-review", path: "/newsroom/posts/" + waiting.ID, status: 200, signed: true},
		{name: "newsroom-edit-sent-back", path: "/newsroom/posts/" + sentBack.ID, status: 200, signed: true},
	}
}

// sessionCookie signs u in the way the sign-in form does and returns the
// session cookie.
func sessionCookie(t *testing.T, a *App, u *domain.User) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := a.Auth.StartSession(context.Background(), rec, httptest.NewRequest("POST", "/newsroom/signin", nil), u); err != nil {
		t.Fatal(err)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	t.Fatal("no session cookie set")
	return nil
}

// fetch GETs p from the server at base, or submits its form there,
// sending the session cookie when the page needs it, and checks the status.
func fetch(t *testing.T, base string, p a11yPage, session *http.Cookie) []byte {
	t.Helper()
	method, form := "GET", url.Values{}
	if p.form != nil {
		// Submit the form as the browser would, with the page's CSRF token.
		page := fetch(t, base, a11yPage{path: p.path, status: 200, signed: p.signed}, session)
		if m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page); m != nil {
			form.Set("csrf", string(m[1]))
		}
		for k, v := range p.form {
			form.Set(k, v)
		}
		if p.action != "" {
			form.Set("action", p.action)
		}
		method = "POST"
	}
	req, err := http.NewRequest(method, base+p.path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
	}
	if p.signed {
		req.AddCookie(session)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != p.status {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, p.path, res.StatusCode, p.status, body)
	}
	return body
}

// submitForm fills in p's form in the open page and submits it with p's
// button (or the form's only submit button), waiting for the answer and
// its alert.
func submitForm(p a11yPage) chromedp.Action[chromedp.Void] {
	fill := `(function (fields) {
		for (const [id, value] of Object.entries(fields)) document.getElementById(id).value = value;
	})(` + mustJSON(p.form) + `)`
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](fill),
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.a11yOld = "1"`),
		chromedp.Click(chromedp.CSS(submitButton(p))),
		// The answer is a new document (without the old one's marker)
		// that reports what went wrong.
		chromedp.WaitVisible(chromedp.CSS(`body:not([data-a11y-old]) [role=alert]`)),
	)
}

// submitButton is the selector of the button that submits p's form.
func submitButton(p a11yPage) string {
	if p.action != "" {
		return `button[name=action][value=` + p.action + `]`
	}
	return `button[type=submit]`
}

// mustJSON encodes v for a script.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// overflowScript answers "" when the page is no wider than the viewport,
// else the page's width and the elements sticking out furthest.
const overflowScript = `(() => {
	const vw = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= vw) return "";
	const out = [...document.querySelectorAll("body *")]
		.filter(el => el.getBoundingClientRect().right > vw + 1)
		.map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""));
	return document.documentElement.scrollWidth + "px wide in " + vw + "px: " + out.slice(0, 5).join(", ");
})()`

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target         []string `json:"target"`
		FailureSummary string   `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe sizes the viewport, sets the colour scheme and runs axe-core's
// WCAG 2.1 A and AA rules and its best practices on the open page,
// injecting axe first if the page does not have it yet.
func runAxe(ctx context.Context, axeSource string, width, height int64, scheme string) ([]axeViolation, error) {
	media := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height), media); err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](
		`if (!window.axe) {`+axeSource+`}`)); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	// Colours change with a short CSS transition when the scheme or the
	// layout switches; axe must see the end state, not a mix of both.
	// (Only transitions: a looping animation never finishes.)
	const script = `Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition).map(a => a.finished)).then(() => axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
		resultTypes: ["violations"]
	})).then(r => r.violations)`
	actx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return chromedp.Run(actx, chromedp.Evaluate[[]axeViolation](script, chromedp.EvalAwaitPromise))
}

// firstLine shortens axe's failure summary to its first reason.
func firstLine(s string) string {
	s = strings.TrimPrefix(s, "Fix any of the following:\n")
	s = strings.TrimPrefix(s, "Fix all of the following:\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
