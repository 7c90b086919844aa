package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"newsdesk/internal/export"
)

// exportCmd writes the site as a Ghost JSON export to --out or stdout.
func exportCmd(ctx context.Context, args []string) error {
	var out string
	a, err := openApp(ctx, "export", args, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "write the export to this file (default: standard output)")
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), "Usage: newsdesk export [--out FILE] [shared flags]\n\n"+
				"Writes every post, author, tag and site setting as a Ghost JSON export, which\n"+
				"Ghost's importer and newsdesk's read. Passwords, sessions and API keys are left out.")
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	defer a.Close()
	opts := export.Options{SiteURL: a.Config.SiteURL}
	if out == "" {
		w := bufio.NewWriter(stdout)
		if _, err := export.Write(ctx, w, a.Store, opts); err != nil {
			return err
		}
		return w.Flush()
	}
	bar := terminalBar(-1, "exporting posts")
	if bar != nil {
		opts.Progress = func(done, total int) {
			bar.ChangeMax(total)
			bar.Set(done)
		}
	}
	// The export goes next to the file it becomes, so the temporary side
	// tables and the finished file share a disk with room for them.
	opts.TempDir = filepath.Dir(out)
	var st export.Stats
	start := time.Now()
	err = writeAtomic(out, 0o600, func(w io.Writer) error {
		var err error
		st, err = export.Write(ctx, w, a.Store, opts)
		return err
	})
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "exported %d posts, %d users, %d tags to %s (%.1f MB) in %s\n",
		st.Posts, st.Users, st.Tags, out, float64(st.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
	return nil
}

// terminalBar is a progress bar on standard error when that is a
// terminal, nil otherwise (a bar in a log file is noise).
func terminalBar(max int, what string) *progressbar.ProgressBar {
	if !isTerminal(os.Stderr) {
		return nil
	}
	return progressbar.NewOptions(max, progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(what), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionFullWidth())
}

// writeAtomic writes a file through a temporary one in the same folder,
// renamed into place only when write succeeded and the bytes are on disk:
// an interrupted run never leaves a truncated file under the real name.
func writeAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename this fails harmlessly
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}

// isTerminal reports whether f is a terminal (progress bars go only there).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
