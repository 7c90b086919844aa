package newsroom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// The newsroom's event stream (GET /newsroom/events) tells a signed-in
// page about its user's notifications and, on the editor, who else has
// the same post open. It runs on the staff bus (Config.Staff), which
// instances sharing PostgreSQL relay to each other, and never on the
// public /live/ stream: readers must not learn who works on which draft.

const (
	// presenceTTL is how long an open editor counts without a heartbeat:
	// a closed tab drops out 25-40 s after it left, and a reload or a
	// save (which reloads the page) does not flicker.
	presenceTTL = 40 * time.Second
	// presenceBeat renews an open editor's entry.
	presenceBeat = 15 * time.Second
	// MaxStaffStreams bounds the streams one user holds open on one
	// instance (tabs); more answer 429.
	MaxStaffStreams = 8
)

// presenceHub keeps who has which post open, on every instance, and the
// streams of this one.
type presenceHub struct {
	n       *Newsroom
	mu      sync.Mutex
	posts   map[string]map[string]events.Presence // post id -> conn id -> entry
	streams map[*staffStream]struct{}
	perUser map[string]int
	closed  chan struct{}
	once    sync.Once
}

// staffStream is one open /newsroom/events response.
type staffStream struct {
	id     string
	user   *domain.User
	loc    *locale
	postID string // "" when not on an editor it may use
	out    chan string
	unread chan struct{}
	last   string // the presence message last sent
}

func newPresenceHub(n *Newsroom) *presenceHub {
	h := &presenceHub{n: n, posts: map[string]map[string]events.Presence{}, streams: map[*staffStream]struct{}{},
		perUser: map[string]int{}, closed: make(chan struct{})}
	n.Staff.OnEvent(h.onEvent)
	go h.sweep()
	return h
}

// Close ends every stream (server shutdown).
func (h *presenceHub) Close() { h.once.Do(func() { close(h.closed) }) }

func (h *presenceHub) onEvent(e events.Event) {
	switch e.Type {
	case events.PresenceChanged:
		p := e.Presence
		if p == nil || p.PostID == "" {
			return
		}
		h.mu.Lock()
		conns := h.posts[p.PostID]
		var reply []*staffStream
		if p.Until.IsZero() || !p.Until.After(time.Now()) {
			delete(conns, p.Conn)
		} else {
			if conns == nil {
				conns = map[string]events.Presence{}
				h.posts[p.PostID] = conns
			}
			if _, known := conns[p.Conn]; !known && e.Remote {
				// Someone new on another instance: tell them at once who
				// is here rather than at our next heartbeat.
				for s := range h.streams {
					if s.postID == p.PostID {
						reply = append(reply, s)
					}
				}
			}
			conns[p.Conn] = *p
		}
		if len(conns) == 0 {
			delete(h.posts, p.PostID)
		}
		h.pushLocked(p.PostID)
		h.mu.Unlock()
		if len(reply) > 0 {
			go func() {
				for _, s := range reply {
					h.announce(s)
				}
			}()
		}
	case events.NotificationsChanged:
		users := map[string]bool{}
		for _, id := range e.Users {
			users[id] = true
		}
		h.mu.Lock()
		for s := range h.streams {
			if users[s.user.ID] {
				select {
				case s.unread <- struct{}{}:
				default:
				}
			}
		}
		h.mu.Unlock()
	}
}

// sweep drops entries whose heartbeat stopped (a closed tab, an instance
// that went away) and tells the others.
func (h *presenceHub) sweep() {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.closed:
			return
		case now := <-t.C:
			h.mu.Lock()
			for post, conns := range h.posts {
				changed := false
				for id, p := range conns {
					if !p.Until.After(now) {
						delete(conns, id)
						changed = true
					}
				}
				if len(conns) == 0 {
					delete(h.posts, post)
				}
				if changed {
					h.pushLocked(post)
				}
			}
			h.mu.Unlock()
		}
	}
}

// presenceEditor is one other person in a presence message.
type presenceEditor struct {
	Name   string `json:"name"`
	Avatar string `json:"avatar,omitempty"`
}

