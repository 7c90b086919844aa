-- A post's author and tag ids, in their order and separated by spaces, on
-- its own row. A stream page or an article on PostgreSQL then reads its
-- posts with one statement and takes the authors and tags from the store's
-- catalogue (names.go), instead of a second statement walking both join
-- tables for every post: at a million posts that second statement was a
-- third of the database's work on an author's page.
--
-- Triggers keep the ids: every statement that writes posts_authors or
-- posts_tags, cascades from deleted users and tags included, refreshes the
-- rows of the posts it touched. A bulk load writes the ids itself and
-- sets newsdesk.bulk_relations for its transaction.
ALTER TABLE posts ADD COLUMN author_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN tag_ids TEXT NOT NULL DEFAULT '';

CREATE FUNCTION posts_refresh_relation_ids(ids TEXT[]) RETURNS void LANGUAGE sql AS $$
UPDATE posts p SET author_ids = x.a, tag_ids = x.t FROM (SELECT i.id,
	COALESCE((SELECT string_agg(r.author_id, ' ' ORDER BY r.sort_order, r.author_id) FROM posts_authors r WHERE r.post_id = i.id), '') AS a,
	COALESCE((SELECT string_agg(r.tag_id, ' ' ORDER BY r.sort_order, r.tag_id) FROM posts_tags r WHERE r.post_id = i.id), '') AS t
	FROM unnest(ids) AS i(id)) x
WHERE p.id = x.id AND (p.author_ids <> x.a OR p.tag_ids <> x.t)
$$;

CREATE FUNCTION posts_relations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('newsdesk.bulk_relations', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		PERFORM posts_refresh_relation_ids(ARRAY(SELECT DISTINCT post_id FROM new_rows));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM posts_refresh_relation_ids(ARRAY(SELECT DISTINCT post_id FROM old_rows));
	ELSE
		PERFORM posts_refresh_relation_ids(ARRAY(SELECT post_id FROM new_rows UNION SELECT post_id FROM old_rows));
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER posts_authors_inserted AFTER INSERT ON posts_authors REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();
CREATE TRIGGER posts_authors_deleted AFTER DELETE ON posts_authors REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();
CREATE TRIGGER posts_authors_updated AFTER UPDATE ON posts_authors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();
CREATE TRIGGER posts_tags_inserted AFTER INSERT ON posts_tags REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();
CREATE TRIGGER posts_tags_deleted AFTER DELETE ON posts_tags REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();
CREATE TRIGGER posts_tags_updated AFTER UPDATE ON posts_tags REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION posts_relations_changed();

UPDATE posts p SET
	author_ids = COALESCE((SELECT string_agg(r.author_id, ' ' ORDER BY r.sort_order, r.author_id) FROM posts_authors r WHERE r.post_id = p.id), ''),
	tag_ids = COALESCE((SELECT string_agg(r.tag_id, ' ' ORDER BY r.sort_order, r.tag_id) FROM posts_tags r WHERE r.post_id = p.id), '');

-- names_version counts the statements that may change an author or a tag
-- as a post shows them. A read of posts reads it with its rows; the
-- catalogue starts afresh when it moved, on every instance. It is a row,
-- not a sequence, so that a new count becomes visible with the commit
-- that made the change, never before it.
CREATE TABLE names_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	v  BIGINT NOT NULL
);
INSERT INTO names_version (id, v) VALUES (1, 0);

CREATE FUNCTION names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE names_version SET v = v + 1 WHERE id = 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER users_names_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION names_changed();
CREATE TRIGGER tags_names_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
	FOR EACH STATEMENT EXECUTE FUNCTION names_changed();
