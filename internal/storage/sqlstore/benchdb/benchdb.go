// Package benchdb opens the SQLite database that benchmarks of feeds,
// sitemaps and other readers of the whole archive run against.
package benchdb

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/storage/storagetest"
)

var (
	tempOnce sync.Once
	tempDir  string
)

// Open returns a store on the data folder NEWSDESK_BENCH_DB names (one made
// by `newsdesk demo --posts 1000000` works as is), or on a temporary folder
// shared by every benchmark of the process. A folder without a database is
// seeded with NEWSDESK_BENCH_POSTS posts (default 10,000) first.
func Open(tb testing.TB) *sqlstore.Store {
	tb.Helper()
	ctx := context.Background()
	dir := os.Getenv("NEWSDESK_BENCH_DB")
	if dir == "" {
		tempOnce.Do(func() {
			var err error
			if tempDir, err = os.MkdirTemp("", "newsdesk-bench-"); err != nil {
				tb.Fatal(err)
			}
		})
		dir = tempDir
	}
	path := filepath.Join(dir, "newsdesk.db")
	_, statErr := os.Stat(path)
	store, err := sqlstore.Open(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	if statErr == nil {
		return store
	}
	n := 10_000
	if v := os.Getenv("NEWSDESK_BENCH_POSTS"); v != "" {
		if n, err = strconv.Atoi(v); err != nil {
			tb.Fatalf("NEWSDESK_BENCH_POSTS: %v", err)
		}
	}
	tb.Logf("seeding %d posts into %s", n, path)
	if err := storagetest.Seed(ctx, store, n, nil); err != nil {
		tb.Fatal(err)
	}
	return store
}

// Cleanup removes the temporary folder, if Open made one; call it from
// TestMain after the run.
func Cleanup() {
	if tempDir != "" {
		os.RemoveAll(tempDir)
	}
}
