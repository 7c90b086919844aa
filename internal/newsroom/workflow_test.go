package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
)

// formOfPost is the editor form of a stored post as the page would send it.
func formOfPost(p *domain.Post, title, body string) url.Values {
	v := url.Values{"title": {title}, "kind": {"article"}, "body": {body}, "language": {"en"}, "slug": {p.Slug},
		"updated_at": {fmtMS(p.UpdatedAt)}}
	for _, a := range p.Authors {
		v.Add("author[]", a.ID)
	}
	return v
}

// Save on a live story stages the edit: the public page keeps the live
// text, the editor says which version readers see, the pending one can be
// previewed and compared word by word, then published or discarded.
func TestPendingVersionInTheEditor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusPublished, "Bridge closes")
	v := formOfPost(p, "Bridge closes for three weeks", "Body of Bridge closes, now 3 weeks.")
	v.Set("action", "save")
	res := c.postForm("/newsroom/posts/"+p.ID, v)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=pending") {
		t.Fatalf("save: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if cur, _ := e.store.PostByID(ctx, p.ID); cur.Title != "Bridge closes" || e.sawEvent(events.PostUpdated, p.ID) {
		t.Fatalf("a Save changed the live story: %q", cur.Title)
	}
	page := c.get("/newsroom/posts/" + p.ID + "?done=pending")
	for _, want := range []string{"Readers see the version published at", "you are editing a pending version saved at", "by The Editor",
		`>Bridge closes for three weeks</textarea>`, "Update live story", "Preview pending", "Compare with live", "Discard pending",
		"Saved as a pending version"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("editor lacks %q", want)
		}
	}
	if list := c.get("/newsroom/"); !strings.Contains(list.body, `<span class="pill pending"`) {
		t.Error("the post list does not mark the post with a pending version")
	}
	pd, _ := e.store.PendingOf(ctx, p.ID)
	if !strings.Contains(page.body, `name="pending_at" value="`+fmtMS(pd.SavedAt)+`"`) {
		t.Error("the form does not carry the pending version's time")
	}
	prev := c.get("/newsroom/posts/" + p.ID + "/pending/preview")
	if prev.StatusCode != 200 || !strings.Contains(prev.body, "Bridge closes for three weeks") || !strings.Contains(prev.body, "pending version") {
		t.Fatalf("preview: %d %s", prev.StatusCode, snippet(prev.body))
	}
	diff := c.get("/newsroom/posts/" + p.ID + "/pending/diff")
	if diff.StatusCode != 200 || !strings.Contains(diff.body, "# Bridge closes<ins> for three weeks</ins>") {
		t.Fatalf("compare: %d %s", diff.StatusCode, diff.body[strings.Index(diff.body, "<pre"):])
	}
	if !strings.Contains(diff.body, "Body of Bridge closes<ins>, now 3 weeks.</ins>") {
		t.Errorf("compare is not word by word: %s", snippet(diff.body))
	}
	// A second editor's save from a form that had not seen the pending
	// version collides instead of replacing it.
	other := e.as(domain.RoleAdministrator)
	v2 := formOfPost(p, "Bridge shut", "Other text.")
	res = other.postForm("/newsroom/posts/"+p.ID, v2)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "The Editor saved this story at") ||
		!strings.Contains(res.body, "They saved a pending version") {
		t.Fatalf("second editor: %d %s", res.StatusCode, snippet(res.body))
	}
	// Update live story publishes it.
	res = c.postForm("/newsroom/posts/"+p.ID+"/pending/publish", nil)
	if res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.PostUpdated, p.ID) {
		t.Fatalf("publish pending: %d", res.StatusCode)
	}
	if cur, _ := e.store.PostByID(ctx, p.ID); cur.Title != "Bridge closes for three weeks" {
		t.Fatalf("after publishing: %q", cur.Title)
	}
	if page := c.get("/newsroom/posts/" + p.ID); strings.Contains(page.body, "you are editing a pending version") {
		t.Error("editor still shows a pending version")
	}
	// Discard drops another one and leaves the live story.
	cur, _ := e.store.PostByID(ctx, p.ID)
	v = formOfPost(cur, "Scrap this", "Scrap.")
	c.postForm("/newsroom/posts/"+p.ID, v)
	if res := c.postForm("/newsroom/posts/"+p.ID+"/pending/discard", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.StatusCode)
	}
	if got, _ := e.store.PostByID(ctx, p.ID); got.Title != "Bridge closes for three weeks" {
		t.Fatalf("discard changed the live story: %q", got.Title)
	}
	if _, err := e.store.PendingOf(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("discarded pending version: %v", err)
	}
}

