package backup_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"newsdesk/internal/backup"
	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/testsupport"
)

var quiet = slog.New(slog.DiscardHandler)

// pgDatabase creates an empty database on the test server and returns its
// URL; it is dropped when the test ends. Unlike testsupport.PostgresDB it
// takes a suffix, for tests that need two (the site and its restore).
func pgDatabase(t *testing.T, suffix string) string {
	t.Helper()
	base := testsupport.PostgresURL(t)
	for _, prog := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(prog); err != nil {
			testsupport.Missing(t, prog, "install PostgreSQL's client tools (Debian: postgresql-client)")
		}
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("newsdesk_backup_%d_%s", os.Getpid(), suffix)
	ctx := context.Background()
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`"`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.ExecContext(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
			a.Close()
		}
	})
	head, query, _ := strings.Cut(base, "?")
	dsn := head[:strings.LastIndex(head, "/")+1] + name
	if query != "" {
		dsn += "?" + query
	}
	return dsn
}

// media writes files of random bytes under dataDir/content and returns
// their contents by path.
func media(t *testing.T, dataDir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{
		"content/images/2026/11/river.jpg":           make([]byte, 300_000),
		"content/images/size/w600/2026/11/river.jpg": make([]byte, 40_000),
		"content/images/demo/avatar.png":             make([]byte, 1_000),
		"content/media/2026/11/clip.mp4":             make([]byte, 2_000_000),
		"content/images/empty.gif":                   {},
	}
	for p, b := range files {
		rand.Read(b)
		full := filepath.Join(dataDir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

type burst struct {
	mu    sync.Mutex
	acked []string // posts whose CreatePost returned, in order
	stop  chan struct{}
	done  sync.WaitGroup
	errs  chan error
}

// publish starts writers that create published posts through the store
// as fast as it takes them, until stop.
func publish(t *testing.T, s *sqlstore.Store, writers int) *burst {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Author: domain.Author{Name: "Burst Reporter"}, Email: "burst@example.org", Role: domain.RoleAuthor}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tag := &domain.Tag{Name: "Live"}
	if err := s.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	b := &burst{stop: make(chan struct{}), errs: make(chan error, writers)}
	for w := 0; w < writers; w++ {
		b.done.Add(1)
		go func() {
			defer b.done.Done()
			for i := 0; ; i++ {
				select {
				case <-b.stop:
					return
				default:
				}
				p := &domain.Post{Title: fmt.Sprintf("Writer %d, item %d", w, i), Status: domain.StatusPublished,
					BodyMD: "Breaking: item " + fmt.Sprint(i), Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}}
				if err := p.Validate(); err != nil {
					b.errs <- err
					return
				}
				markdown.Apply(p)
				if err := s.CreatePost(ctx, p); err != nil {
					b.errs <- err
					return
				}
				b.mu.Lock()
				b.acked = append(b.acked, p.ID)
				b.mu.Unlock()
			}
		}()
	}
	return b
}

func (b *burst) ackedSoFar() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.acked...)
}

func (b *burst) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(b.ackedSoFar()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d posts acknowledged in 30 s", len(b.ackedSoFar()))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (b *burst) finish(t *testing.T) {
	t.Helper()
	close(b.stop)
	b.done.Wait()
	select {
	case err := <-b.errs:
		t.Fatalf("writer failed: %v", err)
	default:
	}
}

