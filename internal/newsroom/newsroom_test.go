package newsroom

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

func pngBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 16, 46, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteAndPublish(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAuthor)
	me := e.users[domain.RoleAuthor]
	ctx := context.Background()

	v := newPostForm(me, "Новини Києва: міст відкрили")
	v.Set("tags", "Politics, Kyiv, #wire")
	v.Set("image_alt", "The bridge")
	v.Set("image_caption", "Kyiv: the bridge at dawn, March 3.")
	v.Set("image_credit", "Olena K / Agency")
	res := c.postMultipart("/newsroom/posts/new", v, "image_file", "bridge.png", pngBytes(t))
	id := postIDFrom(t, res)
	p, err := e.store.PostByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Slug != "novyny-kyieva-mist-vidkryly" || p.Status != domain.StatusDraft || p.Image.Width != 40 || p.Image.Credit != "Olena K / Agency" {
		t.Fatalf("saved post: slug %q status %s image %+v", p.Slug, p.Status, p.Image)
	}
	if len(p.Tags) != 3 || p.Tags[0].Name != "Politics" || p.PrimaryTag().Slug != "politics" || p.BodyHTML == "" {
		t.Fatalf("tags %+v, html %q", p.Tags, p.BodyHTML)
	}
	if e.sawEvent(events.PostPublished, id) {
		t.Fatal("a draft announced itself as published")
	}

	// The editor shows it; publishing from the editor makes it live.
	page := c.get("/newsroom/posts/" + id)
	if page.StatusCode != 200 || !strings.Contains(page.body, "Новини Києва") || !strings.Contains(page.body, `value="Politics, Kyiv, #wire"`) {
		t.Fatalf("editor page %d: %s", page.StatusCode, snippet(page.body))
	}
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	v.Set("action", "publish")
	v.Set("image_url", p.Image.URL)
	res = c.postForm("/newsroom/posts/"+id, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, snippet(res.body))
	}
	p, _ = e.store.PostByID(ctx, id)
	if p.Status != domain.StatusPublished || p.PublishedAt.IsZero() || p.Image.URL == "" || !e.sawEvent(events.PostPublished, id) {
		t.Fatalf("after publish: %s %v image %q", p.Status, p.PublishedAt, p.Image.URL)
	}
	// Updating a live post from the editor announces an update.
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	v.Set("action", "publish")
	v.Set("body", "Changed body.")
	if res := c.postForm("/newsroom/posts/"+id, v); res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.PostUpdated, id) {
		t.Fatalf("update live post: %d", res.StatusCode)
	}

	list := c.get("/newsroom/?status=published")
	if !strings.Contains(list.body, "Новини Києва") || !strings.Contains(list.body, `class="pill published"`) {
		t.Fatalf("post list: %s", snippet(list.body))
	}
	if prev := c.get("/newsroom/posts/" + id + "/preview"); prev.StatusCode != 200 || !strings.Contains(prev.body, "Changed body.") ||
		!strings.Contains(prev.body, "(Olena K / Agency)") {
		t.Fatalf("preview: %d %s", prev.StatusCode, snippet(prev.body))
	}
	// Unpublish takes it off the site.
	p, _ = e.store.PostByID(ctx, id)
	if res := c.postForm("/newsroom/posts/"+id+"/unpublish", url.Values{"updated_at": {fmtMS(p.UpdatedAt)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	if p, _ = e.store.PostByID(ctx, id); p.Status != domain.StatusDraft || !e.sawEvent(events.PostUnpublished, id) {
		t.Fatalf("after unpublish: %s", p.Status)
	}
}

func fmtMS(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func TestScheduleAndLivePreview(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleEditor)
	me := e.users[domain.RoleEditor]
	v := newPostForm(me, "Scheduled piece")
	when := time.Now().Add(2 * time.Hour).UTC()
	v.Set("published_at", when.Format("2006-01-02T15:04"))
	v.Set("action", "schedule")
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", v))
	p, _ := e.store.PostByID(context.Background(), id)
	if p.Status != domain.StatusScheduled || p.PublishedAt.Sub(when.Truncate(time.Minute)).Abs() > time.Second {
		t.Fatalf("scheduled: %s at %v, want %v", p.Status, p.PublishedAt, when)
	}
	// Due posts go live through the store's scheduler call, exactly once.
	got, err := e.store.PublishDue(context.Background(), when.Add(time.Minute))
	if err != nil || len(got) != 1 || got[0].ID != id {
		t.Fatalf("PublishDue = %v, %v", got, err)
	}
	// Scheduling in the past is refused next to the field.
	v.Set("title", "Too late")
	v.Set("published_at", "2001-01-01T10:00")
	res := c.postForm("/newsroom/posts/new", v)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Pick a time in the future") || !strings.Contains(res.body, "Too late") {
		t.Fatalf("past schedule: %d %s", res.StatusCode, snippet(res.body))
	}

	req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/preview", strings.NewReader(url.Values{"body": {"# Hi\n\n<script>alert(1)</script>\n\n**bold**"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", c.csrf)
	req.Header.Set("X-Requested-With", "fetch")
	pr := c.do(req)
	if pr.StatusCode != 200 || !strings.Contains(pr.body, "<strong>bold</strong>") || strings.Contains(pr.body, "<script>") {
		t.Fatalf("live preview: %d %q", pr.StatusCode, pr.body)
	}
}

func TestFormErrorsKeepInput(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleEditor)
	me := e.users[domain.RoleEditor]
	e.post(me, domain.StatusDraft, "Taken title")
	cases := []struct {
		name  string
		edit  func(url.Values)
		field string
		msg   string
	}{
		{"empty title", func(v url.Values) { v.Set("title", "  ") }, "title", "Title is required."},
		{"bad slug", func(v url.Values) { v.Set("slug", "Bad Slug!") }, "slug", "Slug may hold only"},
		{"duplicate slug", func(v url.Values) { v.Set("slug", "taken-title") }, "slug", "already used by another post"},
		{"bad date", func(v url.Values) { v.Set("published_at", "next tuesday") }, "published_at", "Enter a date and time"},
		{"bad language", func(v url.Values) { v.Set("language", "e n!") }, "language", "Language must be a code"},
		{"video without url", func(v url.Values) { v.Set("kind", "video") }, "video_url", "needs a video URL"},
		{"javascript video", func(v url.Values) { v.Set("video_url", "javascript:alert(1)") }, "video_url", "must be a site path"},
		{"unknown author", func(v url.Values) { v.Set("author[]", "000000000000000000000000") }, "authors", "Unknown author"},
		{"unknown kind", func(v url.Values) { v.Set("kind", "podcast") }, "kind", "Kind must be"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newPostForm(me, "My unsaved headline")
			v.Set("body", "Paragraph the reporter typed <b>by hand</b>.")
			tc.edit(v)
			res := c.postForm("/newsroom/posts/new", v)
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", res.StatusCode, snippet(res.body))
			}
			if !strings.Contains(res.body, tc.msg) {
				t.Fatalf("message %q missing: %s", tc.msg, snippet(res.body))
			}
			if !strings.Contains(res.body, "Paragraph the reporter typed &lt;b&gt;by hand&lt;/b&gt;.") {
				t.Fatal("typed body lost")
			}
			// The message sits right after the field it is about.
			if !fieldHasError(res.body, tc.field) {
				t.Fatalf("no error next to field %q", tc.field)
			}
		})
	}
	// A file that is not an image.
	v := newPostForm(me, "With a bad image")
	res := c.postMultipart("/newsroom/posts/new", v, "image_file", "notes.png", []byte("just text"))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "not a supported image") || !strings.Contains(res.body, "With a bad image") {
		t.Fatalf("bad image: %d %s", res.StatusCode, snippet(res.body))
	}
	n, _ := e.store.CountPosts(context.Background(), storageAll())
	if n != 1 {
		t.Fatalf("%d posts saved, want only the fixture", n)
	}
}

