// Package edge is the front of the HTTP server: it reads each connection's
// requests itself and answers those it can from memory (cached pages,
// feeds and sitemaps) with one write of the stored head and body. The
// first request it cannot answer, or cannot read with certainty, hands the
// whole connection, with the bytes already read, to net/http, which keeps
// it from then on.
//
// Why: a cached answer through net/http costs more than the lookup and
// the write (a Request, header maps, a context, a buffered writer that
// splits head and body into two writes); on this path those made newsdesk
// half as fast as nginx serving the same bytes. The edge knows little
// HTTP, on purpose: an HTTP/1.1 GET or HEAD of a plain path, with no body
// and no options (parse). Everything else is net/http's.
package edge

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Answer is what Hit found for a request. A nil Head means no answer.
type Answer struct {
	Head   []byte // status line and header lines, without Date and the blank line
	Body   []byte // sent unless the request is HEAD
	Status int
	// Route and Key are carried to Done for the metrics and the access
	// log: the pattern that made the answer and the key it is stored under.
	Route, Key string
	// Logged: the answer was made by a handler that logged it and counted
	// it in the metrics already (Miss).
	Logged bool
	// Close ends the connection after this answer.
	Close bool
}

// Server answers from memory and hands other connections to net/http.
type Server struct {
	// Hit looks a request up; an Answer with a nil Head hands the
	// connection over, unless Miss answers it.
	Hit func(*Request) Answer
	// Miss, when set, may answer a request Hit did not, given the
	// request's whole head as read: by running the handler behind it with
	// a Recorder, for addresses whose answers are cached, so that a
	// reader's connection stays with the edge after its first uncached
	// page. Handed over, the connection would go through net/http for
	// good, and with it every later cached page on it. A nil Head hands
	// the connection over.
	Miss func(r *Request, head []byte, c net.Conn) Answer
	// Done runs after each answer is written, with the bytes of body sent,
	// the time it was done and how long since the request was read
	// (access log, metrics).
	Done func(r *Request, a *Answer, bodyBytes int, at time.Time, took time.Duration)
	// IdleTimeout closes a connection that sends no request for this long;
	// HeaderTimeout one that takes this long to send a request's head.
	IdleTimeout, HeaderTimeout time.Duration
	// MaxURL is the longest path the edge reads; longer ones go to
	// net/http, which refuses them.
	MaxURL int

	handoff  *listener
	date     dateLine
	answered atomic.Uint64

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	serving  sync.WaitGroup // one per connection the edge keeps
	closing  atomic.Bool
	listener net.Listener
}

// bufSize bounds a request head the edge reads: larger ones (many
// cookies, say) go to net/http.
const bufSize = 4096

// Listener returns what net/http's Server.Serve should accept from: the
// connections the edge hands over.
func (s *Server) Listener(addr net.Addr) net.Listener {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handoff == nil {
		s.handoff = &listener{conns: make(chan net.Conn), done: make(chan struct{}), addr: addr}
	}
	return s.handoff
}

// Answered returns how many requests the edge answered itself.
func (s *Server) Answered() uint64 { return s.answered.Load() }

// Serve accepts connections from ln until Shutdown or an error that is not
// temporary.
func (s *Server) Serve(ln net.Listener) error {
	s.Listener(ln.Addr())
	s.mu.Lock()
	s.listener = ln
	if s.conns == nil {
		s.conns = map[net.Conn]struct{}{}
	}
	s.mu.Unlock()
	var wait time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) {
				wait = min(max(2*wait, 5*time.Millisecond), time.Second)
				time.Sleep(wait)
				continue
			}
			return err
		}
		wait = 0
		if !s.track(c, true) {
			c.Close()
			continue
		}
		s.serving.Add(1)
		go s.serve(c)
	}
}

// track adds or removes c from the open connections; false when the
// server is shutting down.
func (s *Server) track(c net.Conn, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.closing.Load() {
			return false
		}
		s.conns[c] = struct{}{}
	} else {
		delete(s.conns, c)
	}
	return true
}

