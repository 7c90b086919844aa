package edge

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestParseAccepts(t *testing.T) {
	for _, tc := range []struct {
		head               string
		path, ae, inm, ims string
		hasINM, isHead     bool
	}{
		{head: "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", path: "/"},
		{head: "HEAD /a/b/ HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n\r\n", path: "/a/b/", isHead: true},
		{head: "GET /x/ HTTP/1.1\r\nHost: [::1]:80\r\nAccept-Encoding:gzip, br\r\nConnection: Keep-Alive\r\nUser-Agent: t\r\n\r\n",
			path: "/x/", ae: "gzip, br"},
		{head: "GET /x/ HTTP/1.1\r\nHost: h\r\nIf-None-Match:  \"abc\" \t\r\nIf-Modified-Since: Sat, 28 Nov 2026 03:00:00 GMT\r\n\r\n",
			path: "/x/", inm: `"abc"`, hasINM: true, ims: "Sat, 28 Nov 2026 03:00:00 GMT"},
		{head: "GET /x/ HTTP/1.1\r\nHost: h\r\nIf-None-Match:\r\n\r\n", path: "/x/", hasINM: true},
		{head: "GET /x/ HTTP/1.1\r\nHost:\r\n\r\n", path: "/x/"},
	} {
		var r Request
		if !parse([]byte(tc.head), &r, 4096) {
			t.Errorf("refused %q", tc.head)
			continue
		}
		if string(r.Path) != tc.path || string(r.AcceptEncoding) != tc.ae || string(r.IfNoneMatch) != tc.inm ||
			string(r.IfModifiedSince) != tc.ims || r.HasINM != tc.hasINM || r.Head != tc.isHead {
			t.Errorf("%q: got %+v", tc.head, r)
		}
	}
}

// TestParseHandsOver lists requests the edge must leave to net/http: any
// of them answered from the cache would be answered wrongly (a body left
// unread, a query ignored, an escaped path looked up raw, a request
// smuggled behind a header the edge did not understand).
func TestParseHandsOver(t *testing.T) {
	for _, head := range []string{
		"POST / HTTP/1.1\r\nHost: h\r\n\r\n",
		"get / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.0\r\nHost: h\r\n\r\n",
		"GET / HTTP/2.0\r\nHost: h\r\n\r\n",
		"GET /?page=2 HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a%2Fb/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET * HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /é HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n", // no Host
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  folded\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nBad Name: 1\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x00b\r\n\r\n",
		"GET / HTTP/1.1\nHost: h\n\n",
		"GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"a\"\r\nIf-None-Match: \"b\"\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nIf-Modified-Since: x\r\nIf-Modified-Since: y\r\n\r\n",
		"GET /" + strings.Repeat("a", 5000) + " HTTP/1.1\r\nHost: h\r\n\r\n",
	} {
		var r Request
		if parse([]byte(head), &r, 4096) {
			t.Errorf("answered %q, want it handed to net/http", head)
		}
	}
}

// FuzzParse checks every head the edge accepts against net/http's own
// reading of it: same method, path, no query, no body, same header values.
func FuzzParse(f *testing.F) {
	f.Add([]byte("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
	f.Add([]byte("HEAD /a/ HTTP/1.1\r\nHost: h\r\nIf-None-Match: *\r\nAccept-Encoding: gzip\r\n\r\n"))
	f.Add([]byte("GET /x HTTP/1.1\r\nHost: h\r\nIf-Modified-Since: Sat, 28 Nov 2026 03:00:00 GMT\r\nConnection: keep-alive\r\n\r\n"))
	f.Fuzz(func(t *testing.T, head []byte) {
		var r Request
		if !parse(head, &r, 4096) {
			return
		}
		br := bufio.NewReader(bytes.NewReader(head))
		req, err := http.ReadRequest(br)
		if err != nil {
			t.Fatalf("edge accepted %q, net/http refuses it: %v", head, err)
		}
		if br.Buffered() != 0 || req.Method != r.Method() || req.URL.Path != string(r.Path) || req.URL.RawQuery != "" ||
			req.ContentLength != 0 || len(req.TransferEncoding) != 0 || req.Close {
			t.Fatalf("%q: net/http reads %s %q query %q length %d close %v", head, req.Method, req.URL.Path, req.URL.RawQuery, req.ContentLength, req.Close)
		}
		for name, v := range map[string][]byte{"Accept-Encoding": r.AcceptEncoding, "If-None-Match": r.IfNoneMatch, "If-Modified-Since": r.IfModifiedSince} {
			if got := req.Header.Get(name); got != string(v) {
				t.Fatalf("%q: %s is %q for net/http, %q for the edge", head, name, got, v)
			}
		}
		if _, ok := req.Header["If-None-Match"]; ok != r.HasINM {
			t.Fatalf("%q: If-None-Match presence differs", head)
		}
	})
}
