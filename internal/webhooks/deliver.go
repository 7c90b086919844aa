package webhooks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"newsdesk/internal/storage"
)

// Header names newsdesk adds to Ghost's.
const (
	// DeliveryHeader carries the delivery's id: the same on every attempt
	// and from every instance, so a receiver can drop a duplicate.
	DeliveryHeader = "X-Newsdesk-Delivery"
	// EventHeader names the event (Ghost's payloads do not).
	EventHeader = "X-Newsdesk-Event"
	// AttemptHeader counts attempts, from 1.
	AttemptHeader = "X-Newsdesk-Attempt"
)

// Deliverer sends the outbox's deliveries. Each instance runs one; a
// webhook is leased to one instance at a time (storage.ClaimWebhook), so
// its deliveries go one at a time and in order per post, and each is sent
// by one instance, again only if that instance dies between sending and
// recording (the receiver then sees the same DeliveryHeader twice).
type Deliverer struct {
	Store  storage.Webhooks
	Client *http.Client
	Log    *slog.Logger
	// ContentVersion is Ghost's Content-Version header ("v6.0").
	ContentVersion string
	// RetryMin is the wait after the first failure, doubled after each
	// next one up to RetryMax; zero means 10s and 1h.
	RetryMin, RetryMax time.Duration
	// Lease is how long a claimed webhook stays this instance's without
	// news from it; zero means a minute. It must exceed the client's timeout.
	Lease time.Duration
	// Poll is how often the outbox is looked at without a Wake; zero
	// means a second.
	Poll time.Duration
	// Workers bounds the webhooks served at once; zero means 4.
	Workers int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Observe, when set, hears of every attempt (metrics): result is
	// "delivered", "retry" or "failed" (given up).
	Observe func(result string, took time.Duration)

	once  sync.Once
	owner string
	wake  chan struct{}
}

func (d *Deliverer) init() {
	d.once.Do(func() {
		host, _ := os.Hostname()
		var b [6]byte
		rand.Read(b[:])
		d.owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
		d.wake = make(chan struct{}, 1)
		if d.Log == nil {
			d.Log = slog.Default()
		}
	})
}

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func orDefault(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

// Wake makes Run look at the outbox now (something was just queued).
func (d *Deliverer) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (d *Deliverer) Run(ctx context.Context) {
	d.init()
	workers := d.Workers
	if workers <= 0 {
		workers = 4
	}
	lease := orDefault(d.Lease, time.Minute)
	poll := orDefault(d.Poll, time.Second)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for len(sem) < cap(sem) && ctx.Err() == nil {
			now := d.now()
			id, err := d.Store.ClaimWebhook(ctx, d.owner, now, now.Add(lease))
			if err != nil {
				if ctx.Err() == nil {
					d.Log.Warn("webhooks: claim", "err", err)
				}
				break
			}
			if id == "" {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				d.drain(ctx, id)
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-d.wake:
		case <-t.C:
		}
	}
}

// drain sends a claimed webhook's due deliveries, one at a time, then
// gives the webhook back.
func (d *Deliverer) drain(ctx context.Context, id string) {
	defer func() {
		// Even when shutting down: another instance may take it at once.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := d.Store.ReleaseWebhook(rctx, id, d.owner); err != nil {
			d.Log.Warn("webhooks: release", "webhook", id, "err", err)
		}
	}()
	hook, err := d.Store.WebhookByID(ctx, id)
	if err != nil {
		d.Log.Warn("webhooks: load", "webhook", id, "err", err)
		return
	}
	lease := orDefault(d.Lease, time.Minute)
	// A bound, so a busy webhook lets others have the workers.
	for range 100 {
		if ctx.Err() != nil {
			return
		}
		del, err := d.Store.NextDelivery(ctx, id, d.now())
		if err != nil || del == nil {
			if err != nil && ctx.Err() == nil {
				d.Log.Warn("webhooks: next delivery", "webhook", id, "err", err)
			}
			return
		}
		a := d.send(ctx, hook, del)
		if ctx.Err() != nil && a.Status != storage.DeliveryDelivered {
			return // cut short by shutdown: not the receiver's failure
		}
		if d.Observe != nil {
			result := string(a.Status)
			if a.Status == storage.DeliveryPending {
				result = "retry"
			}
			d.Observe(result, a.Duration)
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		held, err := d.Store.RecordAttempt(rctx, del, a, d.owner, d.now().Add(lease))
		cancel()
		if err != nil {
			d.Log.Warn("webhooks: record attempt", "delivery", del.ID, "err", err)
			return
		}
		level := slog.LevelInfo
		if a.Status != storage.DeliveryDelivered {
			level = slog.LevelWarn
		}
		d.Log.Log(ctx, level, "webhook delivery", "event", del.Event, "delivery", del.ID, "code", a.Code,
			"took", a.Duration.Round(time.Millisecond), "status", a.Status, "err", a.Error)
		if !held {
			return // the lease ran out and another instance has the webhook
		}
	}
}

// send makes one attempt at del and says what follows from it.
func (d *Deliverer) send(ctx context.Context, hook *storage.Webhook, del *storage.Delivery) storage.Attempt {
	start := d.now()
	a := storage.Attempt{At: start}
	code, err := d.post(ctx, hook, del, start)
	a.Code, a.Duration = code, d.now().Sub(start)
	if err == nil && code >= 200 && code < 300 {
		a.Status = storage.DeliveryDelivered
		return a
	}
	switch {
	case err != nil:
		a.Error = err.Error()
	default:
		a.Error = "HTTP " + strconv.Itoa(code)
	}
	if len(a.Error) > 500 {
		a.Error = a.Error[:500]
	}
	backoff := orDefault(d.RetryMin, 10*time.Second)
	limit := orDefault(d.RetryMax, time.Hour)
	for i := 0; i < del.Attempts && backoff < limit; i++ {
		backoff *= 2
	}
	backoff = min(backoff, limit)
	a.Next = start.Add(backoff)
	switch {
	case code == http.StatusGone:
		// Ghost drops a webhook whose target answers 410; newsdesk keeps
		// the webhook and gives up on this delivery.
		a.Status = storage.DeliveryFailed
	case errors.Is(err, ErrPrivateAddress):
		a.Status = storage.DeliveryFailed
	case a.Next.After(del.ExpiresAt):
		a.Status = storage.DeliveryFailed
	default:
		a.Status = storage.DeliveryPending
	}
	if a.Status == storage.DeliveryFailed {
		a.Next = time.Time{}
	}
	return a
}

// post sends the payload as Ghost does, with newsdesk's headers.
func (d *Deliverer) post(ctx context.Context, hook *storage.Webhook, del *storage.Delivery, at time.Time) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.TargetURL, bytes.NewReader(del.Payload))
	if err != nil {
		return 0, err
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	if d.ContentVersion != "" {
		h.Set("Content-Version", d.ContentVersion)
	}
	h.Set("User-Agent", "newsdesk-webhooks/1 (Ghost-compatible)")
	h.Set(DeliveryHeader, del.ID)
	h.Set(EventHeader, del.Event)
	h.Set(AttemptHeader, strconv.Itoa(del.Attempts+1))
	if hook.Secret != "" {
		h.Set("X-Ghost-Signature", Signature(del.Payload, hook.Secret, at))
	}
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little of the answer so the connection can be reused.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode, nil
}
