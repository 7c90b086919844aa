-- Where imported records came from: an import run twice (or resumed after
-- a crash) finds what it already brought in instead of duplicating it.
CREATE TABLE import_sources (
	kind       TEXT NOT NULL,
	source_key TEXT NOT NULL,
	target_id  TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (kind, source_key)
);