// An edit made live elsewhere (the Admin API) leaves the pending version
// stale, and the editor shows what changed live.
func TestStalePendingShowsLiveChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	p := e.post(e.users[domain.RoleEditor], domain.StatusPublished, "Council meets")
	v := formOfPost(p, "Council meets on Monday", p.BodyMD)
	c.postForm("/newsroom/posts/"+p.ID, v)
	api := *p
	api.BodyMD = "Body of Council meets, with a fix from the API."
	if err := e.nr.Publisher.Update(ctx, publish.Actor{User: e.users[domain.RoleEditor]}, p, &api, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	page := c.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(page.body, "The live story changed at") || !strings.Contains(page.body, "What changed live") ||
		!strings.Contains(page.body, "<ins>, with a fix from the API.</ins>") {
		t.Fatalf("editor of a stale pending version: %s", page.body[strings.Index(page.body, "versionbar"):][:3000])
	}
	if res := c.postForm("/newsroom/posts/"+p.ID+"/pending/publish", nil); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale pending version published without asking: %d", res.StatusCode)
	}
	if diff := c.get("/newsroom/posts/" + p.ID + "/pending/diff"); !strings.Contains(diff.body, "Update live story anyway") {
		t.Fatalf("compare page of a stale version: %s", snippet(diff.body))
	}
	if res := c.postForm("/newsroom/posts/"+p.ID+"/pending/publish", url.Values{"over_stale": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish anyway: %d", res.StatusCode)
	}
}

// Delete goes to the trash; the trash lists it with who and when, and
// restores it; Delete forever is there for Administrators only.
func TestTrashInTheNewsroom(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed, admin := e.as(domain.RoleEditor), e.as(domain.RoleAdministrator)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusPublished, "Ferry timetable")
	if res := ed.postForm("/newsroom/posts/"+p.ID+"/delete", nil); res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.PostTrashed, p.ID) {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if list := ed.get("/newsroom/"); strings.Contains(list.body, "Ferry timetable") {
		t.Error("the post list shows a trashed post")
	}
	trash := ed.get("/newsroom/trash")
	if !strings.Contains(trash.body, "Ferry timetable") || !strings.Contains(trash.body, "by The Editor") ||
		!strings.Contains(trash.body, "Was published") || strings.Contains(trash.body, "Delete forever") {
		t.Fatalf("trash as an editor: %s", snippet(trash.body))
	}
	if trash := admin.get("/newsroom/trash"); !strings.Contains(trash.body, "Delete forever") {
		t.Fatalf("trash as an administrator: %s", snippet(trash.body))
	}
	if page := ed.get("/newsroom/posts/" + p.ID); page.StatusCode != 200 || !strings.Contains(page.body, "In the trash") {
		t.Fatalf("trashed post's page: %d", page.StatusCode)
	}
	if res := ed.postForm("/newsroom/posts/"+p.ID, formOfPost(p, "Edited in the bin", "x")); res.StatusCode != http.StatusConflict {
		t.Fatalf("editing a trashed post: %d", res.StatusCode)
	}
	if res := ed.postForm("/newsroom/posts/"+p.ID+"/restore", nil); res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.PostRestored, p.ID) {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if got, _ := e.store.PostByID(ctx, p.ID); got.Status != domain.StatusPublished {
		t.Fatalf("restored as %s", got.Status)
	}
	ed.postForm("/newsroom/posts/"+p.ID+"/delete", nil)
	if res := admin.postForm("/newsroom/posts/"+p.ID+"/purge", nil); res.StatusCode != http.StatusSeeOther || !e.sawEvent(events.PostPurged, p.ID) {
		t.Fatalf("purge: %d", res.StatusCode)
	}
	if _, err := e.store.PostByID(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("purged post: %v", err)
	}
	// An Author's own published story stays: only an editor takes it down.
	mine := e.post(e.users[domain.RoleAuthor], domain.StatusPublished, "Mine")
	if res := e.as(domain.RoleAuthor).postForm("/newsroom/posts/"+mine.ID+"/delete", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("author trashed a published story: %d", res.StatusCode)
	}
	if page := e.as(domain.RoleAuthor).get("/newsroom/posts/" + mine.ID); strings.Contains(page.body, "Move to trash") {
		t.Error("the author's editor offers Move to trash on a published story")
	}
	if m := regexp.MustCompile(`Move to trash`).FindString(ed.get("/newsroom/posts/" + mine.ID).body); m == "" {
		t.Error("the editor's page does not offer Move to trash")
	}
}

