package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// sseEvent is one server-sent event as a browser would see it.
type sseEvent struct {
	ID, Type, Data string
}

// readSSE parses events from r onto a channel, closed when the stream ends.
func readSSE(r io.Reader) <-chan sseEvent {
	out := make(chan sseEvent, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.Data != "" {
					out <- e
				}
				e = sseEvent{}
			case strings.HasPrefix(line, "id: "):
				e.ID = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.Type = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.Data += line[6:]
			}
		}
	}()
	return out
}

func nextSSE(t *testing.T, ch <-chan sseEvent, within time.Duration) (sseEvent, bool) {
	t.Helper()
	select {
	case e, ok := <-ch:
		return e, ok
	case <-time.After(within):
		t.Fatalf("no event within %s", within)
	}
	return sseEvent{}, false
}

// TestLiveStream opens /live/ through the whole handler on a real server:
// a published post arrives with its stream item escaped, a draft's event
// never does, an unpublished post is announced by id, and shutting the
// server down ends the stream at once instead of waiting for the reader.
func TestLiveStream(t *testing.T) {
	a := newTestApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := a.newServer(h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	req, _ := http.NewRequest("GET", base+"/live/", nil)
	req.Header.Set("Accept-Encoding", "gzip") // the stream must stay uncompressed anyway
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	for k, want := range map[string]string{"Content-Type": "text/event-stream; charset=utf-8",
		"Cache-Control": "no-store", "X-Accel-Buffering": "no", "Content-Encoding": ""} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	stream := readSSE(res.Body)

	// HEAD answers with the headers and does not hold the connection.
	head, err := http.Head(base + "/live/")
	if err != nil || head.StatusCode != http.StatusOK || head.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("HEAD /live/: %v %v", head, err)
	}
	head.Body.Close()

	ctx := context.Background()
	by := []domain.Author{addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter").Author}
	draft := &domain.Post{Title: "Secret draft about the merger", Status: domain.StatusDraft, BodyMD: "Not yet.", Authors: by}
	hostile := `<script>alert("x")</script> & "quotes"`
	pub := &domain.Post{Title: hostile, Status: domain.StatusPublished, BodyMD: "Out now.",
		Standfirst: "A standfirst.", PublishedAt: time.Now().Add(-time.Second), Authors: by}
	for _, p := range []*domain.Post{draft, pub} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// The draft's event comes first: if it were sent, it would be read first.
	a.Events.Publish(events.Event{Type: events.PostPublished, PostID: draft.ID, Slug: draft.Slug})
	a.Events.Publish(events.Event{Type: events.PostUpdated, PostID: draft.ID, Slug: draft.Slug})
	a.Events.Publish(events.Event{Type: events.PostPublished, PostID: pub.ID, Slug: pub.Slug})

	e, ok := nextSSE(t, stream, 5*time.Second)
	if !ok {
		t.Fatal("stream ended early")
	}
	if e.Type != "post" || e.ID == "" {
		t.Fatalf("first event %+v, want a post event with an id", e)
	}
	var m struct{ ID, Slug, Title, Kind, HTML string }
	if err := json.Unmarshal([]byte(e.Data), &m); err != nil {
		t.Fatalf("event data %q: %v", e.Data, err)
	}
	if m.ID != pub.ID || m.Slug != pub.Slug || m.Title != hostile || m.Kind != "article" {
		t.Fatalf("event %+v, want the published post", m)
	}
	if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") ||
		!strings.Contains(m.HTML, `data-id="`+pub.ID+`"`) || !strings.Contains(m.HTML, `href="/`+pub.Slug+`/"`) {
		t.Fatalf("item HTML not the escaped stream item:\n%s", m.HTML)
	}
	if strings.Contains(e.Data, "merger") {
		t.Fatal("the draft leaked into the stream")
	}

	a.Events.Publish(events.Event{Type: events.PostUnpublished, PostID: pub.ID, Slug: pub.Slug})
	e, _ = nextSSE(t, stream, 5*time.Second)
	if e.Type != "remove" || !strings.Contains(e.Data, pub.ID) || strings.Contains(e.Data, "script") {
		t.Fatalf("unpublish event %+v, want a remove event with only the id", e)
	}

	start := time.Now()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		t.Fatalf("shutdown with a live reader: %v after %s", err, time.Since(start))
	}
	if _, ok := nextSSE(t, stream, 2*time.Second); ok {
		t.Fatal("an event after shutdown; want the stream to end")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("shutdown took %s with a live reader", took)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve: %v", err)
	}
	// After shutdown the handler refuses new streams rather than hold them.
	rec := &headerRecorder{header: http.Header{}}
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/live/", nil))
	if rec.status != http.StatusServiceUnavailable {
		t.Fatalf("live after shutdown: %d, want 503", rec.status)
	}
}
