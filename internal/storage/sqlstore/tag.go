package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// CreateTag implements storage.Tags.
func (s *Store) CreateTag(ctx context.Context, t *domain.Tag, outbox ...*storage.OutboxEvent) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if t.ID == "" {
		t.ID = domain.NewID()
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = t.CreatedAt
	}
	return s.withOutbox(ctx, outbox, func(db execer) error {
		_, err := db.ExecContext(ctx, s.q(`INSERT INTO tags (id, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
			t.ID, t.Name, t.Slug, t.Description, t.CreatedAt.UnixMilli(), t.UpdatedAt.UnixMilli())
		if isUniqueViolation(err) {
			return domain.FieldError("slug", "A tag with the slug %q already exists.", t.Slug)
		}
		return storage.Wrap(err, "create tag %q", t.Slug)
	})
}

// UpdateTag implements storage.Tags.
func (s *Store) UpdateTag(ctx context.Context, t *domain.Tag, outbox ...*storage.OutboxEvent) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.UpdatedAt = time.Now().UTC().Truncate(time.Millisecond)
	return s.withOutbox(ctx, outbox, func(db execer) error {
		res, err := db.ExecContext(ctx, s.q(`UPDATE tags SET name = ?, slug = ?, description = ?, updated_at = ? WHERE id = ?`),
			t.Name, t.Slug, t.Description, t.UpdatedAt.UnixMilli(), t.ID)
		if isUniqueViolation(err) {
			return domain.FieldError("slug", "A tag with the slug %q already exists.", t.Slug)
		}
		if err != nil {
			return storage.Wrap(err, "update tag %q", t.Slug)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return storage.NotFound("Tag", t.ID)
		}
		return nil
	})
}

// DeleteTag implements storage.Tags; posts_tags rows go by cascade.
func (s *Store) DeleteTag(ctx context.Context, id string, outbox ...*storage.OutboxEvent) error {
	return s.withOutbox(ctx, outbox, func(db execer) error {
		res, err := db.ExecContext(ctx, s.q(`DELETE FROM tags WHERE id = ?`), id)
		if err != nil {
			return storage.Wrap(err, "delete tag %s", id)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return storage.NotFound("Tag", id)
		}
		return nil
	})
}

// TagByID implements storage.Tags.
func (s *Store) TagByID(ctx context.Context, id string) (*domain.Tag, error) {
	return s.oneTag(ctx, `t.id = ?`, id)
}

// TagBySlug implements storage.Tags.
func (s *Store) TagBySlug(ctx context.Context, slug string) (*domain.Tag, error) {
	return s.oneTag(ctx, `t.slug = ?`, slug)
}

// publicTag is the condition "tag t is public", taking publicArgs: not
// internal, and one probe of the index posts_tags_stream (tag_id, status,
// sort_at) finds a published post whose time has come.
const publicTag = `t.name NOT LIKE '#%' AND EXISTS (SELECT 1 FROM posts_tags j
	WHERE j.tag_id = t.id AND j.status = ? AND j.sort_at <= ?)`

func publicArgs(now time.Time) []any {
	return []any{string(domain.StatusPublished), now.UnixMilli()}
}

// PublicTagBySlug implements storage.Tags.
func (s *Store) PublicTagBySlug(ctx context.Context, slug string, now time.Time) (*domain.Tag, error) {
	return s.oneTag(ctx, `t.slug = ? AND `+publicTag, slug, publicArgs(now)...)
}

// PublicTagByID implements storage.Tags.
func (s *Store) PublicTagByID(ctx context.Context, id string, now time.Time) (*domain.Tag, error) {
	return s.oneTag(ctx, `t.id = ? AND `+publicTag, id, publicArgs(now)...)
}

func (s *Store) oneTag(ctx context.Context, where, key string, args ...any) (*domain.Tag, error) {
	var t domain.Tag
	var created, updated int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT t.id, t.name, t.slug, t.description, t.created_at, t.updated_at FROM tags t WHERE `+where), append([]any{key}, args...)...).
		Scan(&t.ID, &t.Name, &t.Slug, &t.Description, &created, &updated)
	t.CreatedAt, t.UpdatedAt = tagTimes(created, updated)
	if isNoRows(err) {
		return nil, storage.NotFound("Tag", key)
	}
	if err != nil {
		return nil, storage.Wrap(err, "load tag %q", key)
	}
	return &t, nil
}

// ListTags implements storage.Tags.
func (s *Store) ListTags(ctx context.Context) ([]*domain.Tag, error) {
	return s.listTags(ctx, ``)
}

// ListPublicTags implements storage.Tags.
func (s *Store) ListPublicTags(ctx context.Context, now time.Time) ([]*domain.Tag, error) {
	return s.listTags(ctx, ` WHERE `+publicTag, publicArgs(now)...)
}

func (s *Store) listTags(ctx context.Context, where string, args ...any) ([]*domain.Tag, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT t.id, t.name, t.slug, t.description, t.created_at, t.updated_at FROM tags t`+where+` ORDER BY t.name, t.id`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "list tags")
	}
	defer rows.Close()
	var out []*domain.Tag
	for rows.Next() {
		var t domain.Tag
		var created, updated int64
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Description, &created, &updated); err != nil {
			return nil, storage.Wrap(err, "scan tag")
		}
		t.CreatedAt, t.UpdatedAt = tagTimes(created, updated)
		out = append(out, &t)
	}
	return out, storage.Wrap(rows.Err(), "list tags")
}

// tagTimes reads a tag's stored times; tags made before updated_at was
// kept count as updated when they were created.
func tagTimes(created, updated int64) (time.Time, time.Time) {
	if updated == 0 {
		updated = created
	}
	return time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
}

// TagUse implements storage.Tags: one pass over posts_tags.
func (s *Store) TagUse(ctx context.Context) (map[string]storage.TagUse, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT tag_id, COUNT(*), SUM(CASE WHEN status = ? THEN 1 ELSE 0 END)
		FROM posts_tags GROUP BY tag_id`), string(domain.StatusPublished))
	if err != nil {
		return nil, storage.Wrap(err, "count tag use")
	}
	defer rows.Close()
	out := map[string]storage.TagUse{}
	for rows.Next() {
		var id string
		var u storage.TagUse
		if err := rows.Scan(&id, &u.Posts, &u.Published); err != nil {
			return nil, storage.Wrap(err, "count tag use")
		}
		out[id] = u
	}
	return out, storage.Wrap(rows.Err(), "count tag use")
}

