package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// execer is what *sql.DB and *sql.Tx share for writing.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// withOutbox runs write alone, or, with outbox events, in a transaction
// that stores them too.
func (s *Store) withOutbox(ctx context.Context, outbox []*storage.OutboxEvent, write func(db execer) error) error {
	if len(outbox) == 0 {
		return write(s.db)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := write(tx); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// deliveryWindow is how long a delivery is retried before it is given up.
const deliveryWindow = 24 * time.Hour

const webhookColumns = `id, integration_id, name, event, target_url, secret, api_version, created_at, updated_at,
	last_triggered_at, last_triggered_status, last_triggered_error`

func scanWebhook(row scanner) (*storage.Webhook, error) {
	var w storage.Webhook
	var created, updated, last int64
	if err := row.Scan(&w.ID, &w.IntegrationID, &w.Name, &w.Event, &w.TargetURL, &w.Secret, &w.APIVersion, &created, &updated,
		&last, &w.LastTriggeredStatus, &w.LastTriggeredError); err != nil {
		return nil, err
	}
	w.CreatedAt, w.UpdatedAt, w.LastTriggeredAt = fromMS(created), fromMS(updated), fromMS(last)
	return &w, nil
}

// CreateWebhook implements storage.Webhooks.
func (s *Store) CreateWebhook(ctx context.Context, w *storage.Webhook) error {
	if w.ID == "" {
		w.ID = domain.NewID()
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	w.CreatedAt, w.UpdatedAt = now, now
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO webhooks (id, integration_id, name, event, target_url, secret, api_version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		w.ID, w.IntegrationID, w.Name, w.Event, w.TargetURL, w.Secret, w.APIVersion, ms(now), ms(now))
	if isForeignKey(err) {
		return domain.FieldError("integration_id", "Unknown integration %q.", w.IntegrationID)
	}
	if isUniqueViolation(err) {
		return domain.Errorf(domain.ECONFLICT, "A webhook with id %q already exists.", w.ID)
	}
	return storage.Wrap(err, "create webhook")
}

// UpdateWebhook implements storage.Webhooks.
func (s *Store) UpdateWebhook(ctx context.Context, w *storage.Webhook) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE webhooks SET name = ?, event = ?, target_url = ?, secret = ?, api_version = ?, updated_at = ? WHERE id = ?`),
		w.Name, w.Event, w.TargetURL, w.Secret, w.APIVersion, ms(now), w.ID)
	if err != nil {
		return storage.Wrap(err, "update webhook %s", w.ID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Webhook", w.ID)
	}
	w.UpdatedAt = now
	return nil
}

// DeleteWebhook implements storage.Webhooks.
func (s *Store) DeleteWebhook(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM webhooks WHERE id = ?`), id)
	if err != nil {
		return storage.Wrap(err, "delete webhook %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Webhook", id)
	}
	return nil
}

// WebhookByID implements storage.Webhooks.
func (s *Store) WebhookByID(ctx context.Context, id string) (*storage.Webhook, error) {
	w, err := scanWebhook(s.db.QueryRowContext(ctx, s.q(`SELECT `+webhookColumns+` FROM webhooks WHERE id = ?`), id))
	if isNoRows(err) {
		return nil, storage.NotFound("Webhook", id)
	}
	return w, storage.Wrap(err, "load webhook %s", id)
}

// ListWebhooks implements storage.Webhooks.
func (s *Store) ListWebhooks(ctx context.Context, integrationID string) ([]*storage.Webhook, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+webhookColumns+` FROM webhooks WHERE ? = '' OR integration_id = ? ORDER BY created_at, id`),
		integrationID, integrationID)
	if err != nil {
		return nil, storage.Wrap(err, "list webhooks")
	}
	defer rows.Close()
	var out []*storage.Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan webhook")
		}
		out = append(out, w)
	}
	return out, storage.Wrap(rows.Err(), "list webhooks")
}

