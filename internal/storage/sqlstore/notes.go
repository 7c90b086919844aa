package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// noteColumns are a note's columns with its author's and resolver's
// names, read with noteJoins.
const noteColumns = `n.id, n.post_id, COALESCE(n.parent_id, ''), n.author_id, COALESCE(a.name, ''), COALESCE(a.slug, ''),
	n.body, n.passage, n.created_at, n.updated_at, n.resolved_at, n.resolved_by, COALESCE(r.name, '')`

const noteJoins = ` FROM post_notes n LEFT JOIN users a ON a.id = n.author_id LEFT JOIN users r ON r.id = n.resolved_by`

func scanNote(row interface{ Scan(...any) error }) (*domain.Note, error) {
	var n domain.Note
	var created, updated, resolved int64
	err := row.Scan(&n.ID, &n.PostID, &n.ParentID, &n.AuthorID, &n.AuthorName, &n.AuthorSlug, &n.Body, &n.Passage,
		&created, &updated, &resolved, &n.ResolvedBy, &n.ResolvedByName)
	if err != nil {
		return nil, err
	}
	n.CreatedAt, n.UpdatedAt, n.ResolvedAt = fromMS(created), fromMS(updated), fromMS(resolved)
	return &n, nil
}

func (s *Store) queryNotes(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]*domain.Note, error) {
	rows, err := q.QueryContext(ctx, s.q(`SELECT `+noteColumns+noteJoins+where), args...)
	if err != nil {
		return nil, storage.Wrap(err, "load notes")
	}
	defer rows.Close()
	var out []*domain.Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan note")
		}
		out = append(out, n)
	}
	return out, storage.Wrap(rows.Err(), "load notes")
}

// NotesOf implements storage.Notes.
func (s *Store) NotesOf(ctx context.Context, postID string) ([]*domain.Note, error) {
	return s.queryNotes(ctx, s.db, ` WHERE n.post_id = ? ORDER BY n.created_at, n.id`, postID)
}

// NoteByID implements storage.Notes.
func (s *Store) NoteByID(ctx context.Context, id string) (*domain.Note, error) {
	n, err := scanNote(s.db.QueryRowContext(ctx, s.q(`SELECT `+noteColumns+noteJoins+` WHERE n.id = ?`), id))
	if isNoRows(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "That note is gone: someone deleted it.")
	}
	if err != nil {
		return nil, storage.Wrap(err, "load note %s", id)
	}
	return n, nil
}

// AddNote implements storage.Notes.
func (s *Store) AddNote(ctx context.Context, n *domain.Note) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.q(`SELECT 1 FROM posts WHERE id = ?`), n.PostID).Scan(&one)
		if isNoRows(err) {
			return storage.NotFound("Post", n.PostID)
		}
		if err != nil {
			return storage.Wrap(err, "load post %s", n.PostID)
		}
		if n.ParentID != "" {
			var post string
			var parent sql.NullString
			err := tx.QueryRowContext(ctx, s.q(`SELECT post_id, parent_id FROM post_notes WHERE id = ?`), n.ParentID).Scan(&post, &parent)
			if isNoRows(err) || (err == nil && (post != n.PostID || parent.Valid)) {
				return domain.FieldError("parent", "The note you reply to is gone or is itself a reply.")
			}
			if err != nil {
				return storage.Wrap(err, "load note %s", n.ParentID)
			}
		}
		if n.ID == "" {
			n.ID = domain.NewID()
		}
		if n.CreatedAt.IsZero() {
			n.CreatedAt = time.Now()
		}
		n.CreatedAt = n.CreatedAt.UTC().Truncate(time.Millisecond)
		return s.insertNote(ctx, tx, n)
	})
}

func (s *Store) insertNote(ctx context.Context, tx *sql.Tx, n *domain.Note) error {
	var parent any
	if n.ParentID != "" {
		parent = n.ParentID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_notes (id, post_id, parent_id, author_id, body, passage, created_at,
		updated_at, resolved_at, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		n.ID, n.PostID, parent, n.AuthorID, n.Body, n.Passage, ms(n.CreatedAt), ms(n.UpdatedAt), ms(n.ResolvedAt), n.ResolvedBy)
	return storage.Wrap(err, "save note on %s", n.PostID)
}

// EditNote implements storage.Notes.
func (s *Store) EditNote(ctx context.Context, n *domain.Note) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE post_notes SET body = ?, updated_at = ? WHERE id = ?`), n.Body, ms(now), n.ID)
	if err != nil {
		return storage.Wrap(err, "save note %s", n.ID)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return domain.Errorf(domain.ENOTFOUND, "That note is gone: someone deleted it.")
	}
	n.UpdatedAt = now
	return nil
}

// DeleteNote implements storage.Notes. Replies go by the foreign key's
// cascade.
func (s *Store) DeleteNote(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM post_notes WHERE id = ?`), id)
	if err != nil {
		return storage.Wrap(err, "delete note %s", id)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return domain.Errorf(domain.ENOTFOUND, "That note is gone: someone deleted it.")
	}
	return nil
}

// ResolveNote implements storage.Notes.
func (s *Store) ResolveNote(ctx context.Context, id, by string, at time.Time) error {
	if at.IsZero() {
		by = ""
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE post_notes SET resolved_at = ?, resolved_by = ? WHERE id = ? AND parent_id IS NULL`),
		ms(at), by, id)
	if err != nil {
		return storage.Wrap(err, "resolve note %s", id)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return domain.Errorf(domain.ENOTFOUND, "That thread is gone: someone deleted it.")
	}
	return nil
}

// OpenNotes implements storage.Notes.
func (s *Store) OpenNotes(ctx context.Context, postIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(postIDs) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(postIDs)), ", ")
	args := make([]any, len(postIDs))
	for i, id := range postIDs {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT post_id, COUNT(*) FROM post_notes
		WHERE post_id IN (`+ph+`) AND parent_id IS NULL AND resolved_at = 0 GROUP BY post_id`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "count open notes")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var k int
		if err := rows.Scan(&id, &k); err != nil {
			return nil, storage.Wrap(err, "scan open notes")
		}
		out[id] = k
	}
	return out, storage.Wrap(rows.Err(), "count open notes")
}

// Notes implements storage.Snapshot.
func (sn *snapshot) Notes(ctx context.Context) ([]*domain.Note, error) {
	// First notes before replies within a post: a reply is never older
	// than its thread's first note, and ties break on the parent.
	return sn.s.queryNotes(ctx, sn.tx, ` ORDER BY n.post_id, n.created_at, CASE WHEN n.parent_id IS NULL THEN 0 ELSE 1 END, n.id`)
}

// writeNotes stores an imported post's notes in tx, as given.
func (s *Store) writeNotes(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	for _, n := range w.Notes {
		n.PostID = w.Post.ID
		if n.ID == "" {
			n.ID = domain.NewID()
		}
		if err := s.insertNote(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}