// Shutdown stops accepting, closes the edge's idle connections, ends the
// others after the answer they are writing and waits for that, or for
// ctx. Connections already handed over are net/http's to shut down (call
// its Server.Shutdown after this one, so that hand-overs in progress still
// find it accepting); it closes the hand-over listener too.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	if s.listener != nil {
		s.listener.Close()
	}
	now := time.Now()
	for c := range s.conns {
		c.SetReadDeadline(now) // wakes a connection waiting for a request
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.serving.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// conn is one connection's state while the edge keeps it.
type conn struct {
	c    net.Conn
	buf  []byte
	n    int // bytes of buf read and not yet used
	req  Request
	ans  Answer
	head []byte      // the answer's head with Date
	out  net.Buffers // head and body, written with one writev
	vecs [2][]byte
}

func (s *Server) serve(nc net.Conn) {
	defer s.serving.Done()
	c := &conn{c: nc, buf: make([]byte, bufSize), head: make([]byte, 0, 1024)}
	if !s.loop(c) {
		s.track(nc, false)
		nc.Close()
		return
	}
	s.track(nc, false)
	// net/http sets the deadlines it wants; ours must not linger (a live
	// stream lasts hours).
	nc.SetDeadline(time.Time{})
	pending := append([]byte(nil), c.buf[:c.n]...)
	if !s.handoff.give(&handedConn{Conn: nc, pending: pending}) {
		nc.Close()
	}
}

// loop answers requests until one must go to net/http (true) or the
// connection ends (false).
func (s *Server) loop(c *conn) bool {
	var started time.Time // when the current request's first bytes came
	var now time.Time     // the clock as last read; a deadline need not be exact
	for {
		end := bytes.Index(c.buf[:c.n], []byte("\r\n\r\n"))
		if end < 0 {
			if c.n == len(c.buf) {
				return true
			}
			if s.closing.Load() {
				return false
			}
			if now.IsZero() {
				now = time.Now()
			}
			if c.n == 0 {
				// One deadline for waiting and for the answer's write.
				c.c.SetDeadline(now.Add(s.IdleTimeout))
				started = time.Time{}
			} else if started.IsZero() {
				started = now
				c.c.SetReadDeadline(now.Add(s.HeaderTimeout))
			}
			m, err := c.c.Read(c.buf[c.n:])
			now = time.Time{}
			c.n += m
			if err != nil {
				return false
			}
			continue
		}
		size := end + 4
		start := time.Now()
		if !parse(c.buf[:size], &c.req, s.MaxURL) {
			return true
		}
		c.ans = s.Hit(&c.req)
		if c.ans.Head == nil && s.Miss != nil {
			c.ans = s.Miss(&c.req, c.buf[:size], c.c)
			if c.ans.Head != nil {
				// The deadline set while waiting for the request also
				// bounds this write; a render may have used it up.
				c.c.SetWriteDeadline(time.Now().Add(s.IdleTimeout))
			}
		}
		a := &c.ans
		if a.Head == nil {
			return true
		}
		c.head = append(append(append(c.head[:0], a.Head...), s.date.get(start)...), "\r\n"...)
		c.vecs[0], c.vecs[1] = c.head, a.Body
		c.out = c.vecs[:2]
		if c.req.Head {
			c.out = c.vecs[:1]
		}
		s.answered.Add(1)
		if _, err := c.out.WriteTo(c.c); err != nil {
			return false
		}
		sent := len(a.Body)
		if c.req.Head {
			sent = 0
		}
		now = time.Now()
		if !a.Logged {
			s.Done(&c.req, a, sent, now, now.Sub(start))
		}
		copy(c.buf, c.buf[size:c.n])
		c.n -= size
		if a.Close || s.closing.Load() {
			return false
		}
	}
}

// dateLine keeps the Date header line of the current second.
type dateLine struct {
	cur atomic.Pointer[dateValue]
}

type dateValue struct {
	sec  int64
	line []byte
}

func (d *dateLine) get(now time.Time) []byte {
	sec := now.Unix()
	if v := d.cur.Load(); v != nil && v.sec == sec {
		return v.line
	}
	v := &dateValue{sec: sec, line: now.UTC().AppendFormat([]byte("Date: "), "Mon, 02 Jan 2006 15:04:05 GMT")}
	v.line = append(v.line, "\r\n"...)
	d.cur.Store(v)
	return v.line
}
