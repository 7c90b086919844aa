package pagecache

import (
	"bytes"
	"net/http"
	"strconv"
)

// Wire is an entry's answer heads as HTTP/1.1 sends them: the status line
// and header lines, without Date and the blank line that ends the head.
// They are built once per entry by Serve itself, so a connection that
// writes them (internal/edge) sends what net/http would have sent.
type Wire struct {
	OK          []byte // 200 with the body as stored
	Gzip        []byte // 200 with the gzip body; nil when the entry has none
	NotModified []byte // 304; nil when the entry has no validator
}

// Wire returns e's heads with extra headers added (those the server adds
// to every answer). The first call builds them and later calls return the
// same ones, whatever extra they pass: a cache is served by one server.
func (e *Entry) Wire(extra http.Header) *Wire {
	if w := e.wire.Load(); w != nil {
		return w
	}
	w := &Wire{OK: e.head(extra, nil)}
	if e.gz != nil {
		w.Gzip = e.head(extra, http.Header{"Accept-Encoding": {"gzip"}})
	}
	switch {
	case e.ETag != "":
		w.NotModified = e.head(extra, http.Header{"If-None-Match": {"*"}})
	case !e.LastModified.IsZero():
		w.NotModified = e.head(extra, http.Header{"If-Modified-Since": {e.LastModified.UTC().Format(http.TimeFormat)}})
	}
	e.wire.Store(w)
	return w
}

// Choose picks the head and body that answer a GET or HEAD with these
// request header values (has* tells whether the line was sent at all, as
// an empty line still counts), and the status it carries.
func (w *Wire) Choose(e *Entry, acceptEncoding, ifNoneMatch, ifModifiedSince string, hasINM, hasIMS bool) (head, body []byte, status int) {
	var inm, ims []string
	if hasINM {
		inm = []string{ifNoneMatch}
	}
	if hasIMS {
		ims = []string{ifModifiedSince}
	}
	if w.NotModified != nil && e.notModifiedBy(inm, ims) {
		return w.NotModified, nil, http.StatusNotModified
	}
	if w.Gzip != nil && acceptEncoding != "" && gzipAccepted([]string{acceptEncoding}) {
		return w.Gzip, e.gz, http.StatusOK
	}
	return w.OK, e.Body, http.StatusOK
}

// head runs Serve for a GET with the given request headers and writes down
// what it answered.
func (e *Entry) head(extra, req http.Header) []byte {
	rec := &headRecorder{h: extra.Clone()}
	if rec.h == nil {
		rec.h = http.Header{}
	}
	r := &http.Request{Method: http.MethodHead, Header: req}
	Serve(rec, r, e)
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 ")
	b.WriteString(strconv.Itoa(rec.status))
	b.WriteByte(' ')
	b.WriteString(http.StatusText(rec.status))
	b.WriteString("\r\n")
	rec.h.Write(&b) // sorted, as net/http writes a handler's headers
	return b.Bytes()
}

// headRecorder keeps what Serve sets; HEAD requests write no body.
type headRecorder struct {
	h      http.Header
	status int
}

func (r *headRecorder) Header() http.Header         { return r.h }
func (r *headRecorder) WriteHeader(status int)      { r.status = status }
func (r *headRecorder) Write(p []byte) (int, error) { return len(p), nil }
