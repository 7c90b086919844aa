-- post_cards: what a stream item shows of a post (PostQuery.Summary), in
-- a narrow table beside posts. In posts these columns sit after the long
-- bodies (body_md, body_html, plaintext and, added later, public_html),
-- so reading one item walked the overflow chain of every body: at a
-- million posts a tag or author page read hundreds of pages, mostly
-- beyond SQLite's 2 GiB memory map. A card is a few hundred bytes, so
-- an item costs one leaf page. WITHOUT ROWID: keyed by the post id the
-- stream indexes (posts_tags, posts_authors, posts_stream) yield, one
-- b-tree descent per item. item_html and item_public_html are body_html
-- and public_html of briefs, videos and live blogs (what their items
-- show), empty for articles (an article's item shows its standfirst).
-- Triggers keep the cards in the same transaction as every write to
-- posts, however it is made (save, workflow, bulk load, delete).
-- SQLite only: PostgreSQL keeps long values out of line (TOAST), so its
-- rows already hold just the short columns.
CREATE TABLE post_cards (
	id               TEXT NOT NULL PRIMARY KEY,
	uuid             TEXT NOT NULL,
	kind             TEXT NOT NULL,
	status           TEXT NOT NULL,
	slug             TEXT NOT NULL,
	title            TEXT NOT NULL,
	standfirst       TEXT NOT NULL,
	item_html        TEXT NOT NULL,
	word_count       INTEGER NOT NULL,
	image_count      INTEGER NOT NULL,
	language         TEXT NOT NULL,
	featured         INTEGER NOT NULL,
	image_url        TEXT NOT NULL,
	image_alt        TEXT NOT NULL,
	image_caption    TEXT NOT NULL,
	image_credit     TEXT NOT NULL,
	image_width      INTEGER NOT NULL,
	image_height     INTEGER NOT NULL,
	video_url        TEXT NOT NULL,
	meta_title       TEXT NOT NULL,
	meta_description TEXT NOT NULL,
	published_at     BIGINT NOT NULL,
	created_at       BIGINT NOT NULL,
	updated_at       BIGINT NOT NULL,
	breaking_until   BIGINT NOT NULL,
	type             TEXT NOT NULL,
	visibility       TEXT NOT NULL,
	item_public_html TEXT NOT NULL,
	tiers            TEXT NOT NULL
) WITHOUT ROWID;
-- The backfill inserts in posts' order, not the cards' key order: a
-- larger page cache for it keeps the table's leaves in memory.
PRAGMA cache_size = -262144;
INSERT INTO post_cards (id, uuid, kind, status, slug, title, standfirst, item_html, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, created_at, updated_at, breaking_until, type, visibility, item_public_html, tiers) SELECT id, uuid, kind, status, slug, title, standfirst, CASE WHEN kind <> 'article' THEN body_html ELSE '' END, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, created_at, updated_at, breaking_until, type, visibility, CASE WHEN kind <> 'article' THEN public_html ELSE '' END, tiers FROM posts;
PRAGMA cache_size = -2048;
-- Each trigger on one line: migrations split on a semicolon at a line end.
CREATE TRIGGER post_cards_insert AFTER INSERT ON posts BEGIN INSERT INTO post_cards (id, uuid, kind, status, slug, title, standfirst, item_html, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, created_at, updated_at, breaking_until, type, visibility, item_public_html, tiers) VALUES (new.id, new.uuid, new.kind, new.status, new.slug, new.title, new.standfirst, CASE WHEN new.kind <> 'article' THEN new.body_html ELSE '' END, new.word_count, new.image_count, new.language, new.featured, new.image_url, new.image_alt, new.image_caption, new.image_credit, new.image_width, new.image_height, new.video_url, new.meta_title, new.meta_description, new.published_at, new.created_at, new.updated_at, new.breaking_until, new.type, new.visibility, CASE WHEN new.kind <> 'article' THEN new.public_html ELSE '' END, new.tiers); END;
CREATE TRIGGER post_cards_update AFTER UPDATE OF uuid, kind, status, slug, title, standfirst, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, created_at, updated_at, breaking_until, type, visibility, tiers, body_html, public_html, id ON posts BEGIN DELETE FROM post_cards WHERE id = old.id; INSERT INTO post_cards (id, uuid, kind, status, slug, title, standfirst, item_html, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, created_at, updated_at, breaking_until, type, visibility, item_public_html, tiers) VALUES (new.id, new.uuid, new.kind, new.status, new.slug, new.title, new.standfirst, CASE WHEN new.kind <> 'article' THEN new.body_html ELSE '' END, new.word_count, new.image_count, new.language, new.featured, new.image_url, new.image_alt, new.image_caption, new.image_credit, new.image_width, new.image_height, new.video_url, new.meta_title, new.meta_description, new.published_at, new.created_at, new.updated_at, new.breaking_until, new.type, new.visibility, CASE WHEN new.kind <> 'article' THEN new.public_html ELSE '' END, new.tiers); END;
CREATE TRIGGER post_cards_delete AFTER DELETE ON posts BEGIN DELETE FROM post_cards WHERE id = old.id; END;