// fieldHasError reports whether an error message follows the named field
// before the next field of the form begins.
func fieldHasError(body, field string) bool {
	attr := `name="` + field + `"`
	i := strings.Index(body, attr)
	if field == "authors" {
		attr = `name="author[]"`
		i = strings.LastIndex(body, attr)
	}
	if i < 0 {
		return false
	}
	rest := body[i+len(attr):]
	e := strings.Index(rest, `class="err"`)
	next := strings.Index(rest, ` name="`)
	return e >= 0 && (next < 0 || e < next)
}

func TestTagErrorsKeepInput(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	a, b := &domain.Tag{Name: "Politics"}, &domain.Tag{Name: "Economy"}
	e.store.CreateTag(ctx, a)
	e.store.CreateTag(ctx, b)
	res := c.postForm("/newsroom/tags/"+b.ID, url.Values{"name": {"Economy and business"}, "slug": {"politics"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "already exists") || !strings.Contains(res.body, `value="Economy and business"`) {
		t.Fatalf("duplicate tag slug: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.TagByID(ctx, b.ID); got.Name != "Economy" {
		t.Fatal("refused rename was saved")
	}
	if res := c.postForm("/newsroom/tags/"+b.ID, url.Values{"name": {"Economy and business"}, "slug": {"economy"}}); res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.TagUpdated, "") {
		t.Fatalf("rename: %d", res.StatusCode)
	}
}

func TestSettingsAndCorrectionErrorsKeepInput(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAdministrator)
	res := c.postForm("/newsroom/settings", url.Values{"site_title": {"Kyiv Evening"}, "description": {"News after dark"},
		"language": {"uk"}, "timezone": {"Mars/Olympus"}, "accent": {"red"}})
	if res.StatusCode != http.StatusBadRequest || !fieldHasError(res.body, "timezone") || !fieldHasError(res.body, "accent") ||
		!strings.Contains(res.body, `value="Kyiv Evening"`) || !strings.Contains(res.body, `value="Mars/Olympus"`) {
		t.Fatalf("bad settings: %d %s", res.StatusCode, snippet(res.body))
	}
	if s, _ := e.store.Settings(context.Background()); s.Title == "Kyiv Evening" {
		t.Fatal("refused settings were saved")
	}
	p := e.post(e.users[domain.RoleAdministrator], domain.StatusPublished, "Corrected story")
	long := strings.Repeat("Too long a note. ", 400)
	res = c.postForm("/newsroom/posts/"+p.ID+"/corrections", url.Values{"correction_kind": {"update"}, "correction": {long}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "at most 5000 characters") || !strings.Contains(res.body, "Too long a note.") ||
		!fieldHasError(res.body, "correction") {
		t.Fatalf("long correction: %d %s", res.StatusCode, snippet(res.body))
	}
}

// Time zone and language are chosen from lists, the dateline is the
// site's own, and the editor's placeholders come from this site.
func TestSettingsPickersAndPlaceholders(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAdministrator)
	// The site's language becomes Ukrainian below; this administrator
	// reads the newsroom in English whatever the site's language.
	admin := e.users[domain.RoleAdministrator]
	admin.NewsroomLanguage = "en"
	if err := e.store.UpdateUser(context.Background(), admin); err != nil {
		t.Fatal(err)
	}
	page := c.get("/newsroom/settings")
	for _, want := range []string{`<select id="timezone" name="timezone"`, `<optgroup label="Europe">`,
		`<option value="Europe/Kyiv">Kyiv</option>`, `<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>`,
		`<option value="UTC" selected>UTC</option>`, `<select id="language" name="language"`, `<option value="uk">Українська (uk)</option>`,
		`<option value="en" selected>English (en)</option>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("settings page lacks %s", want)
		}
	}
	res := c.postForm("/newsroom/settings", url.Values{"site_title": {"Riverton Courier"}, "language": {"uk"},
		"timezone": {"Europe/Kyiv"}, "accent": {"#b3261e"}, "dateline": {"Riverton"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings: %d %s", res.StatusCode, snippet(res.body))
	}
	s, _ := e.store.Settings(context.Background())
	if s.Dateline != "Riverton" || s.Timezone != "Europe/Kyiv" || s.Language != "uk" {
		t.Fatalf("saved settings = %+v", s)
	}
	page = c.get("/newsroom/settings")
	if !strings.Contains(page.body, `<option value="Europe/Kyiv" selected>Kyiv</option>`) || !strings.Contains(page.body, `value="Riverton"`) {
		t.Errorf("settings page does not show the saved zone and dateline")
	}
	if res := c.postForm("/newsroom/settings", url.Values{"site_title": {"Riverton Courier"}, "language": {"uk"},
		"timezone": {"Europe/Kyiv"}, "accent": {"#b3261e"}, "dateline": {"Riverton\nand the valley"}}); res.StatusCode != http.StatusBadRequest || !fieldHasError(res.body, "dateline") {
		t.Errorf("a two-line dateline: %d", res.StatusCode)
	}

	editor := c.get("/newsroom/posts/new")
	if !strings.Contains(editor.body, `placeholder="RIVERTON — Start with the dateline…"`) || strings.Contains(editor.body, "KYIV") {
		t.Errorf("editor body placeholder is not the site's dateline: %s", snippet(editor.body))
	}
	if !strings.Contains(editor.body, `placeholder="Section, topic"`) {
		t.Errorf("editor tags placeholder is not generic on a site without tags")
	}
	if !strings.Contains(editor.body, `<option value="uk" selected>Українська (uk)</option>`) {
		t.Errorf("a new post does not default to the site's language in the picker")
	}
}

// Every newsroom page names its icon, so browsers do not ask for a
// /favicon.ico that does not exist.
func TestNewsroomFavicon(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleEditor)
	page := c.get("/newsroom/")
	m := regexp.MustCompile(`<link rel="icon" href="([^"]+)" type="image/svg\+xml">`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("the newsroom page names no icon")
	}
	icon := c.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if icon.StatusCode != http.StatusOK || icon.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(icon.body, "<svg") {
		t.Fatalf("icon: %d %s", icon.StatusCode, icon.Header.Get("Content-Type"))
	}
}

