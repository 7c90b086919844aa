-- Full-text search. Each indexed text is a document: a post's whole text
-- for staff (drafts included), or what readers may see of it. doc_key
-- orders documents by recency (publication time in milliseconds * 1024
-- plus a tie-breaker) and is the FTS5 rowid, so the newest matches, a
-- date range and "published by now" are rowid ranges the index seeks to.
-- The FTS5 table is contentless: it holds the stemmed terms newsdesk
-- writes (package search), not a second copy of the text, and keeps no
-- word positions (detail=column), which makes it smaller and quicker to
-- build; phrases are checked against the text of the candidates. The trigger
-- removes a document's terms with it, also when a deleted post cascades.
-- Existing posts are indexed by the Go step of this migration (backfill).
CREATE TABLE search_docs (
    doc_id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    doc_key INTEGER NOT NULL UNIQUE
);
CREATE INDEX search_docs_post ON search_docs (post_id);
CREATE VIRTUAL TABLE search_fts USING fts5(title, standfirst, body, filters, content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN DELETE FROM search_fts WHERE rowid = old.doc_key; END;
