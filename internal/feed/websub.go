package feed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"newsdesk/internal/events"
)

// pinger tells a WebSub hub which feeds changed. Publishing never waits
// for it: events go into a bounded queue (a full queue drops the ping and
// logs it), and one worker sends them with a few retries and backoff.
type pinger struct {
	hub      string
	log      *slog.Logger
	client   *http.Client
	queue    chan events.Event
	attempts int
	backoff  time.Duration // doubled after each failed attempt
}

func newPinger(hub string, log *slog.Logger) *pinger {
	return &pinger{
		hub:      hub,
		log:      log,
		client:   &http.Client{Timeout: 10 * time.Second},
		queue:    make(chan events.Event, 256),
		attempts: 4,
		backoff:  2 * time.Second,
	}
}

// pingEvents are the changes that alter what feeds show.
var pingEvents = map[events.Type]bool{
	events.PostPublished: true, events.PostUpdated: true, events.PostCorrected: true,
	events.PostUnpublished: true, events.PostDeleted: true,
	events.PostTrashed: true, events.PostRestored: true, events.PostPurged: true,
}

func (p *pinger) enqueue(e events.Event) {
	if !pingEvents[e.Type] {
		return
	}
	select {
	case p.queue <- e:
	default:
		p.log.Warn("websub: ping queue full, dropping ping", "event", e.Type, "post", e.PostID)
	}
}

// Run sends WebSub pings until ctx ends. Without a configured hub it
// returns at once.
func (s *Service) Run(ctx context.Context) {
	if s.pinger == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-s.pinger.queue:
			for _, topic := range s.topics(ctx, e) {
				s.pinger.ping(ctx, topic)
			}
		}
	}
}

// topics lists the feed URLs an event changed: the site feeds, and the
// feeds of the post's authors and tags when the post still exists. Edits
// to a post readers cannot see (a draft) change no feed.
func (s *Service) topics(ctx context.Context, e events.Event) []string {
	scopes := []Scope{{}}
	if e.PostID != "" && e.Type != events.PostDeleted && e.Type != events.PostPurged {
		if p, err := s.store.PostByID(ctx, e.PostID); err == nil {
			left := e.Type == events.PostUnpublished || e.Type == events.PostTrashed
			if !left && !p.IsPublic(s.nowFunc()) || p.IsPage() {
				return nil // static pages are in no feed
			}
			for _, a := range p.Authors {
				scopes = append(scopes, Scope{Kind: "author", Slug: a.Slug})
			}
			for _, t := range p.PublicTags() {
				scopes = append(scopes, Scope{Kind: "tag", Slug: t.Slug})
			}
		}
	}
	var out []string
	for _, sc := range scopes {
		for _, f := range Formats {
			out = append(out, s.build.base+sc.Path(f))
		}
	}
	return out
}

// ping posts hub.mode=publish for topic, retrying with backoff; the last
// failure is logged.
func (p *pinger) ping(ctx context.Context, topic string) {
	wait := p.backoff
	var err error
	for attempt := 1; attempt <= p.attempts; attempt++ {
		if err = p.send(ctx, topic); err == nil {
			return
		}
		if attempt == p.attempts {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
	p.log.Warn("websub: hub ping failed", "hub", p.hub, "topic", topic, "attempts", p.attempts, "err", err)
}

func (p *pinger) send(ctx context.Context, topic string) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.hub, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("hub answered %s", resp.Status)
	}
	return nil
}
