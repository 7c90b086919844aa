package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// Shaper writes posts and tags as the Admin API does (ghost.Shapes).
type Shaper interface {
	Post(p *domain.Post) ([]byte, error)
	Tag(t *domain.Tag) ([]byte, error)
}

// Outbox turns changes into the outbox events stored with them, for the
// events some webhook subscribes to. Which events those are is cached:
// most changes then cost no payload at all. The store checks again in
// the transaction, so a stale cache can only waste a payload; and a
// webhook saved on another instance reaches this cache through its
// events.WebhooksUpdated within the relay's delay, or after TTL at most.
type Outbox struct {
	Store  storage.Webhooks
	Shapes Shaper
	// TTL bounds how long the subscriptions are cached; zero means 5s.
	TTL time.Duration
	// AllowPrivate is the operator's --webhooks-allow-private: targets
	// on loopback, private and link-local addresses may be saved.
	AllowPrivate bool

	mu     sync.Mutex
	subs   map[string]bool
	loaded time.Time
}

// CheckTarget validates a target URL being saved (see the function).
func (o *Outbox) CheckTarget(raw string) error {
	return CheckTarget(raw, o != nil && o.AllowPrivate)
}

// Follow drops the cached subscriptions on every events.WebhooksUpdated,
// this instance's or (through the relay) another's.
func (o *Outbox) Follow(bus *events.Bus) {
	bus.OnEvent(func(e events.Event) {
		if e.Type == events.WebhooksUpdated {
			o.Invalidate()
		}
	})
}

// Invalidate drops the cached subscriptions.
func (o *Outbox) Invalidate() {
	o.mu.Lock()
	o.subs = nil
	o.mu.Unlock()
}

