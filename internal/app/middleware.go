package app

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"newsdesk/internal/newsroom"
)

// MaxURLLength bounds request targets; longer ones get 414 before any
// handler parses them. Targets longer than the server's MaxHeaderBytes
// never reach the handler: net/http answers those itself with a plain
// 431 Request Header Fields Too Large.
const MaxURLLength = 4096

// errorPage renders a styled error page with a status and a message
// saying what is wrong; the public site provides it.
type errorPage func(w http.ResponseWriter, r *http.Request, status int, message string)

// apiPath reports whether a request is for the Ghost APIs, whose clients
// expect Ghost's own answers rather than the site's pages.
func apiPath(path string) bool { return strings.HasPrefix(path, "/ghost/") }

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	// beforeHeader runs once, just before the header is sent, to add what
	// depends on what the handler set (the framing policy).
	beforeHeader func(http.Header)
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.beforeHeader != nil {
			w.beforeHeader(w.Header())
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach Flush for server-sent events.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware wraps every request: panic recovery, access log, security
// headers (HSTS when the site URL is https; framing only by the site), the URL length limit and a check that the query string parses
// (handlers read it with URL.Query, which drops what it cannot parse).
func (a *App) middleware(next http.Handler, fail errorPage) http.Handler {
	hsts := a.https()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, beforeHeader: frameOnlyBySelf}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.Log.Error("panic", "err", v, "path", newsroom.LogPath(r.URL.Path), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "Internal Server Error", http.StatusInternalServerError)
				}
			}
			a.logRequest(r, r.Pattern, sw.status, sw.bytes, time.Since(start))
		}()
		h := sw.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if len(r.RequestURI) > MaxURLLength {
			fail(sw, r, http.StatusRequestURITooLong, fmt.Sprintf(
				"The address you asked for is %d characters long; this site accepts addresses of up to %d. "+
					"Check the link you followed.", len(r.RequestURI), MaxURLLength))
			return
		}
		if r.URL.RawQuery != "" && !apiPath(r.URL.Path) {
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				fail(sw, r, http.StatusBadRequest, "The part of the address after \"?\" could not be read ("+
					err.Error()+"). Check the link you followed.")
				return
			}
		}
		next.ServeHTTP(sw, r)
	})
}

// frameOnlyBySelf keeps other sites from framing any answer (clickjacking):
// it adds frame-ancestors 'self' to the handler's Content-Security-Policy,
// or makes that the policy, unless the handler chose its own framing rule
// (the newsroom allows none).
func frameOnlyBySelf(h http.Header) {
	csp := h.Get("Content-Security-Policy")
	switch {
	case csp == "":
		h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	case !strings.Contains(csp, "frame-ancestors"):
		h.Set("Content-Security-Policy", strings.TrimRight(csp, "; ")+"; frame-ancestors 'self'")
	}
	if h.Get("X-Frame-Options") == "" {
		h.Set("X-Frame-Options", "SAMEORIGIN") // for browsers without frame-ancestors
	}
}

// styledMuxErrors answers requests the mux has no route for with the
// site's error page instead of the mux's plain text. The site's "GET /"
// catches every path, so only other methods can miss: they get 405 with
// the Allow header the mux computes.
func styledMuxErrors(mux *http.ServeMux, fail errorPage) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !apiPath(r.URL.Path) {
			if h, pattern := mux.Handler(r); pattern == "" {
				// Let the mux's own answer compute Allow, then discard it.
				rec := &headerRecorder{header: http.Header{}}
				h.ServeHTTP(rec, r)
				status := rec.status
				if status == 0 || status == http.StatusNotFound {
					status = http.StatusMethodNotAllowed
				}
				if allow := rec.header.Get("Allow"); allow != "" {
					w.Header().Set("Allow", allow)
				}
				fail(w, r, status, fmt.Sprintf("This address does not take %s requests. Pages here are read with GET; "+
					"forms send POST only to the addresses they name.", r.Method))
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

// headerRecorder keeps a response's header and status and drops its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(status int)      { h.status = status }
