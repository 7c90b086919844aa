package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/klauspost/compress/gzip"

	"newsdesk/internal/storage/sqlstore"
)

// maxManifest bounds the manifest a restore reads into memory (about a
// million media files).
const maxManifest = 256 << 20

// Target is where a backup goes.
type Target struct {
	// DataDir receives the media and, for a SQLite backup, the database.
	DataDir string
	// DB is the PostgreSQL database a PostgreSQL backup goes into; it
	// must exist. Empty for SQLite backups.
	DB string
	// Force restores into a data folder or database that is not empty,
	// replacing the database and writing the media over what is there.
	Force bool
	// PGRestore is the pg_restore program; empty finds it in PATH.
	PGRestore string
	Log       *slog.Logger
}

// Verify reads the whole archive at path and checks every file against
// the manifest's size and checksum. The error names the first file that
// is damaged, missing or unexpected.
func Verify(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return walk(f, nil)
}

// Restore verifies the archive at path whole, and only then writes it
// into t: a damaged or truncated archive changes nothing. It refuses a
// data folder or database that holds anything unless t.Force is set.
// After writing, it opens the database, which runs the migrations this
// build has beyond the backup's.
func Restore(ctx context.Context, path string, t Target) (*Manifest, error) {
	if t.Log == nil {
		t.Log = slog.Default()
	}
	m, err := Verify(path)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(ctx, m, t); err != nil {
		return nil, err
	}

	if err := os.MkdirAll(t.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	tmp, err := os.MkdirTemp(t.DataDir, ".restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var dbFile string
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	_, err = walk(f, func(file File, body io.Reader) error {
		if file.Path == SQLiteName || file.Path == PGDumpName {
			dbFile = filepath.Join(tmp, "database")
			return writeFile(dbFile, body, 0o600)
		}
		dst := filepath.Join(t.DataDir, filepath.FromSlash(file.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return err
		}
		// Through a temporary name: a file is either whole or absent.
		part := filepath.Join(tmp, "part")
		if err := writeFile(part, body, 0o644); err != nil {
			return err
		}
		return os.Rename(part, dst)
	})
	if err != nil {
		return nil, fmt.Errorf("restore: %w (the archive changed since it was verified?)", err)
	}

	dsn := t.DB
	switch m.Database {
	case "sqlite":
		dsn = filepath.Join(t.DataDir, "newsdesk.db")
		// A WAL left beside the old database would be replayed into the
		// restored one.
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Remove(dsn + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
		}
		if err := os.Rename(dbFile, dsn); err != nil {
			return nil, err
		}
	case "postgres":
		if err := pgRestore(ctx, t.PGRestore, t.DB, dbFile, t.Force); err != nil {
			return nil, err
		}
	}
	store, err := sqlstore.Open(ctx, dsn, t.Log)
	if err != nil {
		return nil, fmt.Errorf("open the restored database: %w", err)
	}
	return m, store.Close()
}

// checkTarget refuses what a restore would damage or cannot do.
func checkTarget(ctx context.Context, m *Manifest, t Target) error {
	dialect := sqlstore.SQLite
	switch {
	case m.Database == "sqlite" && t.DB != "":
		return errors.New("the backup holds a SQLite database: restore it into a data folder with --data, without --db " +
			"(to move to PostgreSQL, export and import)")
	case m.Database == "postgres" && t.DB == "":
		return errors.New("the backup holds a PostgreSQL database: name the database to restore into with --db postgres://...")
	case m.Database == "postgres":
		dialect = sqlstore.Postgres
	}
	known := sqlstore.KnownMigrations(dialect)
	for _, name := range m.Migrations {
		if !slices.Contains(known, name) {
			return fmt.Errorf("the backup was made by a newer newsdesk (%s): its migration %s is unknown to this one; restore with that version or a later one",
				m.NewsdeskVersion, name)
		}
	}
	if t.Force {
		return nil
	}
	entries, err := os.ReadDir(t.DataDir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("the data folder %s is not empty (it holds %s); restore into an empty folder, or add --force to replace its database and media",
			t.DataDir, entries[0].Name())
	}
	if m.Database == "postgres" {
		n, err := pgTables(ctx, t.DB)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("the database has %d tables; restore into an empty database, or add --force to replace them", n)
		}
	}
	return nil
}

func pgTables(ctx context.Context, dsn string) (int, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("look into the target database: %w", err)
	}
	return n, nil
}

func pgRestore(ctx context.Context, program, dsn, file string, replace bool) error {
	prog, err := findProgram(program, "pg_restore")
	if err != nil {
		return err
	}
	args := []string{"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"}
	if replace {
		args = append(args, "--clean", "--if-exists")
	}
	cmd, err := pgCommand(ctx, prog, dsn, append(args, file)...)
	if err != nil {
		return err
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func writeFile(p string, r io.Reader, perm os.FileMode) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// walk reads an archive, checking it against its manifest as it goes,
// and hands each file's bytes to fn (nil: only check). It fails on the
// first file whose size or checksum is wrong, on entries the manifest
// does not list, and on files the manifest lists that never come.
func walk(r io.Reader, fn func(File, io.Reader) error) (*Manifest, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a newsdesk backup (not a gzip archive): %w", err)
	}
	tr := tar.NewReader(zr)
	hdr, err := tr.Next()
	if err != nil {
		return nil, fmt.Errorf("not a newsdesk backup (no archive inside): %w", err)
	}
	if hdr.Name != ManifestName || hdr.Size > maxManifest {
		return nil, fmt.Errorf("not a newsdesk backup: the first entry is %q, not %s", hdr.Name, ManifestName)
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifest)).Decode(&m); err != nil {
		return nil, fmt.Errorf("the backup's manifest is damaged: %w", err)
	}
	if m.Format != formatName {
		return nil, fmt.Errorf("not a newsdesk backup: manifest format %q", m.Format)
	}
	if m.FormatVersion > formatLevel {
		return nil, fmt.Errorf("the backup is in format %d, from a newer newsdesk (%s); this one reads up to %d",
			m.FormatVersion, m.NewsdeskVersion, formatLevel)
	}
	if m.Database != "sqlite" && m.Database != "postgres" {
		return nil, fmt.Errorf("the backup's manifest names an unknown database %q", m.Database)
	}
	want := map[string]File{}
	for i, f := range m.Files {
		db := (i == 0 && m.Database == "sqlite" && f.Path == SQLiteName) || (i == 0 && m.Database == "postgres" && f.Path == PGDumpName)
		if !db && (!safePath(f.Path) || !strings.HasPrefix(f.Path, contentDir+"/")) {
			return nil, fmt.Errorf("the backup's manifest lists %q, which is not a database or media file", f.Path)
		}
		if _, dup := want[f.Path]; dup {
			return nil, fmt.Errorf("the backup's manifest lists %s twice", f.Path)
		}
		want[f.Path] = f
	}
	if len(m.Files) == 0 || !(m.Files[0].Path == SQLiteName || m.Files[0].Path == PGDumpName) {
		return nil, errors.New("the backup's manifest lists no database")
	}
	last := ManifestName
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the archive is truncated or damaged after %s: %w", last, err)
		}
		f, ok := want[hdr.Name]
		if !ok {
			return nil, fmt.Errorf("the archive holds %q, which its manifest does not list (tampered or damaged archive)", hdr.Name)
		}
		delete(want, hdr.Name)
		if hdr.Typeflag != tar.TypeReg || hdr.Size != f.Size {
			return nil, fmt.Errorf("%s is damaged: %d bytes in the archive, %d in the manifest", f.Path, hdr.Size, f.Size)
		}
		h := sha256.New()
		body := io.TeeReader(tr, h)
		if fn != nil {
			if err := fn(f, &checked{r: body, h: h, f: f}); err != nil {
				return nil, err
			}
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return nil, fmt.Errorf("the archive is truncated or damaged in %s: %w", f.Path, err)
		}
		if hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
			return nil, fmt.Errorf("%s is damaged: its SHA-256 does not match the manifest", f.Path)
		}
		last = f.Path
	}
	// The gzip trailer's CRC covers the whole stream; reading to its end checks it.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, fmt.Errorf("the archive is damaged at its end: %w", err)
	}
	for _, f := range m.Files {
		if _, missing := want[f.Path]; missing {
			return nil, fmt.Errorf("the archive is truncated: %s, listed in the manifest, is not in it", f.Path)
		}
	}
	return &m, nil
}

// checked is a file's bytes that fail at their end when the checksum is
// wrong, so a consumer never takes damaged bytes for good ones.
type checked struct {
	r io.Reader
	h hash.Hash
	f File
}

func (c *checked) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF && hex.EncodeToString(c.h.Sum(nil)) != c.f.SHA256 {
		return n, fmt.Errorf("%s is damaged: its SHA-256 does not match the manifest", c.f.Path)
	}
	return n, err
}
