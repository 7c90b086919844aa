package webhooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/ghost"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/webhooks"
)

// received is one request the test receiver got.
type received struct {
	event, id, attempt string
	body               []byte
	signed             bool
	code               int
}

// receiver counts deliveries; it answers 500 to the first fail requests.
type receiver struct {
	mu     sync.Mutex
	fail   int
	secret string
	got    []received
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_, signed := webhooks.Verify(body, rc.secret, r.Header.Get("X-Ghost-Signature"))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	code := http.StatusOK
	if rc.fail > 0 {
		rc.fail--
		code = http.StatusInternalServerError
	}
	rc.got = append(rc.got, received{event: r.Header.Get(webhooks.EventHeader), id: r.Header.Get(webhooks.DeliveryHeader),
		attempt: r.Header.Get(webhooks.AttemptHeader), body: body, signed: signed, code: code})
	w.WriteHeader(code)
}

// delivered returns the requests answered 2xx.
func (rc *receiver) delivered() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []received
	for _, g := range rc.got {
		if g.code < 300 {
			out = append(out, g)
		}
	}
	return out
}

type hookEnv struct {
	store storage.Store
	svc   *publish.Service
	user  *domain.User
	in    *domain.Integration
}

func newHookEnv(t *testing.T) *hookEnv { return newHookEnvTB(t) }

