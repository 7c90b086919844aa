package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/loadtest"
	"newsdesk/internal/testsupport"
	"newsdesk/internal/webhooks"
)

// hookReceiver is a webhook target in the test process. It counts every
// request, answers 500 until failUntil, and holds each request for delay
// before answering, so a SIGKILL often lands between the receiver
// deciding on a 2xx and the sender recording it.
type hookReceiver struct {
	secret string
	delay  time.Duration

	mu        sync.Mutex
	failUntil time.Time
	failNext  int // answer 500 to this many more requests
	got       []hookRequest
}

type hookRequest struct {
	delivery, event, post, title string
	code                         int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	code := http.StatusOK
	if _, ok := webhooks.Verify(body, h.secret, r.Header.Get("X-Ghost-Signature")); !ok {
		code = http.StatusUnauthorized
	}
	var payload struct {
		Post struct {
			Current struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"current"`
		} `json:"post"`
	}
	json.Unmarshal(body, &payload)
	time.Sleep(h.delay)
	h.mu.Lock()
	if code == http.StatusOK && (time.Now().Before(h.failUntil) || h.failNext > 0) {
		code = http.StatusInternalServerError
		if h.failNext > 0 {
			h.failNext--
		}
	}
	h.got = append(h.got, hookRequest{delivery: r.Header.Get(webhooks.DeliveryHeader), event: r.Header.Get(webhooks.EventHeader),
		post: payload.Post.Current.ID, title: payload.Post.Current.Title, code: code})
	h.mu.Unlock()
	w.WriteHeader(code)
}

func (h *hookReceiver) failFor(d time.Duration) {
	h.mu.Lock()
	h.failUntil = time.Now().Add(d)
	h.mu.Unlock()
}

// accepted returns the requests answered 2xx for event.
func (h *hookReceiver) accepted(event string) []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []hookRequest
	for _, g := range h.got {
		if g.code == http.StatusOK && g.event == event {
			out = append(out, g)
		}
	}
	return out
}

func (h *hookReceiver) count() (all, failed int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, g := range h.got {
		if g.code != http.StatusOK {
			failed++
		}
	}
	return len(h.got), failed
}

// hookCluster is several "newsdesk serve" processes on one PostgreSQL.
type hookCluster struct {
	t   *testing.T
	bin string
	db  string
	// media is the shared S3-compatible store's --media-url, or empty
	// for each instance's data folder.
	media string
	dirs  []string
	srvs  []*loadtest.Server
	keys  loadtest.Keys
}

// webhookServeArgs: the receiver is on 127.0.0.1; retries and take-overs
// are fast so the test does not wait a minute per crash.
var webhookServeArgs = []string{"--webhooks-allow-private", "--webhook-retry", "100ms", "--webhook-lease", "5s"}

func newHookCluster(t *testing.T, bin string, n int, media string) *hookCluster {
	t.Helper()
	c := &hookCluster{t: t, bin: bin, db: testsupport.PostgresDB(t), media: media}
	for i := range n {
		c.dirs = append(c.dirs, filepath.Join(t.TempDir(), fmt.Sprint("instance-", i)))
	}
	st := c.storage(0)
	var err error
	if c.keys, err = loadtest.AddIntegration(context.Background(), bin, st, "Webhook test"); err != nil {
		t.Fatal(err)
	}
	add := exec.Command(bin, append([]string{"user", "add", "--email", "desk@example.org", "--name", "Night Desk", "--role", "editor", "--password-stdin"}, st.Flags()...)...)
	add.Stdin = strings.NewReader("correct horse battery staple\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	c.srvs = make([]*loadtest.Server, n)
	for i := range n {
		c.start(i)
	}
	t.Cleanup(func() {
		for _, s := range c.srvs {
			if s != nil && !s.Exited() {
				s.Kill()
			}
		}
	})
	return c
}

func (c *hookCluster) storage(i int) loadtest.Storage {
	return loadtest.Storage{Data: c.dirs[i], DB: c.db, MediaURL: c.media}
}

func (c *hookCluster) start(i int) {
	c.t.Helper()
	s, err := loadtest.Start(context.Background(), c.bin, c.storage(i), loadtest.ServerOptions{Args: webhookServeArgs})
	if err != nil {
		c.t.Fatal(err)
	}
	c.srvs[i] = s
}

func (c *hookCluster) admin(i int) *loadtest.Admin {
	return &loadtest.Admin{URL: c.srvs[i].URL, Key: c.keys.AdminKey, HTTP: &http.Client{Timeout: 20 * time.Second}}
}

// addWebhook subscribes target to event through the Admin API of
// instance i, as a Ghost client would.
func (c *hookCluster) addWebhook(i int, event, target, secret string) {
	c.t.Helper()
	tok, err := loadtest.AdminToken(c.keys.AdminKey)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"webhooks": []any{map[string]any{"event": event, "target_url": target, "secret": secret}}})
	req, _ := http.NewRequest("POST", c.srvs[i].URL+"/ghost/api/admin/webhooks/", bytes.NewReader(b))
	req.Header.Set("Authorization", "Ghost "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		c.t.Fatalf("add webhook: %d %s", res.StatusCode, body)
	}
}

func (c *hookCluster) logs() string {
	var b strings.Builder
	for i, s := range c.srvs {
		if s != nil {
			fmt.Fprintf(&b, "--- instance %d:\n%s\n", i, s.Tail(3000))
		}
	}
	return b.String()
}

// waitDelivered waits until every id in want has a 2xx for event.
func waitDelivered(t *testing.T, rc *hookReceiver, c *hookCluster, event string, want map[string]bool, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		got := map[string]bool{}
		for _, g := range rc.accepted(event) {
			got[g.post] = true
		}
		missing := 0
		for id := range want {
			if !got[id] {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			all, failed := rc.count()
			t.Fatalf("%d of %d %s events never delivered (receiver saw %d requests, %d failed)\n%s", missing, len(want), event, all, failed, c.logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestWebhookDelivery runs real "newsdesk serve" processes on PostgreSQL
// against a receiver in the test process. Without kills, while the
// receiver fails for a while: every event arrives, in order per post, and
// none twice after a 2xx. With instances SIGKILLed and restarted in the
// middle: every event still arrives, and the duplicates (a kill between
// the receiver's 2xx and its recording) carry the same delivery id.
func TestWebhookDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs several servers; -short skips it")
	}
	testsupport.PostgresURL(t)
	bin, err := loadtest.Build(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("retries", func(t *testing.T) { webhookRetries(t, bin) })
	t.Run("kills", func(t *testing.T) { webhookKills(t, bin) })
}

func webhookRetries(t *testing.T, bin string) {
	ctx := context.Background()
	c := newHookCluster(t, bin, 2, "")
	rc := &hookReceiver{secret: "s3cret"}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	c.addWebhook(0, "post.published", srv.URL+"/published", "s3cret")
	c.addWebhook(1, "post.edited", srv.URL+"/edited", "s3cret")
	time.Sleep(200 * time.Millisecond) // the other instance hears of the webhooks over LISTEN/NOTIFY
	rc.failFor(1500 * time.Millisecond)
	published := map[string]bool{}
	var posts []*loadtest.Post
	for i := range 12 {
		status, p, err := c.admin(i%2).Publish(ctx, fmt.Sprintf("Retry story %d", i), "Kyiv — words.", nil)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("publish: %d %v", status, err)
		}
		published[p.ID] = true
		posts = append(posts, p)
	}
	// Three edits of each of four posts, alternating instances.
	edited := map[string]bool{}
	for _, p := range posts[:4] {
		cur := p
		for v := 1; v <= 3; v++ {
			status, np, err := c.admin(v%2).Call(ctx, "PUT", "posts/"+cur.ID+"/", map[string]any{"posts": []any{map[string]any{
				"title": fmt.Sprintf("%s v%d", p.Title, v), "updated_at": cur.UpdatedAt}}})
			if err != nil || status != http.StatusOK {
				t.Fatalf("edit: %d %v", status, err)
			}
			cur = np
		}
		edited[p.ID] = true
	}
	waitDelivered(t, rc, c, "post.published", published, 60*time.Second)
	waitDelivered(t, rc, c, "post.edited", edited, 60*time.Second)
	time.Sleep(500 * time.Millisecond) // anything sent twice would arrive by now
	_, failed := rc.count()
	if failed == 0 {
		t.Fatal("the receiver never failed: the retries were not tested")
	}
	seen := map[string]int{}
	for _, ev := range []string{"post.published", "post.edited"} {
		for _, g := range rc.accepted(ev) {
			seen[g.delivery]++
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("delivery %s answered 2xx %d times without a crash", id, n)
		}
	}
	if len(seen) != len(published)+3*len(edited) {
		t.Errorf("%d deliveries accepted, want %d", len(seen), len(published)+3*len(edited))
	}
	titles := map[string][]string{}
	for _, g := range rc.accepted("post.edited") {
		titles[g.post] = append(titles[g.post], g.title)
	}
	for _, p := range posts[:4] {
		want := fmt.Sprintf("[%[1]s v1 %[1]s v2 %[1]s v3]", p.Title)
		if got := fmt.Sprint(titles[p.ID]); got != want {
			t.Errorf("edits of %s arrived as %s, want %s", p.ID, got, want)
		}
	}
	t.Logf("%d requests, %d answered 500 and retried", len(rc.got), failed)
}

func webhookKills(t *testing.T, bin string) {
	ctx := context.Background()
	c := newHookCluster(t, bin, 2, "")
	rc := &hookReceiver{secret: "k", delay: 60 * time.Millisecond}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	c.addWebhook(0, "post.published", srv.URL+"/published", "k")
	time.Sleep(200 * time.Millisecond)
	rng := rand.New(rand.NewPCG(7, 15))
	published := map[string]bool{}
	kills := 0
	for round := range 4 {
		if round == 1 {
			// The next ten requests fail, whichever instance sends them.
			rc.mu.Lock()
			rc.failNext = 10
			rc.mu.Unlock()
		}
		// Publish through whichever instances are up.
		for i := range 10 {
			status, p, err := c.admin((round+i)%2).Publish(ctx, fmt.Sprintf("Kill round %d story %d", round, i), "Kyiv — words.", nil)
			if err != nil || status != http.StatusCreated {
				t.Fatalf("publish: %d %v", status, err)
			}
			published[p.ID] = true
		}
		// Kill one instance while it delivers, at a random moment, and
		// bring it back.
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		victim := rng.IntN(2)
		c.srvs[victim].Kill()
		kills++
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
		c.start(victim)
	}
	waitDelivered(t, rc, c, "post.published", published, 90*time.Second)
	time.Sleep(500 * time.Millisecond)
	// Every event arrived; the duplicates are the same delivery sent again.
	byPost := map[string]map[string]int{}
	dups := 0
	for _, g := range rc.accepted("post.published") {
		if byPost[g.post] == nil {
			byPost[g.post] = map[string]int{}
		}
		byPost[g.post][g.delivery]++
		if byPost[g.post][g.delivery] > 1 {
			dups++
		}
	}
	for id, ids := range byPost {
		if !published[id] {
			t.Errorf("delivered an event of a post never published: %s", id)
		}
		if len(ids) != 1 {
			t.Errorf("post %s delivered under %d different ids: %v", id, len(ids), ids)
		}
	}
	all, failed := rc.count()
	if failed < 10 {
		t.Errorf("only %d requests failed: the receiver's failures were not all tested", failed)
	}
	t.Logf("%d kills; %d events, %d requests (%d answered 500), %d duplicates after a 2xx, each under its first delivery id",
		kills, len(published), all, failed, dups)
}
