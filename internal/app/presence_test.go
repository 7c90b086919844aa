package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/newsroom"
	"newsdesk/internal/notify"
	"newsdesk/internal/testsupport"
)

// staffStream opens /newsroom/events as u (post may be "") and returns its
// events; it closes when the test ends.
func staffStream(t *testing.T, a *App, srv *httptest.Server, u *domain.User, post string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	url := srv.URL + "/newsroom/events"
	if post != "" {
		url += "?post=" + post
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.AddCookie(sessionCookie(t, a, u))
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream for %s: %d %s", u.Name, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream compressed: %s", res.Header.Get("Content-Encoding"))
	}
	return readSSE(res.Body)
}

type presenceMsg struct {
	Post    string `json:"post"`
	Text    string `json:"text"`
	Editors []struct {
		Name string `json:"name"`
	} `json:"editors"`
}

// nextOf returns the next event of type typ, skipping others.
func nextOf(t *testing.T, ch <-chan sseEvent, typ string, within time.Duration) sseEvent {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("no %s event within %s", typ, within)
		}
		e, ok := nextSSE(t, ch, left)
		if !ok {
			t.Fatalf("stream ended waiting for %s", typ)
		}
		if e.Type == typ {
			return e
		}
	}
}

// waitEditors waits for a presence message naming exactly names.
func waitEditors(t *testing.T, ch <-chan sseEvent, within time.Duration, names ...string) presenceMsg {
	t.Helper()
	deadline := time.Now().Add(within)
	var last presenceMsg
	for time.Now().Before(deadline) {
		e := nextOf(t, ch, "presence", time.Until(deadline))
		last = presenceMsg{}
		json.Unmarshal([]byte(e.Data), &last)
		var got []string
		for _, ed := range last.Editors {
			got = append(got, ed.Name)
		}
		if strings.Join(got, ",") == strings.Join(names, ",") {
			return last
		}
	}
	t.Fatalf("presence never named %v; last %+v", names, last)
	return last
}

func unreadOf(t *testing.T, e sseEvent) int {
	var d struct{ Unread int }
	if err := json.Unmarshal([]byte(e.Data), &d); err != nil {
		t.Fatalf("notifications event %q: %v", e.Data, err)
	}
	return d.Unread
}

// TestPresenceTwoSessions: two editors with one story open each learn of
// the other; a contributor who cannot edit it learns nothing and is not
// shown; the bell's count follows notifications live; no session, no
// stream; streams per user are bounded.
func TestPresenceTwoSessions(t *testing.T) {
	a, srv := startApp(t)
	iryna := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	mykola := addUser(t, a, "Mykola Bondar", "mykola@example.org", domain.RoleEditor, "Night editor")
	carl := addUser(t, a, "Carl Contributor", "carl@example.org", domain.RoleContributor, "Contributor")
	p := livePost(t, a, iryna, "Storm closes schools", "RIVERTON — Schools are closed.")

	one := staffStream(t, a, srv, iryna, p.ID)
	if u := unreadOf(t, nextOf(t, one, "notifications", 5*time.Second)); u != 0 {
		t.Fatalf("unread at first: %d", u)
	}
	waitEditors(t, one, 5*time.Second) // nobody else yet
	two := staffStream(t, a, srv, mykola, p.ID)
	got := waitEditors(t, two, 5*time.Second, "Iryna Savchuk")
	if got.Text != "Iryna Savchuk is also editing this story." || got.Post != p.ID {
		t.Fatalf("Mykola sees %+v", got)
	}
	waitEditors(t, one, 5*time.Second, "Mykola Bondar")

	// The contributor asks about a post that is not theirs: no presence
	// for them, and nobody is told they looked.
	three := staffStream(t, a, srv, carl, p.ID)
	nextOf(t, three, "notifications", 5*time.Second)
	if err := a.Notifier.Notify(context.Background(), notify.Event{Kind: notify.Mentioned, Recipients: []string{iryna.ID},
		ActorID: mykola.ID, PostID: p.ID, PostTitle: p.Title, Note: "@Iryna check the headline", Path: "/newsroom/posts/" + p.ID}); err != nil {
		t.Fatal(err)
	}
	e, _ := nextSSE(t, one, 5*time.Second)
	if e.Type != "notifications" || unreadOf(t, e) != 1 {
		t.Fatalf("after the contributor connected, Iryna's next event is %+v (want the notification, no presence)", e)
	}
	select {
	case e := <-three:
		t.Fatalf("the contributor got %+v", e)
	case <-time.After(300 * time.Millisecond):
	}

	// Without a session: 401, never a stream.
	res, err := http.Get(srv.URL + "/newsroom/events?post=" + p.ID)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no session: %d", res.StatusCode)
	}
	// Bounded per user: Carl has one open; fill up, then one more is 429.
	for range newsroom.MaxStaffStreams - 1 {
		staffStream(t, a, srv, carl, "")
	}
	req, _ := http.NewRequest("GET", srv.URL+"/newsroom/events", nil)
	req.AddCookie(sessionCookie(t, a, carl))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("stream %d for one user: %d", newsroom.MaxStaffStreams+1, res.StatusCode)
	}
}

// TestPresenceAcrossInstances: two instances share PostgreSQL; an editor
// on each has the same story open and each sees the other, through the
// staff relay; a notification made on one updates the bell on the other.
func TestPresenceAcrossInstances(t *testing.T) {
	dsn := testsupport.PostgresDB(t)
	useDB := func(c *config.Config) { c.DB = dsn }
	a1, srv1 := startAppWith(t, useDB)
	a2, srv2 := startAppWith(t, useDB)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	a1.StartStaff(ctx)
	a2.StartStaff(ctx)
	iryna := addUser(t, a1, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	mykola := addUser(t, a1, "Mykola Bondar", "mykola@example.org", domain.RoleEditor, "Night editor")
	p := livePost(t, a1, iryna, "Storm closes schools", "RIVERTON — Schools are closed.")
	time.Sleep(500 * time.Millisecond) // both relays listening

	one := staffStream(t, a1, srv1, iryna, p.ID)
	two := staffStream(t, a2, srv2, mykola, p.ID)
	waitEditors(t, two, 10*time.Second, "Iryna Savchuk")
	waitEditors(t, one, 10*time.Second, "Mykola Bondar")

	if err := a1.Notifier.Notify(ctx, notify.Event{Kind: notify.Assigned, Recipients: []string{mykola.ID}, ActorID: iryna.ID,
		PostID: p.ID, PostTitle: p.Title, Path: "/newsroom/posts/" + p.ID}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if unreadOf(t, nextOf(t, two, "notifications", time.Until(deadline))) == 1 {
			break
		}
	}
}
