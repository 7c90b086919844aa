-- Live blogs (posts of kind "live"): the blog's state beside the post, and
-- its entries, each published, edited and deleted on its own. An entry's
-- sort_at is its publication time, else its creation time (drafts), so
-- one index serves the newest-first pages of a blog, public or not.
-- Entry revisions keep an entry's text before each edit. author_id has no
-- foreign key: an entry outlives its author's account, as a post's text does.
CREATE TABLE live_blogs (
	post_id         TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	key_points      TEXT NOT NULL DEFAULT '',
	pinned_entry_id TEXT NOT NULL DEFAULT '',
	started_at      BIGINT NOT NULL DEFAULT 0,
	ended_at        BIGINT NOT NULL DEFAULT 0,
	last_entry_at   BIGINT NOT NULL DEFAULT 0,
	updated_at      BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE live_entries (
	id           TEXT PRIMARY KEY,
	post_id      TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	status       TEXT NOT NULL,
	title        TEXT NOT NULL DEFAULT '',
	body_md      TEXT NOT NULL,
	body_html    TEXT NOT NULL,
	plaintext    TEXT NOT NULL DEFAULT '',
	key_event    INTEGER NOT NULL DEFAULT 0,
	author_id    TEXT NOT NULL DEFAULT '',
	correction   TEXT NOT NULL DEFAULT '',
	corrected_at BIGINT NOT NULL DEFAULT 0,
	published_at BIGINT NOT NULL DEFAULT 0,
	sort_at      BIGINT NOT NULL,
	created_at   BIGINT NOT NULL,
	updated_at   BIGINT NOT NULL
);
CREATE INDEX live_entries_stream ON live_entries (post_id, sort_at, id);
CREATE INDEX live_entries_public ON live_entries (post_id, status, sort_at, id);
CREATE TABLE live_entry_revisions (
	id        TEXT PRIMARY KEY,
	entry_id  TEXT NOT NULL REFERENCES live_entries (id) ON DELETE CASCADE,
	title     TEXT NOT NULL,
	body_md   TEXT NOT NULL,
	user_name TEXT NOT NULL DEFAULT '',
	at        BIGINT NOT NULL
);
CREATE INDEX live_entry_revisions_entry ON live_entry_revisions (entry_id, at);
