package sqlstore

import (
	"context"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// CreateTag implements storage.Tags.
func (s *Store) CreateTag(ctx context.Context, t *domain.Tag) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if t.ID == "" {
		t.ID = domain.NewID()
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO tags (id, name, slug, description, created_at) VALUES (?, ?, ?, ?, ?)`),
		t.ID, t.Name, t.Slug, t.Description, time.Now().UnixMilli())
	if isUniqueViolation(err) {
		return domain.FieldError("slug", "A tag with the slug %q already exists.", t.Slug)
	}
	return storage.Wrap(err, "create tag %q", t.Slug)
}

// UpdateTag implements storage.Tags.
func (s *Store) UpdateTag(ctx context.Context, t *domain.Tag) error {
	if err := t.Validate(); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE tags SET name = ?, slug = ?, description = ? WHERE id = ?`),
		t.Name, t.Slug, t.Description, t.ID)
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
}

// DeleteTag implements storage.Tags; posts_tags rows go by cascade.
func (s *Store) DeleteTag(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM tags WHERE id = ?`), id)
	if err != nil {
		return storage.Wrap(err, "delete tag %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Tag", id)
	}
	return nil
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
	err := s.db.QueryRowContext(ctx, s.q(`SELECT t.id, t.name, t.slug, t.description FROM tags t WHERE `+where), append([]any{key}, args...)...).
		Scan(&t.ID, &t.Name, &t.Slug, &t.Description)
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
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT t.id, t.name, t.slug, t.description FROM tags t`+where+` ORDER BY t.name, t.id`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "list tags")
	}
	defer rows.Close()
	var out []*domain.Tag
	for rows.Next() {
		var t domain.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Description); err != nil {
			return nil, storage.Wrap(err, "scan tag")
		}
		out = append(out, &t)
	}
	return out, storage.Wrap(rows.Err(), "list tags")
}
