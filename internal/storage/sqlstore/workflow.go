package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const pendingColumns = `w.post_id, w.title, w.standfirst, w.body_md, w.fields, w.user_id, COALESCE(u.name, ''), w.saved_at,
	w.base_updated_at, w.base_title, w.base_standfirst, w.base_body_md, w.stale_at`

// PendingOf implements storage.Workflow.
func (s *Store) PendingOf(ctx context.Context, postID string) (*storage.Pending, error) {
	var p storage.Pending
	var saved, base, stale int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT `+pendingColumns+` FROM post_pending w LEFT JOIN users u ON u.id = w.user_id
		WHERE w.post_id = ?`), postID).Scan(&p.PostID, &p.Title, &p.Standfirst, &p.BodyMD, &p.Fields, &p.UserID, &p.UserName,
		&saved, &base, &p.BaseTitle, &p.BaseStandfirst, &p.BaseBodyMD, &stale)
	if isNoRows(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "This post has no pending version.")
	}
	if err != nil {
		return nil, storage.Wrap(err, "load pending version of %s", postID)
	}
	p.SavedAt, p.BaseUpdatedAt, p.StaleAt = fromMS(saved), fromMS(base), fromMS(stale)
	return &p, nil
}

// SavePending implements storage.Workflow.
func (s *Store) SavePending(ctx context.Context, p *storage.Pending, check bool, ifSavedAt time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM posts WHERE id = ?`), p.PostID).Scan(&status)
		if isNoRows(err) {
			return storage.NotFound("Post", p.PostID)
		}
		if err != nil {
			return storage.Wrap(err, "load post %s", p.PostID)
		}
		if domain.Status(status) != domain.StatusPublished {
			return domain.Errorf(domain.EINVALID, "Only a published post keeps a pending version; save this one directly.")
		}
		var current int64
		err = tx.QueryRowContext(ctx, s.q(`SELECT saved_at FROM post_pending WHERE post_id = ?`), p.PostID).Scan(&current)
		if err != nil && !isNoRows(err) {
			return storage.Wrap(err, "load pending version of %s", p.PostID)
		}
		if check && current != ms(ifSavedAt) {
			return domain.Errorf(domain.ECONFLICT, "Someone else changed the pending version of this post meanwhile.")
		}
		now := time.Now().UTC().Truncate(time.Millisecond)
		if ms(now) <= current {
			now = fromMS(current + 1)
		}
		p.SavedAt = now
		return s.putPending(ctx, tx, p)
	})
}

// putPending writes p as its post's pending version, in tx.
func (s *Store) putPending(ctx context.Context, tx *sql.Tx, p *storage.Pending) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_pending (post_id, title, standfirst, body_md, fields, user_id, saved_at,
			base_updated_at, base_title, base_standfirst, base_body_md, stale_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (post_id) DO UPDATE SET title = excluded.title, standfirst = excluded.standfirst, body_md = excluded.body_md,
			fields = excluded.fields, user_id = excluded.user_id, saved_at = excluded.saved_at, base_updated_at = excluded.base_updated_at,
			base_title = excluded.base_title, base_standfirst = excluded.base_standfirst, base_body_md = excluded.base_body_md,
			stale_at = excluded.stale_at`),
		p.PostID, p.Title, p.Standfirst, p.BodyMD, p.Fields, p.UserID, ms(p.SavedAt),
		ms(p.BaseUpdatedAt), p.BaseTitle, p.BaseStandfirst, p.BaseBodyMD, ms(p.StaleAt))
	return storage.Wrap(err, "save pending version of %s", p.PostID)
}

// DeletePending implements storage.Workflow.
func (s *Store) DeletePending(ctx context.Context, postID string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM post_pending WHERE post_id = ?`), postID)
	return storage.Wrap(err, "drop pending version of %s", postID)
}

