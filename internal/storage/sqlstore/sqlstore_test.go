package sqlstore

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"newsdesk/internal/storage"
	"newsdesk/internal/storage/storagetest"
	"newsdesk/internal/testsupport"
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
	// The PostgreSQL backend is half the storage contract: CI runs this
	// under NEWSDESK_TEST_STRICT, where it cannot skip.
	testsupport.PostgresURL(t)
	storagetest.Run(t, func(t *testing.T) storage.Store {
		return NewPostgresTestStore(t)
	})
}

// NewPostgresTestStore returns a store on a fresh database on the test
// server; the database is dropped when the test ends.
func NewPostgresTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), testsupport.PostgresDB(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() }) // before the database is dropped
	return s
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
		dsn := testsupport.PostgresDB(t)
		var stores []storage.Store
		for range 3 {
			s, err := Open(context.Background(), dsn, quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() }) // before the database is dropped
			stores = append(stores, s)
		}
		storagetest.ReserveSigninRace(t, stores)
	})
}
