package events

import (
	"testing"
	"time"
)

func TestBus(t *testing.T) {
	b := NewBus()
	var hooked []Type
	b.OnEvent(func(e Event) { hooked = append(hooked, e.Type) })
	ch, stop := b.Subscribe()
	b.Publish(Event{Type: PostPublished, Slug: "a"})
	select {
	case e := <-ch:
		if e.Slug != "a" || e.At.IsZero() {
			t.Fatalf("got %+v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("subscriber got nothing")
	}
	if len(hooked) != 1 || b.Version() != 1 {
		t.Fatalf("hooks %v version %d", hooked, b.Version())
	}
	stop()
	// A slow or gone subscriber never blocks publishing.
	for i := 0; i < 200; i++ {
		b.Publish(Event{Type: PostUpdated})
	}
	if b.Version() != 201 {
		t.Fatalf("version %d", b.Version())
	}
}
