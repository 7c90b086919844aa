-- Redirect rules (Ghost's redirects.json). Exact rules are found by one
-- lookup on (match_key, match_query); pattern rules (match_pattern set)
-- are few and loaded in file order. position keeps the order of an
-- uploaded file, so a download gives it back as it came.
CREATE TABLE redirects (
	id            TEXT PRIMARY KEY,
	position      BIGINT NOT NULL,
	from_text     TEXT NOT NULL,
	to_url        TEXT NOT NULL,
	permanent     INTEGER NOT NULL DEFAULT 0,
	match_key     TEXT NOT NULL DEFAULT '',
	match_query   TEXT NOT NULL DEFAULT '',
	match_slash   INTEGER NOT NULL DEFAULT 0,
	match_pattern TEXT NOT NULL DEFAULT '',
	created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX redirects_position ON redirects (position);
CREATE INDEX redirects_exact ON redirects (match_key, match_query, position);
CREATE INDEX redirects_pattern ON redirects (position) WHERE match_pattern <> '';
