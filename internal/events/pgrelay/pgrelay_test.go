package pgrelay

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"newsdesk/internal/events"
	"newsdesk/internal/testsupport"
)

// TestRelayBetweenInstances starts two relays on the same database, as two
// newsdesk instances would, and checks an event crosses exactly once and
// is not echoed back to its sender.
func TestRelayBetweenInstances(t *testing.T) {
	dsn := testsupport.PostgresURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	a, b := events.NewBus(), events.NewBus()
	Start(ctx, dsn, a, log)
	Start(ctx, dsn, b, log)
	fromB, stopB := b.Subscribe()
	defer stopB()
	fromA, stopA := a.Subscribe()
	defer stopA()
	time.Sleep(300 * time.Millisecond) // let both LISTEN

	a.Publish(events.Event{Type: events.PostPublished, PostID: "abc", Slug: "river-rises"})
	<-fromA // A's own local delivery
	select {
	case e := <-fromB:
		if !e.Remote || e.Slug != "river-rises" || e.Type != events.PostPublished {
			t.Fatalf("B got %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("event did not reach the other instance")
	}
	select {
	case e := <-fromA:
		t.Fatalf("event echoed back to its sender: %+v", e)
	case e := <-fromB:
		t.Fatalf("event delivered twice: %+v", e)
	case <-time.After(500 * time.Millisecond):
	}
}