// Restoring a revision of a live story stages it unless the editor asks
// for "Restore and publish now", and the page warns when the revision
// predates a correction.
func TestRestoreSaysWhatItDoes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	me := e.users[domain.RoleEditor]
	v := newPostForm(me, "Dam holds")
	v.Set("body", "The dam is 400 km long.")
	v.Set("action", "publish")
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", v))
	p, _ := e.store.PostByID(ctx, id)
	v.Set("body", "The dam is 40 m long.")
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	c.postForm("/newsroom/posts/"+id, v)
	revs, _ := e.store.ListRevisions(ctx, id, 10)
	first := revs[len(revs)-1]
	c.postForm("/newsroom/posts/"+id+"/corrections", url.Values{"correction_kind": {"correction"}, "correction": {"The dam is 40 m long, not 400 km."}})
	page := c.get("/newsroom/posts/" + id + "/revisions/" + first.ID)
	for _, want := range []string{"This revision predates 1 correction", "Restore as pending version", "Restore and publish now",
		"Readers keep seeing the live story until you press Update live story", "Revision by The Editor"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("diff page lacks %q", want)
		}
	}
	p, _ = e.store.PostByID(ctx, id)
	res := c.postForm("/newsroom/posts/"+id+"/revisions/"+first.ID+"/restore", url.Values{"updated_at": {fmtMS(p.UpdatedAt)}, "pending_at": {"0"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "restoredpending") {
		t.Fatalf("restore: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if cur, _ := e.store.PostByID(ctx, id); cur.BodyMD != "The dam is 40 m long." {
		t.Fatalf("a restore went live without asking: %q", cur.BodyMD)
	}
	pd, err := e.store.PendingOf(ctx, id)
	if err != nil || pd.BodyMD != "The dam is 400 km long." {
		t.Fatalf("pending after restore: %+v %v", pd, err)
	}
	// Restore and publish now, from a page that saw the pending version.
	res = c.postForm("/newsroom/posts/"+id+"/revisions/"+first.ID+"/restore", url.Values{"updated_at": {fmtMS(p.UpdatedAt)},
		"pending_at": {fmtMS(pd.SavedAt)}, "publish_now": {"1"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "restoredlive") {
		t.Fatalf("restore and publish: %d %s", res.StatusCode, snippet(res.body))
	}
	if cur, _ := e.store.PostByID(ctx, id); cur.BodyMD != "The dam is 400 km long." {
		t.Fatalf("after restore and publish: %q", cur.BodyMD)
	}
	if _, err := e.store.PendingOf(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("pending version kept after publishing the restore: %v", err)
	}
}

// A story unpublished while it had a pending version keeps that work:
// the editor shows it and says so, and saving folds it into the draft.
func TestUnpublishedWithPendingVersion(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleEditor)
	p := e.post(e.users[domain.RoleEditor], domain.StatusPublished, "Harbour reopens")
	c.postForm("/newsroom/posts/"+p.ID, formOfPost(p, "Harbour reopens to ferries", "Staged body."))
	cur, _ := e.store.PostByID(ctx, p.ID)
	if res := c.postForm("/newsroom/posts/"+p.ID+"/unpublish", url.Values{"updated_at": {fmtMS(cur.UpdatedAt)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	page := c.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(page.body, "taken off the site while it had a pending version") || !strings.Contains(page.body, ">Harbour reopens to ferries</textarea>") {
		t.Fatalf("editor of an unpublished post with a pending version: %s", snippet(page.body))
	}
	pd, _ := e.store.PendingOf(ctx, p.ID)
	cur, _ = e.store.PostByID(ctx, p.ID)
	v := formOfPost(cur, "Harbour reopens to ferries", "Staged body.")
	v.Set("pending_at", fmtMS(pd.SavedAt))
	if res := c.postForm("/newsroom/posts/"+p.ID, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.PostByID(ctx, p.ID); got.Title != "Harbour reopens to ferries" || got.Status != domain.StatusDraft {
		t.Fatalf("draft after save: %q %s", got.Title, got.Status)
	}
	if _, err := e.store.PendingOf(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("pending version kept: %v", err)
	}
}
