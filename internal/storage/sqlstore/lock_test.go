package sqlstore

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestExclusiveAcrossInstances runs fn under one name through two stores
// on one PostgreSQL database, as two instances would: never two at once.
// Another name is not held up.
func TestExclusiveAcrossInstances(t *testing.T) {
	a := NewPostgresTestStore(t)
	b, err := Open(context.Background(), a.dsn, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var inside, peak atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Exclusive(context.Background(), "media size/w300/a.jpg", func(context.Context) error {
				n := inside.Add(1)
				if n > peak.Load() {
					peak.Store(n)
				}
				time.Sleep(20 * time.Millisecond)
				inside.Add(-1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak.Load() != 1 {
		t.Fatalf("%d ran at once under one lock", peak.Load())
	}

	// While one instance holds a name, the other takes another name: it
	// finishes while the first is still held (no timing: the first is
	// released only after).
	held, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- a.Exclusive(context.Background(), "media size/w300/a.jpg", func(context.Context) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	other := make(chan error, 1)
	go func() {
		other <- b.Exclusive(context.Background(), "media size/w600/a.jpg", func(context.Context) error { return nil })
	}()
	select {
	case err := <-other:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("another name waited for the one held")
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
}
