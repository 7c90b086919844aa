package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"newsdesk/internal/domain"
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

// A large batch runs on a connection with its own settings; every
// connection of the pool must have the server's settings back after it.
func TestLargeBatchRestoresConnectionSettings(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "batch.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u := &domain.User{Author: domain.Author{Name: "Batch Writer"}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	var ws []*storage.PostWrite
	for i := range batchPosts {
		p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: fmt.Sprintf("Batch %d", i),
			BodyMD: "Body", Authors: []domain.Author{u.Author}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		ws = append(ws, &storage.PostWrite{Post: p, Create: true})
	}
	if err := s.SavePosts(ctx, ws); err != nil {
		t.Fatal(err)
	}
	// Hold every connection of the pool at once, so each is looked at.
	var conns []*sql.Conn
	for range sqliteConns {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var sync, cache, auto int
		if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil {
			t.Fatal(err)
		}
		if sync != 2 || cache != -sqliteCacheKiB || auto != defaultCheckpoint {
			t.Errorf("connection %d: synchronous %d, cache_size %d, wal_autocheckpoint %d; want 2 (FULL), %d, %d",
				i, sync, cache, auto, -sqliteCacheKiB, defaultCheckpoint)
		}
	}
}