// MergeTags implements storage.Tags.
func (s *Store) MergeTags(ctx context.Context, fromID, intoID string) (int, error) {
	if fromID == intoID {
		return 0, domain.FieldError("into", "A tag cannot be merged into itself.")
	}
	var moved int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range []string{fromID, intoID} {
			var one int
			err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM tags WHERE id = ?`), id).Scan(&one)
			if isNoRows(err) {
				return storage.NotFound("Tag", id)
			} else if err != nil {
				return storage.Wrap(err, "merge tags: find %s", id)
			}
		}
		// Posts that had only from get into in its place.
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO posts_tags (post_id, tag_id, sort_order, status, sort_at, type)
			SELECT f.post_id, ?, f.sort_order, f.status, f.sort_at, f.type FROM posts_tags f
			WHERE f.tag_id = ? AND NOT EXISTS (SELECT 1 FROM posts_tags i WHERE i.post_id = f.post_id AND i.tag_id = ?)`),
			intoID, fromID, intoID)
		if err != nil {
			return storage.Wrap(err, "merge tags: move posts")
		}
		n, _ := res.RowsAffected()
		moved = int(n)
		// Posts that had both keep into at the earlier of the two places.
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE posts_tags SET sort_order =
			(SELECT f.sort_order FROM posts_tags f WHERE f.post_id = posts_tags.post_id AND f.tag_id = ?)
			WHERE tag_id = ? AND EXISTS (SELECT 1 FROM posts_tags f
				WHERE f.post_id = posts_tags.post_id AND f.tag_id = ? AND f.sort_order < posts_tags.sort_order)`),
			fromID, intoID, fromID); err != nil {
			return storage.Wrap(err, "merge tags: keep order")
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM tags WHERE id = ?`), fromID); err != nil {
			return storage.Wrap(err, "merge tags: delete %s", fromID)
		}
		_, err = tx.ExecContext(ctx, s.q(`UPDATE tags SET updated_at = ? WHERE id = ?`), time.Now().UnixMilli(), intoID)
		return storage.Wrap(err, "merge tags: touch %s", intoID)
	})
	return moved, err
}
