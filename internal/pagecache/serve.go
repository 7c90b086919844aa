package pagecache

import (
	"net/http"
	"strings"
	"time"
)

// Shared header values: net/http only reads them, so one slice serves
// every answer without an allocation.
var (
	vGzip       = []string{"gzip"}
	vAcceptEnc  = []string{"Accept-Encoding"}
	keyVary     = "Vary"
	keyEncoding = "Content-Encoding"
	keyLength   = "Content-Length"
	keyType     = "Content-Type"
	keyETag     = "Etag" // http.CanonicalHeaderKey("ETag")
	keyCC       = "Cache-Control"
	keyLastMod  = "Last-Modified"
)

// Serve writes e as the answer to r: 304 Not Modified when If-None-Match
// (or, without it, If-Modified-Since) says the client has it, the stored
// gzip bytes when the client accepts gzip, the body otherwise, and no
// body for HEAD. It reports the status and the body bytes sent. Headers
// the handler set before stay, unless e sets the same ones.
func Serve(w http.ResponseWriter, r *http.Request, e *Entry) (status, n int) {
	h := w.Header()
	for k, v := range e.Header {
		h[k] = v
	}
	if e.hContentType != nil {
		h[keyType] = e.hContentType
	}
	if e.hETag != nil {
		h[keyETag] = e.hETag
	}
	if e.hCacheControl != nil {
		h[keyCC] = e.hCacheControl
	}
	if e.hLastModified != nil {
		h[keyLastMod] = e.hLastModified
	}
	if e.gz != nil {
		addVary(h)
	}
	if notModified(r, e) {
		delete(h, keyType)
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0
	}
	body := e.Body
	if e.gz != nil && acceptsGzip(r) {
		body = e.gz
		h[keyEncoding] = vGzip
		h[keyLength] = e.hGzLength
	} else {
		h[keyLength] = e.hLength
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		n, _ = w.Write(body)
	}
	return http.StatusOK, n
}

// addVary adds Accept-Encoding to Vary unless it is there.
func addVary(h http.Header) {
	v := h[keyVary]
	if v == nil {
		h[keyVary] = vAcceptEnc
		return
	}
	for _, s := range v {
		if strings.Contains(s, "Accept-Encoding") {
			return
		}
	}
	h[keyVary] = append(v[:len(v):len(v)], "Accept-Encoding")
}

// notModified applies RFC 9110's conditional GET rules for the two
// validators caches send.
func notModified(r *http.Request, e *Entry) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	return e.notModifiedBy(r.Header["If-None-Match"], r.Header["If-Modified-Since"])
}

// notModifiedBy is notModified for the request's If-None-Match and
// If-Modified-Since lines.
func (e *Entry) notModifiedBy(inm, ims []string) bool {
	if len(inm) > 0 {
		return e.ETag != "" && etagListMatches(inm, e.ETag)
	}
	if len(ims) > 0 && !e.LastModified.IsZero() {
		t, err := http.ParseTime(ims[0])
		return err == nil && !e.LastModified.After(t.Add(time.Second-1))
	}
	return false
}

// etagListMatches is the weak comparison of If-None-Match: any listed tag
// whose opaque part equals etag's, or "*".
func etagListMatches(lines []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, line := range lines {
		for line != "" {
			line = strings.TrimLeft(line, " \t,")
			if line == "" {
				break
			}
			if line[0] == '*' {
				return true
			}
			end := strings.IndexByte(line, ',')
			if end < 0 {
				end = len(line)
			}
			tag := strings.TrimRight(line[:end], " \t")
			if strings.TrimPrefix(tag, "W/") == want {
				return true
			}
			line = line[end:]
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding lists gzip with a non-zero
// quality.
func acceptsGzip(r *http.Request) bool { return gzipAccepted(r.Header["Accept-Encoding"]) }

// gzipAccepted is acceptsGzip for the request's Accept-Encoding lines.
func gzipAccepted(lines []string) bool {
	for _, line := range lines {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") && name != "*" {
				continue
			}
			params = strings.TrimSpace(params)
			if q, ok := strings.CutPrefix(params, "q="); ok && strings.Trim(strings.TrimSpace(q), "0.") == "" {
				return false // q=0: refused
			}
			return true
		}
	}
	return false
}