// pushLocked sends each local stream on post the people other than its
// user who have post open, when that changed.
func (h *presenceHub) pushLocked(post string) {
	for s := range h.streams {
		if s.postID != post {
			continue
		}
		msg := h.messageLocked(s)
		if msg == s.last {
			continue
		}
		select {
		case s.out <- msg:
			s.last = msg
		default: // a stuck stream catches up at the next change
		}
	}
}

func (h *presenceHub) messageLocked(s *staffStream) string {
	seen := map[string]bool{s.user.ID: true}
	var others []presenceEditor
	for _, p := range h.posts[s.postID] {
		if seen[p.UserID] {
			continue
		}
		seen[p.UserID] = true
		others = append(others, presenceEditor{Name: p.Name, Avatar: p.Avatar})
	}
	sort.Slice(others, func(i, j int) bool { return others[i].Name < others[j].Name })
	text := ""
	switch len(others) {
	case 0:
	case 1:
		text = s.loc.T("%s is also editing this story.", others[0].Name)
	default:
		names := make([]string, len(others))
		for i, o := range others {
			names[i] = o.Name
		}
		text = s.loc.T("%s are also editing this story.", strings.Join(names, ", "))
	}
	b, _ := json.Marshal(map[string]any{"post": s.postID, "editors": others, "text": text})
	return sseMessage("presence", string(b))
}

// announce tells every instance that s has its post open, for presenceTTL.
func (h *presenceHub) announce(s *staffStream) {
	if s.postID == "" {
		return
	}
	u := s.user
	h.n.Staff.Publish(events.Event{Type: events.PresenceChanged, PostID: s.postID, Presence: &events.Presence{
		Conn: s.id, UserID: u.ID, Name: u.Name, Avatar: u.Avatar, PostID: s.postID, Until: time.Now().Add(presenceTTL)}})
}

func sseMessage(event, data string) string {
	return "event: " + event + "\ndata: " + data + "\n\n"
}

// events serves GET /newsroom/events[?post=ID].
func (n *Newsroom) staffEvents(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	h := n.presence
	rc := http.NewResponseController(w)
	s := &staffStream{id: domain.NewID(), user: u, loc: n.staffLocale(r, u), out: make(chan string, 16), unread: make(chan struct{}, 1)}
	// Presence only for a post the user may edit: a contributor learns
	// nothing about anyone else's story, not even that it exists.
	if id := r.URL.Query().Get("post"); id != "" {
		if p, err := n.Store.PostByID(r.Context(), id); err == nil && domain.Can(u, domain.ActionEditPost, p) {
			s.postID = p.ID
		}
	}
	h.mu.Lock()
	if h.perUser[u.ID] >= MaxStaffStreams {
		h.mu.Unlock()
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Too many open newsroom pages.", http.StatusTooManyRequests)
		return nil
	}
	h.perUser[u.ID]++
	h.streams[s] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.streams, s)
		if h.perUser[u.ID]--; h.perUser[u.ID] <= 0 {
			delete(h.perUser, u.ID)
		}
		h.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 5000\n\n")
	if err := n.writeUnread(w, r, u); err != nil {
		return nil
	}
	announce := func() { h.announce(s) }
	if s.postID != "" {
		announce()
		h.mu.Lock()
		msg := h.messageLocked(s)
		s.last = msg
		h.mu.Unlock()
		fmt.Fprint(w, msg)
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	beat := time.NewTicker(presenceBeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil // the entry lapses after presenceTTL: a reload keeps it
		case <-h.closed:
			return nil
		case <-beat.C:
			announce()
			fmt.Fprint(w, ": beat\n\n")
		case msg := <-s.out:
			fmt.Fprint(w, msg)
		case <-s.unread:
			if err := n.writeUnread(w, r, u); err != nil {
				return nil
			}
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

func (n *Newsroom) writeUnread(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	c, err := n.Store.UnreadNotifications(r.Context(), u.ID)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(w, sseMessage("notifications", fmt.Sprintf(`{"unread":%d}`, c)))
	return err
}