// WebhookEvents implements storage.Webhooks.
func (s *Store) WebhookEvents(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT w.event FROM webhooks w JOIN integrations i ON i.id = w.integration_id WHERE i.revoked_at = 0`)
	if err != nil {
		return nil, storage.Wrap(err, "list webhook events")
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, storage.Wrap(err, "scan webhook event")
		}
		out[e] = true
	}
	return out, storage.Wrap(rows.Err(), "list webhook events")
}

// Enqueue implements storage.Webhooks.
func (s *Store) Enqueue(ctx context.Context, evs []*storage.OutboxEvent) error {
	if len(evs) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.enqueue(ctx, tx, evs) })
}

// enqueue stores evs inside tx: each event once, with a delivery for every
// webhook of an active integration subscribed to it at this moment. The
// subscription is checked here, in the transaction, so a caller's cached
// view of the subscriptions can only cost a wasted payload.
func (s *Store) enqueue(ctx context.Context, tx *sql.Tx, evs []*storage.OutboxEvent) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, e := range evs {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM webhooks w JOIN integrations i ON i.id = w.integration_id
			WHERE w.event = ? AND i.revoked_at = 0`), e.Event).Scan(&n); err != nil {
			return storage.Wrap(err, "find webhooks for %s", e.Event)
		}
		if n == 0 {
			continue
		}
		if e.ID == "" {
			e.ID = domain.NewID()
		}
		if e.Render != nil {
			b, err := e.Render()
			if err != nil {
				return fmt.Errorf("webhook payload for %s: %w", e.Event, err)
			}
			e.Payload = b
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO webhook_events (id, event, order_key, payload, created_at) VALUES (?, ?, ?, ?, ?) RETURNING seq`),
			e.ID, e.Event, e.Key, string(e.Payload), ms(now)).Scan(&seq); err != nil {
			return storage.Wrap(err, "store webhook event %s", e.Event)
		}
		// A delivery's id is the event's and the webhook's: the same on
		// every attempt, from any instance.
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO webhook_deliveries (id, event_seq, webhook_id, order_key, status, created_at, next_attempt_at, expires_at)
			SELECT CAST(? AS TEXT) || '-' || w.id, ?, w.id, ?, ?, ?, ?, ? FROM webhooks w JOIN integrations i ON i.id = w.integration_id
			WHERE w.event = ? AND i.revoked_at = 0`),
			e.ID, seq, e.Key, string(storage.DeliveryPending), ms(now), ms(now), ms(now.Add(deliveryWindow)), e.Event); err != nil {
			return storage.Wrap(err, "queue webhook deliveries for %s", e.Event)
		}
	}
	return nil
}

// ClaimWebhook implements storage.Webhooks. On PostgreSQL, SKIP LOCKED
// lets instances claiming at the same moment take different webhooks
// instead of queueing on one row; the lease, not the row lock, then keeps
// the webhook theirs while they send.
func (s *Store) ClaimWebhook(ctx context.Context, owner string, now, until time.Time) (string, error) {
	// Most polls find nothing due: a read on the due index answers those
	// without taking SQLite's write lock or any row lock.
	var due int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM (SELECT 1 FROM webhook_deliveries WHERE status = ? AND next_attempt_at <= ? LIMIT 1) d`),
		string(storage.DeliveryPending), ms(now)).Scan(&due)
	if err != nil {
		return "", storage.Wrap(err, "look for due webhook deliveries")
	}
	if due == 0 {
		return "", nil
	}
	lock := ""
	if s.dialect == Postgres {
		lock = ` FOR UPDATE OF w SKIP LOCKED`
	}
	var id string
	err = s.db.QueryRowContext(ctx, s.q(`UPDATE webhooks SET lease_owner = ?, lease_until = ? WHERE lease_until < ? AND id = (
		SELECT w.id FROM webhooks w WHERE w.lease_until < ? AND EXISTS (
			SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = ? AND d.next_attempt_at <= ?)
		ORDER BY w.lease_until, w.id LIMIT 1`+lock+`) RETURNING id`),
		owner, ms(until), ms(now), ms(now), string(storage.DeliveryPending), ms(now)).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	return id, storage.Wrap(err, "claim a webhook")
}

const deliveryColumns = `d.id, d.webhook_id, e.id, e.event, d.order_key, d.event_seq, d.status, d.attempts, d.created_at, d.next_attempt_at,
	d.expires_at, d.last_attempt_at, d.last_code, d.last_ms, d.last_error, d.delivered_at`

func scanDelivery(row scanner, payload bool) (*storage.Delivery, error) {
	var d storage.Delivery
	var created, next, expires, last, delivered, lastMS int64
	var status, body string
	dest := []any{&d.ID, &d.WebhookID, &d.EventID, &d.Event, &d.Key, &d.Seq, &status, &d.Attempts, &created, &next,
		&expires, &last, &d.LastCode, &lastMS, &d.LastError, &delivered}
	if payload {
		dest = append(dest, &body)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.Status = storage.DeliveryStatus(status)
	d.CreatedAt, d.NextAttemptAt, d.ExpiresAt = fromMS(created), fromMS(next), fromMS(expires)
	d.LastAttemptAt, d.DeliveredAt = fromMS(last), fromMS(delivered)
	d.LastDuration = time.Duration(lastMS) * time.Millisecond
	if payload {
		d.Payload = []byte(body)
	}
	return &d, nil
}

// NextDelivery implements storage.Webhooks.
func (s *Store) NextDelivery(ctx context.Context, webhookID string, now time.Time) (*storage.Delivery, error) {
	pending := string(storage.DeliveryPending)
	d, err := scanDelivery(s.db.QueryRowContext(ctx, s.q(`SELECT `+deliveryColumns+`, e.payload
		FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq
		WHERE d.webhook_id = ? AND d.status = ? AND d.next_attempt_at <= ? AND NOT EXISTS (
			SELECT 1 FROM webhook_deliveries b WHERE b.webhook_id = d.webhook_id AND b.order_key = d.order_key
			AND b.status = ? AND b.event_seq < d.event_seq)
		ORDER BY d.event_seq LIMIT 1`), webhookID, pending, ms(now), pending), true)
	if isNoRows(err) {
		return nil, nil
	}
	return d, storage.Wrap(err, "next delivery of webhook %s", webhookID)
}

// RecordAttempt implements storage.Webhooks.
func (s *Store) RecordAttempt(ctx context.Context, d *storage.Delivery, a storage.Attempt, owner string, leaseUntil time.Time) (bool, error) {
	held := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		delivered := int64(0)
		if a.Status == storage.DeliveryDelivered {
			delivered = ms(a.At)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?,
			last_code = ?, last_ms = ?, last_error = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ? AND status = ?`),
			string(a.Status), ms(a.At), a.Code, a.Duration.Milliseconds(), a.Error, ms(a.Next), delivered, d.ID, string(storage.DeliveryPending)); err != nil {
			return err
		}
		status := "success"
		if a.Status != storage.DeliveryDelivered {
			status = "error"
		}
		if a.Code != 0 {
			status = strconv.Itoa(a.Code)
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE webhooks SET lease_until = ?, last_triggered_at = ?, last_triggered_status = ?, last_triggered_error = ?
			WHERE id = ? AND lease_owner = ?`), ms(leaseUntil), ms(a.At), status, a.Error, d.WebhookID, owner)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		held = n == 1
		return nil
	})
	return held, storage.Wrap(err, "record delivery %s", d.ID)
}

// ReleaseWebhook implements storage.Webhooks.
func (s *Store) ReleaseWebhook(ctx context.Context, webhookID, owner string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE webhooks SET lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ?`), webhookID, owner)
	return storage.Wrap(err, "release webhook %s", webhookID)
}

