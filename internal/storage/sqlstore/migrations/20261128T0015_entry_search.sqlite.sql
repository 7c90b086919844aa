-- Live blog entries become search documents of their own (doc_id
-- 'entry:<id>', post_id their blog), so every published entry is found,
-- with its own snippet and link, and a new entry costs one document
-- instead of rebuilding its blog's. sig is the filters an entry document
-- was written with: a save of the blog rewrites its entries' documents
-- only when they changed. The Go step re-indexes every live blog.
ALTER TABLE search_docs ADD COLUMN entry_id TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN sig TEXT NOT NULL DEFAULT '';
-- The entry documents among a window of matches, for searches that show
-- a blog once however many of its entries matched: a small index holding
-- only entries' keys and blogs.
CREATE INDEX search_docs_entries ON search_docs (doc_key, post_id) WHERE entry_id <> '';
-- The key events jump list of a live page: a range of this index, however
-- rare key events are among thousands of entries.
CREATE INDEX live_entries_key_events ON live_entries (post_id, sort_at, id) WHERE status = 'published' AND key_event = 1;
