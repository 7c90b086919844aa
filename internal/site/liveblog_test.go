package site_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
)

// liveBlogEnv is a site whose cache follows the bus, with an editor and
// a published live blog made through the publishing service.
type liveBlogEnv struct {
	*env
	svc  *publish.Service
	ed   publish.Actor
	blog *domain.Post
}

func newLiveBlogEnv(t *testing.T, change func(*site.Deps)) *liveBlogEnv {
	t.Helper()
	ctx := context.Background()
	e := newEnvWith(t, func(d *site.Deps) {
		d.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
		if change != nil {
			change(d)
		}
	})
	ed := &domain.User{Author: domain.Author{Name: "Desk Editor"}, Role: domain.RoleEditor, Email: "desk@example.org"}
	if err := e.store.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	svc := &publish.Service{Store: e.store, Events: e.bus}
	blog := &domain.Post{Kind: domain.KindLive, Title: "Flood on the Dnipro: live", Standfirst: "Water is rising in the river town.",
		Authors: []domain.Author{ed.Author}, Tags: []domain.Tag{{Name: "Floods"}}}
	if err := svc.Create(ctx, publish.Actor{User: ed}, blog, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	return &liveBlogEnv{env: e, svc: svc, ed: publish.Actor{User: ed}, blog: blog}
}

func (e *liveBlogEnv) add(t *testing.T, body string, key bool) *domain.LiveEntry {
	t.Helper()
	en := &domain.LiveEntry{BodyMD: body, KeyEvent: key, Status: domain.EntryPublished}
	if err := e.svc.AddEntry(context.Background(), e.ed, e.blog, en); err != nil {
		t.Fatal(err)
	}
	return en
}

var entryRE = regexp.MustCompile(`<article class="entry[^"]*" id="entry-([0-9a-f]{24})"`)

func entryIDs(body string) []string {
	var out []string
	for _, m := range entryRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestLiveBlogPage: key points, the pinned entry, the newest entries
// first, "Show older" pages back by keyset without JavaScript, key events
// jump to their entries, and the cached page follows new entries.
func TestLiveBlogPage(t *testing.T) {
	ctx := context.Background()
	e := newLiveBlogEnv(t, nil)
	var all []*domain.LiveEntry
	for i := range 45 {
		all = append(all, e.add(t, fmt.Sprintf("Update number %d from the embankment.", i), i%20 == 5))
		time.Sleep(2 * time.Millisecond) // distinct times, as real entries have
	}
	b := &domain.LiveBlog{KeyPoints: []string{"Water peaked at 4.3 m", "Two districts evacuated"}, PinnedEntryID: all[3].ID}
	if err := e.svc.SaveLiveBlog(ctx, e.ed, e.blog, b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	status, body, _ := e.get(t, "/"+e.blog.Slug+"/")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	inOrder(t, body, "Flood on the Dnipro: live", "Key points", "Water peaked at 4.3 m", "Key events",
		`href="#entry-`+all[25].ID+`"`, `class="entry entry-pinned"`, "Update number 3 from", "Update number 44 from",
		`class="rail"`, `href="/`+e.fix.Posts["rescue"].Slug+`/"`)
	ids := entryIDs(body)
	if len(ids) != site.EntriesPerPage || ids[0] != all[44].ID || ids[19] != all[25].ID {
		t.Fatalf("first page entries = %d, first %v", len(ids), ids[:1])
	}
	// A key event further back is linked to its own page.
	if !strings.Contains(body, `href="/`+e.blog.Slug+`/entries/`+all[5].ID+`/"`) {
		t.Fatal("the older key event does not link to its entry page")
	}
	seen := slices.Clone(ids)
	next := body
	for pages := 1; ; pages++ {
		m := regexp.MustCompile(`<a class="more-link" href="([^"]+)" rel="next">`).FindStringSubmatch(next)
		if m == nil {
			if pages != 3 {
				t.Fatalf("%d pages", pages)
			}
			break
		}
		status, next, _ = e.get(t, strings.ReplaceAll(m[1], "&amp;", "&"))
		if status != http.StatusOK {
			t.Fatalf("older page: %d %s", status, next)
		}
		if strings.Contains(next, "Key points") || !strings.Contains(next, "Back to the latest updates") {
			t.Fatal("an older page repeats the top or lacks the way back")
		}
		seen = append(seen, entryIDs(next)...)
	}
	if len(seen) != 45 || seen[44] != all[0].ID {
		t.Fatalf("paged through %d entries", len(seen))
	}
	// A new entry drops the cached page.
	fresh := e.add(t, "The river is **falling** at last.", false)
	_, body, _ = e.get(t, "/"+e.blog.Slug+"/")
	if ids := entryIDs(body); ids[0] != fresh.ID || !strings.Contains(body, "<strong>falling</strong>") {
		t.Fatal("the cached live page missed a new entry")
	}
	// The stream shows the badge while the blog is live, not after.
	_, home, _ := e.get(t, "/")
	if !regexp.MustCompile(`data-id="` + e.blog.ID + `"[^>]*>\s*<p class="meta"><span class="label">Live</span>`).MatchString(home) {
		t.Fatal("no Live badge on the home stream")
	}
	b.EndedAt = time.Now()
	if err := e.svc.SaveLiveBlog(ctx, e.ed, e.blog, b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, home, _ = e.get(t, "/")
	if regexp.MustCompile(`data-id="` + e.blog.ID + `"[^>]*>\s*<p class="meta"><span class="label">Live</span>`).MatchString(home) {
		t.Fatal("an ended blog still wears the Live badge")
	}
	_, body, _ = e.get(t, "/"+e.blog.Slug+"/")
	if !strings.Contains(body, "Coverage ended") || strings.Contains(body, `class="live-new"`) {
		t.Fatal("the ended blog's page does not say so")
	}
	if status, _, _ := e.get(t, "/"+e.blog.Slug+"/?after=nonsense"); status != http.StatusBadRequest {
		t.Fatalf("bad cursor: %d", status)
	}
}

// TestLiveEntryPage: every published entry has a page of its own; drafts,
// strangers and articles do not.
func TestLiveEntryPage(t *testing.T) {
	ctx := context.Background()
	e := newLiveBlogEnv(t, nil)
	en := e.add(t, "Rescuers reached the island at dawn.", true)
	status, body, _ := e.get(t, "/"+e.blog.Slug+"/entries/"+en.ID+"/")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	inOrder(t, body, `<link rel="canonical" href="https://news.example.org/`+e.blog.Slug+`/entries/`+en.ID+`/">`,
		"Flood on the Dnipro: live", "Rescuers reached the island at dawn.", `href="/`+e.blog.Slug+`/#entry-`+en.ID+`"`,
		`class="rail"`, `href="/`+e.fix.Posts["rescue"].Slug+`/"`)
	dr := &domain.LiveEntry{BodyMD: "Unconfirmed.", Status: domain.EntryDraft}
	if err := e.svc.AddEntry(ctx, e.ed, e.blog, dr); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/" + e.blog.Slug + "/entries/" + dr.ID + "/",
		"/" + e.blog.Slug + "/entries/000000000000000000000000/",
		"/" + e.fix.Posts["rescue"].Slug + "/entries/" + en.ID + "/",
	} {
		if status, _, _ := e.get(t, path); status != http.StatusNotFound {
			t.Fatalf("%s: %d", path, status)
		}
	}
}

// LiveBlogPosting's properties, from schema.org (LiveBlogPosting and its
// parents BlogPosting, SocialMediaPosting, Article, CreativeWork, Thing),
// as far as newsdesk uses them; and BlogPosting's and CorrectionComment's.
var schemaProps = map[string][]string{
	"LiveBlogPosting": {"@context", "@type", "headline", "description", "url", "mainEntityOfPage", "dateModified",
		"datePublished", "author", "publisher", "inLanguage", "image", "articleSection", "keywords", "wordCount",
		"coverageStartTime", "coverageEndTime", "liveBlogUpdate", "correction", "isAccessibleForFree", "hasPart"},
	"BlogPosting":       {"@type", "headline", "datePublished", "dateModified", "articleBody", "url", "author", "correction"},
	"CorrectionComment": {"@type", "datePublished", "text"},
}

func checkSchema(t *testing.T, typ string, o map[string]any) {
	t.Helper()
	if o["@type"] != typ {
		t.Fatalf("@type = %v, want %s", o["@type"], typ)
	}
	for k := range o {
		if !slices.Contains(schemaProps[typ], k) {
			t.Errorf("%s has %q, not a schema.org property of it", typ, k)
		}
	}
}

// TestLiveBlogJSONLD: the live page is a LiveBlogPosting with coverage
// times and its entries as liveBlogUpdate BlogPostings; a corrected entry
// carries a CorrectionComment.
func TestLiveBlogJSONLD(t *testing.T) {
	ctx := context.Background()
	e := newLiveBlogEnv(t, nil)
	first := e.add(t, "Sandbags are handed out at the school.", false)
	fixed := *first
	fixed.Correction = "An earlier version named the wrong school."
	if err := e.svc.EditEntry(ctx, e.ed, e.blog, &fixed, publish.EntryOptions{}); err != nil {
		t.Fatal(err)
	}
	e.add(t, "The mayor speaks at noon.", true)
	b := &domain.LiveBlog{EndedAt: time.Now().Add(time.Minute)}
	if err := e.svc.SaveLiveBlog(ctx, e.ed, e.blog, b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	_, body, _ := e.get(t, "/"+e.blog.Slug+"/")
	var blog map[string]any
	for _, m := range regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(body, -1) {
		var o map[string]any
		if err := json.Unmarshal([]byte(m[1]), &o); err != nil {
			t.Fatal(err)
		}
		if o["@type"] == "LiveBlogPosting" {
			blog = o
		}
	}
	if blog == nil {
		t.Fatal("no LiveBlogPosting")
	}
	checkSchema(t, "LiveBlogPosting", blog)
	for _, k := range []string{"coverageStartTime", "coverageEndTime", "datePublished", "headline"} {
		if s, _ := blog[k].(string); s == "" {
			t.Fatalf("%s missing: %v", k, blog)
		}
	}
	ups, _ := blog["liveBlogUpdate"].([]any)
	if len(ups) != 2 {
		t.Fatalf("liveBlogUpdate = %v", blog["liveBlogUpdate"])
	}
	for _, u := range ups {
		checkSchema(t, "BlogPosting", u.(map[string]any))
	}
	last := ups[1].(map[string]any)
	if last["articleBody"] != "Sandbags are handed out at the school." {
		t.Fatalf("oldest update = %v", last)
	}
	cs, _ := last["correction"].([]any)
	if len(cs) != 1 {
		t.Fatalf("correction = %v", last["correction"])
	}
	c := cs[0].(map[string]any)
	checkSchema(t, "CorrectionComment", c)
	if c["text"] != fixed.Correction || c["datePublished"] == "" {
		t.Fatalf("correction = %v", c)
	}
}

// TestLiveBlogStream: /live/?post= carries that blog's entries (new,
// edited, deleted) and nothing of them reaches the News Feed's readers.
func TestLiveBlogStream(t *testing.T) {
	ctx := context.Background()
	e := newLiveBlogEnv(t, nil)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close)
	if res, err := http.Get(srv.URL + "/live/?post=nope"); err != nil || res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad post id: %v %v", res.StatusCode, err)
	}
	open := func(path string) (*bufio.Reader, func()) {
		res, err := http.Get(srv.URL + path)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v", path, err)
		}
		r := bufio.NewReader(res.Body)
		r.ReadString('\n') // retry:
		r.ReadString('\n')
		return r, func() { res.Body.Close() }
	}
	blogR, closeBlog := open("/live/?post=" + e.blog.ID)
	defer closeBlog()
	feedR, closeFeed := open("/live/")
	defer closeFeed()
	time.Sleep(50 * time.Millisecond) // both subscribed

	next := func(r *bufio.Reader) (string, string) {
		var ev, data string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev != "":
				return ev, data
			}
		}
	}
	en := e.add(t, "Boats are out on Shevchenko Street.", false)
	ev, data := next(blogR)
	var m struct{ ID, Post, HTML string }
	json.Unmarshal([]byte(data), &m)
	if ev != "entry" || m.ID != en.ID || m.Post != e.blog.ID || !strings.Contains(m.HTML, `id="entry-`+en.ID+`"`) ||
		!strings.Contains(m.HTML, "Boats are out on Shevchenko Street.") {
		t.Fatalf("%s %s", ev, data)
	}
	ed := *en
	ed.BodyMD = "Boats are out on Shevchenko and Franko streets."
	if err := e.svc.EditEntry(ctx, e.ed, e.blog, &ed, publish.EntryOptions{IfUpdatedAt: en.UpdatedAt}); err != nil {
		t.Fatal(err)
	}
	if ev, data := next(blogR); ev != "entry-update" || !strings.Contains(data, "Franko streets") {
		t.Fatalf("%s %s", ev, data)
	}
	// A draft is not announced; deleting a published entry is.
	if err := e.svc.AddEntry(ctx, e.ed, e.blog, &domain.LiveEntry{BodyMD: "Draft.", Status: domain.EntryDraft}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.DeleteEntry(ctx, e.ed, e.blog, en.ID); err != nil {
		t.Fatal(err)
	}
	if ev, data := next(blogR); ev != "entry-remove" || !strings.Contains(data, en.ID) {
		t.Fatalf("%s %s", ev, data)
	}
	// The News Feed's readers heard nothing of the entries: the next thing
	// they get is a story published after them.
	p := &domain.Post{Kind: domain.KindBrief, Title: "Bridge closed", BodyMD: "The bridge is closed.",
		Authors: []domain.Author{e.ed.User.Author}}
	if err := e.svc.Create(ctx, e.ed, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if ev, data := next(feedR); ev != "post" || !strings.Contains(data, p.ID) {
		t.Fatalf("the News Feed got %s %s", ev, data)
	}
}