// ListDeliveries implements storage.Webhooks.
func (s *Store) ListDeliveries(ctx context.Context, webhookID string, limit int) ([]*storage.Delivery, error) {
	if limit <= 0 || limit > storage.MaxLimit {
		limit = storage.MaxLimit
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+deliveryColumns+` FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq
		WHERE d.webhook_id = ? ORDER BY d.event_seq DESC LIMIT ?`), webhookID, limit)
	if err != nil {
		return nil, storage.Wrap(err, "list deliveries")
	}
	defer rows.Close()
	var out []*storage.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows, false)
		if err != nil {
			return nil, storage.Wrap(err, "scan delivery")
		}
		out = append(out, d)
	}
	return out, storage.Wrap(rows.Err(), "list deliveries")
}

// DeliveryByID implements storage.Webhooks.
func (s *Store) DeliveryByID(ctx context.Context, id string) (*storage.Delivery, error) {
	d, err := scanDelivery(s.db.QueryRowContext(ctx, s.q(`SELECT `+deliveryColumns+`, e.payload
		FROM webhook_deliveries d JOIN webhook_events e ON e.seq = d.event_seq WHERE d.id = ?`), id), true)
	if isNoRows(err) {
		return nil, storage.NotFound("Delivery", id)
	}
	return d, storage.Wrap(err, "load delivery %s", id)
}

// RetryDelivery implements storage.Webhooks.
func (s *Store) RetryDelivery(ctx context.Context, id string, now time.Time) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, expires_at = ? WHERE id = ?`),
		string(storage.DeliveryPending), ms(now), ms(now.Add(deliveryWindow)), id)
	if err != nil {
		return storage.Wrap(err, "send delivery %s again", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Delivery", id)
	}
	return nil
}

// PruneDeliveries implements storage.Webhooks.
func (s *Store) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM webhook_deliveries WHERE status <> ? AND created_at < ?`),
			string(storage.DeliveryPending), ms(before))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM webhook_events WHERE created_at < ? AND NOT EXISTS (
			SELECT 1 FROM webhook_deliveries d WHERE d.event_seq = webhook_events.seq)`), ms(before))
		return err
	})
	return int(n), storage.Wrap(err, "prune webhook deliveries")
}
