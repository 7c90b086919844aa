package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// EditCorrection implements storage.Posts.
func (s *Store) EditCorrection(ctx context.Context, c *domain.Correction, by string, outbox ...*storage.OutboxEvent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.correctionForChange(ctx, tx, c.PostID, c.ID)
		if err != nil {
			return err
		}
		if old.Retracted() {
			return domain.FieldError("correction", "A retracted note cannot be edited.")
		}
		if old.Kind == c.Kind && old.Body == c.Body {
			return nil // nothing changed: no history row, no new date
		}
		if err := s.keepCorrection(ctx, tx, old, "edited", by, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE corrections SET kind = ?, body = ?, updated_at = ? WHERE id = ?`),
			c.Kind, c.Body, ms(now), c.ID); err != nil {
			return storage.Wrap(err, "edit correction")
		}
		c.UpdatedAt = now
		if err := s.touchPost(ctx, tx, c.PostID, now); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// RetractCorrection implements storage.Posts.
func (s *Store) RetractCorrection(ctx context.Context, postID, id, by string, outbox ...*storage.OutboxEvent) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.correctionForChange(ctx, tx, postID, id)
		if err != nil {
			return err
		}
		if old.Retracted() {
			return nil
		}
		if err := s.keepCorrection(ctx, tx, old, "retracted", by, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE corrections SET retracted_at = ? WHERE id = ?`), ms(now), id); err != nil {
			return storage.Wrap(err, "retract correction")
		}
		if err := s.touchPost(ctx, tx, postID, now); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// CorrectionEdits implements storage.Posts.
func (s *Store) CorrectionEdits(ctx context.Context, id string) ([]domain.CorrectionEdit, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT change, kind, body, user_name, at FROM correction_edits
		WHERE correction_id = ? ORDER BY at, id`), id)
	if err != nil {
		return nil, storage.Wrap(err, "load correction history")
	}
	defer rows.Close()
	var out []domain.CorrectionEdit
	for rows.Next() {
		var e domain.CorrectionEdit
		var at int64
		if err := rows.Scan(&e.Change, &e.Kind, &e.Body, &e.UserName, &at); err != nil {
			return nil, storage.Wrap(err, "scan correction history")
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, storage.Wrap(rows.Err(), "load correction history")
}

// correctionForChange reads a note of postID inside tx; a retracted note
// cannot be edited.
func (s *Store) correctionForChange(ctx context.Context, tx *sql.Tx, postID, id string) (*domain.Correction, error) {
	c := &domain.Correction{ID: id, PostID: postID}
	var retracted int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT kind, body, retracted_at FROM corrections WHERE id = ? AND post_id = ?`), id, postID).
		Scan(&c.Kind, &c.Body, &retracted)
	if isNoRows(err) {
		return nil, storage.NotFound("Correction", id)
	}
	if err != nil {
		return nil, storage.Wrap(err, "load correction %s", id)
	}
	c.RetractedAt = fromMS(retracted)
	return c, nil
}

// keepCorrection writes the note as it was before a change. Two changes
// within one millisecond still keep their order: each is stamped at
// least a millisecond after the one before.
func (s *Store) keepCorrection(ctx context.Context, tx *sql.Tx, old *domain.Correction, change, by string, at time.Time) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO correction_edits (id, correction_id, change, kind, body, user_name, at)
		SELECT ?, ?, ?, ?, ?, ?, CASE WHEN MAX(at) >= ? THEN MAX(at) + 1 ELSE ? END FROM correction_edits WHERE correction_id = ?`),
		domain.NewID(), old.ID, change, old.Kind, old.Body, by, ms(at), ms(at), old.ID)
	return storage.Wrap(err, "keep correction history")
}

// touchPost bumps a post's UpdatedAt so caches, feeds and Updated labels
// see the change.
func (s *Store) touchPost(ctx context.Context, tx *sql.Tx, postID string, at time.Time) error {
	_, err := tx.ExecContext(ctx, s.q(`UPDATE posts SET updated_at = ? WHERE id = ?`), ms(at), postID)
	return storage.Wrap(err, "touch post")
}
