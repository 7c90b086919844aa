package webhooks_test

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// TestTrashAndRestoreEvents: Ghost has no trash, so to a webhook a
// trashed post is deleted and a restored one is added (and published
// again); the events are stored with the change.
func TestTrashAndRestoreEvents(t *testing.T) {
	e := newHookEnv(t)
	ctx := context.Background()
	e.subscribe(t, "https://hooks.example.org/x", "s", "post.deleted", "post.added", "post.published")
	hooks, err := e.store.ListWebhooks(ctx, e.in.ID)
	if err != nil {
		t.Fatal(err)
	}
	byEvent := map[string]string{}
	for _, h := range hooks {
		byEvent[h.Event] = h.ID
	}
	act := publish.Actor{User: e.user}
	p := &domain.Post{Kind: domain.KindArticle, Title: "Binned story", BodyMD: "Text.", Authors: []domain.Author{e.user.Author}}
	if err := e.svc.Create(ctx, act, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	count := func(ev string) int {
		ds, err := e.store.ListDeliveries(ctx, byEvent[ev], 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}
	added, published := count("post.added"), count("post.published")
	if _, err := e.svc.Trash(ctx, act, p.ID); err != nil {
		t.Fatal(err)
	}
	ds, _ := e.store.ListDeliveries(ctx, byEvent["post.deleted"], 10)
	if len(ds) != 1 || ds[0].Key != p.ID {
		t.Fatalf("post.deleted on trash: %d deliveries", len(ds))
	}
	if _, err := e.svc.Restore(ctx, act, p.ID); err != nil {
		t.Fatal(err)
	}
	if count("post.added") != added+1 || count("post.published") != published+1 {
		t.Fatalf("restore sent post.added %d→%d, post.published %d→%d", added, count("post.added"), published, count("post.published"))
	}
}
