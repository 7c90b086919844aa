package publish_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

func TestImport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := &domain.User{Author: domain.Author{Name: "Admin"}, Role: domain.RoleAdministrator}
	if err := e.store.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	existing := draft("Old story", admin)
	existing.Slug = "old-story"
	if err := e.svc.Create(ctx, publish.Actor{User: admin}, existing, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	e.take()
	var tags []domain.Tag
	for i := 0; i < 45; i++ {
		tg := &domain.Tag{Name: fmt.Sprintf("wp tag %d", i)}
		if err := e.store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
		tags = append(tags, *tg)
	}
	when := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	items := func() []publish.ImportItem {
		mk := func(key, title, slug string) publish.ImportItem {
			p := draft(title, admin)
			p.Slug, p.Status, p.PublishedAt, p.CreatedAt, p.UpdatedAt = slug, domain.StatusPublished, when, when, when.Add(time.Hour)
			return publish.ImportItem{Post: p, SourceKey: key}
		}
		many := mk("wp:1", "Forty-five tags", "many-tags")
		many.Post.Tags = tags
		return []publish.ImportItem{
			many,
			mk("wp:2", "Clashes with existing", "old-story"),
			mk("wp:3", "A search page", "search"),
			mk("wp:4", "Twin one", "twin"),
			mk("wp:5", "Twin two", "twin"),
			mk("wp:6", "", "no-title"),
			mk("wp:7", "Odd slug", "Odd Slug%20Here"),
		}
	}

	dry, err := e.svc.Import(ctx, publish.Actor{User: admin}, items(), publish.ImportOptions{DryRun: true})
	if err != nil || dry.Created != 6 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if n, _ := e.store.CountPosts(ctx, storageAll()); n != 1 {
		t.Fatalf("a dry run wrote %d posts", n-1)
	}

	rep, err := e.svc.Import(ctx, publish.Actor{User: admin}, items(), publish.ImportOptions{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 6 || rep.Skipped != 1 || rep.Skips[0].SourceKey != "wp:6" {
		t.Fatalf("report: %+v", rep)
	}
	renamed := map[string]string{}
	for _, r := range rep.Renamed {
		renamed[r.From] = r.To
	}
	want := map[string]string{"old-story": "old-story-2", "search": "search-2", "twin": "twin-2", "Odd Slug%20Here": "odd-slug-20here"}
	for from, to := range want {
		if renamed[from] != to {
			t.Errorf("%s renamed to %q, want %q (report %+v)", from, renamed[from], to, rep.Renamed)
		}
	}
	many, err := e.store.PostBySlug(ctx, "many-tags")
	if err != nil {
		t.Fatal(err)
	}
	if len(many.Tags) != 45 || !many.PublishedAt.Equal(when) || !many.UpdatedAt.Equal(when.Add(time.Hour)) || many.BodyHTML == "" {
		t.Fatalf("imported post: %d tags, published %v, updated %v", len(many.Tags), many.PublishedAt, many.UpdatedAt)
	}
	if revs, _ := e.store.ListRevisions(ctx, many.ID, 5); len(revs) != 1 {
		t.Fatalf("imported post has %d revisions", len(revs))
	}
	if ev := e.take(); len(ev) != 0 {
		t.Fatalf("an import announced posts one by one: %+v", ev)
	}
	e.svc.Imported()
	if ev := e.take(); len(ev) != 1 || ev[0].Type != events.SiteImported {
		t.Fatalf("after Imported: %+v", ev)
	}

	again, err := e.svc.Import(ctx, publish.Actor{User: admin}, items(), publish.ImportOptions{})
	if err != nil || again.Created != 0 || again.Skipped != 7 {
		t.Fatalf("second run: %+v, %v", again, err)
	}
	if _, err := e.svc.Import(ctx, e.actor(domain.RoleEditor), items(), publish.ImportOptions{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("an editor importing: %v", err)
	}
}

func storageAll() storage.PostQuery { return storage.PostQuery{} }
