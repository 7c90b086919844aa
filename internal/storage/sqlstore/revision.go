package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// AddRevision implements storage.Revisions.
func (s *Store) AddRevision(ctx context.Context, r *storage.Revision) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.insertRevision(ctx, tx, r) })
}

func (s *Store) insertRevision(ctx context.Context, tx *sql.Tx, r *storage.Revision) error {
	if r.ID == "" {
		r.ID = domain.NewID()
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now().UTC()
	}
	r.CreatedAt = r.CreatedAt.Truncate(time.Millisecond)
	if r.Snapshot == "" {
		r.Snapshot = "{}"
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO revisions (id, post_id, user_id, created_at, title, standfirst, body_md, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), r.ID, r.PostID, r.UserID, ms(r.CreatedAt), r.Title, r.Standfirst, r.BodyMD, r.Snapshot)
	if err != nil && isForeignKey(err) {
		return storage.NotFound("Post", r.PostID)
	}
	return storage.Wrap(err, "add revision")
}

const revisionColumns = `r.id, r.post_id, r.user_id, COALESCE(u.name, ''), r.created_at, r.title, r.standfirst, r.body_md, r.snapshot`

func scanRevision(row scanner) (*storage.Revision, error) {
	var r storage.Revision
	var created int64
	if err := row.Scan(&r.ID, &r.PostID, &r.UserID, &r.UserName, &created, &r.Title, &r.Standfirst, &r.BodyMD, &r.Snapshot); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMS(created)
	return &r, nil
}

// ListRevisions implements storage.Revisions.
func (s *Store) ListRevisions(ctx context.Context, postID string, limit int) ([]*storage.Revision, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+revisionColumns+` FROM revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.post_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?`), postID, limit)
	if err != nil {
		return nil, storage.Wrap(err, "list revisions")
	}
	defer rows.Close()
	var out []*storage.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan revision")
		}
		out = append(out, r)
	}
	return out, storage.Wrap(rows.Err(), "list revisions")
}

// RevisionByID implements storage.Revisions.
func (s *Store) RevisionByID(ctx context.Context, id string) (*storage.Revision, error) {
	r, err := scanRevision(s.db.QueryRowContext(ctx, s.q(`SELECT `+revisionColumns+` FROM revisions r
		LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?`), id))
	if isNoRows(err) {
		return nil, storage.NotFound("Revision", id)
	}
	return r, storage.Wrap(err, "load revision %s", id)
}
