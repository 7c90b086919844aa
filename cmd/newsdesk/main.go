// Command newsdesk is a self-hosted news publishing platform: the public
// news site, the newsroom back office and Ghost-compatible APIs in one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"
	_ "time/tzdata" // site time zones work on hosts without zoneinfo

	"newsdesk/internal/app"
	"newsdesk/internal/config"
	"newsdesk/internal/demo"
	"newsdesk/internal/media/s3blobs"

	"github.com/schollz/progressbar/v3"
)

const usage = `newsdesk: news publishing platform

Usage:
  newsdesk serve [flags]     serve the site (creates the data folder on first run)
  newsdesk demo [flags]      load demo content (--posts N adds N synthetic posts)
  newsdesk user add [flags]  create a newsroom account (--email, --name, --role, --password-stdin)
  newsdesk integration ...   API keys for Ghost clients: add --name N, list, revoke ID
  newsdesk import FILE       bring in a Ghost JSON or WordPress WXR export (--dry-run, --media DIR)
  newsdesk export [--out F]  write the site as a Ghost JSON export (no passwords or keys)
  newsdesk backup --out F    archive the database and media, consistently, while the server runs
  newsdesk restore FILE      restore a backup into an empty data folder (--force: a used one)
  newsdesk media migrate     copy the media folder into an S3-compatible store (--to s3://...)

Run "newsdesk <command> -h" for the flags of a command. Every flag has an
environment variable: --addr is NEWSDESK_ADDR, --data is NEWSDESK_DATA, and so on.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "newsdesk:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("missing command")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest)
	case "demo":
		return demoCmd(ctx, rest)
	case "user":
		return userCmd(ctx, rest)
	case "integration":
		return integration(ctx, rest)
	case "import":
		return importCmd(ctx, rest)
	case "export":
		return exportCmd(ctx, rest)
	case "backup":
		return backupCmd(ctx, rest)
	case "restore":
		return restoreCmd(ctx, rest)
	case "media":
		return mediaCmd(ctx, rest)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// openApp parses the shared flags plus any extra ones and opens the app.
func openApp(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, error) {
	a, rest, err := openAppArgs(ctx, name, args, extra)
	if err == nil && len(rest) > 0 {
		a.Close()
		return nil, fmt.Errorf("%s: unexpected argument %q", name, rest[0])
	}
	return a, err
}

// openAppArgs is openApp for commands that take arguments after the
// flags; it returns them.
func openAppArgs(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, []string, error) {
	var cfg config.Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := cfg.Finish(); err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, app.NewLogger(cfg.LogFormat))
	return a, fs.Args(), err
}

// servedSiteURL puts the URL the server last ran under in cfg when
// --site-url was not given, so printed links point where the site is and
// not at the default address.
func servedSiteURL(ctx context.Context, cfg *config.Config, store interface {
	ServedSiteURL(context.Context) (string, error)
}) error {
	if cfg.SiteURLGiven {
		return nil
	}
	u, err := store.ServedSiteURL(ctx)
	if err != nil {
		return err
	}
	if u != "" {
		cfg.SiteURL = u
	}
	return nil
}

// serveMemoryLimit is the Go runtime's soft memory limit for serve when
// GOMEMLIMIT is not set. With the default GOGC the heap may grow to twice
// what is live (the page cache, mostly) before a collection; near this
// limit the collector runs sooner instead, keeping the server's own
// memory (RssAnon) under 100 MB with every cache at its default bound:
// 81 MB at peak at a million posts under 16 clients. At 64 MiB it peaked
// at 68 MB, but with about 40 MB live the collector ran so often that
// uncached pages took a fifth to a quarter more CPU (BENCHMARKS.md).
// SQLite's page caches (sqlstore) are outside the Go heap and not counted.
// GOMEMLIMIT=off (or any value) overrides it.
const serveMemoryLimit = 80 << 20

func serve(ctx context.Context, args []string) error {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	a, err := openApp(ctx, "serve", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if a.Config.Demo {
		if err := loadDemo(ctx, a, 0); err != nil {
			return err
		}
	}
	a.AccessLog = app.NewAccessLog(a.Config.LogFormat)
	defer a.AccessLog.Close()
	return a.Serve(ctx)
}

func demoCmd(ctx context.Context, args []string) error {
	var posts int
	var profile string
	a, err := openApp(ctx, "demo", args, func(fs *flag.FlagSet) {
		fs.IntVar(&posts, "posts", 0, "also add this many synthetic posts (for benchmarks)")
		fs.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the load to this file")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return loadDemo(ctx, a, posts)
}

// storeDemoMedia copies the images the demo painted into the data folder
// to the --media-url store, if there is one; those already there are
// skipped.
func storeDemoMedia(ctx context.Context, a *app.App) error {
	if a.Config.MediaURL == "" {
		return nil
	}
	images, _, err := app.OpenMedia(ctx, a.Config)
	if err != nil {
		return err
	}
	store, ok := images.(*s3blobs.Store)
	if !ok {
		return nil
	}
	files, err := s3blobs.List(a.Config.MediaDir())
	if err != nil {
		return fmt.Errorf("demo images: %w", err)
	}
	sum := store.CopyAll(ctx, files, 4, nil)
	if len(sum.Failed) > 0 {
		return fmt.Errorf("copy demo images to the media store: %d failed, first: %s", len(sum.Failed), sum.Failed[0])
	}
	a.Log.Info("demo images in the media store", "copied", sum.Copied, "already_there", sum.Skipped)
	return nil
}

// loadDemo loads the demo content into an empty database; a database that
// already has content is left alone.
func loadDemo(ctx context.Context, a *app.App, synthetic int) error {
	if err := demo.Load(ctx, a.Store, a.Config.MediaDir(), a.Log); err != nil {
		return fmt.Errorf("load demo content: %w", err)
	}
	if synthetic <= 0 {
		return storeDemoMedia(ctx, a)
	}
	bar := progressbar.NewOptions(synthetic,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("synthetic posts"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("posts"),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionFullWidth(),
	)
	start := time.Now()
	// Synthetic content is throwaway benchmark data: skipping fsync
	// during the load is worth the risk.
	a.Store.SetUnsafeBulkLoad(true)
	defer a.Store.SetUnsafeBulkLoad(false)
	err := demo.LoadSynthetic(ctx, a.Store, synthetic, demo.SyntheticOptions{
		MediaDir: a.Config.MediaDir(),
		Progress: func(done int) { bar.Set(done) },
	})
	bar.Finish()
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return fmt.Errorf("load synthetic posts: %w", err)
	}
	if err := storeDemoMedia(ctx, a); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Printf("loaded %d synthetic posts in %s (%.0f rows/s)\n", synthetic, took.Round(time.Millisecond),
		float64(synthetic)/took.Seconds())
	return nil
}
