package storage

import (
	"context"
	"time"
)

// Webhook is Ghost's webhook: an integration's subscription of a target
// URL to one event, with an optional signing secret.
type Webhook struct {
	ID            string
	IntegrationID string
	Name          string
	Event         string
	TargetURL     string
	Secret        string
	APIVersion    string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// LastTriggered* describe the latest delivery attempt, as Ghost
	// shows them.
	LastTriggeredAt     time.Time
	LastTriggeredStatus string
	LastTriggeredError  string
}

// OutboxEvent is one webhook event to store with the change that caused
// it, for every webhook subscribed to Event at that moment.
type OutboxEvent struct {
	// ID is given when empty; deliveries are named after it.
	ID    string
	Event string
	// Key orders deliveries: a webhook gets the events of one key (a
	// post's id) in the order they were stored.
	Key     string
	Payload []byte
	// Render, when set, makes Payload inside the transaction, after the
	// post is written (its id, times and tags final), and only if a
	// webhook is subscribed.
	Render func() ([]byte, error)
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// The delivery statuses.
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	// DeliveryFailed: retried until ExpiresAt without a 2xx; given up.
	DeliveryFailed DeliveryStatus = "failed"
)

// Delivery is one event to send to one webhook, and how its attempts went.
type Delivery struct {
	// ID is stable across attempts and instances: receivers drop
	// duplicates by it.
	ID        string
	WebhookID string
	EventID   string
	Event     string
	Key       string
	Seq       int64
	Payload   []byte
	Status    DeliveryStatus
	Attempts  int
	CreatedAt time.Time
	// NextAttemptAt is when a pending delivery may be sent (again).
	NextAttemptAt time.Time
	// ExpiresAt is when retrying stops.
	ExpiresAt     time.Time
	LastAttemptAt time.Time
	LastCode      int // HTTP status of the last attempt; 0 if none came back
	LastDuration  time.Duration
	LastError     string
	DeliveredAt   time.Time
}

// Attempt is the outcome of sending a delivery once.
type Attempt struct {
	At       time.Time
	Code     int
	Duration time.Duration
	Error    string
	// Status is the delivery's status after the attempt; a pending one
	// is tried again at Next.
	Status DeliveryStatus
	Next   time.Time
}

// Webhooks stores webhooks and their outbox. Post writes add events with
// PostWrite.Outbox; everything else with Enqueue.
type Webhooks interface {
	// CreateWebhook saves w, giving it an ID and times; an unknown
	// integration is EINVALID.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// UpdateWebhook replaces w's name, event, target URL, secret and API
	// version.
	UpdateWebhook(ctx context.Context, w *Webhook) error
	// DeleteWebhook removes a webhook and its deliveries.
	DeleteWebhook(ctx context.Context, id string) error
	WebhookByID(ctx context.Context, id string) (*Webhook, error)
	// ListWebhooks returns an integration's webhooks ("" for all), oldest
	// first.
	ListWebhooks(ctx context.Context, integrationID string) ([]*Webhook, error)
	// WebhookEvents returns the events at least one webhook of an active
	// integration subscribes to.
	WebhookEvents(ctx context.Context) (map[string]bool, error)
	// Enqueue stores events, in one transaction, for the webhooks
	// subscribed to them; events nobody subscribes to are dropped.
	Enqueue(ctx context.Context, evs []*OutboxEvent) error
	// ClaimWebhook leases to owner, until until, one webhook with a
	// delivery due at now and no live lease, and returns its id ("" when
	// there is none). While the lease holds, no other owner claims it.
	ClaimWebhook(ctx context.Context, owner string, now, until time.Time) (string, error)
	// NextDelivery returns the webhook's pending delivery to send next at
	// now: the oldest due one whose key has no older pending delivery
	// (nil when none).
	NextDelivery(ctx context.Context, webhookID string, now time.Time) (*Delivery, error)
	// RecordAttempt saves an attempt at d and, if owner still holds the
	// webhook's lease, extends it to leaseUntil; held reports that. A
	// delivery no longer pending (someone else finished it) is left as it is.
	RecordAttempt(ctx context.Context, d *Delivery, a Attempt, owner string, leaseUntil time.Time) (held bool, err error)
	// ReleaseWebhook ends owner's lease on a webhook.
	ReleaseWebhook(ctx context.Context, webhookID, owner string) error
	// ListDeliveries returns a webhook's latest deliveries, newest first.
	ListDeliveries(ctx context.Context, webhookID string, limit int) ([]*Delivery, error)
	// DeliveryByID returns one delivery with its payload.
	DeliveryByID(ctx context.Context, id string) (*Delivery, error)
	// RetryDelivery makes a delivery pending again, due at now, retried
	// for another day (the newsroom's "Send again").
	RetryDelivery(ctx context.Context, id string, now time.Time) error
	// PruneDeliveries removes finished deliveries older than before, and
	// events left without deliveries; it returns how many deliveries went.
	PruneDeliveries(ctx context.Context, before time.Time) (int, error)
}