func newHookEnvTB(t testing.TB) *hookEnv {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "test.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	bus := events.NewBus()
	out := &webhooks.Outbox{Store: store, Shapes: ghost.Shapes{SiteURL: "https://news.example"}, AllowPrivate: true}
	out.Follow(bus)
	u := &domain.User{Author: domain.Author{Name: "Editor"}, Role: domain.RoleEditor}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	in, err := domain.NewIntegration("Receiver", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	return &hookEnv{store: store, svc: &publish.Service{Store: store, Events: bus, Webhooks: out}, user: u, in: in}
}

func (e *hookEnv) subscribe(t testing.TB, url, secret string, evs ...string) {
	t.Helper()
	for _, ev := range evs {
		if err := e.store.CreateWebhook(context.Background(), &storage.Webhook{IntegrationID: e.in.ID, Event: ev, TargetURL: url, Secret: secret}); err != nil {
			t.Fatal(err)
		}
	}
	e.svc.Webhooks.Invalidate()
}

func (e *hookEnv) deliverer(allowPrivate bool) *webhooks.Deliverer {
	return &webhooks.Deliverer{Store: e.store, Client: webhooks.NewClient(allowPrivate, 5*time.Second), Log: slog.New(slog.DiscardHandler),
		ContentVersion: ghost.Version, RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond, Poll: 10 * time.Millisecond}
}

// run runs d until the test ends, or until the returned stop is called.
func run(t *testing.T, d *webhooks.Deliverer) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestDeliveriesAsGhostSendsThem(t *testing.T) {
	e := newHookEnv(t)
	rc := &receiver{secret: "shh", fail: 3}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	e.subscribe(t, srv.URL, "shh", "post.published", "post.edited", "post.published.edited", "post.deleted", "site.changed", "post.tag.attached")
	ctx := context.Background()
	a := publish.Actor{User: e.user}
	p := &domain.Post{Kind: domain.KindArticle, Title: "Bridge reopens", BodyMD: "The bridge reopened today.",
		Authors: []domain.Author{e.user.Author}, Tags: []domain.Tag{{Name: "City"}}}
	if err := e.svc.Create(ctx, a, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	// Five edits while the receiver fails: they must arrive in order.
	for i := 1; i <= 5; i++ {
		old, _ := e.store.PostByID(ctx, p.ID)
		next := *old
		next.Title = fmt.Sprintf("Bridge reopens (%d)", i)
		if err := e.svc.Update(ctx, a, old, &next, publish.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Delete(ctx, a, p.ID); err != nil {
		t.Fatal(err)
	}
	// Nothing is sent before the deliverer runs: the events wait in the outbox.
	if len(rc.delivered()) != 0 {
		t.Fatal("sent without a deliverer")
	}
	d := e.deliverer(true)
	var omu sync.Mutex
	results := map[string]int{}
	d.Observe = func(result string, _ time.Duration) { omu.Lock(); results[result]++; omu.Unlock() }
	run(t, d)
	// published, tag.attached, 5 x (edited, published.edited), deleted; site.changed 7 times.
	want := 1 + 1 + 10 + 1 + 7
	waitFor(t, "every delivery", func() bool { return len(rc.delivered()) >= want })
	time.Sleep(100 * time.Millisecond)
	got := rc.delivered()
	if len(got) != want {
		t.Fatalf("delivered %d, want %d", len(got), want)
	}
	seen := map[string]bool{}
	var editedTitles []string
	for _, g := range got {
		if seen[g.id] {
			t.Errorf("delivery %s answered 2xx twice", g.id)
		}
		seen[g.id] = true
		if !g.signed {
			t.Errorf("%s: bad signature", g.event)
		}
		var body struct {
			Post struct {
				Current  map[string]any `json:"current"`
				Previous map[string]any `json:"previous"`
			} `json:"post"`
			Tag struct {
				Current map[string]any `json:"current"`
			} `json:"tag"`
		}
		if err := json.Unmarshal(g.body, &body); err != nil {
			t.Fatalf("%s: %v", g.event, err)
		}
		switch g.event {
		case "post.edited":
			editedTitles = append(editedTitles, body.Post.Current["title"].(string))
			if body.Post.Previous["title"] == nil || body.Post.Previous["slug"] != nil {
				t.Errorf("previous should hold what changed: %v", body.Post.Previous)
			}
		case "post.published":
			if body.Post.Current["status"] != "published" || body.Post.Current["id"] != p.ID || body.Post.Current["url"] == nil {
				t.Errorf("published payload: %s", g.body)
			}
			if tags, _ := body.Post.Current["tags"].([]any); len(tags) != 1 {
				t.Errorf("published payload without its tag: %s", g.body)
			}
		case "post.tag.attached":
			if body.Tag.Current["slug"] != "city" {
				t.Errorf("tag.attached payload: %s", g.body)
			}
		case "post.deleted":
			if len(body.Post.Current) != 0 || body.Post.Previous["id"] != p.ID {
				t.Errorf("deleted payload: %s", g.body)
			}
		case "site.changed":
			if string(g.body) != "{}" {
				t.Errorf("site.changed payload: %s", g.body)
			}
		}
	}
	if fmt.Sprint(editedTitles) != "[Bridge reopens (1) Bridge reopens (2) Bridge reopens (3) Bridge reopens (4) Bridge reopens (5)]" {
		t.Errorf("edits out of order: %v", editedTitles)
	}
	// The three failures were tried again under the same id.
	rc.mu.Lock()
	failed := rc.got[:3]
	rc.mu.Unlock()
	for _, f := range failed {
		if f.code != 500 || !seen[f.id] {
			t.Errorf("failed delivery %s never delivered", f.id)
		}
	}
	omu.Lock()
	if results["retry"] != 3 || results["delivered"] != want || results["failed"] != 0 {
		t.Errorf("observed attempts: %v", results)
	}
	omu.Unlock()
	// The log shows each webhook's deliveries (recorded just after the
	// receiver answered).
	hooks, _ := e.store.ListWebhooks(ctx, e.in.ID)
	waitFor(t, "every delivery recorded", func() bool {
		for _, h := range hooks {
			ds, _ := e.store.ListDeliveries(ctx, h.ID, 100)
			for _, d := range ds {
				if d.Status != storage.DeliveryDelivered {
					return false
				}
			}
		}
		return true
	})
	for _, h := range hooks {
		ds, err := e.store.ListDeliveries(ctx, h.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Status != storage.DeliveryDelivered || d.LastCode != 200 || d.DeliveredAt.IsZero() {
				t.Errorf("%s: %+v", h.Event, d)
			}
		}
	}
}

func TestPrivateTargetsRefusedWhenDelivering(t *testing.T) {
	e := newHookEnv(t)
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	// Saved while allowed (or through a name that resolves to it later):
	// the dialer refuses it when it connects.
	target := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	e.subscribe(t, target, "", "post.added")
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindArticle, Title: "Draft", BodyMD: "Text.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, publish.Actor{User: e.user}, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	stop := run(t, e.deliverer(false))
	hooks, _ := e.store.ListWebhooks(ctx, e.in.ID)
	var d *storage.Delivery
	waitFor(t, "the refusal", func() bool {
		ds, _ := e.store.ListDeliveries(ctx, hooks[0].ID, 10)
		if len(ds) == 1 && ds[0].Status == storage.DeliveryFailed {
			d = ds[0]
			return true
		}
		return false
	})
	if !strings.Contains(d.LastError, "private") || d.Attempts != 1 {
		t.Fatalf("refusal: %+v", d)
	}
	if len(rc.got) != 0 {
		t.Fatalf("the receiver was reached %d times", len(rc.got))
	}
	// "Send again" with private addresses allowed delivers it.
	stop()
	if err := e.store.RetryDelivery(ctx, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	run(t, e.deliverer(true))
	waitFor(t, "the delivery sent again", func() bool { return len(rc.delivered()) == 1 })
	if got := rc.delivered()[0]; got.id != d.ID || got.attempt != "2" {
		t.Fatalf("sent again as %+v", got)
	}
}

func TestNoPayloadWithoutSubscribers(t *testing.T) {
	e := newHookEnv(t)
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindArticle, Title: "Quiet", BodyMD: "Text.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, publish.Actor{User: e.user}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if n, err := e.store.PruneDeliveries(ctx, time.Now().Add(time.Hour)); err != nil || n != 0 {
		t.Fatalf("prune: %d %v", n, err)
	}
	if evs := e.svc.Webhooks.PostChange(ctx, nil, p, time.Now()); len(evs) != 0 {
		t.Fatalf("events with nobody subscribed: %d", len(evs))
	}
}

// TestLiveEntryEvent: the event live blogs store with an entry, with the
// post and the entry as they are after the write.
func TestLiveEntryEvent(t *testing.T) {
	e := newHookEnv(t)
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindArticle, Title: "Live: the vote", BodyMD: "Following the vote.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, publish.Actor{User: e.user}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	if evs := e.svc.LiveEntryWebhooks(ctx, p, map[string]string{"id": "x"}); len(evs) != 0 {
		t.Fatal("an event with nobody subscribed")
	}
	e.subscribe(t, "https://hooks.example.org/live", "", webhooks.LiveEntryPublished)
	entry := &struct {
		ID   string `json:"id"`
		Body string `json:"body"`
	}{Body: "The count begins."}
	evs := e.svc.LiveEntryWebhooks(ctx, p, entry)
	entry.ID = "entry-1" // given by the write, before the event is stored
	if err := e.store.Enqueue(ctx, evs); err != nil {
		t.Fatal(err)
	}
	hooks, _ := e.store.ListWebhooks(ctx, e.in.ID)
	ds, _ := e.store.ListDeliveries(ctx, hooks[0].ID, 10)
	if len(ds) != 1 {
		t.Fatalf("deliveries: %d", len(ds))
	}
	d, _ := e.store.DeliveryByID(ctx, ds[0].ID)
	var body struct {
		Post struct {
			Current struct{ ID string } `json:"current"`
		} `json:"post"`
		Entry struct{ ID, Body string } `json:"entry"`
	}
	if err := json.Unmarshal(d.Payload, &body); err != nil || body.Post.Current.ID != p.ID || body.Entry.ID != "entry-1" || d.Key != p.ID {
		t.Fatalf("payload %s: %v", d.Payload, err)
	}
}

// TestLiveEntryPublishedThroughTheDesk: an entry published through the
// publishing service stores live.entry.published in its own write; a
// draft does not until an editor publishes it, and an edit of a
// published entry sends nothing more.
func TestLiveEntryPublishedThroughTheDesk(t *testing.T) {
	e := newHookEnv(t)
	ctx := context.Background()
	actor := publish.Actor{User: e.user}
	p := &domain.Post{Kind: domain.KindLive, Title: "Live: the flood", BodyMD: "Following the river.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, actor, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	e.subscribe(t, "https://hooks.example.org/live", "", webhooks.LiveEntryPublished)
	hooks, _ := e.store.ListWebhooks(ctx, e.in.ID)
	count := func() int {
		ds, err := e.store.ListDeliveries(ctx, hooks[0].ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}
	draft := &domain.LiveEntry{Title: "Barriers", BodyMD: "Barriers go up at the quay.", Status: domain.EntryDraft}
	if err := e.svc.AddEntry(ctx, actor, p, draft); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("a draft entry sent %d deliveries", n)
	}
	live := &domain.LiveEntry{Title: "Peak", BodyMD: "The river peaks at **4.62 m**."}
	if err := e.svc.AddEntry(ctx, actor, p, live); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("a published entry: %d deliveries, want 1", n)
	}
	ds, _ := e.store.ListDeliveries(ctx, hooks[0].ID, 50)
	d, _ := e.store.DeliveryByID(ctx, ds[0].ID)
	var body struct {
		Post struct{ Current struct{ ID string } } `json:"post"`
	}
	var raw struct {
		Entry map[string]any `json:"entry"`
	}
	if err := json.Unmarshal(d.Payload, &body); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(d.Payload, &raw)
	if body.Post.Current.ID != p.ID || raw.Entry["id"] != live.ID || raw.Entry["url_path"] != "/"+p.Slug+"/entries/"+live.ID+"/" ||
		!strings.Contains(raw.Entry["html"].(string), "<strong>4.62 m</strong>") || raw.Entry["published_at"] == nil {
		t.Fatalf("payload %s", d.Payload)
	}
	published := *draft
	published.Status = domain.EntryPublished
	if err := e.svc.EditEntry(ctx, actor, p, &published, publish.EntryOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Fatalf("a draft published: %d deliveries, want 2", n)
	}
	edited := *live
	edited.BodyMD = "The river peaks at 4.62 m at the Iron Bridge."
	if err := e.svc.EditEntry(ctx, actor, p, &edited, publish.EntryOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Fatalf("an edit of a published entry sent a delivery (%d)", n)
	}
}

// payloadOf returns the payload of the only delivery of the webhook on event.
func (e *hookEnv) payloadOf(t *testing.T, event string) map[string]any {
	t.Helper()
	ctx := context.Background()
	hooks, _ := e.store.ListWebhooks(ctx, e.in.ID)
	for _, h := range hooks {
		if h.Event != event {
			continue
		}
		ds, _ := e.store.ListDeliveries(ctx, h.ID, 10)
		if len(ds) != 1 {
			t.Fatalf("%s: %d deliveries", event, len(ds))
		}
		d, _ := e.store.DeliveryByID(ctx, ds[0].ID)
		var out map[string]any
		if err := json.Unmarshal(d.Payload, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Fatalf("no webhook on %s", event)
	return nil
}

// TestCorrectionAndTagEvents: post.corrected names the note as saved;
// tag.edited carries what changed; both are stored with their change.
func TestCorrectionAndTagEvents(t *testing.T) {
	e := newHookEnv(t)
	ctx := context.Background()
	e.subscribe(t, "https://hooks.example.org/x", "", webhooks.PostCorrected, webhooks.TagEdited)
	a := publish.Actor{User: e.user}
	p := &domain.Post{Kind: domain.KindArticle, Title: "Budget", BodyMD: "The budget.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, a, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	c := &domain.Correction{Kind: "correction", Body: "The budget is 4 million, not 40."}
	if err := e.svc.Correct(ctx, a, p, c); err != nil {
		t.Fatal(err)
	}
	got := e.payloadOf(t, webhooks.PostCorrected)
	note, _ := got["correction"].(map[string]any)
	if note["id"] != c.ID || c.ID == "" || note["change"] != "added" || note["body"] != c.Body {
		t.Fatalf("post.corrected: %v", got)
	}
	tag := &domain.Tag{Name: "City"}
	if err := e.store.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	old := *tag
	tag.Name = "City hall"
	if err := e.store.UpdateTag(ctx, tag, e.svc.Webhooks.TagChange(ctx, &old, tag)...); err != nil {
		t.Fatal(err)
	}
	got = e.payloadOf(t, webhooks.TagEdited)
	tg := got["tag"].(map[string]any)
	if tg["current"].(map[string]any)["name"] != "City hall" || tg["previous"].(map[string]any)["name"] != "City" {
		t.Fatalf("tag.edited: %v", got)
	}
	// A failed tag write stores no event.
	clash := &domain.Tag{Name: "Other", Slug: "other"}
	if err := e.store.CreateTag(ctx, clash); err != nil {
		t.Fatal(err)
	}
	old = *clash
	clash.Slug = tag.Slug
	if err := e.store.UpdateTag(ctx, clash, e.svc.Webhooks.TagChange(ctx, &old, clash)...); err == nil {
		t.Fatal("a taken slug was saved")
	}
	if got := e.payloadOf(t, webhooks.TagEdited); got["tag"].(map[string]any)["current"].(map[string]any)["name"] != "City hall" {
		t.Fatalf("the failed edit queued an event: %v", got)
	}
}
