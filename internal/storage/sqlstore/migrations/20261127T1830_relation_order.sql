-- A post's authors and tags in their order, read from the index alone: the
-- stream loads them for fifteen posts on every page, and the primary keys
-- (post_id, author_id) made each a table lookup and a sort.
CREATE INDEX IF NOT EXISTS posts_authors_post ON posts_authors (post_id, sort_order, author_id);
CREATE INDEX IF NOT EXISTS posts_tags_post ON posts_tags (post_id, sort_order, tag_id);
