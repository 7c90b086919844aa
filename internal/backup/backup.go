// Package backup takes and restores whole-site backups: a consistent
// snapshot of the database plus the media folder, in one tar.gz archive
// whose first entry, manifest.json, lists every file with its size and
// SHA-256. Unlike an export, a backup holds everything, secrets included
// (password hashes, sessions, API keys, revisions), so keep it as safe as
// the database itself.
//
// The database snapshot is SQLite's VACUUM INTO (one read transaction:
// the server keeps publishing meanwhile, and the copy holds exactly what
// was committed when it began) or, for PostgreSQL, pg_dump's custom
// format (also one snapshot). The media folder is listed after the
// database snapshot, so every file the snapshot names is in the archive.
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
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"newsdesk/internal/storage/sqlstore"
)

// The archive's fixed names.
const (
	ManifestName = "manifest.json"
	// SQLiteName holds a SQLite database file; PGDumpName a pg_dump
	// custom-format archive.
	SQLiteName  = "database/newsdesk.db"
	PGDumpName  = "database/newsdesk.pgdump"
	contentDir  = "content"
	formatName  = "newsdesk-backup"
	formatLevel = 1
)

// Manifest describes a backup. It is the archive's first entry.
type Manifest struct {
	Format          string    `json:"format"`
	FormatVersion   int       `json:"format_version"`
	NewsdeskVersion string    `json:"newsdesk_version"`
	Database        string    `json:"database"` // "sqlite" or "postgres"
	CreatedAt       time.Time `json:"created_at"`
	// Migrations are the schema migrations the database had run.
	Migrations []string `json:"migrations"`
	// Files lists every other entry of the archive, database first.
	Files []File `json:"files"`
}

// File is one archived file: a path relative to the data folder
// ("content/images/2026/11/a.jpg") or the database entry.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options say what to back up.
type Options struct {
	Store *sqlstore.Store
	// DataDir is the data folder; its content/ folder (images, videos)
	// goes into the archive.
	DataDir string
	// TempDir holds the database snapshot while it is archived; empty
	// means the system's temporary folder. It needs room for one copy of
	// the database.
	TempDir string
	// PGDump is the pg_dump program for PostgreSQL; empty finds it in PATH.
	PGDump string
	Log    *slog.Logger
	Now    func() time.Time
}

// Version is this build's version as a backup records it: the module
// version and, when built from a checkout, the commit.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += " " + rev + dirty
	}
	return v
}

// Create writes a backup archive to w and returns its manifest.
func Create(ctx context.Context, w io.Writer, opts Options) (*Manifest, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	tmp, err := os.MkdirTemp(opts.TempDir, "newsdesk-backup-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	m := &Manifest{Format: formatName, FormatVersion: formatLevel, NewsdeskVersion: Version(), CreatedAt: opts.Now().UTC()}
	var dbFile, dbName string
	switch opts.Store.Dialect() {
	case sqlstore.SQLite:
		m.Database = "sqlite"
		dbFile, dbName = filepath.Join(tmp, "newsdesk.db"), SQLiteName
		if err := opts.Store.SnapshotTo(ctx, dbFile); err != nil {
			return nil, err
		}
		if m.Migrations, err = sqliteMigrations(ctx, dbFile); err != nil {
			return nil, err
		}
	case sqlstore.Postgres:
		m.Database = "postgres"
		dbFile, dbName = filepath.Join(tmp, "newsdesk.pgdump"), PGDumpName
		if m.Migrations, err = opts.Store.AppliedMigrations(ctx); err != nil {
			return nil, err
		}
		if err := pgDump(ctx, opts.PGDump, opts.Store.DSN(), dbFile); err != nil {
			return nil, err
		}
	}
	sum, size, err := hashFile(dbFile)
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, File{Path: dbName, Size: size, SHA256: sum})
	// Listed after the snapshot: media are only ever added, so every file
	// the snapshot refers to exists by now.
	media, err := listContent(opts.DataDir)
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, media...)

	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(zw)
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(manifest)), ModTime: m.CreatedAt, Format: tar.FormatPAX}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(manifest); err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		src := dbFile
		if f.Path != dbName {
			src = filepath.Join(opts.DataDir, filepath.FromSlash(f.Path))
		}
		if err := addFile(ctx, tw, src, f); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

// addFile copies one file into the archive, checking it still has the
// size and checksum the manifest promised.
func addFile(ctx context.Context, tw *tar.Writer, src string, f File) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("back up %s: %w", f.Path, err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: f.Path, Mode: 0o600, Size: f.Size, ModTime: fi.ModTime(), Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(in, f.Size))
	if err != nil {
		return fmt.Errorf("back up %s: %w", f.Path, err)
	}
	if n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return fmt.Errorf("back up %s: the file changed while the backup ran; run it again", f.Path)
	}
	return nil
}

// listContent lists the regular files under dataDir/content with their
// sizes and checksums, in a stable order. A missing folder is empty.
func listContent(dataDir string) ([]File, error) {
	root := filepath.Join(dataDir, contentDir)
	var files []File
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // folders; links and devices are no media newsdesk wrote
		}
		rel, err := filepath.Rel(dataDir, p)
		if err != nil {
			return err
		}
		sum, size, err := hashFile(p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: filepath.ToSlash(rel), Size: size, SHA256: sum})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list media: %w", err)
	}
	return files, nil
}

func hashFile(p string) (sum string, size int64, err error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	size, err = io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// sqliteMigrations reads the applied migrations from a snapshot file,
// opened read-only so nothing (no migration, no WAL) touches it.
func sqliteMigrations(ctx context.Context, file string) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read migrations of the snapshot: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// pgCommand prepares a PostgreSQL client program for the database at dsn.
// The password travels in PGPASSWORD rather than on the command line,
// where every user of the machine could read it.
func pgCommand(ctx context.Context, program, dsn string, args ...string) (*exec.Cmd, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, program, append([]string{"--dbname=" + u.String()}, args...)...)
	cmd.Env = env
	return cmd, nil
}

// findProgram returns the program to run: the given path, or name in PATH.
func findProgram(given, name string) (string, error) {
	if given != "" {
		return given, nil
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found: install PostgreSQL's client tools (Debian: postgresql-client) "+
			"of the server's major version or newer; `newsdesk export` saves the content without them", name)
	}
	return p, nil
}

func pgDump(ctx context.Context, program, dsn, file string) error {
	prog, err := findProgram(program, "pg_dump")
	if err != nil {
		return err
	}
	cmd, err := pgCommand(ctx, prog, dsn, "--format=custom", "--no-owner", "--no-privileges", "--file="+file)
	if err != nil {
		return err
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// safePath reports whether an archive entry name stays inside the folder
// it is restored into.
func safePath(name string) bool {
	return name != "" && !strings.HasPrefix(name, "/") && !strings.Contains(name, `\`) &&
		path.Clean(name) == name && name != ".." && !strings.HasPrefix(name, "../")
}
