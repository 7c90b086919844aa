package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// SnapshotTo writes a consistent copy of a SQLite database to path, which
// must not exist, with VACUUM INTO: one read transaction, so writers go on
// meanwhile (WAL) and the copy holds exactly the commits made before it
// began. The copy is compact and needs no WAL file beside it.
func (s *Store) SnapshotTo(ctx context.Context, path string) error {
	if s.dialect != SQLite {
		return errors.New("snapshot: VACUUM INTO is SQLite's; back PostgreSQL up with pg_dump")
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("snapshot database to %s: %w", path, err)
	}
	return nil
}

// AppliedMigrations returns the names of the migrations the database has
// run, in order.
func (s *Store) AppliedMigrations(ctx context.Context) ([]string, error) {
	return appliedMigrations(ctx, s.db)
}

func appliedMigrations(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list applied migrations: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// KnownMigrations returns the names of the migrations this build holds
// for dialect d, in the order they run.
func KnownMigrations(d Dialect) []string {
	paths, _ := fs.Glob(migrationFS, "migrations/*.sql")
	var names []string
	for _, p := range paths {
		base := filepath.Base(p)
		parts := strings.Split(base, ".")
		if len(parts) == 3 && parts[1] != d.String() {
			continue
		}
		names = append(names, base)
	}
	sort.Strings(names)
	return names
}
