-- The sitemap index walks the keys and update times of every public post;
-- with updated_at in the index that walk never reads the table.
CREATE INDEX posts_sitemap ON posts (status, sort_at, id, updated_at);
