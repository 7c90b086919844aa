package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"unsafe"
)

// TestMmapCoversLargeFiles: every connection of the pool maps up to
// sqliteMmapMax of the file, not the build's 2 GiB. SQLite lowers a
// request above its cap and reports the lowered size, so this fails if
// mmap.go no longer reaches the cap (a driver upgrade that renamed it).
func TestMmapCoversLargeFiles(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("32-bit builds keep SQLite's 2 GiB map")
	}
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	// Hold every connection at once, so each one is asked.
	conns := make([]interface{ Close() error }, 0, sqliteConns)
	for range sqliteConns {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var size int64
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&size); err != nil {
			t.Fatal(err)
		}
		if size != sqliteMmapMax {
			t.Fatalf("connection %d maps %d bytes, want %d", len(conns), size, int64(sqliteMmapMax))
		}
	}
	for _, c := range conns {
		c.Close()
	}
}
