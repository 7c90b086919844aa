-- Times are Unix milliseconds (BIGINT) and booleans 0/1 (INTEGER) so the
-- same schema and queries serve SQLite and PostgreSQL.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	slug          TEXT NOT NULL UNIQUE,
	email         TEXT UNIQUE,
	role          TEXT NOT NULL DEFAULT 'author',
	password_hash TEXT NOT NULL DEFAULT '',
	avatar        TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL DEFAULT '',
	bio           TEXT NOT NULL DEFAULT '',
	website       TEXT NOT NULL DEFAULT '',
	location      TEXT NOT NULL DEFAULT '',
	links         TEXT NOT NULL DEFAULT '[]',
	suspended     INTEGER NOT NULL DEFAULT 0,
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL
);

CREATE TABLE tags (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	slug        TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL
);

CREATE TABLE posts (
	id               TEXT PRIMARY KEY,
	uuid             TEXT NOT NULL UNIQUE,
	kind             TEXT NOT NULL,
	status           TEXT NOT NULL,
	slug             TEXT NOT NULL UNIQUE,
	title            TEXT NOT NULL,
	standfirst       TEXT NOT NULL DEFAULT '',
	body_md          TEXT NOT NULL DEFAULT '',
	body_html        TEXT NOT NULL DEFAULT '',
	plaintext        TEXT NOT NULL DEFAULT '',
	word_count       INTEGER NOT NULL DEFAULT 0,
	image_count      INTEGER NOT NULL DEFAULT 0,
	language         TEXT NOT NULL DEFAULT 'en',
	featured         INTEGER NOT NULL DEFAULT 0,
	image_url        TEXT NOT NULL DEFAULT '',
	image_alt        TEXT NOT NULL DEFAULT '',
	image_caption    TEXT NOT NULL DEFAULT '',
	image_credit     TEXT NOT NULL DEFAULT '',
	image_width      INTEGER NOT NULL DEFAULT 0,
	image_height     INTEGER NOT NULL DEFAULT 0,
	video_url        TEXT NOT NULL DEFAULT '',
	meta_title       TEXT NOT NULL DEFAULT '',
	meta_description TEXT NOT NULL DEFAULT '',
	published_at     BIGINT NOT NULL DEFAULT 0,
	-- sort_at is published_at, or created_at for posts never published:
	-- the one keyset column every stream and list pages by.
	sort_at          BIGINT NOT NULL,
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL,
	breaking_until   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX posts_stream ON posts (status, sort_at DESC, id DESC);
CREATE INDEX posts_all ON posts (sort_at DESC, id DESC);
CREATE INDEX posts_breaking ON posts (breaking_until) WHERE breaking_until > 0;

-- status and sort_at are copied into the join tables so author and tag
-- streams page by keyset on one index without touching posts.
CREATE TABLE posts_authors (
	post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	author_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	sort_order INTEGER NOT NULL,
	status     TEXT NOT NULL,
	sort_at    BIGINT NOT NULL,
	PRIMARY KEY (post_id, author_id)
);
CREATE INDEX posts_authors_stream ON posts_authors (author_id, status, sort_at DESC, post_id DESC);

CREATE TABLE posts_tags (
	post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	tag_id     TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	sort_order INTEGER NOT NULL,
	status     TEXT NOT NULL,
	sort_at    BIGINT NOT NULL,
	PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX posts_tags_stream ON posts_tags (tag_id, status, sort_at DESC, post_id DESC);

CREATE TABLE corrections (
	id         TEXT PRIMARY KEY,
	post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX corrections_post ON corrections (post_id, created_at);
