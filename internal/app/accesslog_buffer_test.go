package app

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/metrics"
)

// TestBufferedAccessLog: lines wait in the buffer, reach the output within
// the flush interval without further writes, all of them and whole, and
// Close writes out the rest at once.
func TestBufferedAccessLog(t *testing.T) {
	var out lockedBuffer
	w := &bufferedWriter{out: &out, buf: make([]byte, 0, flushAt), stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	w.Write([]byte("first line\n"))
	deadline := time.Now().Add(2 * time.Second)
	for out.String() != "first line\n" {
		if time.Now().After(deadline) {
			t.Fatalf("after 2 s the output is %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// More than a buffer's worth: written out as the buffer fills, in order.
	line := strings.Repeat("x", 99) + "\n"
	for range 2 * flushAt / len(line) {
		w.Write([]byte(line))
	}
	w.Write([]byte("last line\n"))
	w.close()
	want := "first line\n" + strings.Repeat(line, 2*flushAt/len(line)) + "last line\n"
	if got := out.String(); got != want {
		t.Fatalf("output has %d bytes, want %d; ends %q", len(got), len(want), got[max(0, len(got)-20):])
	}
}

// TestAccessLineAsSlog: the access log's own formatting writes what the
// slog handler of the same format writes, byte for byte, in text and JSON,
// and leaves paths that need quoting to slog.
func TestAccessLineAsSlog(t *testing.T) {
	at := time.Date(2026, 11, 28, 3, 4, 5, 120_000_000, time.UTC)
	zone := time.Date(2026, 11, 28, 3, 4, 5, 7_654_321, time.FixedZone("EET", 2*3600))
	for _, format := range []string{"text", "json"} {
		for _, tc := range []struct {
			at     time.Time
			method string
			path   string
			status int
			took   time.Duration
		}{
			{at, "GET", "/", 200, 295404 * time.Nanosecond},
			{zone, "HEAD", "/world/flood-live/", 304, 45 * time.Microsecond},
			{at.Add(999 * time.Microsecond), "GET", "/tag/верна/", 200, 2 * time.Second},
			{at, "GET", "/a b", 200, time.Millisecond},
			{at, "GET", `/a"b`, 200, time.Millisecond},
			{at, "GET", "/a=b/", 200, 0},
			{at, "GET", "/a<b&c>/", 200, 0},
			{at, "GET", `/a\b`, 200, 0},
			{at, "GET", "/it's;fine:(ok)!/", 200, 0},
		} {
			var fast, slow lockedBuffer
			l := &AccessLog{w: &bufferedWriter{out: &fast, buf: make([]byte, 0, flushAt)}, json: format == "json"}
			if format == "json" {
				l.Handler = slog.NewJSONHandler(&slow, nil)
			} else {
				l.Handler = slog.NewTextHandler(&slow, nil)
			}
			a := &App{AccessLog: l, Metrics: metrics.New()}
			a.logLine(context.Background(), tc.method, tc.path, "GET /{slug}/", tc.status, 1234, tc.at, tc.took)
			l.w.flushLocked()
			want := &lockedBuffer{}
			ref := slog.New(slog.NewTextHandler(want, nil)).Handler()
			if format == "json" {
				ref = slog.NewJSONHandler(want, nil)
			}
			rec := slog.NewRecord(tc.at, slog.LevelInfo, "request", 0)
			rec.AddAttrs(slog.String("method", tc.method), slog.String("path", tc.path),
				slog.Int("status", tc.status), slog.Int("bytes", 1234), slog.Duration("took", tc.took))
			ref.Handle(context.Background(), rec)
			if got := fast.String() + slow.String(); got != want.String() {
				t.Errorf("%s %q:\ngot  %q\nwant %q", format, tc.path, got, want.String())
			}
		}
	}
}
