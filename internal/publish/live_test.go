package publish_test

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
)

// A live blog's entries go through the service: Contributors draft, Authors
// and Editors publish, edits keep revisions and refuse stale saves, and
// each change is exactly one event that is public only when readers see it.
func TestLiveEntries(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ed, au, co := e.actor(domain.RoleEditor), e.actor(domain.RoleAuthor), e.actor(domain.RoleContributor)
	p := draft("Flood on the river", e.users[domain.RoleEditor])
	p.Kind = domain.KindLive
	if err := e.svc.Create(ctx, ed, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	e.take()

	// A Contributor cannot publish, but may draft.
	pub := &domain.LiveEntry{BodyMD: "Rumour of a breach", Status: domain.EntryPublished}
	if err := e.svc.AddEntry(ctx, co, p, pub); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("contributor publishing: %v", err)
	}
	dr := &domain.LiveEntry{BodyMD: "The dam at **Kovel** holds.", Status: domain.EntryDraft}
	if err := e.svc.AddEntry(ctx, co, p, dr); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.EntryUpdated, false)
	if dr.BodyHTML == "" || dr.Author.ID != e.users[domain.RoleContributor].ID {
		t.Fatalf("draft = %+v", dr)
	}
	// An Editor publishes the Contributor's draft; an Author may not
	// touch another's entry.
	read := dr.UpdatedAt
	ok := *dr
	ok.Status = domain.EntryPublished
	if err := e.svc.EditEntry(ctx, au, p, &ok, publish.EntryOptions{IfUpdatedAt: read}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("author publishing another's entry: %v", err)
	}
	if err := e.svc.EditEntry(ctx, ed, p, &ok, publish.EntryOptions{IfUpdatedAt: read}); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.EntryPublished, true)
	// The Contributor may no longer touch it.
	again := ok
	again.BodyMD = "changed"
	if err := e.svc.EditEntry(ctx, co, p, &again, publish.EntryOptions{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("contributor editing a published entry: %v", err)
	}
	// A stale save is a conflict and emits nothing.
	stale := ok
	stale.BodyMD = "The dam holds, engineers say."
	if err := e.svc.EditEntry(ctx, ed, p, &stale, publish.EntryOptions{IfUpdatedAt: read}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale edit: %v", err)
	}
	if got := e.take(); len(got) != 0 {
		t.Fatalf("a refused edit emitted %+v", got)
	}
	if err := e.svc.EditEntry(ctx, ed, p, &stale, publish.EntryOptions{IfUpdatedAt: ok.UpdatedAt}); err != nil {
		t.Fatal(err)
	}
	ev := e.take()
	if len(ev) != 1 || ev[0].Type != events.EntryUpdated || ev[0].EntryID != dr.ID || !ev[0].Public || ev[0].Where == nil {
		t.Fatalf("edit events = %+v", ev)
	}
	if revs, _ := e.store.EntryRevisions(ctx, dr.ID); len(revs) != 1 || revs[0].BodyMD != "The dam at **Kovel** holds." {
		t.Fatalf("revisions = %+v", revs)
	}
	// Key points and pin: Editors, and the blog's own Authors only.
	b := &domain.LiveBlog{KeyPoints: []string{"The dam holds"}, PinnedEntryID: dr.ID}
	if err := e.svc.SaveLiveBlog(ctx, au, p, b, b.UpdatedAt); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("author of another's blog: %v", err)
	}
	if err := e.svc.SaveLiveBlog(ctx, ed, p, b, b.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostUpdated, true)
	if _, err := e.svc.DeleteEntry(ctx, ed, p, dr.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.EntryDeleted, true)
	// Entries belong to live blogs only.
	art := draft("Not live", e.users[domain.RoleEditor])
	if err := e.svc.Create(ctx, ed, art, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AddEntry(ctx, ed, art, &domain.LiveEntry{BodyMD: "x"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("entry on an article: %v", err)
	}
	if err := e.svc.AddEntry(ctx, ed, p, &domain.LiveEntry{BodyMD: "  "}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("empty entry: %v", err)
	}
}
