package publish_test

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
)

// live creates and publishes a post by the role's user.
func (e *env) live(t *testing.T, title string, by domain.Role) *domain.Post {
	t.Helper()
	p := draft(title, e.users[by], domain.Tag{Name: "City"})
	if err := e.svc.Create(context.Background(), e.actor(domain.RoleEditor), p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	e.take()
	return p
}

// A staged edit leaves the live post alone until published; publishing
// it is one public update, with a revision, and drops it.
func TestPendingSaveAndPublish(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := e.live(t, "Bridge closes for repairs", domain.RoleAuthor)
	ed := *p
	ed.Title, ed.BodyMD = "Bridge closes for three weeks of repairs", "The bridge closes on Monday."
	pd, err := e.svc.SavePending(ctx, e.actor(domain.RoleAuthor), p, &ed, publish.PendingOptions{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostStaged, false)
	if cur, _ := e.store.PostByID(ctx, p.ID); cur.Title != p.Title || cur.BodyMD != p.BodyMD {
		t.Fatalf("the live post changed: %q", cur.Title)
	}
	if pd.UserName != "author person" || pd.BaseTitle != p.Title {
		t.Fatalf("pending = %+v", pd)
	}
	// A second save from a form that did not see the first is refused.
	if _, err := e.svc.SavePending(ctx, e.actor(domain.RoleEditor), p, &ed, publish.PendingOptions{Check: true}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("unseen pending version overwritten: %v", err)
	}
	// A Contributor cannot publish; the author can.
	if _, err := e.svc.PublishPending(ctx, e.actor(domain.RoleContributor), p.ID, false); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("contributor published: %v", err)
	}
	before := len(revisions(t, e, p.ID))
	got, err := e.svc.PublishPending(ctx, e.actor(domain.RoleAuthor), p.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostUpdated, true)
	cur, _ := e.store.PostByID(ctx, p.ID)
	if cur.Title != ed.Title || cur.BodyMD != ed.BodyMD || got.Title != ed.Title || len(cur.Tags) != 1 || cur.Tags[0].Name != "City" {
		t.Fatalf("after publishing: %+v", cur)
	}
	if !cur.PublishedAt.Equal(p.PublishedAt) {
		t.Fatalf("publication time moved: %v -> %v", p.PublishedAt, cur.PublishedAt)
	}
	if len(revisions(t, e, p.ID)) != before+1 {
		t.Fatal("publishing the pending version kept no revision")
	}
	if _, err := e.store.PendingOf(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("pending version kept after publishing: %v", err)
	}
	// Drafts keep no pending version.
	d := draft("Draft only", e.users[domain.RoleAuthor])
	e.svc.Create(ctx, e.actor(domain.RoleAuthor), d, publish.Options{})
	if _, err := e.svc.SavePending(ctx, e.actor(domain.RoleAuthor), d, d, publish.PendingOptions{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("pending version of a draft: %v", err)
	}
}

// A live edit made elsewhere (the Admin API) marks the pending version
// stale; publishing a stale one takes an explicit choice.
func TestPendingStaleAfterLiveEdit(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := e.live(t, "Council votes on budget", domain.RoleEditor)
	ed := *p
	ed.BodyMD = "Staged rewrite."
	if _, err := e.svc.SavePending(ctx, e.actor(domain.RoleEditor), p, &ed, publish.PendingOptions{}); err != nil {
		t.Fatal(err)
	}
	api := *p
	api.BodyMD = "Fixed a typo through the API."
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), p, &api, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	pd, err := e.store.PendingOf(ctx, p.ID)
	if err != nil || !pd.Stale() || pd.BaseBodyMD != p.BodyMD || pd.BodyMD != "Staged rewrite." {
		t.Fatalf("pending after a live edit: %+v, %v", pd, err)
	}
	if _, err := e.svc.PublishPending(ctx, e.actor(domain.RoleEditor), p.ID, false); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale pending version published without asking: %v", err)
	}
	if _, err := e.svc.PublishPending(ctx, e.actor(domain.RoleEditor), p.ID, true); err != nil {
		t.Fatal(err)
	}
	if cur, _ := e.store.PostByID(ctx, p.ID); cur.BodyMD != "Staged rewrite." {
		t.Fatalf("body = %q", cur.BodyMD)
	}
	// Pinning as breaking changes no text: a pending version stays fresh.
	cur, _ := e.store.PostByID(ctx, p.ID)
	if _, err := e.svc.SavePending(ctx, e.actor(domain.RoleEditor), cur, &ed, publish.PendingOptions{}); err != nil {
		t.Fatal(err)
	}
	pin := *cur
	pin.BreakingUntil = time.Now().Add(time.Hour)
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), cur, &pin, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	if pd, _ := e.store.PendingOf(ctx, p.ID); pd.Stale() {
		t.Fatal("a pin made the pending version stale")
	}
	if err := e.svc.DiscardPending(ctx, e.actor(domain.RoleEditor), p.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DiscardPending(ctx, e.actor(domain.RoleEditor), p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("discarding nothing: %v", err)
	}
}

