-- Assignments (storage.Assignments): an editor's commission on a story
-- stub, keyed by the stub as the other workflow tables are. The stub is
-- an ordinary draft whose author is the assignee; this row keeps who
-- assigned it, when, the deadline, the brief and when it was filed
-- (done_at, 0 while open). Lists read open ones by deadline.
CREATE TABLE post_assignments (
	post_id     TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
	assignee_id TEXT NOT NULL,
	assigned_by TEXT NOT NULL DEFAULT '',
	assigned_at BIGINT NOT NULL,
	deadline    BIGINT NOT NULL,
	brief       TEXT NOT NULL DEFAULT '',
	done_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX post_assignments_assignee ON post_assignments (assignee_id, done_at, deadline);
CREATE INDEX post_assignments_open ON post_assignments (done_at, deadline);
