-- Full-text search: see the SQLite twin of this migration. Here each
-- document's stemmed terms, with positions and weights (A headline,
-- B standfirst, D body) and its filter terms, are a tsvector written by
-- newsdesk (the 'simple' configuration would not stem anyway), indexed
-- with GIN; doc_key's unique index serves "newest matches first".
-- Existing posts are indexed by the Go step of this migration (backfill).
CREATE TABLE search_docs (
    doc_id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    doc_key BIGINT NOT NULL UNIQUE,
    tsv tsvector NOT NULL
);
CREATE INDEX search_docs_post ON search_docs (post_id);
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);
