package edge

import "bytes"

// Request is what the edge read of a request it may answer itself. Its
// byte slices point into the connection's buffer and are valid only until
// the answer is written.
type Request struct {
	Head bool   // HEAD rather than GET
	Path []byte // the request target: a path with no query, no escapes
	// Header values the answer depends on; Has* tells whether the line
	// was sent at all (an empty If-None-Match still counts).
	AcceptEncoding, IfNoneMatch, IfModifiedSince []byte
	HasINM, HasIMS                               bool
}

// Method returns the request's method.
func (r *Request) Method() string {
	if r.Head {
		return "HEAD"
	}
	return "GET"
}

// parse reads one request head (through its blank line) into r. It
// accepts only what it fully understands: an HTTP/1.1 GET or HEAD of an
// origin-form path without query or percent-escapes, with a Host, no body
// and no connection options other than keep-alive. Anything else is
// false, and net/http reads the request instead: it knows every other
// form, and every error answer.
func parse(head []byte, r *Request, maxURL int) bool {
	*r = Request{}
	line, rest, ok := cutLine(head)
	if !ok {
		return false
	}
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		r.Head, line = true, line[5:]
	default:
		return false
	}
	sp := bytes.IndexByte(line, ' ')
	if sp <= 0 || sp > maxURL || string(line[sp+1:]) != "HTTP/1.1" {
		return false
	}
	r.Path = line[:sp]
	if !plainPath(r.Path) {
		return false
	}
	host, hasAE := false, false
	for {
		line, rest, ok = cutLine(rest)
		if !ok {
			return false
		}
		if len(line) == 0 {
			return len(rest) == 0 && host
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !token(line[:colon]) {
			return false // also obs-fold continuation lines, which start with a space
		}
		name, value := line[:colon], bytes.Trim(line[colon+1:], " \t")
		if !fieldValue(value) {
			return false
		}
		switch {
		case is(name, "host"):
			if host || !hostValue(value) {
				return false
			}
			host = true
		case is(name, "accept-encoding"):
			if hasAE {
				return false
			}
			r.AcceptEncoding, hasAE = value, true
		case is(name, "if-none-match"):
			if r.HasINM {
				return false
			}
			r.IfNoneMatch, r.HasINM = value, true
		case is(name, "if-modified-since"):
			if r.HasIMS {
				return false
			}
			r.IfModifiedSince, r.HasIMS = value, true
		case is(name, "connection"):
			if !is(value, "keep-alive") {
				return false
			}
		case is(name, "content-length"), is(name, "transfer-encoding"), is(name, "expect"),
			is(name, "upgrade"), is(name, "http2-settings"):
			return false
		}
	}
}

// cutLine splits off the first CRLF-ended line. A bare CR or LF inside
// the line is refused: net/http tolerates some of them, the edge does not
// have to.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 1 || b[i-1] != '\r' {
		return nil, nil, false
	}
	line = b[:i-1]
	if bytes.IndexByte(line, '\r') >= 0 {
		return nil, nil, false
	}
	return line, b[i+1:], true
}

// plainPath reports whether p is an absolute path of visible ASCII with no
// query, fragment or percent-escape: its bytes are then exactly the
// URL.Path net/http would make of it.
func plainPath(p []byte) bool {
	if len(p) == 0 || p[0] != '/' {
		return false
	}
	for _, c := range p {
		if c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '%' {
			return false
		}
	}
	return true
}

// token reports whether b is an RFC 9110 token (a header name).
func token(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0) {
			return false
		}
	}
	return len(b) > 0
}

// fieldValue refuses control characters other than tab in a header value.
func fieldValue(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// hostValue accepts the host names and addresses net/http accepts
// without question: letters, digits and . - _ : [ ].
func hostValue(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// is compares b with a lower-case ASCII word, ignoring case.
func is(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
