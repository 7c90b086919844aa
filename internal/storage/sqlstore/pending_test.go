package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// TestPendingMigrationMarksOpenInvitations: on a database from before the
// pending column, exactly the users with an unused invitation link and no
// password become pending; bylines without accounts and people given a
// password link by the command line stay public.
func TestPendingMigrationMarksOpenInvitations(t *testing.T) {
	stores := map[string]func(t *testing.T) *Store{
		"sqlite": func(t *testing.T) *Store {
			s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func(t *testing.T) *Store { return NewPostgresTestStore(t) },
	}
	body, err := migrationFS.ReadFile("migrations/20261127T1531_user_pending.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmts := splitStatements(string(body))
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			invited := &domain.User{Author: domain.Author{Name: "Invited"}, Email: "invited@example.org"}
			accepted := &domain.User{Author: domain.Author{Name: "Accepted"}, Email: "accepted@example.org", PasswordHash: "x"}
			cli := &domain.User{Author: domain.Author{Name: "From The Command Line"}, Email: "cli@example.org"}
			byline := &domain.User{Author: domain.Author{Name: "Byline"}}
			for _, u := range []*domain.User{invited, accepted, cli, byline} {
				if err := s.CreateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			now := time.Now()
			for i, tok := range []storage.OneTimeToken{{Kind: "invite", UserID: invited.ID}, {Kind: "invite", UserID: accepted.ID},
				{Kind: "password", UserID: cli.ID}} {
				tok.TokenHash, tok.CreatedAt, tok.ExpiresAt = string(rune('a'+i)), now, now.Add(-time.Hour) // expired counts too
				if err := s.CreateToken(ctx, &tok); err != nil {
					t.Fatal(err)
				}
			}
			// As a database from before the column: nobody is pending, then
			// the migration's backfill runs.
			if _, err := s.db.ExecContext(ctx, `UPDATE users SET pending = 0`); err != nil {
				t.Fatal(err)
			}
			for _, st := range stmts[1:] {
				if _, err := s.db.ExecContext(ctx, st); err != nil {
					t.Fatalf("%s: %v", st, err)
				}
			}
			for _, u := range []*domain.User{invited, accepted, cli, byline} {
				got, err := s.UserByID(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if want := u == invited; got.Pending != want {
					t.Errorf("%s: pending %v, want %v", u.Name, got.Pending, want)
				}
			}
		})
	}
}