// PendingPosts implements storage.Workflow.
func (s *Store) PendingPosts(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT post_id FROM post_pending WHERE post_id IN (`+ph+`)`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "find pending versions")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, storage.Wrap(err, "scan pending version")
		}
		out[id] = true
	}
	return out, storage.Wrap(rows.Err(), "find pending versions")
}

// workflowWrite applies a post write's pending and trash parts in tx,
// after the post row is written.
func (s *Store) workflowWrite(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	p := w.Post
	if w.DropPending {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM post_pending WHERE post_id = ?`), p.ID); err != nil {
			return storage.Wrap(err, "drop pending version of %s", p.ID)
		}
	} else if w.StalePending {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE post_pending SET stale_at = ? WHERE post_id = ? AND stale_at = 0`),
			ms(p.UpdatedAt), p.ID); err != nil {
			return storage.Wrap(err, "mark pending version of %s stale", p.ID)
		}
	}
	if pd := w.Pending; pd != nil && w.Create {
		pd.PostID = p.ID
		if pd.SavedAt.IsZero() {
			pd.SavedAt = time.Now()
		}
		pd.SavedAt = pd.SavedAt.UTC().Truncate(time.Millisecond)
		if err := s.putPending(ctx, tx, pd); err != nil {
			return err
		}
	}
	if t := w.Trash; t != nil && w.Create {
		t.PostID = p.ID
		return s.insertTrash(ctx, tx, t)
	}
	return nil
}

// Workflow implements storage.Snapshot.
func (sn *snapshot) Workflow(ctx context.Context) ([]*storage.Pending, []*storage.Trash, error) {
	var pending []*storage.Pending
	rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+pendingColumns+` FROM post_pending w LEFT JOIN users u ON u.id = w.user_id
		ORDER BY w.post_id`))
	if err != nil {
		return nil, nil, storage.Wrap(err, "export pending versions")
	}
	for rows.Next() {
		var p storage.Pending
		var saved, base, stale int64
		if err := rows.Scan(&p.PostID, &p.Title, &p.Standfirst, &p.BodyMD, &p.Fields, &p.UserID, &p.UserName,
			&saved, &base, &p.BaseTitle, &p.BaseStandfirst, &p.BaseBodyMD, &stale); err != nil {
			rows.Close()
			return nil, nil, storage.Wrap(err, "scan pending version")
		}
		p.SavedAt, p.BaseUpdatedAt, p.StaleAt = fromMS(saved), fromMS(base), fromMS(stale)
		pending = append(pending, &p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, storage.Wrap(err, "export pending versions")
	}
	var trash []*storage.Trash
	rows, err = sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+trashColumns+` FROM post_trash t LEFT JOIN users u ON u.id = t.user_id ORDER BY t.post_id`))
	if err != nil {
		return nil, nil, storage.Wrap(err, "export the trash")
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTrash(rows)
		if err != nil {
			return nil, nil, storage.Wrap(err, "scan trash entry")
		}
		trash = append(trash, t)
	}
	return pending, trash, storage.Wrap(rows.Err(), "export the trash")
}

func (s *Store) insertTrash(ctx context.Context, tx *sql.Tx, t *storage.Trash) error {
	if t.TrashedAt.IsZero() {
		t.TrashedAt = time.Now()
	}
	t.TrashedAt = t.TrashedAt.UTC().Truncate(time.Millisecond)
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_trash (post_id, status, trashed_at, user_id) VALUES (?, ?, ?, ?)`),
		t.PostID, string(t.Status), ms(t.TrashedAt), t.UserID)
	if isUniqueViolation(err) {
		return domain.Errorf(domain.ECONFLICT, "This post is already in the trash.")
	}
	return storage.Wrap(err, "trash post %s", t.PostID)
}

// setStatus changes a post's status in its row and its stream rows, and
// reindexes it for search (a trashed post has no documents).
func (s *Store) setStatus(ctx context.Context, tx *sql.Tx, id string, st domain.Status) error {
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE posts SET status = ? WHERE id = ?`), string(st), id); err != nil {
		return storage.Wrap(err, "set status of %s", id)
	}
	for _, table := range []string{"posts_authors", "posts_tags"} {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE `+table+` SET status = ? WHERE post_id = ?`), string(st), id); err != nil {
			return storage.Wrap(err, "set status of %s", id)
		}
	}
	return s.reindexPost(ctx, tx, id)
}

