package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/search"
	"newsdesk/internal/storage"
)

// TestOptimize checks Optimize leaves planner statistics behind on SQLite
// and runs on PostgreSQL.
func TestOptimize(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "opt.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("sqlite_stat1 tables: %d, %v", n, err)
	}
	t.Run("postgres", func(t *testing.T) {
		if err := NewPostgresTestStore(t).Optimize(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBulkLoadSession writes several large batches through one BulkLoad
// session: every post is indexed, and afterwards no pooled connection
// keeps the bulk settings and the index's term buffer is back to normal.
func TestBulkLoadSession(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "bulk.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	words := []string{"osprey", "kestrel", "heron"}
	const per = bulkLinkChunk + 100 // large enough to turn the bulk settings on
	base := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	err = s.BulkLoad(ctx, func(create func([]*domain.Post) error) error {
		for b, w := range words {
			posts := make([]*domain.Post, per)
			for i := range posts {
				text := fmt.Sprintf("Birdwatchers counted a %s near the weir, survey %d.", w, i)
				posts[i] = &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: "Count " + w,
					Slug: fmt.Sprintf("count-%d-%d", b, i), BodyMD: text, Plaintext: text, Authors: []domain.Author{u.Author},
					PublishedAt: base.Add(-time.Duration(b*per+i) * time.Minute)}
			}
			if err := create(posts); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := search.NewAnalyzer()
	for _, w := range words {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?`,
			"body:"+a.DistinctTerms(w)).Scan(&n); err != nil || n != per {
			t.Errorf("documents with %q = %d, %v; want %d", w, n, err, per)
		}
		page, err := s.SearchPosts(ctx, storage.SearchQuery{Text: w})
		if err != nil || len(page.Posts) == 0 || page.Posts[0].Title != "Count "+w {
			t.Errorf("search %q: %v, %v", w, page.Posts, err)
		}
	}
	var hash int
	if err := s.db.QueryRowContext(ctx, `SELECT v FROM search_fts_config WHERE k = 'hashsize'`).Scan(&hash); err != nil || hash != 1<<20 {
		t.Errorf("hashsize after the load = %d, %v", hash, err)
	}
	var merge int
	if err := s.db.QueryRowContext(ctx, `SELECT v FROM search_fts_config WHERE k = 'automerge'`).Scan(&merge); err != nil || merge != ftsAutomerge {
		t.Errorf("automerge after the load = %d, %v; want %d", merge, err, ftsAutomerge)
	}
	// Hold every pooled connection at once, so the bulk one is among them.
	var conns []*sql.Conn
	for range sqliteConns {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for _, c := range conns {
		var cache, sync, auto int
		if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != defaultCheckpoint {
			t.Errorf("wal_autocheckpoint = %d, %v; want %d", auto, err, defaultCheckpoint)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil || cache != -normalCacheKiB {
			t.Errorf("cache_size = %d, %v", cache, err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
			t.Errorf("synchronous = %d, %v; want 2 (FULL)", sync, err)
		}
	}
}
