package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/export"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
)

// The export carries the workflow state: a post in the trash comes back
// in the trash with its date and the status it will be restored to, and
// a live story's pending version comes back pending, its saver and
// authors mapped to the importing site's users. Ghost's importer sees the
// trashed post as a draft.
func TestExportCarriesPendingAndTrash(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	svc := &publish.Service{Store: src, Events: events.NewBus()}
	ed := &domain.User{Author: domain.Author{Name: "Iryna Savchuk"}, Email: "iryna@example.org", Role: domain.RoleEditor}
	if err := src.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	act := publish.Actor{User: ed}
	mk := func(title string) *domain.Post {
		p := &domain.Post{Kind: domain.KindArticle, Title: title, BodyMD: "RIVERTON — " + title + ".", Authors: []domain.Author{ed.Author},
			Tags: []domain.Tag{{Name: "City"}}}
		if err := svc.Create(ctx, act, p, publish.Options{Action: publish.Publish}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	binned, staged, plain := mk("Ferry timetable withdrawn"), mk("Dam holds after the storm"), mk("Council meets")
	_ = plain
	when := time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC)
	svc.Now = func() time.Time { return when }
	if _, err := svc.Trash(ctx, act, binned.ID); err != nil {
		t.Fatal(err)
	}
	svc.Now = nil
	edit := *staged
	edit.Title, edit.BodyMD = "Dam holds after the storm, engineers say", "RIVERTON — Engineers inspected the dam."
	if _, err := svc.SavePending(ctx, act, staged, &edit, publish.PendingOptions{}); err != nil {
		t.Fatal(err)
	}

	first := writeExport(t, src)
	db, err := export.Read(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range db.Data.Posts {
		switch row.Slug {
		case binned.Slug:
			if row.Status != "draft" || row.Newsdesk.Trash == nil || row.Newsdesk.Trash.Status != "published" ||
				row.Newsdesk.Trash.TrashedAt != "2026-11-20T08:15:00.000Z" {
				t.Fatalf("trashed row: %s %+v", row.Status, row.Newsdesk.Trash)
			}
		case staged.Slug:
			if row.Status != "published" || row.Newsdesk.Pending == nil || row.Newsdesk.Pending.Title != edit.Title || row.Title != staged.Title {
				t.Fatalf("staged row: %+v", row.Newsdesk.Pending)
			}
		}
	}

	dst := openStore(t)
	im, err := importer.Open(bytes.NewReader(first), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin := publish.Actor{User: &domain.User{Author: domain.Author{ID: "import", Name: "Import"}, Role: domain.RoleAdministrator}}
	dsvc := &publish.Service{Store: dst, Events: events.NewBus()}
	if _, err := importer.Apply(ctx, importer.Target{Store: dst, Publisher: dsvc}, admin, im, importer.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := dst.PostBySlug(ctx, binned.Slug)
	if err != nil || got.Status != domain.StatusTrashed {
		t.Fatalf("imported trashed post: %v %v", got, err)
	}
	tr, err := dst.TrashOf(ctx, got.ID)
	if err != nil || !tr.TrashedAt.Equal(when) || tr.Status != domain.StatusPublished || tr.UserName != "Iryna Savchuk" {
		t.Fatalf("imported trash entry: %+v %v", tr, err)
	}
	live, _ := dst.PostBySlug(ctx, staged.Slug)
	pd, err := dst.PendingOf(ctx, live.ID)
	if err != nil || pd.Title != edit.Title || pd.UserName != "Iryna Savchuk" || live.Title != staged.Title {
		t.Fatalf("imported pending version: %+v %v (live %q)", pd, err, live.Title)
	}
	applied, err := dsvc.ApplyPending(ctx, live, pd)
	if err != nil || len(applied.Authors) != 1 || applied.Authors[0].Name != "Iryna Savchuk" {
		t.Fatalf("pending version's authors after import: %+v %v", applied, err)
	}

	// And the second export says the same as the first.
	second := writeExport(t, dst)
	if a, b := workflowContent(t, first), workflowContent(t, second); a != b {
		t.Fatalf("workflow state differs:\nfirst:  %s\nsecond: %s", a, b)
	}
}

// workflowContent is each post's trash and pending objects, with user ids
// named by slug.
func workflowContent(t *testing.T, file []byte) string {
	t.Helper()
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	slug := map[string]string{}
	for _, u := range db.Data.Users {
		slug[u.ID] = u.Slug
	}
	out := map[string]any{}
	for _, p := range db.Data.Posts {
		x := p.Newsdesk
		if x.Trash != nil {
			x.Trash.By = slug[x.Trash.By]
		}
		if x.Pending != nil {
			x.Pending.By = slug[x.Pending.By]
			var f map[string]any
			json.Unmarshal(x.Pending.Fields, &f)
			if ids, ok := f["authors"].([]any); ok {
				for i, id := range ids {
					ids[i] = slug[id.(string)]
				}
			}
			x.Pending.Fields, _ = json.Marshal(f)
		}
		out[p.Slug] = map[string]any{"status": p.Status, "trash": x.Trash, "pending": x.Pending}
	}
	b, _ := json.Marshal(out)
	return string(b)
}
