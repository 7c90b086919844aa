package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// Live readers follow the News Feed over server-sent events at /live/.
// One goroutine per Site turns bus events into messages, so a story is
// loaded and rendered once however many readers are connected; each
// reader's stream only copies the finished bytes.
const (
	// MaxLiveReaders is the default bound on concurrent /live/ streams
	// per instance (Deps.LiveMaxReaders, --live-max-readers); more get
	// 503 and their browsers retry later. Each open stream holds about
	// 20 KB, so the default keeps the server within its memory goal.
	MaxLiveReaders = 1000
	// MaxLiveReadersPerClient is the default bound on the streams of one
	// client address (IPv6: one /64), so one client cannot lock every
	// reader out; more get 429.
	MaxLiveReadersPerClient = 8
	// LiveLifetime is how long a stream lasts at most (less up to a
	// quarter, at random, so reconnections spread out); then it ends and
	// the browser reconnects within a few seconds. A held stream is not a
	// place kept for ever.
	LiveLifetime  = 30 * time.Minute
	liveHeartbeat = 25 * time.Second
	liveRetry     = 10 * time.Second
	liveBacklog   = 16 // messages a slow reader may fall behind before it is dropped
)

// liveHub fans rendered messages out to connected readers.
type liveHub struct {
	start   sync.Once
	readers atomic.Int64
	seq     atomic.Uint64

	maxReaders, maxPerClient int64 // set before the first reader

	mu       sync.Mutex
	clients  map[chan []byte]string // each reader's stream: "" the News Feed, else a live blog's post id
	byClient map[string]int         // open streams by client key
	done     chan struct{}          // closed by CloseLive: every stream ends
	closed   bool
}

// admit counts a stream for client unless it holds its share already.
func (h *liveHub) admit(client string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if int64(h.byClient[client]) >= h.maxPerClient {
		return false
	}
	if h.byClient == nil {
		h.byClient = map[string]int{}
	}
	h.byClient[client]++
	return true
}

func (h *liveHub) release(client string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byClient[client]--; h.byClient[client] <= 0 {
		delete(h.byClient, client)
	}
}

// liveClient is the key a client's streams are counted by: its address,
// or for IPv6 its /64, which one subscriber usually holds whole.
func (s *Site) liveClient(r *http.Request) string {
	addr := s.clientAddr(r)
	if a, err := netip.ParseAddr(addr); err == nil && a.Is6() && !a.Is4In6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return addr
}

// liveLife is one stream's lifetime: LiveLifetime less up to a quarter.
func liveLife(max time.Duration) time.Duration {
	return max - rand.N(max/4+1)
}

// liveMessage is the data of one event: the post and, for a story readers
// may see, its stream item exactly as the page renders it.
type liveMessage struct {
	ID    string `json:"id"`
	Slug  string `json:"slug,omitempty"`
	Title string `json:"title,omitempty"`
	Kind  string `json:"kind,omitempty"`
	HTML  string `json:"html,omitempty"`
	// Post is the live blog of an entry message; ID is then the entry's.
	Post string `json:"post,omitempty"`
}

// CloseLive ends every live stream and refuses new ones; the server
// calls it on shutdown, so open streams do not hold graceful shutdown up.
func (s *Site) CloseLive() {
	h := &s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done == nil {
		h.done = make(chan struct{})
	}
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// doneChan returns the channel closed at shutdown.
func (h *liveHub) doneChan() chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.done == nil {
		h.done = make(chan struct{})
	}
	return h.done
}

