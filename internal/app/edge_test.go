package app

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/config"
	"newsdesk/internal/edge"
	"newsdesk/internal/pagecache"
)

// rawAnswer sends one request on a new connection and returns the answer
// byte for byte as sent, with its Date line taken out.
func rawAnswer(t *testing.T, addr, request string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return answerOn(t, c, bufio.NewReader(c), request)
}

// answerOn is rawAnswer on an open connection, read through br.
func answerOn(t *testing.T, c net.Conn, br *bufio.Reader, request string) string {
	t.Helper()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	var head strings.Builder
	length := 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("%q: %v after %q", request, err, head.String())
		}
		head.WriteString(line)
		if n, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(n))
		}
		if line == "\r\n" {
			break
		}
	}
	if strings.HasPrefix(request, "HEAD ") || strings.HasPrefix(head.String(), "HTTP/1.1 304") {
		length = 0
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(br, body); err != nil {
		t.Fatal(err)
	}
	return dateLine.ReplaceAllString(head.String(), "") + string(body)
}

var dateLine = regexp.MustCompile(`(?m)^Date: [^\r]*\r\n`)

// TestEdgeAnswersAsNetHTTP: for every kind of cached answer (a page, a
// feed, a sitemap) and every variant (plain, gzip, 304, HEAD), the edge
// sends the same status, headers and body as the net/http path
// (fromCache), and it answered them itself.
func TestEdgeAnswersAsNetHTTP(t *testing.T) {
	a, srv := startApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	plain := httptest.NewServer(h) // the same app, without the edge
	defer plain.Close()
	edgeAddr := strings.TrimPrefix(srv.URL, "http://")
	plainAddr := strings.TrimPrefix(plain.URL, "http://")
	for _, path := range []string{"/", "/rss/", "/sitemap.xml"} {
		res, err := http.Get(srv.URL + path) // fills the cache
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		e := a.Cache.Get(path)
		if e == nil {
			t.Fatalf("%s is not cached", path)
		}
		for _, variant := range []string{
			"GET %s HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n",
			"GET %s HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/" + e.ETag + "\r\n\r\n",
			"GET %s HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n\r\n",
			"HEAD %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
		} {
			req := strings.Replace(variant, "%s", path, 1)
			before := a.front.Answered()
			got, want := rawAnswer(t, edgeAddr, req), rawAnswer(t, plainAddr, req)
			if got != want {
				t.Errorf("%q:\nedge:\n%.600s\nnet/http:\n%.600s", req, got, want)
			}
			if a.front.Answered() != before+1 {
				t.Errorf("%q: the edge did not answer it", req)
			}
		}
	}
}

// TestEdgeAnswersMissesItself: a page that dropped out of the cache is
// rendered on the edge's own connection, with what net/http would send,
// and the connection stays with the edge for the pages after it. Handed
// to net/http, a reader's connection would miss the edge from then on.
func TestEdgeAnswersMissesItself(t *testing.T) {
	a, srv, h := startWithHome(t) // the home page's route now makes cached answers
	plain := httptest.NewServer(h)
	defer plain.Close()
	c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	for _, req := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
		"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		a.Cache.Invalidate(pagecache.All)
		if a.Cache.Get("/") != nil {
			t.Fatal("the home page is still cached")
		}
		before := a.front.Answered()
		miss := answerOn(t, c, br, req)
		if a.front.Answered() != before+1 {
			t.Fatalf("%q: the edge did not answer the miss", req)
		}
		if a.Cache.Get("/") == nil {
			t.Fatalf("%q: the miss did not fill the cache", req)
		}
		hit := answerOn(t, c, br, req)
		if a.front.Answered() != before+2 {
			t.Fatalf("%q: the connection left the edge after the miss", req)
		}
		if want := rawAnswer(t, strings.TrimPrefix(plain.URL, "http://"), req); miss != want || hit != want {
			t.Errorf("%q:\nmiss:\n%.500s\nhit:\n%.500s\nnet/http:\n%.500s", req, miss, hit, want)
		}
	}
	// A route that never made a cached answer (a sign-in form) goes to
	// net/http, as before.
	before := a.front.Answered()
	if got := answerOn(t, c, br, "GET /newsroom/signin HTTP/1.1\r\nHost: x\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 200") {
		t.Fatalf("sign-in form: %.200s", got)
	}
	if a.front.Answered() != before {
		t.Error("the edge answered a route without cached answers")
	}
}

// TestEdgeHitAllocations: the edge's lookup, head choice, access log line
// and metrics allocate nothing per answer.
func TestEdgeHitAllocations(t *testing.T) {
	a, srv := startApp(t)
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	front := a.edgeServer()
	r := &edge.Request{Path: []byte("/"), AcceptEncoding: []byte("gzip, deflate, br")}
	if ans := front.Hit(r); ans.Status != 200 {
		t.Fatalf("status %d; the home page is not cached", ans.Status)
	}
	var ans edge.Answer
	for _, log := range []string{"slog", "serve's buffered access log"} {
		if log != "slog" {
			a.AccessLog = &AccessLog{w: &bufferedWriter{out: io.Discard, buf: make([]byte, 0, flushAt)}}
		}
		allocs := testing.AllocsPerRun(2000, func() {
			ans = front.Hit(r)
			front.Done(r, &ans, len(ans.Body), time.Now(), time.Millisecond)
		})
		if allocs > 0 {
			t.Errorf("%s: %.1f allocations per answer", log, allocs)
		}
	}
}

// TestServeWithEdge runs the real server (Serve, the edge in front) and
// uses one keep-alive connection for a cached page, a sign-in form post
// that net/http must take, and the page again.
func TestServeWithEdge(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := config.Config{Data: t.TempDir(), Addr: addr, LogFormat: "text", Edge: true}
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx) }()
	base := "http://" + addr
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var status []int
	for range 100 {
		if res, err := client.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, step := range []func() (*http.Response, error){
		func() (*http.Response, error) { return client.Get(base + "/") },
		func() (*http.Response, error) { return client.Get(base + "/") },
		func() (*http.Response, error) {
			return client.Post(base+"/newsroom/signin", "application/x-www-form-urlencoded", strings.NewReader("email=x%40example.org&password=wrong"))
		},
		func() (*http.Response, error) { return client.Get(base + "/") },
	} {
		res, err := step()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		status = append(status, res.StatusCode)
	}
	if status[0] != 200 || status[1] != 200 || status[3] != 200 || status[2] == 200 || status[2] >= 500 {
		t.Errorf("statuses %v: want the page, the page, a refused sign-in, the page", status)
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

// BenchmarkEdgeHit is the edge's work for one cached answer apart from
// reading and writing the connection: lookup, head choice, access log
// line, metrics.
func BenchmarkEdgeHit(b *testing.B) {
	a, srv := benchApp(b, "")
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	a.AccessLog = &AccessLog{w: &bufferedWriter{out: io.Discard, buf: make([]byte, 0, flushAt)}}
	front := a.edgeServer()
	r := &edge.Request{Path: []byte("/"), AcceptEncoding: []byte("gzip, deflate, br")}
	var ans edge.Answer
	b.ReportAllocs()
	for b.Loop() {
		ans = front.Hit(r)
		front.Done(r, &ans, len(ans.Body), time.Now(), time.Millisecond)
	}
}