// TrashPost implements storage.Workflow.
func (s *Store) TrashPost(ctx context.Context, t *storage.Trash, outbox ...*storage.OutboxEvent) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM posts WHERE id = ?`), t.PostID).Scan(&status)
		if isNoRows(err) {
			return storage.NotFound("Post", t.PostID)
		}
		if err != nil {
			return storage.Wrap(err, "load post %s", t.PostID)
		}
		if domain.Status(status) == domain.StatusTrashed {
			return domain.Errorf(domain.ECONFLICT, "This post is already in the trash.")
		}
		t.Status = domain.Status(status)
		if err := s.insertTrash(ctx, tx, t); err != nil {
			return err
		}
		if err := s.setStatus(ctx, tx, t.PostID, domain.StatusTrashed); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// RestorePost implements storage.Workflow. Deleting the trash entry is
// the claim, so of two restores at once one finds nothing.
func (s *Store) RestorePost(ctx context.Context, postID string, outbox ...*storage.OutboxEvent) (*domain.Post, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`DELETE FROM post_trash WHERE post_id = ? RETURNING status`), postID).Scan(&status)
		if isNoRows(err) {
			return domain.Errorf(domain.ENOTFOUND, "This post is not in the trash.")
		}
		if err != nil {
			return storage.Wrap(err, "restore post %s", postID)
		}
		if err := s.setStatus(ctx, tx, postID, domain.Status(status)); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, outbox)
	})
	if err != nil {
		return nil, err
	}
	return s.PostByID(ctx, postID)
}

const trashColumns = `t.post_id, t.status, t.trashed_at, t.user_id, COALESCE(u.name, '')`

func scanTrash(row scanner) (*storage.Trash, error) {
	var t storage.Trash
	var at int64
	if err := row.Scan(&t.PostID, &t.Status, &at, &t.UserID, &t.UserName); err != nil {
		return nil, err
	}
	t.TrashedAt = fromMS(at)
	return &t, nil
}

// TrashOf implements storage.Workflow.
func (s *Store) TrashOf(ctx context.Context, postID string) (*storage.Trash, error) {
	t, err := scanTrash(s.db.QueryRowContext(ctx, s.q(`SELECT `+trashColumns+` FROM post_trash t LEFT JOIN users u ON u.id = t.user_id
		WHERE t.post_id = ?`), postID))
	if isNoRows(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "This post is not in the trash.")
	}
	return t, storage.Wrap(err, "load trash entry of %s", postID)
}

// ListTrash implements storage.Workflow.
func (s *Store) ListTrash(ctx context.Context, authorID string, limit int) ([]storage.TrashedPost, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	query := `SELECT ` + trashColumns + ` FROM post_trash t LEFT JOIN users u ON u.id = t.user_id`
	args := []any{}
	if authorID != "" {
		query += ` WHERE EXISTS (SELECT 1 FROM posts_authors a WHERE a.post_id = t.post_id AND a.author_id = ?)`
		args = append(args, authorID)
	}
	query += ` ORDER BY t.trashed_at DESC, t.post_id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, storage.Wrap(err, "list the trash")
	}
	entries, err := scanAll(rows, scanTrash, "list the trash")
	if err != nil {
		return nil, err
	}
	return withPosts(ctx, s, entries, func(t *storage.Trash) string { return t.PostID },
		func(p *domain.Post, t *storage.Trash) storage.TrashedPost {
			return storage.TrashedPost{Post: p, Trash: *t}
		})
}

// scanAll reads every row with scan and closes rows, so the connection is
// free again before the caller queries more (SQLite's writer may hold the
// only one).
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error), what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, storage.Wrap(err, "%s", what)
		}
		out = append(out, v)
	}
	return out, storage.Wrap(rows.Err(), "%s", what)
}

// withPosts pairs each workflow entry with its post, leaving out entries
// whose post was deleted since they were read.
func withPosts[E, R any](ctx context.Context, s *Store, entries []E, postID func(E) string, pair func(*domain.Post, E) R) ([]R, error) {
	out := make([]R, 0, len(entries))
	for _, e := range entries {
		p, err := s.PostByID(ctx, postID(e))
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, pair(p, e))
	}
	return out, nil
}

// PurgeTrash implements storage.Workflow.
func (s *Store) PurgeTrash(ctx context.Context, before time.Time, limit int) ([]*domain.Post, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT post_id FROM post_trash WHERE trashed_at < ? ORDER BY trashed_at LIMIT ?`),
		ms(before), limit)
	if err != nil {
		return nil, storage.Wrap(err, "find expired trash")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, storage.Wrap(err, "scan expired trash")
		}
		ids = append(ids, id)
	}
	rows.Close()
	var purged []*domain.Post
	for _, id := range ids {
		var p *domain.Post
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, s.q(`DELETE FROM post_trash WHERE post_id = ? AND trashed_at < ?`), id, ms(before))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // restored, or purged by another instance
			}
			if p, err = scanPost(tx.QueryRowContext(ctx, s.q(`SELECT `+postColumns+` FROM posts p WHERE p.id = ?`), id)); err != nil {
				return err
			}
			if err := s.loadRelationsWith(ctx, tx, []*domain.Post{p}); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, s.q(`DELETE FROM posts WHERE id = ?`), id)
			return err
		})
		if err != nil {
			return purged, storage.Wrap(err, "purge post %s", id)
		}
		if p != nil {
			purged = append(purged, p)
		}
	}
	return purged, nil
}
