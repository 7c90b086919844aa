package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
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
