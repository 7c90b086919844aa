package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/internal/storage"
	"newsdesk/internal/storage/storagetest"
)

func TestSQLiteConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), quiet)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestPostgresConformance runs the suite on PostgreSQL at NEWSDESK_TEST_POSTGRES
// (set by .ci/run). Each test gets its own database, dropped afterwards.
func TestPostgresConformance(t *testing.T) {
	base := os.Getenv("NEWSDESK_TEST_POSTGRES")
	if base == "" {
		// Never skip: the PostgreSQL backend is half the storage contract.
		t.Fatal("NEWSDESK_TEST_POSTGRES is not set; run ./scripts/test, which sets it")
	}
	storagetest.Run(t, func(t *testing.T) storage.Store {
		return NewPostgresTestStore(t, base)
	})
}

// NewPostgresTestStore creates a fresh database on the server at base and
// returns a store on it; the database is dropped when the test ends.
func NewPostgresTestStore(t testing.TB, base string) *Store {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("newsdesk_test_%d_%s", os.Getpid(), strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())))
	if len(name) > 60 {
		name = name[:60]
	}
	ctx := context.Background()
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`"`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("create database: %v", err)
	}
	dsn := replaceDBName(base, name)
	s, err := Open(ctx, dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
			a.Close()
		}
	})
	return s
}

// replaceDBName swaps the database in a postgres:// URL.
func replaceDBName(dsn, name string) string {
	head, query, _ := strings.Cut(dsn, "?")
	i := strings.LastIndex(head, "/")
	if i < len("postgres://") {
		head += "/"
		i = len(head) - 1
	}
	out := head[:i+1] + name
	if query != "" {
		out += "?" + query
	}
	return out
}

var quiet = slog.New(slog.DiscardHandler)

// TestReserveSigninAcrossInstances races sign-in reservations through
// three stores on one database, as three instances of newsdesk would.
func TestReserveSigninAcrossInstances(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "test.db")
		var stores []storage.Store
		for range 3 {
			s, err := Open(context.Background(), path, quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores = append(stores, s)
		}
		storagetest.ReserveSigninRace(t, stores)
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("NEWSDESK_TEST_POSTGRES")
		if base == "" {
			t.Fatal("NEWSDESK_TEST_POSTGRES is not set; run ./scripts/test, which sets it")
		}
		first := NewPostgresTestStore(t, base)
		var name string
		if err := first.DB().QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		stores := []storage.Store{first}
		for range 2 {
			s, err := Open(context.Background(), replaceDBName(base, name), quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores = append(stores, s)
		}
		storagetest.ReserveSigninRace(t, stores)
	})
}
