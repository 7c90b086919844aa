package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// The sitemap queries read the posts_stream index (status, type, sort_at,
// id) in either direction, or posts_sitemap, which adds updated_at so
// walking the keys of every public post never touches the table; sort_at
// is published_at for published posts. Pages have their own sitemap, so
// every query names its type.

// sitemapUpdated is a post's lastmod: its update time or, for a live
// blog, the time of its newest entry when that is later. Only live posts
// pay for the lookup.
const sitemapUpdated = `CASE WHEN kind = 'live' THEN COALESCE((SELECT lb.last_entry_at FROM live_blogs lb
	WHERE lb.post_id = posts.id AND lb.last_entry_at > posts.updated_at), updated_at) ELSE updated_at END`

// SitemapPosts implements storage.Sitemaps.
func (s *Store) SitemapPosts(ctx context.Context, from *storage.Cursor, limit int, now time.Time) ([]storage.SitemapPost, error) {
	query := `SELECT id, slug, title, language, image_url, sort_at, ` + sitemapUpdated + ` FROM posts WHERE status = ? AND type = ? AND sort_at <= ?`
	args := []any{string(domain.StatusPublished), string(domain.TypePost), now.UnixMilli()}
	if from != nil {
		t := from.Time.UnixMilli()
		query += ` AND (sort_at > ? OR (sort_at = ? AND id >= ?))`
		args = append(args, t, t, from.ID)
	}
	query += ` ORDER BY sort_at, id LIMIT ?`
	args = append(args, limit)
	return s.sitemapPosts(ctx, query, args)
}

// RecentPosts implements storage.Sitemaps.
func (s *Store) RecentPosts(ctx context.Context, since, now time.Time, limit int) ([]storage.SitemapPost, error) {
	return s.sitemapPosts(ctx, `SELECT id, slug, title, language, image_url, sort_at, `+sitemapUpdated+` FROM posts
		WHERE status = ? AND type = ? AND sort_at <= ? AND sort_at >= ? ORDER BY sort_at DESC, id DESC LIMIT ?`,
		[]any{string(domain.StatusPublished), string(domain.TypePost), now.UnixMilli(), since.UnixMilli(), limit})
}

// SitemapPages implements storage.Sitemaps.
func (s *Store) SitemapPages(ctx context.Context, now time.Time, limit int) ([]storage.SitemapPost, error) {
	return s.sitemapPosts(ctx, `SELECT id, slug, title, language, image_url, sort_at, `+sitemapUpdated+` FROM posts
		WHERE status = ? AND type = ? AND sort_at <= ? ORDER BY sort_at, id LIMIT ?`,
		[]any{string(domain.StatusPublished), string(domain.TypePage), now.UnixMilli(), limit})
}

func (s *Store) sitemapPosts(ctx context.Context, query string, args []any) ([]storage.SitemapPost, error) {
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, storage.Wrap(err, "list sitemap posts")
	}
	defer rows.Close()
	var out []storage.SitemapPost
	for rows.Next() {
		var p storage.SitemapPost
		var pub, updated int64
		if err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.Language, &p.ImageURL, &pub, &updated); err != nil {
			return nil, storage.Wrap(err, "scan sitemap post")
		}
		p.PublishedAt, p.UpdatedAt = fromMS(pub), fromMS(updated)
		out = append(out, p)
	}
	return out, storage.Wrap(rows.Err(), "list sitemap posts")
}

// SitemapKeys implements storage.Sitemaps.
func (s *Store) SitemapKeys(ctx context.Context, now time.Time, fn func(storage.SitemapKey) error) error {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT sort_at, id, `+sitemapUpdated+`
		FROM posts WHERE status = ? AND type = ? AND sort_at <= ? ORDER BY sort_at, id`),
		string(domain.StatusPublished), string(domain.TypePost), now.UnixMilli())
	if err != nil {
		return storage.Wrap(err, "list sitemap keys")
	}
	defer rows.Close()
	for rows.Next() {
		var k storage.SitemapKey
		var at, updated int64
		if err := rows.Scan(&at, &k.Cursor.ID, &updated); err != nil {
			return storage.Wrap(err, "scan sitemap key")
		}
		k.Cursor.Time, k.UpdatedAt = fromMS(at), fromMS(updated)
		if err := fn(k); err != nil {
			return err
		}
	}
	return storage.Wrap(rows.Err(), "list sitemap keys")
}

// PublicAuthors implements storage.Sitemaps. One index probe per author
// finds the latest public post; no scan of the join table.
func (s *Store) PublicAuthors(ctx context.Context, now time.Time) ([]storage.SitemapProfile, error) {
	return s.profiles(ctx, `SELECT u.slug, u.name, (SELECT MAX(j.sort_at) FROM posts_authors j
		WHERE j.author_id = u.id AND j.status = ? AND j.type = ? AND j.sort_at <= ?) FROM users u WHERE u.pending = 0 ORDER BY u.slug`, now, "authors")
}

// PublicTags implements storage.Sitemaps.
func (s *Store) PublicTags(ctx context.Context, now time.Time) ([]storage.SitemapProfile, error) {
	return s.profiles(ctx, `SELECT t.slug, t.name, (SELECT MAX(j.sort_at) FROM posts_tags j
		WHERE j.tag_id = t.id AND j.status = ? AND j.type = ? AND j.sort_at <= ?) FROM tags t WHERE t.name NOT LIKE '#%' ORDER BY t.slug`, now, "tags")
}

func (s *Store) profiles(ctx context.Context, query string, now time.Time, what string) ([]storage.SitemapProfile, error) {
	rows, err := s.db.QueryContext(ctx, s.q(query), string(domain.StatusPublished), string(domain.TypePost), now.UnixMilli())
	if err != nil {
		return nil, storage.Wrap(err, "list public %s", what)
	}
	defer rows.Close()
	var out []storage.SitemapProfile
	for rows.Next() {
		var p storage.SitemapProfile
		var latest sql.NullInt64
		if err := rows.Scan(&p.Slug, &p.Name, &latest); err != nil {
			return nil, storage.Wrap(err, "scan public %s", what)
		}
		if latest.Valid {
			p.LastPost = fromMS(latest.Int64)
			out = append(out, p)
		}
	}
	return out, storage.Wrap(rows.Err(), "list public %s", what)
}