// Subscribed reports whether some webhook may listen to event. When the
// store cannot say, it answers yes: the transaction decides.
func (o *Outbox) Subscribed(ctx context.Context, event string) bool {
	if o == nil {
		return false
	}
	ttl := o.TTL
	if ttl == 0 {
		ttl = 5 * time.Second
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.subs == nil || time.Since(o.loaded) > ttl {
		subs, err := o.Store.WebhookEvents(ctx)
		if err != nil {
			return true
		}
		o.subs, o.loaded = subs, time.Now()
	}
	return o.subs[event]
}

// change is Ghost's payload: {"<model>":{"current":{...},"previous":{...}}}.
func change(model string, current, previous []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"`)
	b.WriteString(model)
	b.WriteString(`":{"current":`)
	b.Write(current)
	b.WriteString(`,"previous":`)
	b.Write(previous)
	b.WriteString(`}}`)
	return b.Bytes()
}

// changedFields keeps of before the fields whose values differ in after:
// Ghost's "previous" holds the changed attributes with their old values.
func changedFields(before, after []byte) ([]byte, error) {
	var b, a map[string]json.RawMessage
	if err := json.Unmarshal(before, &b); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(after, &a); err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	for k, v := range b {
		if !bytes.Equal(v, a[k]) {
			out[k] = v
		}
	}
	return json.Marshal(out)
}

// onlyField keeps of the JSON object b its key k, if there.
func onlyField(b []byte, k string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	if v, ok := m[k]; ok {
		out[k] = v
	}
	return json.Marshal(out)
}

func modelOf(p *domain.Post) string {
	if p.IsPage() {
		return "page"
	}
	return "post"
}

// PostChange returns the outbox events of a change from old (nil: a new
// post) to p, as stored: each renders its payload in the transaction,
// after the write. A deleted post is Deleted's.
func (o *Outbox) PostChange(ctx context.Context, old, p *domain.Post, now time.Time) []*storage.OutboxEvent {
	if o == nil {
		return nil
	}
	var evs []*storage.OutboxEvent
	var before []byte // the stored post as Ghost shows it, once
	shapeOld := func() ([]byte, error) {
		if before == nil && old != nil {
			b, err := o.Shapes.Post(old)
			if err != nil {
				return nil, err
			}
			before = b
		}
		return before, nil
	}
	for _, pe := range PostChange(old, p, now) {
		if !o.Subscribed(ctx, pe.Name) {
			continue
		}
		e := &storage.OutboxEvent{Event: pe.Name, Key: p.ID}
		tagSlug := ""
		if pe.Tag != nil {
			tagSlug = pe.Tag.Slug
		}
		e.Render = func() ([]byte, error) {
			cur, err := o.Shapes.Post(p)
			if err != nil {
				return nil, err
			}
			prev := []byte(`{}`)
			if b, err := shapeOld(); err != nil {
				return nil, err
			} else if b != nil {
				if prev, err = changedFields(b, cur); err != nil {
					return nil, err
				}
				if tagSlug != "" {
					// Ghost's tag.attached and tag.detached carry only the
					// tags before in "previous" (testdata/ghost-post.tag.attached.json).
					if prev, err = onlyField(prev, "tags"); err != nil {
						return nil, err
					}
				}
			}
			body := change(modelOf(p), cur, prev)
			if tagSlug != "" {
				return o.withTag(body, p, tagSlug)
			}
			return body, nil
		}
		evs = append(evs, e)
	}
	if Public(old, p) {
		evs = append(evs, o.siteChanged(ctx)...)
	}
	return evs
}

// withTag adds the attached or detached tag to a post payload:
// {"post":{...},"tag":{"current":{...}}}.
func (o *Outbox) withTag(body []byte, p *domain.Post, slug string) ([]byte, error) {
	t := &domain.Tag{Slug: slug, Name: slug}
	for i := range p.Tags {
		if p.Tags[i].Slug == slug {
			t = &p.Tags[i]
		}
	}
	tb, err := o.Shapes.Tag(t)
	if err != nil {
		return nil, err
	}
	out := append([]byte{}, body[:len(body)-1]...)
	out = append(out, `,"tag":{"current":`...)
	out = append(out, tb...)
	return append(out, `}}`...), nil
}

// Deleted returns the outbox events of deleting p: Ghost sends the post
// as it was in "previous" and an empty "current".
func (o *Outbox) Deleted(ctx context.Context, p *domain.Post) []*storage.OutboxEvent {
	if o == nil {
		return nil
	}
	var evs []*storage.OutboxEvent
	for _, pe := range PostChange(p, nil, time.Time{}) {
		if !o.Subscribed(ctx, pe.Name) {
			continue
		}
		evs = append(evs, &storage.OutboxEvent{Event: pe.Name, Key: p.ID, Render: func() ([]byte, error) {
			prev, err := o.Shapes.Post(p)
			if err != nil {
				return nil, err
			}
			return change(modelOf(p), []byte(`{}`), prev), nil
		}})
	}
	if Public(p, nil) {
		evs = append(evs, o.siteChanged(ctx)...)
	}
	return evs
}

// Published returns the events of a scheduled post p that the scheduler
// has just published (p as published).
func (o *Outbox) Published(ctx context.Context, p *domain.Post) []*storage.OutboxEvent {
	if o == nil {
		return nil
	}
	old := *p
	old.Status = domain.StatusScheduled
	return o.PostChange(ctx, &old, p, time.Now())
}

// withPost is {"post":{"current":{...}},"<key>":<extra>}: newsdesk's own
// events name the post and what happened to it.
func (o *Outbox) withPost(p *domain.Post, key string, extra any) ([]byte, error) {
	cur, err := o.Shapes.Post(p)
	if err != nil {
		return nil, err
	}
	body := change(modelOf(p), cur, []byte(`{}`))
	if key == "" {
		return body, nil
	}
	xb, err := json.Marshal(extra)
	if err != nil {
		return nil, err
	}
	out := append([]byte{}, body[:len(body)-1]...)
	out = append(out, `,"`+key+`":`...)
	out = append(out, xb...)
	return append(out, '}'), nil
}

// Corrected returns the post.corrected event of a correction or update
// note c added to, edited on or retracted from p (what: "added",
// "edited" or "retracted").
func (o *Outbox) Corrected(ctx context.Context, p *domain.Post, c *domain.Correction, what string) []*storage.OutboxEvent {
	if o == nil || !o.Subscribed(ctx, PostCorrected) {
		return nil
	}
	return []*storage.OutboxEvent{{Event: PostCorrected, Key: p.ID, Render: func() ([]byte, error) {
		// Rendered after the write, which gives a new note its id.
		note := map[string]any{"id": c.ID, "kind": c.Kind, "body": c.Body, "change": what}
		return o.withPost(p, "correction", note)
	}}}
}

// LiveEntry returns the live.entry.published event of an entry (any JSON
// value: the live blog's own shape) published on the live post p. Live
// entries send this instead of post.published.edited.
func (o *Outbox) LiveEntry(ctx context.Context, p *domain.Post, entry any) []*storage.OutboxEvent {
	if o == nil || !o.Subscribed(ctx, LiveEntryPublished) {
		return nil
	}
	return []*storage.OutboxEvent{{Event: LiveEntryPublished, Key: p.ID, Render: func() ([]byte, error) {
		return o.withPost(p, "entry", entry)
	}}}
}

// TagChange returns the events of a tag added (old nil), edited, or
// deleted (t nil).
func (o *Outbox) TagChange(ctx context.Context, old, t *domain.Tag) []*storage.OutboxEvent {
	if o == nil {
		return nil
	}
	name, key := TagEdited, ""
	switch {
	case old == nil:
		name, key = TagAdded, "tag:"+t.ID
	case t == nil:
		name, key = TagDeleted, "tag:"+old.ID
	default:
		key = "tag:" + t.ID
	}
	var evs []*storage.OutboxEvent
	if o.Subscribed(ctx, name) {
		evs = append(evs, &storage.OutboxEvent{Event: name, Key: key, Render: func() ([]byte, error) {
			var cur, prev []byte = []byte(`{}`), []byte(`{}`)
			var err error
			if t != nil {
				if cur, err = o.Shapes.Tag(t); err != nil {
					return nil, err
				}
			}
			if old != nil {
				if prev, err = o.Shapes.Tag(old); err != nil {
					return nil, err
				}
				if t != nil {
					if prev, err = changedFields(prev, cur); err != nil {
						return nil, err
					}
				}
			}
			return change("tag", cur, prev), nil
		}})
	}
	return append(evs, o.siteChanged(ctx)...)
}

// SiteChanged returns the site.changed event: anything readers see may
// have changed (settings, navigation, a tag). Its payload is empty, as
// Ghost's.
func (o *Outbox) SiteChanged(ctx context.Context) []*storage.OutboxEvent {
	if o == nil {
		return nil
	}
	return o.siteChanged(ctx)
}

func (o *Outbox) siteChanged(ctx context.Context) []*storage.OutboxEvent {
	if !o.Subscribed(ctx, SiteChanged) {
		return nil
	}
	return []*storage.OutboxEvent{{Event: SiteChanged, Key: "site", Payload: []byte(`{}`)}}
}
