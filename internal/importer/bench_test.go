package importer

import (
	"bufio"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/importer/ghostgen"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/testsupport"
)

// BenchmarkImportGhost imports a generated Ghost 5 export of Lexical
// posts at the synthetic lengths (no media) into an empty SQLite
// database, and into PostgreSQL when NEWSDESK_TEST_POSTGRES is set. The
// size is NEWSDESK_BENCH_IMPORT_POSTS (default 2,000; the target is
// 100,000 in under 60 s on SQLite). It reports posts/s, the import's
// CPU time (the process's user and system time, without generating the
// file; on PostgreSQL without the server's) and the process's peak
// resident memory.
//
//	NEWSDESK_BENCH_IMPORT_POSTS=100000 go test -run '^$' -bench ImportGhost -benchtime 1x ./internal/importer
func BenchmarkImportGhost(b *testing.B) {
	n := 2000
	if s := os.Getenv("NEWSDESK_BENCH_IMPORT_POSTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	file := filepath.Join(b.TempDir(), "export.json")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := ghostgen.Write(w, n, ghostgen.Options{}); err != nil {
		b.Fatal(err)
	}
	w.Flush()
	f.Close()
	dbs := map[string]func(b *testing.B) string{
		"sqlite": func(b *testing.B) string { return filepath.Join(b.TempDir(), "bench.db") },
	}
	if os.Getenv("NEWSDESK_TEST_POSTGRES") != "" {
		dbs["postgres"] = func(b *testing.B) string { return testsupport.PostgresDB(b) }
	}
	for name, dsn := range dbs {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ctx := context.Background()
				store, err := sqlstore.Open(ctx, dsn(b), slog.New(slog.DiscardHandler))
				if err != nil {
					b.Fatal(err)
				}
				admin := &domain.User{Author: domain.Author{Name: "Admin"}, Role: domain.RoleAdministrator}
				src, err := os.Open(file)
				if err != nil {
					b.Fatal(err)
				}
				restore := TuneGCForImport() // as newsdesk import does
				b.StartTimer()
				start, cpu := time.Now(), processCPU()
				im, err := Open(src, Options{})
				if err != nil {
					b.Fatal(err)
				}
				res, err := Apply(ctx, Target{Store: store, Publisher: &publish.Service{Store: store, Events: events.NewBus()}},
					publish.Actor{User: admin}, im, ApplyOptions{})
				if err != nil {
					b.Fatal(err)
				}
				el, cpuUsed := time.Since(start), processCPU()-cpu
				b.StopTimer()
				restore()
				src.Close()
				store.Close()
				if res.Posts.Created != n {
					b.Fatalf("created %d of %d", res.Posts.Created, n)
				}
				b.ReportMetric(float64(n)/el.Seconds(), "posts/s")
				b.ReportMetric(el.Seconds(), "s/import")
				b.ReportMetric(cpuUsed.Seconds(), "cpu-s/import")
			}
			b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
		})
	}
}

// processCPU is the CPU time (user and system) the process has used: the
// import's own, without generating the file, and robust to other load on
// the machine where the wall time is not.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMB is the process's peak resident memory (VmHWM), or the Go
// runtime's view where /proc is missing.
func peakRSSMB() float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				kb, _ := strconv.Atoi(strings.Fields(line)[1])
				return float64(kb) / 1024
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.Sys) / (1 << 20)
}
