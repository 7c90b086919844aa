package sqlstore

import (
	"context"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/testsupport"
)

// TestMigrationPrefixesUnique: two migrations with one number apply in an
// order nobody chose. The pair below predates this test and stays (renaming
// an applied migration would run it again on existing databases); any new
// duplicate fails. Dialect variants of one migration (x.sqlite.sql,
// x.postgres.sql) are one migration.
func TestMigrationPrefixesUnique(t *testing.T) {
	grandfathered := map[string]bool{"0002_newsroom": true, "0002_sitemap_keys": true}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	byPrefix := map[string]map[string]bool{}
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".sql")
		base = strings.TrimSuffix(strings.TrimSuffix(base, ".sqlite"), ".postgres")
		prefix, _, ok := strings.Cut(base, "_")
		if !ok || !regexp.MustCompile(`^[0-9][0-9T]*$`).MatchString(prefix) {
			t.Errorf("migration %s: want a name like 20261127T1430_what.sql", name)
			continue
		}
		if byPrefix[prefix] == nil {
			byPrefix[prefix] = map[string]bool{}
		}
		byPrefix[prefix][base] = true
	}
	for prefix, migrations := range byPrefix {
		if len(migrations) < 2 {
			continue
		}
		for m := range migrations {
			if !grandfathered[m] {
				t.Errorf("migrations share the prefix %s: %v; give the new one its own timestamp", prefix, keys(migrations))
				break
			}
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRefuseNewerSchema: a database migrated by a newer version (a
// migration this binary does not know) is refused at start, unless the
// operator says otherwise; on both databases.
func TestRefuseNewerSchema(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { refuseNewerSchema(t, filepath.Join(t.TempDir(), "newer.db")) })
	t.Run("postgres", func(t *testing.T) { refuseNewerSchema(t, testsupport.PostgresDB(t)) })
}

func refuseNewerSchema(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`),
		"20991231T2359_from_the_future.sql", 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dsn, quiet); err == nil {
		s.Close()
		t.Fatal("opened a database with a migration this version does not know")
	} else if !strings.Contains(err.Error(), "20991231T2359_from_the_future.sql") || !strings.Contains(err.Error(), "--allow-newer-schema") {
		t.Fatalf("refusal does not name the migration and the way out: %v", err)
	}
	s, err = OpenWith(ctx, dsn, quiet, Options{AllowNewerSchema: true})
	if err != nil {
		t.Fatalf("with AllowNewerSchema: %v", err)
	}
	s.Close()
	// The database this version made itself opens as always.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	for range 2 {
		s, err := Open(ctx, fresh, quiet)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}
