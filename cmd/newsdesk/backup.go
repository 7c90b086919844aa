package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"newsdesk/internal/app"
	"newsdesk/internal/backup"
	"newsdesk/internal/config"
)

// backupCmd writes a backup archive of the database and media folder.
func backupCmd(ctx context.Context, args []string) error {
	var out string
	a, err := openApp(ctx, "backup", args, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "write the backup archive (.tar.gz) to this file (required)")
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), "Usage: newsdesk backup --out FILE [shared flags]\n\n"+
				"Archives a consistent snapshot of the database (SQLite: VACUUM INTO; PostgreSQL:\n"+
				"pg_dump) and the media folder, with a manifest of checksums. Works while the\n"+
				"server runs. The archive holds everything, password hashes and API keys too.")
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if out == "" {
		return errors.New("backup: --out FILE is required")
	}
	start := time.Now()
	var m *backup.Manifest
	err = writeAtomic(out, 0o600, func(w io.Writer) error {
		var err error
		m, err = backup.Create(ctx, w, backup.Options{Store: a.Store, DataDir: a.Config.Data,
			TempDir: filepath.Dir(out), Log: a.Log})
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var mediaBytes int64
	for _, f := range m.Files[1:] {
		mediaBytes += f.Size
	}
	fmt.Fprintf(os.Stderr, "backed up the %s database (%.1f MB) and %d media files (%.1f MB) to %s in %s\n",
		m.Database, float64(m.Files[0].Size)/1e6, len(m.Files)-1, float64(mediaBytes)/1e6, out,
		time.Since(start).Round(time.Millisecond))
	if a.Config.MediaURL != "" {
		fmt.Fprintln(os.Stderr, "note: media uploaded to the --media-url store are not in the archive; keep that bucket's own copies (versioning or replication)")
	}
	return nil
}

const restoreUsage = `Usage: newsdesk restore FILE [--data DIR | --db URL] [--force]

Restores a backup made by "newsdesk backup" into an empty data folder (and,
for a PostgreSQL backup, the empty database named by --db, which must exist).
Every file is checked against the manifest before anything is written; a
damaged archive changes nothing. --force restores into a folder or database
that is not empty, replacing its database and writing media over it: stop
the server using them first.
`

// restoreCmd restores a backup archive.
func restoreCmd(ctx context.Context, args []string) error {
	var cfg config.Config
	var force bool
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	cfg.Register(fs)
	fs.BoolVar(&force, "force", false, "restore into a data folder or database that is not empty, replacing it")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), restoreUsage)
		fs.PrintDefaults()
	}
	var files []string
	for { // flags may come before or after FILE
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprint(os.Stderr, restoreUsage)
		return fmt.Errorf("restore: want one backup file, got %d", len(files))
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	start := time.Now()
	m, err := backup.Restore(ctx, files[0], backup.Target{DataDir: cfg.Data, DB: cfg.DB, Force: force,
		Log: app.NewLogger(cfg.LogFormat)})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	where := cfg.Data
	if cfg.DB != "" {
		where = "the database and " + cfg.Data
	}
	fmt.Fprintf(os.Stderr, "restored the %s backup of %s (newsdesk %s): database and %d media files into %s in %s\n",
		m.Database, m.CreatedAt.Format(time.RFC3339), m.NewsdeskVersion, len(m.Files)-1, where,
		time.Since(start).Round(time.Millisecond))
	if cfg.MediaURL != "" && len(m.Files) > 1 {
		fmt.Fprintf(os.Stderr, "note: the media files are in %s/content; copy them to the --media-url store with: newsdesk media migrate --data %s --to '%s'\n",
			cfg.Data, cfg.Data, cfg.MediaURL)
	}
	return nil
}
