package edge

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestRecorderAnswersAsNetHTTP runs handlers behind net/http and through
// a Recorder and compares what each sends, Date aside.
func TestRecorderAnswersAsNetHTTP(t *testing.T) {
	handlers := map[string]http.HandlerFunc{
		"plain": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("X-Extra", "1")
			io.WriteString(w, strings.Repeat("<p>news</p>", 900)) // past net/http's chunking size
		},
		"sniffed": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<!DOCTYPE html><title>x</title>")
		},
		"not found": func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no such page", http.StatusNotFound)
		},
		"not modified": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"abc"`)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotModified)
		},
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere/", http.StatusMovedPermanently)
		},
		"header after write": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "2")
			w.WriteHeader(http.StatusCreated)
			w.Header().Set("X-Late", "ignored")
			io.WriteString(w, "ok")
		},
		"empty": func(w http.ResponseWriter, r *http.Request) {},
	}
	for name, h := range handlers {
		for _, method := range []string{"GET", "HEAD"} {
			srv := httptest.NewServer(h)
			res, err := http.DefaultTransport.RoundTrip(mustRequest(t, method, srv.URL+"/page/"))
			if err != nil {
				t.Fatal(err)
			}
			wantLength := res.Header.Get("Content-Length")
			want := readAll(t, res)
			srv.Close()

			rec := NewRecorder()
			h(rec, mustRequest(t, method, "http://x/page/"))
			a, _ := rec.Answer(method == "HEAD")
			raw := string(a.Head) + "\r\n" + string(a.Body)
			parsed, err := http.ReadResponse(bufio.NewReader(strings.NewReader(raw)), mustRequest(t, method, "http://x/page/"))
			if err != nil {
				t.Fatalf("%s %s: %v in %q", name, method, err, raw)
			}
			// Where net/http sent a length, the Recorder's is the same.
			if got := parsed.Header.Get("Content-Length"); wantLength != "" && got != wantLength {
				t.Errorf("%s %s: Content-Length %q, net/http sent %q", name, method, got, wantLength)
			}
			if got := readAll(t, parsed); got != want {
				t.Errorf("%s %s:\nrecorder:\n%.300s\nnet/http:\n%.300s", name, method, got, want)
			}
		}
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readAll renders a response's status, headers and body. Date differs,
// and Content-Length too where net/http chose chunks for a large body
// the Recorder sends whole with its length: both are left out.
func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	res.Header.Del("Date")
	res.Header.Del("Content-Length")
	var b bytes.Buffer
	b.WriteString(res.Status + "\n")
	res.Header.Write(&b)
	b.Write(body)
	return b.String()
}

// TestRecorderConnectionClose: a handler that ends the connection makes
// the edge end it.
func TestRecorderConnectionClose(t *testing.T) {
	rec := NewRecorder()
	rec.Header().Set("Connection", "close")
	io.WriteString(rec, "bye")
	if _, closing := rec.Answer(false); !closing {
		t.Error("Connection: close did not close")
	}
}

// TestSlowMissOutlivesIdleDeadline: a render that takes longer than the
// idle timeout the connection was waiting under still gets written, and
// the connection stays with the edge.
func TestSlowMissOutlivesIdleDeadline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{
		Hit: func(*Request) Answer { return Answer{} },
		Miss: func(r *Request, head []byte, c net.Conn) Answer {
			time.Sleep(300 * time.Millisecond)
			return Answer{Head: []byte("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n"), Body: []byte("slowly"), Status: 200, Logged: true}
		},
		Done:        func(*Request, *Answer, int, time.Time, time.Duration) {},
		IdleTimeout: 200 * time.Millisecond, HeaderTimeout: time.Second, MaxURL: 4096,
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	for i := range 2 {
		io.WriteString(c, "GET /page/ HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(br, &http.Request{Method: "GET"})
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		body, _ := io.ReadAll(res.Body)
		if string(body) != "slowly" {
			t.Fatalf("request %d: %q", i+1, body)
		}
	}
	if s.Answered() != 2 {
		t.Errorf("the edge answered %d of 2", s.Answered())
	}
}
