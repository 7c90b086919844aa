package storagetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("WebhookCRUD", testWebhookCRUD)
	register("WebhookOutboxWithPosts", testWebhookOutboxWithPosts)
	register("WebhookDeliveryOrder", testWebhookDeliveryOrder)
	register("WebhookClaims", testWebhookClaims)
	register("WebhookPublishDue", testWebhookPublishDue)
}

func webhookFixture(t *testing.T, s storage.Store, events ...string) (*domain.Integration, []*storage.Webhook) {
	t.Helper()
	ctx := context.Background()
	in, err := domain.NewIntegration("Hooks", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	var hooks []*storage.Webhook
	for i, ev := range events {
		w := &storage.Webhook{IntegrationID: in.ID, Event: ev, TargetURL: fmt.Sprintf("https://example.org/hook/%d", i), Secret: "s3cret"}
		if err := s.CreateWebhook(ctx, w); err != nil {
			t.Fatal(err)
		}
		hooks = append(hooks, w)
	}
	return in, hooks
}

func testWebhookCRUD(t *testing.T, s storage.Store) {
	ctx := context.Background()
	in, hooks := webhookFixture(t, s, "post.published", "post.published", "tag.added")
	if err := s.CreateWebhook(ctx, &storage.Webhook{IntegrationID: domain.NewID(), Event: "post.added", TargetURL: "https://x.example/"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("unknown integration: %v", err)
	}
	got, err := s.WebhookByID(ctx, hooks[0].ID)
	if err != nil || got.Event != "post.published" || got.IntegrationID != in.ID || got.Secret != "s3cret" || got.CreatedAt.IsZero() {
		t.Fatalf("by id: %+v %v", got, err)
	}
	got.Event, got.TargetURL, got.Name = "post.deleted", "https://example.org/other", "Purge"
	if err := s.UpdateWebhook(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.WebhookByID(ctx, got.ID)
	if again.Event != "post.deleted" || again.TargetURL != "https://example.org/other" || again.Name != "Purge" {
		t.Fatalf("after update: %+v", again)
	}
	evs, err := s.WebhookEvents(ctx)
	if err != nil || len(evs) != 3 || !evs["post.published"] || !evs["post.deleted"] || !evs["tag.added"] {
		t.Fatalf("events: %v %v", evs, err)
	}
	list, err := s.ListWebhooks(ctx, in.ID)
	if err != nil || len(list) != 3 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	if list, _ := s.ListWebhooks(ctx, domain.NewID()); len(list) != 0 {
		t.Fatalf("another integration's list: %d", len(list))
	}
	if err := s.DeleteWebhook(ctx, hooks[2].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, hooks[2].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := s.WebhookByID(ctx, hooks[2].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted: %v", err)
	}
	// A revoked integration's webhooks subscribe to nothing.
	if err := s.RevokeIntegration(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	if evs, _ := s.WebhookEvents(ctx); len(evs) != 0 {
		t.Fatalf("events after revoke: %v", evs)
	}
}

func countDeliveries(t *testing.T, s storage.Store, hooks ...*storage.Webhook) int {
	t.Helper()
	n := 0
	for _, w := range hooks {
		ds, err := s.ListDeliveries(context.Background(), w.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		n += len(ds)
	}
	return n
}

func testWebhookOutboxWithPosts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	_, hooks := webhookFixture(t, s, "post.added", "post.added", "post.edited", "post.deleted")
	p := newPost("Outbox story", u, tag)
	p.Status = domain.StatusDraft
	w := &storage.PostWrite{Post: p, Create: true, Outbox: []*storage.OutboxEvent{
		{Event: "post.added", Payload: []byte(`{"post":{"current":{"title":"Outbox story"}}}`)},
		{Event: "post.unpublished", Payload: []byte(`{}`)}, // nobody listens
	}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); err != nil {
		t.Fatal(err)
	}
	if n := countDeliveries(t, s, hooks[0], hooks[1]); n != 2 {
		t.Fatalf("post.added deliveries: %d, want one per webhook", n)
	}
	ds, _ := s.ListDeliveries(ctx, hooks[0].ID, 10)
	d, err := s.DeliveryByID(ctx, ds[0].ID)
	if err != nil || d.Key != p.ID || d.Event != "post.added" || string(d.Payload) != `{"post":{"current":{"title":"Outbox story"}}}` ||
		d.Status != storage.DeliveryPending || d.ExpiresAt.Sub(d.CreatedAt) != 24*time.Hour {
		t.Fatalf("delivery: %+v %v", d, err)
	}
	other, _ := s.ListDeliveries(ctx, hooks[1].ID, 10)
	if other[0].EventID != d.EventID || other[0].ID == d.ID {
		t.Fatalf("two webhooks of one event: %+v %+v", other[0], d)
	}

	// A write that fails stores no event.
	stale := *p
	stale.Title = "Stale"
	w = &storage.PostWrite{Post: &stale, IfUpdatedAt: p.UpdatedAt.Add(-time.Hour), Outbox: []*storage.OutboxEvent{{Event: "post.edited", Payload: []byte(`{}`)}}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale save: %v", err)
	}
	if n := countDeliveries(t, s, hooks[2]); n != 0 {
		t.Fatalf("a failed save queued %d deliveries", n)
	}
	fresh, _ := s.PostByID(ctx, p.ID)
	fresh.Title = "Edited"
	w = &storage.PostWrite{Post: fresh, Outbox: []*storage.OutboxEvent{{Event: "post.edited", Payload: []byte(`{}`)}}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); err != nil {
		t.Fatal(err)
	}
	if n := countDeliveries(t, s, hooks[2]); n != 1 {
		t.Fatalf("post.edited deliveries: %d", n)
	}

	// Deleting through SavePosts removes the post and queues in one go.
	w = &storage.PostWrite{Post: &domain.Post{ID: p.ID}, Delete: true, Outbox: []*storage.OutboxEvent{{Event: "post.deleted", Key: p.ID, Payload: []byte(`{}`)}}}
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PostByID(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted post: %v", err)
	}
	if n := countDeliveries(t, s, hooks[3]); n != 1 {
		t.Fatalf("post.deleted deliveries: %d", n)
	}
	// Deleting a missing post fails and queues nothing.
	if err := s.SavePosts(ctx, []*storage.PostWrite{w}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
	if n := countDeliveries(t, s, hooks[3]); n != 1 {
		t.Fatalf("post.deleted deliveries after a failed delete: %d", n)
	}
	// Events from elsewhere (tags, settings).
	if err := s.Enqueue(ctx, []*storage.OutboxEvent{{Event: "post.added", Key: "tag:x", Payload: []byte(`{}`)}, {Event: "site.changed", Key: "site", Payload: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	if n := countDeliveries(t, s, hooks[0]); n != 2 {
		t.Fatalf("after Enqueue: %d", n)
	}
}

func testWebhookDeliveryOrder(t *testing.T, s storage.Store) {
	ctx := context.Background()
	_, hooks := webhookFixture(t, s, "post.edited")
	hook := hooks[0]
	var evs []*storage.OutboxEvent
	for i, key := range []string{"a", "b", "a", "b"} {
		evs = append(evs, &storage.OutboxEvent{Event: "post.edited", Key: key, Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))})
	}
	if err := s.Enqueue(ctx, evs); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	owner := "instance-1"
	id, err := s.ClaimWebhook(ctx, owner, now, now.Add(time.Minute))
	if err != nil || id != hook.ID {
		t.Fatalf("claim: %q %v", id, err)
	}
	d1, err := s.NextDelivery(ctx, hook.ID, now)
	if err != nil || d1 == nil || string(d1.Payload) != `{"n":0}` {
		t.Fatalf("first: %+v %v", d1, err)
	}
	// The first of "a" fails and waits: "a"'s second must wait behind it,
	// "b" goes on.
	held, err := s.RecordAttempt(ctx, d1, storage.Attempt{At: now, Code: 500, Duration: 30 * time.Millisecond, Error: "HTTP 500",
		Status: storage.DeliveryPending, Next: now.Add(time.Hour)}, owner, now.Add(time.Minute))
	if err != nil || !held {
		t.Fatalf("record: %v %v", held, err)
	}
	var order []string
	for {
		d, err := s.NextDelivery(ctx, hook.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		order = append(order, string(d.Payload))
		if _, err := s.RecordAttempt(ctx, d, storage.Attempt{At: now, Code: 204, Status: storage.DeliveryDelivered}, owner, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(order) != `[{"n":1} {"n":3}]` {
		t.Fatalf("sent %v, want b's two in order while a waits", order)
	}
	// Later, a goes in order.
	later := now.Add(2 * time.Hour)
	d, _ := s.NextDelivery(ctx, hook.ID, later)
	if d == nil || d.ID != d1.ID || d.Attempts != 1 || d.LastCode != 500 || d.LastDuration != 30*time.Millisecond {
		t.Fatalf("retry: %+v", d)
	}
	if _, err := s.RecordAttempt(ctx, d, storage.Attempt{At: later, Code: 200, Status: storage.DeliveryDelivered}, owner, later.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	d, _ = s.NextDelivery(ctx, hook.ID, later)
	if d == nil || string(d.Payload) != `{"n":2}` {
		t.Fatalf("a's second: %+v", d)
	}
	// Give it up; "Send again" makes it pending.
	if _, err := s.RecordAttempt(ctx, d, storage.Attempt{At: later, Code: 0, Error: "refused", Status: storage.DeliveryFailed}, owner, later); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.NextDelivery(ctx, hook.ID, later); d != nil {
		t.Fatalf("after giving up: %+v", d)
	}
	w, _ := s.WebhookByID(ctx, hook.ID)
	if w.LastTriggeredStatus != "error" || w.LastTriggeredError != "refused" || !w.LastTriggeredAt.Equal(later.UTC().Truncate(time.Millisecond)) {
		t.Fatalf("last triggered: %+v", w)
	}
	if err := s.RetryDelivery(ctx, d.ID, later); err != nil {
		t.Fatal(err)
	}
	again, _ := s.NextDelivery(ctx, hook.ID, later)
	if again == nil || again.ID != d.ID || again.Status != storage.DeliveryPending || again.ExpiresAt.Before(later.Add(23*time.Hour)) {
		t.Fatalf("sent again: %+v", again)
	}
	if err := s.RetryDelivery(ctx, "nope", later); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("unknown delivery: %v", err)
	}
	list, err := s.ListDeliveries(ctx, hook.ID, 10)
	if err != nil || len(list) != 4 || list[0].Seq < list[3].Seq {
		t.Fatalf("list newest first: %d %v", len(list), err)
	}
	// A finished delivery does not go back to pending by a late attempt.
	if _, err := s.RecordAttempt(ctx, list[3], storage.Attempt{At: later, Code: 500, Status: storage.DeliveryPending, Next: later}, owner, later); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.DeliveryByID(ctx, list[3].ID); d.Status != storage.DeliveryDelivered {
		t.Fatalf("a late attempt reopened a delivered one: %+v", d)
	}
	n, err := s.PruneDeliveries(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("pruned %d %v, want the 3 finished", n, err)
	}
	if list, _ := s.ListDeliveries(ctx, hook.ID, 10); len(list) != 1 || list[0].Status != storage.DeliveryPending {
		t.Fatalf("after prune: %+v", list)
	}
}

func testWebhookClaims(t *testing.T, s storage.Store) {
	ctx := context.Background()
	_, hooks := webhookFixture(t, s, "post.edited", "post.edited", "post.edited")
	if err := s.Enqueue(ctx, []*storage.OutboxEvent{{Event: "post.edited", Key: "k", Payload: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// Several instances claim at once: each webhook goes to one.
	var mu sync.Mutex
	owners := map[string]string{}
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprint("instance-", i)
			for {
				id, err := s.ClaimWebhook(ctx, owner, now, now.Add(time.Minute))
				if err != nil {
					t.Error(err)
					return
				}
				if id == "" {
					return
				}
				mu.Lock()
				if prev, ok := owners[id]; ok {
					t.Errorf("webhook %s claimed by %s and %s", id, prev, owner)
				}
				owners[id] = owner
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(owners) != len(hooks) {
		t.Fatalf("claimed %d of %d webhooks", len(owners), len(hooks))
	}
	// A lease that ran out is claimed again; the old owner learns it lost it.
	hook := hooks[0].ID
	old := owners[hook]
	later := now.Add(2 * time.Minute)
	var got string
	for {
		id, err := s.ClaimWebhook(ctx, "instance-new", later, later.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if id == "" || id == hook {
			got = id
			break
		}
	}
	if got != hook {
		t.Fatalf("expired lease not claimed again: %q", got)
	}
	d, _ := s.NextDelivery(ctx, hook, later)
	held, err := s.RecordAttempt(ctx, d, storage.Attempt{At: later, Code: 200, Status: storage.DeliveryDelivered}, old, later.Add(time.Minute))
	if err != nil || held {
		t.Fatalf("old owner still holds the lease: %v %v", held, err)
	}
	if err := s.ReleaseWebhook(ctx, hook, "instance-new"); err != nil {
		t.Fatal(err)
	}
	// Released, with nothing due: nothing to claim for this webhook.
	if id, _ := s.ClaimWebhook(ctx, "x", later.Add(2*time.Minute), later.Add(3*time.Minute)); id == hook {
		t.Fatalf("claimed a webhook with nothing due")
	}
}

func testWebhookPublishDue(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	_, hooks := webhookFixture(t, s, "post.published")
	now := time.Now().UTC()
	p := newPost("Scheduled with hooks", u, tag)
	p.Status, p.PublishedAt = domain.StatusScheduled, now.Add(time.Minute)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	calls := 0
	outbox := func(p *domain.Post) []*storage.OutboxEvent {
		mu.Lock()
		calls++
		mu.Unlock()
		return []*storage.OutboxEvent{{Event: "post.published", Key: p.ID, Payload: []byte(`{"status":"` + string(p.Status) + `"}`)}}
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.PublishDueWith(ctx, now.Add(2*time.Minute), outbox); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ds, err := s.ListDeliveries(ctx, hooks[0].ID, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries of one scheduled publication: %d %v", len(ds), err)
	}
	d, _ := s.DeliveryByID(ctx, ds[0].ID)
	if string(d.Payload) != `{"status":"published"}` || d.Key != p.ID {
		t.Fatalf("payload: %s key %s", d.Payload, d.Key)
	}
}
