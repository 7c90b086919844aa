package app

import (
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"
)

// AccessLog is the destination of the access log lines when the server
// runs (Serve): the log format on standard error, as every other line,
// but buffered: one write per request was a good part of a cached
// answer's cost. Lines reach standard error within flushEvery, or when
// flushAt bytes are waiting, and at shutdown.
type AccessLog struct {
	slog.Handler
	w    *bufferedWriter
	json bool
}

const (
	flushEvery = 100 * time.Millisecond
	flushAt    = 32 << 10
)

// NewAccessLog returns an access log in format ("text" or "json") on
// standard error. Close flushes it.
func NewAccessLog(format string) *AccessLog {
	w := &bufferedWriter{out: os.Stderr, buf: make([]byte, 0, flushAt), stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	h := slog.Handler(slog.NewTextHandler(w, nil))
	if format == "json" {
		h = slog.NewJSONHandler(w, nil)
	}
	return &AccessLog{Handler: h, w: w, json: format == "json"}
}

// request writes one access log line as the slog handler would, straight
// into the buffer: slog's generic formatting was half of the work of a
// cached answer. A path slog would quote or escape goes through slog
// (false). TestAccessLineAsSlog compares the two.
func (l *AccessLog) request(at time.Time, method, path string, status, bytes int, took time.Duration) bool {
	for i := range len(path) {
		if c := path[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '=' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	w := l.w
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf)+len(path)+200 > cap(w.buf) {
		w.flushLocked()
	}
	b := w.buf
	if l.json {
		b = append(b, `{"time":"`...)
		b = at.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"INFO","msg":"request","method":"`...)
		b = append(b, method...)
		b = append(b, `","path":"`...)
		b = append(b, path...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, `,"bytes":`...)
		b = strconv.AppendInt(b, int64(bytes), 10)
		b = append(b, `,"took":`...)
		b = strconv.AppendInt(b, int64(took), 10)
		b = append(b, "}\n"...)
	} else {
		b = append(b, "time="...)
		b = appendMillis(b, at)
		b = append(b, " level=INFO msg=request method="...)
		b = append(b, method...)
		b = append(b, " path="...)
		b = append(b, path...)
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, " bytes="...)
		b = strconv.AppendInt(b, int64(bytes), 10)
		b = append(b, " took="...)
		b = append(b, took.String()...)
		b = append(b, '\n')
	}
	w.buf = b
	return true
}

// appendMillis is RFC 3339 with exactly three digits of milliseconds, as
// slog's text handler writes times.
func appendMillis(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
}

// Close writes out what is buffered and stops the flushing.
func (l *AccessLog) Close() { l.w.close() }

// bufferedWriter gathers whole lines (slog writes one record per Write)
// and writes them out in batches.
type bufferedWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  []byte
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func (w *bufferedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf)+len(p) > flushAt {
		w.flushLocked()
	}
	if len(p) >= flushAt {
		return w.out.Write(p)
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *bufferedWriter) flushLocked() {
	if len(w.buf) > 0 {
		w.out.Write(w.buf) // a log that cannot be written has nowhere to say so
		w.buf = w.buf[:0]
	}
}

func (w *bufferedWriter) run() {
	defer close(w.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-w.stop:
			w.mu.Lock()
			w.flushLocked()
			w.mu.Unlock()
			return
		}
		w.mu.Lock()
		w.flushLocked()
		w.mu.Unlock()
	}
}

func (w *bufferedWriter) close() {
	w.once.Do(func() { close(w.stop) })
	<-w.done
}
