-- Newsroom: sessions, one-time tokens, sign-in attempts and revisions.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	last_seen  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
	token_hash TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

CREATE TABLE signin_attempts (
	account TEXT NOT NULL,
	addr    TEXT NOT NULL,
	ok      INTEGER NOT NULL,
	at      BIGINT NOT NULL
);
CREATE INDEX signin_attempts_account ON signin_attempts (account, at);
CREATE INDEX signin_attempts_addr ON signin_attempts (addr, at);

CREATE TABLE revisions (
	id          TEXT PRIMARY KEY,
	post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	user_id     TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL,
	title       TEXT NOT NULL,
	standfirst  TEXT NOT NULL DEFAULT '',
	body_md     TEXT NOT NULL DEFAULT '',
	snapshot    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX revisions_post ON revisions (post_id, created_at DESC, id DESC);
