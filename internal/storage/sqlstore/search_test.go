package sqlstore

import (
	"context"
	"path/filepath"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/testsupport"
)

// TestSearchBackfill: a database from before the search index gets its
// posts indexed by the migration that adds it, and its live blogs'
// entries by the one that makes them documents of their own.
func TestSearchBackfill(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { searchBackfill(t, filepath.Join(t.TempDir(), "old.db")) })
	t.Run("postgres", func(t *testing.T) { searchBackfill(t, testsupport.PostgresDB(t)) })
}

func searchBackfill(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	var posts []*domain.Post
	for i, text := range []string{"Повінь у Києві", "The river is flooding", "Draft about the flood"} {
		p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: "Story",
			Slug: "story-" + string(rune('a'+i)), BodyMD: text, Plaintext: text, Authors: []domain.Author{u.Author}}
		if i == 2 {
			p.Status = domain.StatusDraft
		}
		posts = append(posts, p)
	}
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	blog := &domain.Post{Kind: domain.KindLive, Status: domain.StatusPublished, Title: "Live", Slug: "live",
		BodyMD: "Coverage.", Plaintext: "Coverage.", Authors: []domain.Author{u.Author}}
	if err := s.CreatePost(ctx, blog); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEntry(ctx, &domain.LiveEntry{PostID: blog.ID, Status: domain.EntryPublished, BodyMD: "Sandbags at the weir.",
		BodyHTML: "<p>Sandbags at the weir.</p>", Plaintext: "Sandbags at the weir.", Author: u.Author}); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before the index.
	for _, stmt := range []string{`DROP TABLE IF EXISTS search_fts`, `DROP TRIGGER IF EXISTS search_docs_delete`,
		`DROP TABLE search_docs`, `DELETE FROM schema_migrations WHERE name LIKE '20261127T1800_search%'`,
		`DROP INDEX live_entries_key_events`, `DELETE FROM schema_migrations WHERE name LIKE '20261128T0015_entry_search%'`} {
		if s.dialect == Postgres && (stmt == `DROP TABLE IF EXISTS search_fts` || stmt == `DROP TRIGGER IF EXISTS search_docs_delete`) {
			continue
		}
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	s.Close()
	s, err = Open(ctx, dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for q, want := range map[string]int{"повені": 1, "flood": 1, "Київ flood": 0} {
		page, err := s.SearchPosts(ctx, storage.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Posts) != want {
			t.Errorf("after backfill, %q finds %d posts, want %d", q, len(page.Posts), want)
		}
	}
	entries, err := s.SearchPosts(ctx, storage.SearchQuery{Text: "weir", Entries: true})
	if err != nil || len(entries.Entries) != 1 || entries.Entries[0] == nil || entries.Posts[0].ID != blog.ID {
		t.Errorf("after backfill, weir finds %+v (%v), want the blog's entry", entries, err)
	}
	page, err := s.SearchPosts(ctx, storage.SearchQuery{Text: "flood", Staff: true})
	if err != nil || len(page.Posts) != 2 {
		t.Errorf("after backfill, staff find %d posts for flood, want 2 (%v)", len(page.Posts), err)
	}
}
