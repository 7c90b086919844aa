package sqlstore

import (
	"context"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/testsupport"
)

// A change to an author or a tag made through one instance shows in the
// stream items and articles another instance reads next, though that one
// keeps the authors and tags it read before.
func TestRenamesShowOnOtherInstances(t *testing.T) {
	testsupport.PostgresURL(t)
	ctx := context.Background()
	dsn := testsupport.PostgresDB(t)
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dsn, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() }) // before the database is dropped
		stores[i] = s
	}
	reader, editor := stores[0], stores[1]
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}}
	if err := editor.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tag := &domain.Tag{Name: "Politics"}
	if err := editor.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: "A story",
		BodyMD: "Body", BodyHTML: "<p>Body</p>", Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}}
	if err := editor.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	names := func() (string, string) {
		t.Helper()
		page, err := reader.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Posts) != 1 || len(page.Posts[0].Authors) != 1 || len(page.Posts[0].Tags) != 1 {
			t.Fatalf("listed %+v", page.Posts)
		}
		return page.Posts[0].Authors[0].Name, page.Posts[0].Tags[0].Name
	}
	article := func() (domain.Author, domain.Tag) {
		t.Helper()
		got, err := reader.PostBySlug(ctx, p.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Authors) != 1 || len(got.Tags) != 1 {
			t.Fatalf("read %d authors and %d tags", len(got.Authors), len(got.Tags))
		}
		return got.Authors[0], got.Tags[0]
	}
	if a, tg := names(); a != "Olena Kravets" || tg != "Politics" {
		t.Fatalf("names %q and %q before the rename", a, tg)
	}
	if a, tg := article(); a.Name != "Olena Kravets" || tg.Name != "Politics" {
		t.Fatalf("the article names %q and %q before the rename", a.Name, tg.Name)
	}
	// Not only names: an article shows the author's bio and the tag's
	// description.
	u.Bio, tag.Description = "Covers the city council.", "Who governs, and how."
	if err := editor.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := editor.UpdateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	if a, tg := article(); a.Bio != u.Bio || tg.Description != tag.Description {
		t.Errorf("the other instance's article shows bio %q and description %q", a.Bio, tg.Description)
	}
	u.Name, tag.Name = "Olena Kravets-Bondar", "Government"
	if err := editor.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := editor.UpdateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	if a, tg := names(); a != "Olena Kravets-Bondar" || tg != "Government" {
		t.Errorf("the other instance names %q and %q after the rename", a, tg)
	}
	if a, tg := article(); a.Name != "Olena Kravets-Bondar" || tg.Name != "Government" {
		t.Errorf("the other instance's article names %q and %q after the rename", a.Name, tg.Name)
	}
}

// The migration that puts relation ids on the posts rows fills them for
// the posts already there, and its function bodies stay whole statements.
func TestRelationIDsBackfill(t *testing.T) {
	testsupport.PostgresURL(t)
	ctx := context.Background()
	body, err := migrationFS.ReadFile("migrations/20261129T0930_post_relation_ids.postgres.sql")
	if err != nil {
		t.Fatal(err)
	}
	var backfill string
	for _, st := range splitStatements(string(body)) {
		if strings.HasPrefix(st, "CREATE FUNCTION") && !strings.HasSuffix(st, "$$;") {
			t.Errorf("a function body was split:\n%s", st)
		}
		if strings.HasPrefix(st, "UPDATE posts p SET") {
			backfill = st
		}
	}
	if backfill == "" {
		t.Fatal("the migration has no backfill")
	}
	s := NewPostgresTestStore(t)
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	a, b := &domain.Tag{Name: "Politics"}, &domain.Tag{Name: "Transport"}
	for _, tg := range []*domain.Tag{a, b} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: "A story",
		BodyMD: "Body", BodyHTML: "<p>Body</p>", Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*b, *a}}
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	// As a database migrated before the columns had anything to say.
	if _, err := s.db.ExecContext(ctx, `UPDATE posts SET author_ids = '', tag_ids = ''`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, backfill); err != nil {
		t.Fatal(err)
	}
	var authors, tags string
	if err := s.db.QueryRowContext(ctx, `SELECT author_ids, tag_ids FROM posts WHERE id = $1`, p.ID).Scan(&authors, &tags); err != nil {
		t.Fatal(err)
	}
	if authors != u.ID || tags != b.ID+" "+a.ID {
		t.Errorf("backfilled %q and %q, want %q and %q", authors, tags, u.ID, b.ID+" "+a.ID)
	}
}
