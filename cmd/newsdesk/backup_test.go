package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage/sqlstore"
)

// TestBackupRestoreCommands backs a running site's folder up and restores
// it into an empty folder, then refuses to restore over it again.
func TestBackupRestoreCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "newsdesk.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close() // the server keeps running during the backup
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}, Email: "olena@example.org", Role: domain.RoleAdministrator,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	if err := run(ctx, []string{"backup", "--data", dir, "--out", archive}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"backup", "--data", dir}); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("backup without --out: %v", err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if err := run(ctx, []string{"restore", archive, "--data", target}); err != nil {
		t.Fatal(err)
	}
	r, err := sqlstore.Open(ctx, filepath.Join(target, "newsdesk.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.UserByEmail(ctx, u.Email)
	r.Close()
	if err != nil || got.PasswordHash != u.PasswordHash {
		t.Fatalf("restored user %+v, %v: the backup must carry the password hash", got, err)
	}
	if err := run(ctx, []string{"restore", "--data", target, archive}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore over a used folder: %v", err)
	}
	if err := run(ctx, []string{"restore", "--data", target, "--force", archive}); err != nil {
		t.Errorf("forced restore: %v", err)
	}
	if err := run(ctx, []string{"restore", "--data", target}); err == nil {
		t.Error("restore without a file accepted")
	}
}
