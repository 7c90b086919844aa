-- Webhooks (Ghost's resource, owned by an integration) and their outbox.
-- A change writes webhook_events and one webhook_deliveries row per
-- subscribed webhook in its own transaction, so a crash after the commit
-- loses nothing; the deliverer sends them later. seq orders the events
-- (deliveries of one post go in seq order). lease_owner/lease_until on a
-- webhook say which instance sends its deliveries now: one at a time.
CREATE TABLE webhooks (
	id                    TEXT PRIMARY KEY,
	integration_id        TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
	name                  TEXT NOT NULL DEFAULT '',
	event                 TEXT NOT NULL,
	target_url            TEXT NOT NULL,
	secret                TEXT NOT NULL DEFAULT '',
	api_version           TEXT NOT NULL DEFAULT '',
	created_at            BIGINT NOT NULL,
	updated_at            BIGINT NOT NULL,
	last_triggered_at     BIGINT NOT NULL DEFAULT 0,
	last_triggered_status TEXT NOT NULL DEFAULT '',
	last_triggered_error  TEXT NOT NULL DEFAULT '',
	lease_owner           TEXT NOT NULL DEFAULT '',
	lease_until           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhooks_event ON webhooks (event);
CREATE INDEX webhooks_integration ON webhooks (integration_id);
CREATE TABLE webhook_events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT NOT NULL UNIQUE,
	event      TEXT NOT NULL,
	order_key  TEXT NOT NULL,
	payload    TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE webhook_deliveries (
	id              TEXT PRIMARY KEY,
	event_seq       BIGINT NOT NULL REFERENCES webhook_events (seq) ON DELETE CASCADE,
	webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
	order_key       TEXT NOT NULL,
	status          TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	created_at      BIGINT NOT NULL,
	next_attempt_at BIGINT NOT NULL,
	expires_at      BIGINT NOT NULL,
	last_attempt_at BIGINT NOT NULL DEFAULT 0,
	last_code       INTEGER NOT NULL DEFAULT 0,
	last_ms         INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	delivered_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_next ON webhook_deliveries (webhook_id, status, event_seq);
CREATE INDEX webhook_deliveries_key ON webhook_deliveries (webhook_id, order_key, event_seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_seq);