// The tags page counts each tag's posts, and an editor merges a misspelt
// tag into the right one: posts move, the tag goes, its page redirects.
func TestTagCountsAndMerge(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	typo, right := &domain.Tag{Name: "Politcs"}, &domain.Tag{Name: "Politics"}
	for _, tg := range []*domain.Tag{typo, right} {
		if err := e.store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	author := e.users[domain.RoleAuthor]
	for i, status := range []domain.Status{domain.StatusPublished, domain.StatusPublished, domain.StatusDraft} {
		p := &domain.Post{Title: fmt.Sprintf("Tagged %d", i), Status: status, BodyMD: "Body.", Authors: []domain.Author{author.Author}, Tags: []domain.Tag{*typo}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := e.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ed := e.as(domain.RoleEditor)
	page := ed.get("/newsroom/tags")
	if !strings.Contains(page.body, `aria-label="3 posts tagged Politcs, 2 published">3</a>`) || !strings.Contains(page.body, "(2 live)") {
		t.Fatalf("tags page shows no counts: %s", snippet(page.body))
	}
	if res := e.as(domain.RoleAuthor).postForm("/newsroom/tags/"+typo.ID+"/merge", url.Values{"into": {"Politics"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author merged tags: %d", res.StatusCode)
	}
	if res := ed.postForm("/newsroom/tags/"+typo.ID+"/merge", url.Values{"into": {"Poltics"}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(res.body, "There is no tag named “Poltics”.") {
		t.Fatalf("merge into an unknown tag: %d %s", res.StatusCode, snippet(res.body))
	}
	if _, err := e.store.TagByID(ctx, typo.ID); err != nil {
		t.Fatalf("a refused merge deleted the tag: %v", err)
	}
	if res := ed.postForm("/newsroom/tags/"+typo.ID+"/merge", url.Values{"into": {"politics"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", res.StatusCode, snippet(res.body))
	}
	if _, err := e.store.TagByID(ctx, typo.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the merged tag remains: %v", err)
	}
	use, _ := e.store.TagUse(ctx)
	if use[right.ID].Posts != 3 {
		t.Errorf("politics carries %d posts after the merge, want 3", use[right.ID].Posts)
	}
	rules, err := e.store.ExactRedirects(ctx, "/tag/politcs", "")
	if err != nil || len(rules) != 1 || rules[0].To != "/tag/politics/" || !rules[0].Permanent {
		t.Errorf("redirect from the old tag page: %+v, %v", rules, err)
	}
	if !e.sawEvent(events.TagUpdated, "") {
		t.Error("no event told the site that tags changed")
	}
}

// Publishing a headline another story already has asks first; after
// publishing, the confirmation links to the live page.
func TestSameHeadlineWarningAndViewOnSite(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.users[domain.RoleEditor]
	first := e.post(ed, domain.StatusPublished, "Flood barriers hold at Lower Quay")
	c := e.as(domain.RoleEditor)
	v := newPostForm(ed, "Flood barriers hold at Lower Quay!")
	v.Set("action", "publish")
	res := c.postForm("/newsroom/posts/new", v)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "already has this headline") ||
		!strings.Contains(res.body, `href="/`+first.Slug+`/"`) || !strings.Contains(res.body, `name="same_headline_ok" value="1"`) {
		t.Fatalf("same headline: %d %s", res.StatusCode, snippet(res.body))
	}
	if n, _ := e.store.CountPosts(ctx, storage.PostQuery{}); n != 1 {
		t.Fatalf("the warned publish saved something: %d posts", n)
	}
	v.Set("same_headline_ok", "1")
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", v))
	p, err := e.store.PostByID(ctx, id)
	if err != nil || p.Status != domain.StatusPublished || p.Slug != first.Slug+"-2" {
		t.Fatalf("published anyway: %+v, %v", p, err)
	}
	page := c.get("/newsroom/posts/" + id + "?done=published")
	if !strings.Contains(page.body, `<p class="flash" role="status">Published. It is live on the site now. <a href="/`+p.Slug+`/"`) {
		t.Errorf("no View on site link after publishing: %s", snippet(page.body))
	}
	// Updating a live story with its own headline asks nothing.
	v = newPostForm(ed, p.Title)
	v.Set("action", "publish")
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	if res := c.postForm("/newsroom/posts/"+id, v); res.StatusCode != http.StatusSeeOther {
		t.Errorf("update of a live story: %d %s", res.StatusCode, snippet(res.body))
	}
	// A draft is not live: no link.
	draft := e.post(ed, domain.StatusDraft, "Still a draft")
	if page := c.get("/newsroom/posts/" + draft.ID + "?done=saved"); strings.Contains(page.body, "View on site") {
		t.Error("a draft offers View on site")
	}
}

// An editor fixes a typo in a published correction, then retracts it; an
// author may do neither; the history keeps both earlier texts.
func TestEditAndRetractCorrection(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	author := e.users[domain.RoleAuthor]
	p := e.post(author, domain.StatusPublished, "Bridge reopens")
	c := &domain.Correction{PostID: p.ID, Kind: "correction", Body: "The bridge is 40 m long, not 400 km."}
	if err := e.store.AddCorrection(ctx, c); err != nil {
		t.Fatal(err)
	}
	if res := e.as(domain.RoleAuthor).postForm("/newsroom/posts/"+p.ID+"/corrections/"+c.ID, url.Values{"correction_kind": {"correction"}, "correction": {"Rewritten by the author."}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an author edited a correction: %d", res.StatusCode)
	}
	ed := e.as(domain.RoleEditor)
	page := ed.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(page.body, `action="/newsroom/posts/`+p.ID+`/corrections/`+c.ID+`"`) || !strings.Contains(page.body, "Retract note") {
		t.Fatalf("the editor offers no way to edit the note: %s", snippet(page.body))
	}
	res := ed.postForm("/newsroom/posts/"+p.ID+"/corrections/"+c.ID, url.Values{"correction_kind": {"correction"}, "correction": {"The bridge is 40 m long, not 400 m."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, snippet(res.body))
	}
	if !e.sawEvent(events.PostCorrected, p.ID) {
		t.Error("no event for the edited note")
	}
	got, _ := e.store.PostByID(ctx, p.ID)
	if len(got.PublicCorrections()) != 1 || got.PublicCorrections()[0].Body != "The bridge is 40 m long, not 400 m." {
		t.Fatalf("public notes after edit: %+v", got.PublicCorrections())
	}
	if res := ed.postForm("/newsroom/posts/"+p.ID+"/corrections/"+c.ID+"/retract", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retract: %d %s", res.StatusCode, snippet(res.body))
	}
	got, _ = e.store.PostByID(ctx, p.ID)
	if len(got.PublicCorrections()) != 0 || len(got.Corrections) != 1 {
		t.Fatalf("after retracting: public %d, kept %d", len(got.PublicCorrections()), len(got.Corrections))
	}
	page = ed.get("/newsroom/posts/" + p.ID + "?done=correctionretracted")
	for _, want := range []string{"Retracted ", "Readers no longer see it.", "History (2 changes)", "it read: “The bridge is 40 m long, not 400 km.”", "by The Editor"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("editor page lacks %q", want)
		}
	}
}
