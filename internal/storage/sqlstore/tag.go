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
	return s.oneTag(ctx, `id = ?`, id)
}

// TagBySlug implements storage.Tags.
func (s *Store) TagBySlug(ctx context.Context, slug string) (*domain.Tag, error) {
	return s.oneTag(ctx, `slug = ?`, slug)
}

func (s *Store) oneTag(ctx context.Context, where, key string) (*domain.Tag, error) {
	var t domain.Tag
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, name, slug, description FROM tags WHERE `+where), key).
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
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, slug, description FROM tags ORDER BY name, id`)
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
