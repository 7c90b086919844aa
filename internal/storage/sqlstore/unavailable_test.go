package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"newsdesk/internal/domain"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true},
		{fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{io.ErrUnexpectedEOF, true},
		{&pgconn.PgError{Code: "57P01"}, true}, // admin shutdown
		{&pgconn.PgError{Code: "08006"}, true}, // connection failure
		{&pgconn.PgError{Code: "53300"}, true}, // too many connections
		{&pgconn.PgError{Code: "23505"}, false},
		{context.Canceled, false},
		{sql.ErrNoRows, false},
		{errors.New("syntax error"), false},
		{io.EOF, false},
	} {
		err := classify(tc.err)
		if got := domain.ErrorCode(err) == domain.EUNAVAILABLE; got != tc.want {
			t.Errorf("classify(%v): unavailable %v, want %v", tc.err, got, tc.want)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("classify(%v) lost its cause", tc.err)
		}
	}
	if classify(io.EOF) != io.EOF {
		t.Error("io.EOF must pass untouched: database/sql compares it with ==")
	}
}

// TestSQLiteBusyIsUnavailable: a write that still finds the database
// locked when its busy timeout runs out is "unavailable" (503), not a 500.
func TestSQLiteBusyIsUnavailable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	s, err := Open(ctx, path, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One connection, with a short busy timeout, so the test does not
	// wait the ten seconds the server does.
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, path, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `ROLLBACK`)

	st, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err) // readers are not blocked under WAL
	}
	st.Title = "Locked out"
	err = s.SaveSettings(ctx, st)
	if domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Fatalf("write to a locked database: %v (code %q), want EUNAVAILABLE", err, domain.ErrorCode(err))
	}
}
