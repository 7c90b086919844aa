// Package pgrelay carries content events between newsdesk instances that
// share one PostgreSQL database, over LISTEN/NOTIFY, so every instance's
// caches and live readers follow changes made on any other.
package pgrelay

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// Channel is the PostgreSQL notification channel of content events.
const Channel = "newsdesk_events"

// StaffChannel carries the newsroom's own events (notifications,
// presence) between the instances' staff buses.
const StaffChannel = "newsdesk_staff"

type message struct {
	Instance string       `json:"instance"`
	Event    events.Event `json:"event"`
}

// Relay forwards local events to PostgreSQL and remote ones to the bus.
type Relay struct {
	dsn      string
	bus      *events.Bus
	log      *slog.Logger
	instance string
	channel  string
	out      chan events.Event
}

// Start connects to dsn and relays until ctx ends, reconnecting after
// failures. Events published while the database is unreachable are dropped
// from the relay (local subscribers still get them).
func Start(ctx context.Context, dsn string, bus *events.Bus, log *slog.Logger) *Relay {
	return StartOn(ctx, dsn, Channel, bus, log)
}

// StartOn is Start on another notification channel, for a bus of its own.
func StartOn(ctx context.Context, dsn, channel string, bus *events.Bus, log *slog.Logger) *Relay {
	r := &Relay{dsn: dsn, bus: bus, log: log, instance: domain.NewID(), channel: channel, out: make(chan events.Event, 256)}
	bus.OnEvent(func(e events.Event) {
		if e.Remote {
			return
		}
		select {
		case r.out <- e:
		default:
			log.Warn("event relay queue full; dropping event", "type", e.Type)
		}
	})
	go r.loop(ctx, r.listen)
	go r.loop(ctx, r.notify)
	return r
}

// loop runs fn until ctx ends, waiting between failures.
func (r *Relay) loop(ctx context.Context, fn func(context.Context) error) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := fn(ctx)
		if ctx.Err() != nil {
			return
		}
		r.log.Warn("event relay disconnected; retrying", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

func (r *Relay) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, r.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+r.channel); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var m message
		if err := json.Unmarshal([]byte(n.Payload), &m); err != nil {
			r.log.Warn("bad event notification", "err", err)
			continue
		}
		if m.Instance == r.instance {
			continue
		}
		m.Event.Remote = true
		r.bus.Publish(m.Event)
	}
}

// maxPayload keeps notifications under PostgreSQL's 8,000-byte limit.
const maxPayload = 7900

func (r *Relay) notify(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, r.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for {
		select {
		case <-ctx.Done():
			return nil
		case e := <-r.out:
			payload, _ := json.Marshal(message{Instance: r.instance, Event: e})
			if len(payload) > maxPayload && e.Where != nil {
				// A post with very many tags: the others drop everything
				// rather than lose the event.
				e.Where = nil
				payload, _ = json.Marshal(message{Instance: r.instance, Event: e})
			}
			if _, err := conn.Exec(ctx, "SELECT pg_notify($1, $2)", r.channel, string(payload)); err != nil {
				return err
			}
		}
	}
}