// TestBackupDuringPublishing takes a backup while writers publish,
// restores it into an empty folder (and database), and checks every post
// acknowledged before the backup began is there, whole, and every media
// file is byte for byte the same.
func TestBackupDuringPublishing(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			data := t.TempDir()
			dsn := filepath.Join(data, "newsdesk.db")
			if dialect == "postgres" {
				dsn = pgDatabase(t, "src")
			}
			s, err := sqlstore.Open(ctx, dsn, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			files := media(t, data)
			b := publish(t, s, 4)
			b.waitFor(t, 40)

			before := b.ackedSoFar() // acknowledged before the backup began
			archive := filepath.Join(t.TempDir(), "site.tar.gz")
			out, err := os.Create(archive)
			if err != nil {
				t.Fatal(err)
			}
			m, err := backup.Create(ctx, out, backup.Options{Store: s, DataDir: data, TempDir: t.TempDir(), Log: quiet})
			if err != nil {
				t.Fatal(err)
			}
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
			during := len(b.ackedSoFar()) - len(before)
			b.finish(t)
			t.Logf("%d posts acknowledged before the backup, %d during it", len(before), during)

			if m.Database != dialect || len(m.Migrations) == 0 || m.NewsdeskVersion == "" || len(m.Files) != len(files)+1 {
				t.Errorf("manifest: %+v", m)
			}

			target := backup.Target{DataDir: filepath.Join(t.TempDir(), "restored"), Log: quiet}
			if dialect == "postgres" {
				target.DB = pgDatabase(t, "dst")
			}
			if _, err := backup.Restore(ctx, archive, target); err != nil {
				t.Fatal(err)
			}
			rdsn := filepath.Join(target.DataDir, "newsdesk.db")
			if dialect == "postgres" {
				rdsn = target.DB
			}
			r, err := sqlstore.Open(ctx, rdsn, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for _, id := range before {
				p, err := r.PostByID(ctx, id)
				if err != nil {
					t.Fatalf("post %s, acknowledged before the backup began, is not in the restore: %v", id, err)
				}
				if p.Status != domain.StatusPublished || len(p.Authors) != 1 || len(p.Tags) != 1 || p.BodyHTML == "" {
					t.Fatalf("post %s restored incomplete: %+v", id, p)
				}
			}
			for p, want := range files {
				got, err := os.ReadFile(filepath.Join(target.DataDir, filepath.FromSlash(p)))
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("media %s not restored identically: %v", p, err)
				}
			}
			// Secrets travel in backups: the restored user can still be found by email.
			if _, err := r.UserByEmail(ctx, "burst@example.org"); err != nil {
				t.Error(err)
			}
		})
	}
}

// makeBackup backs up a small SQLite site and returns the archive's path.
func makeBackup(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	s, err := sqlstore.Open(ctx, filepath.Join(data, "newsdesk.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files := media(t, data)
	b := publish(t, s, 1)
	b.waitFor(t, 5)
	b.finish(t)
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	out, err := os.Create(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := backup.Create(ctx, out, backup.Options{Store: s, DataDir: data, TempDir: t.TempDir(), Log: quiet}); err != nil {
		t.Fatal(err)
	}
	return archive, files
}

// rewrite copies an archive entry by entry, letting change alter an
// entry's bytes (or drop it, returning nil).
func rewrite(t *testing.T, src, dst string, change func(name string, b []byte) []byte) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := gzip.NewWriter(out)
	tr, tw := tar.NewReader(zr), tar.NewWriter(zw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		b = change(hdr.Name, b)
		if b == nil {
			continue
		}
		hdr.Size = int64(len(b))
		tw.WriteHeader(hdr)
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
}

func assertUntouched(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("a refused restore wrote %d entries into %s, first %s", len(entries), dir, entries[0].Name())
	}
}

// TestRestoreRefusesDamagedArchives changes, drops, adds and cuts bytes of
// a backup; each restore must fail naming what is wrong and write nothing.
func TestRestoreRefusesDamagedArchives(t *testing.T) {
	archive, _ := makeBackup(t)
	raw, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := []struct {
		name, want string
		make       func(dst string)
	}{
		{"media byte flipped", "content/images/2026/11/river.jpg is damaged", func(dst string) {
			rewrite(t, archive, dst, func(name string, b []byte) []byte {
				if name == "content/images/2026/11/river.jpg" {
					b[1000] ^= 0xff
				}
				return b
			})
		}},
		{"database byte flipped", "database/newsdesk.db is damaged", func(dst string) {
			rewrite(t, archive, dst, func(name string, b []byte) []byte {
				if name == backup.SQLiteName {
					b[len(b)-10] ^= 0x01
				}
				return b
			})
		}},
		{"media file dropped", "content/media/2026/11/clip.mp4, listed in the manifest, is not in it", func(dst string) {
			rewrite(t, archive, dst, func(name string, b []byte) []byte {
				if name == "content/media/2026/11/clip.mp4" {
					return nil
				}
				return b
			})
		}},
		{"media file shortened", "content/images/2026/11/river.jpg is damaged", func(dst string) {
			rewrite(t, archive, dst, func(name string, b []byte) []byte {
				if name == "content/images/2026/11/river.jpg" {
					return b[:len(b)-1]
				}
				return b
			})
		}},
		{"truncated", "truncated", func(dst string) {
			os.WriteFile(dst, raw[:len(raw)*2/3], 0o600)
		}},
		{"not a backup", "not a newsdesk backup", func(dst string) {
			os.WriteFile(dst, []byte(`{"db":[]}`), 0o600)
		}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := filepath.Join(dir, fmt.Sprintf("bad%d.tar.gz", i))
			tc.make(bad)
			target := filepath.Join(t.TempDir(), "restored")
			_, err := backup.Restore(context.Background(), bad, backup.Target{DataDir: target, Log: quiet})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore: %v; want an error saying %q", err, tc.want)
			}
			assertUntouched(t, target)
		})
	}
}

