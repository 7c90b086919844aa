// Command soak puts a newsdesk instance under mixed load for a long time
// (readers, Admin API publishers, live streams that reconnect) and fails
// on any 5xx or when memory or goroutines grow: see scripts/soak.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"newsdesk/internal/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	var cfg loadtest.SoakConfig
	var bin, data, db, samples string
	flag.StringVar(&bin, "newsdesk", "", "the newsdesk binary to start (default: build it into the data folder)")
	flag.StringVar(&data, "data", "", "data folder; an empty one gets the demo content (default: a new temporary folder)")
	flag.StringVar(&db, "db", "", "a postgres:// URL to run on PostgreSQL instead of SQLite")
	flag.StringVar(&samples, "samples", "", "also write the memory and goroutine samples to this CSV file")
	flag.DurationVar(&cfg.Duration, "duration", 30*time.Minute, "how long to run")
	flag.DurationVar(&cfg.Warmup, "warmup", 0, "samples before this are not compared (default: a sixth of the run, at most 5m)")
	flag.DurationVar(&cfg.SampleEvery, "sample", 0, "sample memory and goroutines this often (default 5s; 1s for runs under 5m)")
	flag.IntVar(&cfg.Readers, "readers", 6, "reading goroutines")
	flag.DurationVar(&cfg.ReaderPause, "reader-pause", 20*time.Millisecond, "pause between one reader's requests")
	flag.IntVar(&cfg.Publishers, "publishers", 2, "Admin API publishing goroutines")
	flag.DurationVar(&cfg.PublishEvery, "publish-every", 3*time.Second, "mean time between one publisher's writes")
	flag.IntVar(&cfg.Streams, "streams", 16, "live streams held open")
	flag.DurationVar(&cfg.StreamLife, "stream-life", 90*time.Second, "longest a client holds a live stream before reconnecting")
	flag.Float64Var(&cfg.MemGrowth, "mem-growth", 0.25, "allowed growth of RSS and RssAnon between the first and last thirds (ratio)")
	mibSlack := flag.Int64("mem-slack-mib", 24, "...and in MiB: both must be exceeded to fail")
	flag.Float64Var(&cfg.GoroutineGrowth, "goroutine-growth", 0.20, "allowed growth of goroutines (ratio)")
	flag.Float64Var(&cfg.GoroutineSlack, "goroutine-slack", 10, "...and in goroutines: both must be exceeded to fail")
	flag.Parse()
	// Zero means none here; SoakConfig reads zero as its default.
	for _, n := range []*int{&cfg.Readers, &cfg.Publishers, &cfg.Streams} {
		if *n <= 0 {
			*n = -1
		}
	}
	cfg.MemSlack = *mibSlack << 20

	if data == "" {
		tmp, err := os.MkdirTemp("", "newsdesk-soak-")
		if err != nil {
			return err
		}
		data = tmp
	}
	data, err := filepath.Abs(data)
	if err != nil {
		return err
	}
	if bin == "" {
		if bin, err = loadtest.Build(ctx, data); err != nil {
			return err
		}
	}
	st := loadtest.Storage{Data: data, DB: db}
	keys, err := loadtest.AddIntegration(ctx, bin, st, "Soak "+time.Now().Format(time.DateTime))
	if err != nil {
		return err
	}
	srv, err := loadtest.Start(ctx, bin, st, loadtest.ServerOptions{Metrics: true, Args: []string{"--demo"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "soak: newsdesk pid %d at %s (data %s, log %s), running %s\n", srv.PID(), srv.URL, data, srv.LogPath, cfg.Duration)
	cfg.URL, cfg.MetricsAddr, cfg.PID = srv.URL, srv.MetricsAddr, srv.PID()
	cfg.AdminKey, cfg.ContentKey = keys.AdminKey, keys.ContentKey
	report, soakErr := loadtest.Soak(ctx, cfg)
	exited := srv.Exited()
	stopErr := srv.Stop()
	if soakErr != nil {
		return soakErr
	}
	report.WriteTo(os.Stdout)
	if samples != "" {
		f, err := os.Create(samples)
		if err != nil {
			return err
		}
		if err := report.WriteSamples(f); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if exited {
		return fmt.Errorf("the server died during the soak; its log: %s", srv.LogPath)
	}
	if stopErr != nil {
		return fmt.Errorf("the server did not shut down cleanly: %v", stopErr)
	}
	if len(report.Failures) > 0 {
		return fmt.Errorf("%d failures", len(report.Failures))
	}
	return nil
}
