-- Staff notifications (review requested, sent back, approved, mentioned,
-- assigned), one row per recipient. The post's title is kept as it was
-- when it happened; post_id has no foreign key so a notice outlives a
-- purged post. read_at is 0 while unread.
CREATE TABLE notifications (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	actor_id   TEXT NOT NULL DEFAULT '',
	post_id    TEXT NOT NULL DEFAULT '',
	post_title TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	path       TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	read_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
