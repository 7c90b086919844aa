package edge

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// front runs an edge that knows one page, /hit/, with net/http behind it
// answering everything else with the method, path and body it read.
type front struct {
	addr  string
	edge  *Server
	http  *http.Server
	mu    sync.Mutex
	done  []string // what Done saw
	slept chan struct{}
}

func startFront(t *testing.T, idle time.Duration) *front {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &front{addr: ln.Addr().String()}
	f.edge = &Server{
		Hit: func(r *Request) Answer {
			if string(r.Path) != "/hit/" {
				return Answer{}
			}
			return Answer{Head: []byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"), Body: []byte("hello"), Status: 200, Key: "/hit/"}
		},
		Done: func(r *Request, a *Answer, n int, at time.Time, took time.Duration) {
			f.mu.Lock()
			f.done = append(f.done, r.Method()+" "+a.Key)
			f.mu.Unlock()
		},
		IdleTimeout: idle, HeaderTimeout: time.Second, MaxURL: 4096,
	}
	f.http = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stream/" {
			// Longer than the edge's idle timeout: the deadline the edge
			// set must not end it.
			w.WriteHeader(200)
			for i := range 3 {
				time.Sleep(idle)
				io.WriteString(w, strings.Repeat("x", i+1))
				w.(http.Flusher).Flush()
			}
			return
		}
		body, _ := io.ReadAll(r.Body)
		io.WriteString(w, "net/http "+r.Method+" "+r.URL.RequestURI()+" "+string(body))
	})}
	go f.edge.Serve(ln)
	go f.http.Serve(f.edge.Listener(ln.Addr()))
	t.Cleanup(func() {
		f.edge.Shutdown(context.Background())
		f.http.Close()
	})
	return f
}

func (f *front) dial(t *testing.T) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c, bufio.NewReader(c)
}

func readBody(t *testing.T, br *bufio.Reader, method string) (*http.Response, string) {
	t.Helper()
	res, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// TestPipelinedRequestsKeepOrder: hits answered by the edge, then a miss
// that hands the connection over with the requests already read, then a
// hit that net/http now answers: every answer in order, none lost.
func TestPipelinedRequestsKeepOrder(t *testing.T) {
	f := startFront(t, time.Minute)
	c, br := f.dial(t)
	io.WriteString(c, "GET /hit/ HTTP/1.1\r\nHost: h\r\n\r\n"+
		"HEAD /hit/ HTTP/1.1\r\nHost: h\r\n\r\n"+
		"POST /form/ HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd"+
		"GET /hit/ HTTP/1.1\r\nHost: h\r\n\r\n")
	want := []struct{ method, body string }{{"GET", "hello"}, {"HEAD", ""}, {"POST", "net/http POST /form/ abcd"}, {"GET", "net/http GET /hit/ "}}
	for _, w := range want {
		res, body := readBody(t, br, w.method)
		if body != w.body {
			t.Fatalf("%s: body %q, want %q", w.method, body, w.body)
		}
		if res.Header.Get("Date") == "" {
			t.Errorf("%s: no Date", w.method)
		}
		if w.method == "HEAD" && res.ContentLength != 5 {
			t.Errorf("HEAD: Content-Length %d, want the GET's 5", res.ContentLength)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.Join(f.done, ",") != "GET /hit/,HEAD /hit/" {
		t.Errorf("edge answered %v, want the first two only", f.done)
	}
}

// TestRequestInPieces: a head that arrives a few bytes at a time is
// still read whole.
func TestRequestInPieces(t *testing.T) {
	f := startFront(t, time.Minute)
	c, br := f.dial(t)
	for _, part := range []string{"GE", "T /hit/ HTTP/1.1\r", "\nHost: h\r\n", "\r\n"} {
		io.WriteString(c, part)
		time.Sleep(20 * time.Millisecond)
	}
	if _, body := readBody(t, br, "GET"); body != "hello" {
		t.Fatalf("body %q", body)
	}
}

// TestLargeHeadGoesToNetHTTP: a head larger than the edge's buffer is
// net/http's to read, whole.
func TestLargeHeadGoesToNetHTTP(t *testing.T) {
	f := startFront(t, time.Minute)
	c, br := f.dial(t)
	io.WriteString(c, "GET /hit/ HTTP/1.1\r\nHost: h\r\nCookie: "+strings.Repeat("c", 3*bufSize)+"\r\n\r\n")
	if _, body := readBody(t, br, "GET"); body != "net/http GET /hit/ " {
		t.Fatalf("body %q", body)
	}
}

// TestHandedOverStreamOutlivesEdgeDeadline: a live stream handed to
// net/http runs longer than the edge's idle timeout.
func TestHandedOverStreamOutlivesEdgeDeadline(t *testing.T) {
	f := startFront(t, 300*time.Millisecond)
	c, br := f.dial(t)
	io.WriteString(c, "GET /stream/ HTTP/1.1\r\nHost: h\r\n\r\n")
	if _, body := readBody(t, br, "GET"); body != "xxxxxx" {
		t.Fatalf("stream body %q, want all three writes", body)
	}
}

// TestIdleConnectionClosed: the edge closes a connection that sends
// nothing within the idle timeout, and one whose head stalls.
func TestIdleConnectionClosed(t *testing.T) {
	f := startFront(t, 200*time.Millisecond)
	for _, send := range []string{"", "GET /hit/ HTTP/1.1\r\n"} {
		c, br := f.dial(t)
		io.WriteString(c, send)
		start := time.Now()
		if _, err := br.ReadByte(); err == nil {
			t.Fatalf("%q: read an answer, want the connection closed", send)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("%q: closed after %v", send, d)
		}
	}
}

// TestShutdownClosesIdleConnections: after Shutdown an idle keep-alive
// connection is closed and new ones are refused.
func TestShutdownClosesIdleConnections(t *testing.T) {
	f := startFront(t, time.Minute)
	c, br := f.dial(t)
	io.WriteString(c, "GET /hit/ HTTP/1.1\r\nHost: h\r\n\r\n")
	readBody(t, br, "GET")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.edge.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown did not see the idle connection end: %v", err)
	}
	if _, err := br.ReadByte(); err == nil {
		t.Fatal("idle connection still open after Shutdown")
	}
	if c, err := net.DialTimeout("tcp", f.addr, time.Second); err == nil {
		c.Close()
		t.Fatal("new connection accepted after Shutdown")
	}
}

// TestDateLine: the Date header follows the clock, in GMT.
func TestDateLine(t *testing.T) {
	var d dateLine
	now := time.Date(2026, 11, 28, 3, 4, 5, 0, time.FixedZone("x", 3600))
	if got := string(d.get(now)); got != "Date: Sat, 28 Nov 2026 02:04:05 GMT\r\n" {
		t.Fatalf("date line %q", got)
	}
	if got, want := string(d.get(now.Add(time.Second))), "Date: "+now.Add(time.Second).UTC().Format(http.TimeFormat)+"\r\n"; got != want {
		t.Fatalf("next second %q, want %q", got, want)
	}
}
