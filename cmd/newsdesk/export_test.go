package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/export"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage/sqlstore"
)

// TestExportCommand exports a data folder to a file and reads it back.
func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "newsdesk.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close() // a running server: the command works beside it
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}, Email: "olena@example.org", Role: domain.RoleAdministrator}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	p := &domain.Post{Title: "Bridge reopens", Status: domain.StatusPublished, BodyMD: "Kyiv — *open* again.", Authors: []domain.Author{u.Author}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	markdown.Apply(p)
	if err := store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site.json")
	if err := run(ctx, []string{"export", "--data", dir, "--out", out}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600: it holds staff emails and drafts", fi.Mode().Perm())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := export.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	site, err := db.Site()
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Posts) != 1 || site.Posts[0].BodyMD != p.BodyMD || len(site.Users) != 1 {
		t.Fatalf("exported site: %+v", site)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*tmp*"))
	left2, _ := filepath.Glob(filepath.Join(dir, "newsdesk-export-*"))
	if len(left)+len(left2) > 0 {
		t.Errorf("temporary files left behind: %v %v", left, left2)
	}
	if err := run(ctx, []string{"export", "--data", dir, "stray"}); err == nil {
		t.Error("a stray argument was accepted")
	}
}
