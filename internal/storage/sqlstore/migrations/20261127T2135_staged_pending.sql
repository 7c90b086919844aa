-- A post's workflow state beside its status, one table per part (see
-- storage.Workflow). post_pending holds a staged edit of a published post,
-- with the live text it was started from so a stale one can show what
-- changed live since. post_trash holds the trash: the post row stays
-- (keeping its slug) with status 'trashed', and the status it had is kept
-- here for a restore.
CREATE TABLE post_pending (
	post_id         TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	title           TEXT NOT NULL,
	standfirst      TEXT NOT NULL,
	body_md         TEXT NOT NULL,
	fields          TEXT NOT NULL,
	user_id         TEXT NOT NULL DEFAULT '',
	saved_at        BIGINT NOT NULL,
	base_updated_at BIGINT NOT NULL,
	base_title      TEXT NOT NULL,
	base_standfirst TEXT NOT NULL,
	base_body_md    TEXT NOT NULL,
	stale_at        BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE post_trash (
	post_id    TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	status     TEXT NOT NULL,
	trashed_at BIGINT NOT NULL,
	user_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_trash_at ON post_trash (trashed_at);
