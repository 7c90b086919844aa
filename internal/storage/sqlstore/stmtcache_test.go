package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
)

// TestStmtCache runs the same query nested inside its own rows (the
// second must not reuse the busy statement) and again afterwards (it
// reuses it), and checks both see the right rows.
func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	db.SetMaxOpenConns(1) // one connection: every query shares its cache
	if _, err := db.ExecContext(ctx, `CREATE TABLE n (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO n VALUES (1), (2), (3)`); err != nil {
		t.Fatal(err)
	}
	const q = `SELECT x FROM n WHERE x >= ? ORDER BY x`
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for rows.Next() {
		var x int
		rows.Scan(&x)
		var inner int
		if err := tx.QueryRowContext(ctx, q, x+1).Scan(&inner); err != nil && x < 3 {
			t.Fatalf("nested query after %d: %v", x, err)
		}
		sum += x*10 + inner
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if sum != 1*10+2+2*10+3+3*10 {
		t.Fatalf("sum = %d", sum)
	}
	tx.Rollback()
	for i := range 3 {
		var x int
		if err := db.QueryRowContext(ctx, q, i+1).Scan(&x); err != nil || x != i+1 {
			t.Fatalf("query %d: %d, %v", i, x, err)
		}
	}
	var cached int
	c, err := db.Conn(ctx) // the pool's one connection holds the cache
	if err != nil {
		t.Fatal(err)
	}
	c.Raw(func(dc any) error {
		cached = len(dc.(*conn).stmts.stmts)
		return nil
	})
	c.Close()
	if cached == 0 {
		t.Fatal("no statement was cached")
	}
}
