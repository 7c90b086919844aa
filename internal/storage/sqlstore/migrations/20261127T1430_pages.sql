-- Static pages: a post of type 'page' (Ghost's type field). Pages share
-- the posts' slugs but stay out of every stream, so type sits in every
-- stream index right before the keyset columns: the streams seek to
-- (status, 'post') and page by sort_at as before, and the newsroom's
-- Pages list seeks straight to the few pages instead of walking posts.
ALTER TABLE posts ADD COLUMN type TEXT NOT NULL DEFAULT 'post';
ALTER TABLE posts_authors ADD COLUMN type TEXT NOT NULL DEFAULT 'post';
ALTER TABLE posts_tags ADD COLUMN type TEXT NOT NULL DEFAULT 'post';

DROP INDEX posts_stream;
CREATE INDEX posts_stream ON posts (status, type, sort_at DESC, id DESC);
DROP INDEX posts_all;
CREATE INDEX posts_all ON posts (type, sort_at DESC, id DESC);
DROP INDEX posts_sitemap;
CREATE INDEX posts_sitemap ON posts (status, type, sort_at, id, updated_at);
DROP INDEX posts_authors_stream;
CREATE INDEX posts_authors_stream ON posts_authors (author_id, status, type, sort_at DESC, post_id DESC);
DROP INDEX posts_tags_stream;
CREATE INDEX posts_tags_stream ON posts_tags (tag_id, status, type, sort_at DESC, post_id DESC);
