-- The review workflow's part of a post's workflow state (see
-- storage.Reviews). post_review holds the posts in review or sent back:
-- an approved or withdrawn post has no row. post_review_log keeps every
-- transition (who, when, the note), shown with the post's revisions.
CREATE TABLE post_review (
	post_id      TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	state        TEXT NOT NULL,
	submitted_by TEXT NOT NULL DEFAULT '',
	submitted_at BIGINT NOT NULL,
	user_id      TEXT NOT NULL DEFAULT '',
	changed_at   BIGINT NOT NULL,
	note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_review_queue ON post_review (state, submitted_at);
CREATE TABLE post_review_log (
	id         TEXT PRIMARY KEY,
	post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
	changed_at BIGINT NOT NULL,
	user_id    TEXT NOT NULL DEFAULT '',
	transition TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_review_log_post ON post_review_log (post_id, changed_at);
