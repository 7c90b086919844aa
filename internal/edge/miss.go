package edge

import (
	"bytes"
	"net/http"
	"strconv"
)

// Recorder is the http.ResponseWriter a Miss hook runs a handler with: it
// keeps the whole answer, which Answer turns into what net/http would
// have sent. Only for handlers that answer at once: Flush keeps the bytes
// (a stream would never end), so a Miss hook must not use it for routes
// that stream.
type Recorder struct {
	header http.Header
	sent   http.Header // header as it was at WriteHeader
	status int
	body   bytes.Buffer
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{header: http.Header{}} }

func (r *Recorder) Header() http.Header { return r.header }

func (r *Recorder) WriteHeader(code int) {
	if r.status != 0 || code < 200 {
		return // a second call, or an informational answer (103): net/http sends those apart
	}
	r.status = code
	r.sent = r.header.Clone()
}

func (r *Recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(r.status) {
		return 0, http.ErrBodyNotAllowed
	}
	if r.body.Len() == 0 {
		r.body.Grow(len(p)) // a cached answer comes in one write
	}
	return r.body.Write(p)
}

// Flush is there for handlers that flush a whole answer; the bytes stay
// in the Recorder.
func (r *Recorder) Flush() {}

// Answer returns the recorded answer for a request (head: a HEAD request)
// as net/http would have written it, Date aside: its status line, its
// headers in net/http's order, Content-Type sniffed when the handler set
// none, Content-Length, and the headers a status without a body may not
// carry left out. Close reports the handler asked to end the connection.
func (r *Recorder) Answer(head bool) (a Answer, close bool) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	h := r.sent
	body := r.body.Bytes()
	h.Del("Transfer-Encoding") // the body is whole: it goes with a length
	switch {
	case r.status == http.StatusNotModified:
		h.Del("Content-Type")
		h.Del("Content-Length")
	case !bodyAllowed(r.status):
		h.Del("Content-Length")
	default:
		if _, set := h["Content-Type"]; !set && len(body) > 0 {
			h.Set("Content-Type", http.DetectContentType(body))
		}
		if h.Get("Content-Length") == "" && !(head && len(body) == 0) {
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
	}
	close = h.Get("Connection") == "close"
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 ")
	b.WriteString(strconv.Itoa(r.status))
	b.WriteByte(' ')
	text := http.StatusText(r.status)
	if text == "" {
		text = "status code " + strconv.Itoa(r.status)
	}
	b.WriteString(text)
	b.WriteString("\r\n")
	h.Write(&b) // sorted, as net/http writes a handler's headers
	a = Answer{Head: b.Bytes(), Status: r.status}
	if !head && bodyAllowed(r.status) {
		a.Body = body
	}
	return a, close
}

// bodyAllowed is net/http's rule: 1xx, 204 and 304 answers have no body.
func bodyAllowed(status int) bool {
	return !(status >= 100 && status <= 199 || status == http.StatusNoContent || status == http.StatusNotModified)
}
