-- API integrations: Ghost-format Content and Admin API keys.
CREATE TABLE integrations (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	content_key  TEXT NOT NULL UNIQUE,
	admin_key_id TEXT NOT NULL UNIQUE,
	admin_secret TEXT NOT NULL,
	role         TEXT NOT NULL DEFAULT 'administrator',
	created_at   BIGINT NOT NULL,
	revoked_at   BIGINT NOT NULL DEFAULT 0
);