// A form that saw one pending version cannot drop another.
func TestDropPendingChecks(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := e.live(t, "Harbour reopens", domain.RoleEditor)
	ed := *p
	ed.Title = "Harbour reopens to ferries"
	pd, _ := e.svc.SavePending(ctx, e.actor(domain.RoleEditor), p, &ed, publish.PendingOptions{})
	mine := ed
	err := e.svc.Update(ctx, e.actor(domain.RoleEditor), p, &mine, publish.Options{Action: publish.Publish, DropPending: true, CheckPending: true})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("dropped a pending version the form never saw: %v", err)
	}
	mine = ed
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), p, &mine, publish.Options{Action: publish.Publish, DropPending: true,
		CheckPending: true, PendingAt: pd.SavedAt}); err != nil {
		t.Fatal(err)
	}
}

// Trash, restore and purge: who may, what readers see, one event each.
func TestTrashRestorePurge(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := &domain.User{Author: domain.Author{Name: "Admin"}, Role: domain.RoleAdministrator}
	e.store.CreateUser(ctx, admin)
	p := e.live(t, "Mayor resigns", domain.RoleAuthor)
	if _, err := e.svc.Trash(ctx, e.actor(domain.RoleAuthor), p.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("an Author trashed a published story: %v", err)
	}
	if _, err := e.svc.Trash(ctx, e.actor(domain.RoleEditor), p.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostTrashed, true)
	if _, err := e.svc.Trash(ctx, e.actor(domain.RoleEditor), p.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("trashed twice: %v", err)
	}
	cur, _ := e.store.PostByID(ctx, p.ID)
	if cur.Status != domain.StatusTrashed || cur.IsPublic(time.Now()) {
		t.Fatalf("trashed post: %s", cur.Status)
	}
	// A trashed post cannot be edited, and the Author cannot bring back
	// a story an editor trashed.
	cp := *cur
	cp.Title = "Edited in the bin"
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), cur, &cp, publish.Options{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("edit of a trashed post: %v", err)
	}
	if _, err := e.svc.Restore(ctx, e.actor(domain.RoleAuthor), p.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("author restored: %v", err)
	}
	back, err := e.svc.Restore(ctx, e.actor(domain.RoleEditor), p.ID)
	if err != nil || back.Status != domain.StatusPublished {
		t.Fatalf("restore: %v %v", back, err)
	}
	oneEvent(t, e, events.PostRestored, true)
	// Delete forever is an Administrator's, and only from the trash.
	if _, err := e.svc.Purge(ctx, publish.Actor{User: admin}, p.ID); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("purge of a live post: %v", err)
	}
	e.svc.Trash(ctx, e.actor(domain.RoleEditor), p.ID)
	e.take()
	if _, err := e.svc.Purge(ctx, e.actor(domain.RoleEditor), p.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("editor purged: %v", err)
	}
	if _, err := e.svc.Purge(ctx, publish.Actor{User: admin}, p.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostPurged, true)
	if _, err := e.store.PostByID(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("purged post: %v", err)
	}
	// An Author trashes and restores their own draft.
	d := draft("My draft", e.users[domain.RoleAuthor])
	e.svc.Create(ctx, e.actor(domain.RoleAuthor), d, publish.Options{})
	e.take()
	if _, err := e.svc.Trash(ctx, e.actor(domain.RoleAuthor), d.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostTrashed, false)
	if _, err := e.svc.Restore(ctx, e.actor(domain.RoleAuthor), d.ID); err != nil {
		t.Fatal(err)
	}
}

// The scheduler's purge takes what has been in the trash for 30 days.
func TestPurgeExpired(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	now := time.Now()
	e.svc.Now = func() time.Time { return now }
	p := e.live(t, "Old news", domain.RoleEditor)
	q := e.live(t, "Newer news", domain.RoleEditor)
	e.svc.Now = func() time.Time { return now.Add(-31 * 24 * time.Hour) }
	e.svc.Trash(ctx, e.actor(domain.RoleEditor), p.ID)
	e.svc.Now = func() time.Time { return now }
	e.svc.Trash(ctx, e.actor(domain.RoleEditor), q.ID)
	e.take()
	purged, err := e.svc.PurgeExpired(ctx)
	if err != nil || len(purged) != 1 || purged[0].ID != p.ID {
		t.Fatalf("purged %v, %v", purged, err)
	}
	oneEvent(t, e, events.PostPurged, true)
	if _, err := e.store.TrashOf(ctx, q.ID); err != nil {
		t.Fatalf("fresh trash purged: %v", err)
	}
}

// A live blog in the trash takes no entries until it is restored.
func TestTrashedLiveBlogTakesNoEntries(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := draft("Storm live", e.users[domain.RoleEditor])
	p.Kind = domain.KindLive
	if err := e.svc.Create(ctx, e.actor(domain.RoleEditor), p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Trash(ctx, e.actor(domain.RoleEditor), p.ID); err != nil {
		t.Fatal(err)
	}
	binned, _ := e.store.PostByID(ctx, p.ID)
	err := e.svc.AddEntry(ctx, e.actor(domain.RoleEditor), binned, &domain.LiveEntry{BodyMD: "Water still rising."})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("entry on a trashed live blog: %v", err)
	}
}
