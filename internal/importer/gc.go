package importer

import (
	"os"
	"runtime/debug"
)

// importGCPercent is the collector's target (GOGC) while a process does
// nothing but import. An import allocates a great deal that dies young
// (decoded records, converted and rendered bodies) and keeps little: with
// the default 100 the collector ran about every 30 MB and took a sixth of
// the import's CPU. At 400 it runs a quarter as often for about 100 MB
// more memory at the peak.
const importGCPercent = 400

// TuneGCForImport raises the collector's target for a process that runs
// one import, such as `newsdesk import`, unless GOGC is set, and returns
// the function that puts it back. The server does not call it: it
// imports beside serving, under its own memory limit.
func TuneGCForImport() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	old := debug.SetGCPercent(importGCPercent)
	return func() { debug.SetGCPercent(old) }
}