// TestRestoreIntoNonEmpty refuses a folder holding anything, and with
// Force replaces its database (and the stale WAL beside it) and media.
func TestRestoreIntoNonEmpty(t *testing.T) {
	ctx := context.Background()
	archive, files := makeBackup(t)
	target := t.TempDir()
	// Another site lives there: its own database, with a post of its own.
	other, err := sqlstore.Open(ctx, filepath.Join(target, "newsdesk.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	b := publish(t, other, 1)
	b.waitFor(t, 1)
	b.finish(t)
	theirs := b.ackedSoFar()[0]
	other.Close()
	os.WriteFile(filepath.Join(target, "notes.txt"), []byte("keep"), 0o600)

	_, err = backup.Restore(ctx, archive, backup.Target{DataDir: target, Log: quiet})
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore into a used folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "content")); !os.IsNotExist(err) {
		t.Fatalf("the refused restore wrote media: %v", err)
	}
	if _, err := backup.Restore(ctx, archive, backup.Target{DataDir: target, Force: true, Log: quiet}); err != nil {
		t.Fatal(err)
	}
	r, err := sqlstore.Open(ctx, filepath.Join(target, "newsdesk.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.PostByID(ctx, theirs); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the replaced database still has its own post: %v", err)
	}
	if _, err := r.UserByEmail(ctx, "burst@example.org"); err != nil {
		t.Errorf("the backup's user is missing: %v", err)
	}
	for p, want := range files {
		got, _ := os.ReadFile(filepath.Join(target, filepath.FromSlash(p)))
		if !bytes.Equal(got, want) {
			t.Errorf("media %s differs after a forced restore", p)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(target, ".restore-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestRestoreChecksKind refuses a SQLite backup aimed at PostgreSQL and
// a backup from a newer newsdesk.
func TestRestoreChecksKind(t *testing.T) {
	archive, _ := makeBackup(t)
	target := filepath.Join(t.TempDir(), "x")
	_, err := backup.Restore(context.Background(), archive, backup.Target{DataDir: target, DB: "postgres://nowhere/x", Log: quiet})
	if err == nil || !strings.Contains(err.Error(), "SQLite") {
		t.Errorf("SQLite backup into PostgreSQL: %v", err)
	}
	newer := filepath.Join(t.TempDir(), "newer.tar.gz")
	rewrite(t, archive, newer, func(name string, b []byte) []byte {
		if name == backup.ManifestName {
			return bytes.Replace(b, []byte(`"migrations": [`), []byte(`"migrations": ["29990101T0000_future.sql", `), 1)
		}
		return b
	})
	_, err = backup.Restore(context.Background(), newer, backup.Target{DataDir: target, Log: quiet})
	if err == nil || !strings.Contains(err.Error(), "newer newsdesk") {
		t.Errorf("backup from the future: %v", err)
	}
	assertUntouched(t, target)
}

// TestBackupWithoutPGDump says what to install when pg_dump is missing,
// and leaves no archive behind.
func TestBackupWithoutPGDump(t *testing.T) {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, testsupport.PostgresDB(t), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	_, err = backup.Create(ctx, &out, backup.Options{Store: s, DataDir: t.TempDir(), TempDir: t.TempDir(), Log: quiet})
	if err == nil || !strings.Contains(err.Error(), "pg_dump not found") || !strings.Contains(err.Error(), "postgresql-client") {
		t.Fatalf("backup without pg_dump: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d bytes written before failing", out.Len())
	}
}
