-- Corrections can be edited and retracted by editors; each change keeps
-- the note as it was before in correction_edits, so the history of a
-- public correction is never lost.
ALTER TABLE corrections ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE corrections ADD COLUMN retracted_at BIGINT NOT NULL DEFAULT 0;
CREATE TABLE correction_edits (
	id            TEXT PRIMARY KEY,
	correction_id TEXT NOT NULL REFERENCES corrections (id) ON DELETE CASCADE,
	change        TEXT NOT NULL,
	kind          TEXT NOT NULL,
	body          TEXT NOT NULL,
	user_name     TEXT NOT NULL DEFAULT '',
	at            BIGINT NOT NULL
);
CREATE INDEX correction_edits_correction ON correction_edits (correction_id, at);
