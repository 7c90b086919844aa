-- Editors' notes: staff-only threads on a post. A thread's first note has
-- no parent_id and carries the thread's resolved state; a reply names it,
-- and goes with it. Notes go with their post (a purge). author_id and
-- resolved_by have no foreign key: a note outlives its author's account,
-- as a post's text does.
CREATE TABLE post_notes (
	id          TEXT PRIMARY KEY,
	post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	parent_id   TEXT REFERENCES post_notes (id) ON DELETE CASCADE,
	author_id   TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL,
	passage     TEXT NOT NULL DEFAULT '',
	created_at  BIGINT NOT NULL,
	updated_at  BIGINT NOT NULL DEFAULT 0,
	resolved_at BIGINT NOT NULL DEFAULT 0,
	resolved_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_notes_post ON post_notes (post_id, created_at, id);
CREATE INDEX post_notes_parent ON post_notes (parent_id);
