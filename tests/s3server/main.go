// Command s3server is the S3-compatible store the tests run against: an
// in-memory gofakes3 in its own process, so newsdesk talks to it over
// HTTP exactly as it would to AWS S3 or any other store. It counts the
// object writes it receives and reports them at GET /_stats, so tests can
// check that a variant was written once across several instances.
//
// It lives in its own Go module: the newsdesk binary never depends on it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address; the chosen one is printed on stdout")
	buckets := flag.String("buckets", "media", "comma-separated buckets to create at start")
	quiet := flag.Bool("quiet", true, "do not log every request")
	noConditional := flag.Bool("no-conditional-writes", false, "answer 501 to PUTs with If-None-Match, as stores without conditional writes may")
	flag.Parse()

	backend := s3mem.New()
	for _, b := range strings.Split(*buckets, ",") {
		if b = strings.TrimSpace(b); b != "" {
			if err := backend.CreateBucket(b); err != nil {
				log.Fatalf("create bucket %s: %v", b, err)
			}
		}
	}
	opts := []gofakes3.Option{gofakes3.WithAutoBucket(false)}
	if !*quiet {
		opts = append(opts, gofakes3.WithGlobalLog())
	}
	s3 := gofakes3.New(backend, opts...)
	c := &counter{puts: map[string]int{}, stored: map[string]int{}, noConditional: *noConditional}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The test harness reads this line to find the server.
	fmt.Fprintf(os.Stdout, "listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: c.wrap(s3.Server())}
	if *quiet {
		// gofakes3 writes some error headers twice; net/http's complaint
		// about it is noise in test output.
		srv.ErrorLog = log.New(io.Discard, "", 0)
	}
	log.Fatal(srv.Serve(ln))
}

// counter counts PUT requests per object ("bucket/key"): all of them, and
// those the store accepted (2xx).
type counter struct {
	mu            sync.Mutex
	puts          map[string]int
	stored        map[string]int
	noConditional bool
}

func (c *counter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_stats" {
			c.mu.Lock()
			defer c.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"puts": c.puts, "stored": c.stored})
			return
		}
		object := strings.TrimPrefix(r.URL.Path, "/")
		if r.Method != http.MethodPut || !strings.Contains(object, "/") {
			next.ServeHTTP(w, r)
			return
		}
		rec := &status{ResponseWriter: w, code: http.StatusOK}
		if c.noConditional && r.Header.Get("If-None-Match") != "" {
			rec.WriteHeader(http.StatusNotImplemented)
			fmt.Fprint(rec, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>If-None-Match is not supported</Message></Error>`)
		} else {
			next.ServeHTTP(rec, r)
		}
		c.mu.Lock()
		c.puts[object]++
		if rec.code < 300 {
			c.stored[object]++
		}
		c.mu.Unlock()
	})
}

type status struct {
	http.ResponseWriter
	code int
}

func (s *status) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}
