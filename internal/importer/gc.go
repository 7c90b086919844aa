package importer

import (
	"os"
	"runtime/debug"
)

// The collector's settings while a process does nothing but import. An
// import allocates a great deal that dies young (decoded records,
// converted and rendered bodies) and keeps little: with the default
// GOGC=100 the collector ran about every 30 MB and took a sixth of the
// import's CPU. At 800 it runs an eighth as often; the soft limit keeps
// the heap from growing to nine times what is live on a large import
// (100,000 posts on PostgreSQL reached 1.1 GB at 400 without one), by
// collecting sooner as the heap nears it. Measured on two quiet cores,
// 100,000 posts on SQLite: 400 and 512 MiB took 61.5 s and 101 CPU-s
// (peak RSS 762 MB, the mapped database file included); 800 and 768 MiB
// 52.2 s and 85 CPU-s (peak RSS 1,050 MB).
const (
	importGCPercent  = 800
	importMemLimitMB = 768
)

// TuneGCForImport sets the collector for a process that runs one import,
// such as `newsdesk import`, unless GOGC or GOMEMLIMIT is set, and
// returns the function that puts it back. The server does not call it:
// it imports beside serving, under its own memory limit.
func TuneGCForImport() (restore func()) {
	_, gogc := os.LookupEnv("GOGC")
	_, limit := os.LookupEnv("GOMEMLIMIT")
	if gogc || limit {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(importGCPercent)
	oldLimit := debug.SetMemoryLimit(importMemLimitMB << 20)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
