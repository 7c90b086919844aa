package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// exportPage is how many posts a snapshot reads per query: big enough that
// per-query costs vanish, small enough that a page of long articles stays
// a few megabytes.
const exportPage = 500

// ExportSnapshot implements storage.Exports. The snapshot is a read-only
// transaction: on SQLite a deferred one (WAL readers never block the
// writer, and the snapshot starts at the first read), on PostgreSQL a
// REPEATABLE READ one, whose snapshot covers every statement in it.
func (s *Store) ExportSnapshot(ctx context.Context, fn func(storage.Snapshot) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return storage.Wrap(err, "begin export snapshot")
	}
	defer tx.Rollback()
	return fn(&snapshot{s: s, tx: tx})
}

type snapshot struct {
	s  *Store
	tx *sql.Tx
}

// Posts implements storage.Snapshot, by keyset on the primary key.
func (sn *snapshot) Posts(ctx context.Context, fn func(*domain.Post) error) error {
	after := ""
	for {
		rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+postColumns+` FROM posts p WHERE p.id > ? ORDER BY p.id LIMIT ?`), after, exportPage)
		if err != nil {
			return storage.Wrap(err, "export posts")
		}
		page := make([]*domain.Post, 0, exportPage)
		for rows.Next() {
			p, err := scanPost(rows)
			if err != nil {
				rows.Close()
				return storage.Wrap(err, "scan post")
			}
			page = append(page, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return storage.Wrap(err, "export posts")
		}
		if len(page) == 0 {
			return nil
		}
		if err := sn.s.loadRelationsWith(ctx, sn.tx, page); err != nil {
			return err
		}
		if err := sn.corrections(ctx, page); err != nil {
			return err
		}
		for _, p := range page {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// corrections fills the corrections of a page of posts with one query.
func (sn *snapshot) corrections(ctx context.Context, posts []*domain.Post) error {
	byID := make(map[string]*domain.Post, len(posts))
	ph := make([]string, len(posts))
	args := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID] = p
		ph[i] = "?"
		args[i] = p.ID
	}
	rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT id, post_id, kind, body, created_at FROM corrections
		WHERE post_id IN (`+strings.Join(ph, ", ")+`) ORDER BY post_id, created_at, id`), args...)
	if err != nil {
		return storage.Wrap(err, "export corrections")
	}
	defer rows.Close()
	for rows.Next() {
		var c domain.Correction
		var created int64
		if err := rows.Scan(&c.ID, &c.PostID, &c.Kind, &c.Body, &created); err != nil {
			return storage.Wrap(err, "scan correction")
		}
		c.CreatedAt = fromMS(created)
		p := byID[c.PostID]
		p.Corrections = append(p.Corrections, c)
	}
	return storage.Wrap(rows.Err(), "export corrections")
}

// CountPosts implements storage.Snapshot.
func (sn *snapshot) CountPosts(ctx context.Context) (int, error) {
	var n int
	err := sn.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&n)
	return n, storage.Wrap(err, "count posts")
}

// Users implements storage.Snapshot.
func (sn *snapshot) Users(ctx context.Context) ([]*domain.User, error) {
	rows, err := sn.tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, storage.Wrap(err, "export users")
	}
	defer rows.Close()
	var out []*domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan user")
		}
		u.PasswordHash = "" // a secret: backups carry it, exports never do
		out = append(out, u)
	}
	return out, storage.Wrap(rows.Err(), "export users")
}

// Tags implements storage.Snapshot.
func (sn *snapshot) Tags(ctx context.Context) ([]storage.TagRecord, error) {
	rows, err := sn.tx.QueryContext(ctx, `SELECT id, name, slug, description, created_at FROM tags ORDER BY id`)
	if err != nil {
		return nil, storage.Wrap(err, "export tags")
	}
	defer rows.Close()
	var out []storage.TagRecord
	for rows.Next() {
		var t storage.TagRecord
		var created int64
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Description, &created); err != nil {
			return nil, storage.Wrap(err, "scan tag")
		}
		t.CreatedAt = fromMS(created)
		out = append(out, t)
	}
	return out, storage.Wrap(rows.Err(), "export tags")
}

// Settings implements storage.Snapshot.
func (sn *snapshot) Settings(ctx context.Context) (domain.Settings, error) {
	return loadSettings(ctx, sn.tx)
}