// live streams content events to a reader: "post" events with the item's
// HTML for stories that are public now, "remove" events with the id of a
// story that is no longer public. Last-Event-ID is not replayed: a reader
// who reconnects resumes with what happens next.
func (s *Site) live(w http.ResponseWriter, r *http.Request) {
	h := &s.hub
	done := h.doneChan()
	select {
	case <-done:
		http.Error(w, "The server is shutting down.", http.StatusServiceUnavailable)
		return
	default:
	}
	if h.readers.Add(1) > h.maxReaders {
		h.readers.Add(-1)
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Too many live readers; try again shortly.", http.StatusServiceUnavailable)
		return
	}
	defer h.readers.Add(-1)
	// ?post= follows one live blog's entries instead of the News Feed.
	follow := r.URL.Query().Get("post")
	if follow != "" && !domain.ValidID(follow) {
		http.Error(w, "post must be a post id.", http.StatusBadRequest)
		return
	}
	client := s.liveClient(r)
	if !h.admit(client) {
		w.Header().Set("Retry-After", "30")
		http.Error(w, fmt.Sprintf("This address already holds %d live streams; close a page or try again shortly.",
			h.maxPerClient), http.StatusTooManyRequests)
		return
	}
	defer h.release(client)
	h.start.Do(func() {
		// Subscribe before the first reader hears "open", so nothing
		// published after that is missed.
		evs, stop := s.events.Subscribe()
		go s.runLive(evs, stop, done)
	})

	ch := make(chan []byte, liveBacklog)
	h.mu.Lock()
	if h.clients == nil {
		h.clients = map[chan []byte]string{}
	}
	h.clients[ch] = follow
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, ch)
		h.mu.Unlock()
	}()

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return // a body would be discarded: do not hold the connection for it
	}
	rc := http.NewResponseController(w)
	fmt.Fprintf(w, "retry: %d\n\n", liveRetry.Milliseconds())
	if err := rc.Flush(); err != nil {
		s.log.Error("site: live stream cannot flush", "err", err)
		return
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	end := time.NewTimer(liveLife(s.liveLifetime))
	defer end.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-end.C:
			// Come back soon, not after the usual retry: the reader was
			// not dropped for a fault.
			fmt.Fprintf(w, "retry: %d\n\n", 1000+rand.N(4000))
			rc.Flush()
			return
		case <-beat.C:
			msg = []byte(": keep-alive\n\n")
		case m, ok := <-ch:
			if !ok {
				return // fell too far behind; the browser reconnects
			}
			msg = m
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// runLive turns bus events into messages until shutdown.
func (s *Site) runLive(evs <-chan events.Event, stop func(), done <-chan struct{}) {
	defer stop()
	for {
		select {
		case <-done:
			return
		case e := <-evs:
			switch e.Type {
			case events.EntryPublished, events.EntryUpdated, events.EntryDeleted:
				if msg := s.liveEntryMessage(e); msg != nil {
					s.hub.broadcast(msg, e.PostID)
				}
				continue
			}
			msg := s.liveMessage(e)
			if msg == nil {
				continue
			}
			s.hub.broadcast(msg, "")
		}
	}
}

// broadcast sends msg to the readers following to: the News Feed ("")
// or one live blog.
func (h *liveHub) broadcast(msg []byte, to string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch, follows := range h.clients {
		if follows != to {
			continue
		}
		select {
		case ch <- msg:
		default:
			// A reader this far behind is dropped rather than allowed to
			// stall everyone else.
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// liveMessage renders the SSE message for e, or nil when readers should
// not hear of it. Events carry only ids, so the post is loaded to check
// that readers may see it now: drafts and scheduled posts never leave.
func (s *Site) liveMessage(e events.Event) []byte {
	if e.PostID == "" {
		return nil
	}
	switch e.Type {
	case events.PostUnpublished, events.PostDeleted, events.PostTrashed, events.PostPurged:
		// Only the id: the page removes the item if it shows it.
		return s.encodeLive("remove", liveMessage{ID: e.PostID})
	case events.PostPublished, events.PostUpdated, events.PostCorrected, events.PostRestored:
	default:
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, c, ok := s.livePost(ctx, e.PostID)
	if !ok {
		return nil
	}
	if !p.IsPublic(c.now) || p.IsPage() {
		return nil // static pages are not news: no stream shows them
	}
	var buf bytes.Buffer
	if err := s.pages["home"].ExecuteTemplate(&buf, "item", c.item(p, sizesStream, false, false)); err != nil {
		s.log.Error("site: live: render item", "id", p.ID, "err", err)
		return nil
	}
	typ := "post"
	if e.Type != events.PostPublished && e.Type != events.PostRestored {
		typ = "update"
	}
	return s.encodeLive(typ, liveMessage{ID: p.ID, Slug: p.Slug, Title: p.Title, Kind: string(p.Kind), HTML: buf.String()})
}

// livePost loads the post an event names and the site's clock for a live
// message; false (logged unless the post is gone) sends nothing.
func (s *Site) livePost(ctx context.Context, id string) (*domain.Post, clock, bool) {
	p, err := s.store.PostByID(ctx, id)
	if err != nil {
		if statusOf(err) != http.StatusNotFound {
			s.log.Error("site: live: load post", "id", id, "err", err)
		}
		return nil, clock{}, false
	}
	st, err := s.state(ctx)
	if err != nil {
		s.log.Error("site: live: load settings", "err", err)
		return nil, clock{}, false
	}
	return p, newClock(st, s.now()), true
}

// encodeLive frames one SSE message. JSON escapes newlines, so the data
// is always a single line.
func (s *Site) encodeLive(event string, m liveMessage) []byte {
	data, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	id := strconv.FormatUint(s.hub.seq.Add(1), 10)
	return []byte("id: " + id + "\nevent: " + event + "\ndata: " + string(data) + "\n\n")
}
