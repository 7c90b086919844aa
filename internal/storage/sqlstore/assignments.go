package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const assignmentColumns = `a.post_id, a.assignee_id, a.assigned_by, a.assigned_at, a.deadline, a.brief, a.done_at,
	COALESCE(u.name, ''), COALESCE(b.name, ''), p.title, p.kind, p.status`

const assignmentFrom = ` FROM post_assignments a JOIN posts p ON p.id = a.post_id
	LEFT JOIN users u ON u.id = a.assignee_id LEFT JOIN users b ON b.id = a.assigned_by`

func scanAssignment(row scanner) (*storage.Assignment, error) {
	var a storage.Assignment
	var at, deadline, done int64
	var kind, status string
	if err := row.Scan(&a.PostID, &a.AssigneeID, &a.AssignedBy, &at, &deadline, &a.Brief, &done,
		&a.AssigneeName, &a.AssignedByName, &a.Title, &kind, &status); err != nil {
		return nil, err
	}
	a.AssignedAt, a.Deadline, a.DoneAt = fromMS(at), fromMS(deadline), fromMS(done)
	a.Kind, a.Status = domain.Kind(kind), domain.Status(status)
	return &a, nil
}

// AssignmentOf implements storage.Assignments.
func (s *Store) AssignmentOf(ctx context.Context, postID string) (*storage.Assignment, error) {
	a, err := scanAssignment(s.db.QueryRowContext(ctx, s.q(`SELECT `+assignmentColumns+assignmentFrom+` WHERE a.post_id = ?`), postID))
	if isNoRows(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "This post is not an assignment.")
	}
	if err != nil {
		return nil, storage.Wrap(err, "load assignment of %s", postID)
	}
	return a, nil
}

// UpdateAssignment implements storage.Assignments.
func (s *Store) UpdateAssignment(ctx context.Context, a *storage.Assignment) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE post_assignments SET deadline = ?, brief = ? WHERE post_id = ?`),
		ms(a.Deadline), a.Brief, a.PostID)
	if err != nil {
		return storage.Wrap(err, "update assignment of %s", a.PostID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "This post is not an assignment.")
	}
	return nil
}

// DeleteAssignment implements storage.Assignments.
func (s *Store) DeleteAssignment(ctx context.Context, postID string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM post_assignments WHERE post_id = ?`), postID)
	if err != nil {
		return storage.Wrap(err, "cancel assignment of %s", postID)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "This post is not an assignment.")
	}
	return nil
}

// assignmentWhere is the WHERE clause of q: trashed stubs never count.
func assignmentWhere(q storage.AssignmentQuery) (string, []any) {
	where := ` WHERE p.status <> 'trashed'`
	var args []any
	if q.AssigneeID != "" {
		where += ` AND a.assignee_id = ?`
		args = append(args, q.AssigneeID)
	}
	if q.Open {
		where += ` AND a.done_at = 0`
	}
	if q.Done {
		where += ` AND a.done_at <> 0`
	}
	return where, args
}

// ListAssignments implements storage.Assignments.
func (s *Store) ListAssignments(ctx context.Context, q storage.AssignmentQuery) ([]*storage.Assignment, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 500
	}
	where, args := assignmentWhere(q)
	// Open ones first by deadline; then done ones, latest filed first.
	order := ` ORDER BY CASE WHEN a.done_at = 0 THEN 0 ELSE 1 END,
		CASE WHEN a.done_at = 0 THEN a.deadline ELSE -a.done_at END, a.post_id LIMIT ?`
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+assignmentColumns+assignmentFrom+where+order), append(args, q.Limit)...)
	if err != nil {
		return nil, storage.Wrap(err, "list assignments")
	}
	defer rows.Close()
	var out []*storage.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan assignment")
		}
		out = append(out, a)
	}
	return out, storage.Wrap(rows.Err(), "list assignments")
}

// CountAssignments implements storage.Assignments.
func (s *Store) CountAssignments(ctx context.Context, q storage.AssignmentQuery) (int, error) {
	where, args := assignmentWhere(q)
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM post_assignments a JOIN posts p ON p.id = a.post_id`+where), args...).Scan(&n)
	return n, storage.Wrap(err, "count assignments")
}

// AssignmentsOf implements storage.Assignments.
func (s *Store) AssignmentsOf(ctx context.Context, ids []string) (map[string]*storage.Assignment, error) {
	out := map[string]*storage.Assignment{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+assignmentColumns+assignmentFrom+` WHERE a.post_id IN (`+ph+`)`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "find assignments")
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan assignment")
		}
		out[a.PostID] = a
	}
	return out, storage.Wrap(rows.Err(), "find assignments")
}

// assignmentWrite applies a post write's assignment parts in tx, after
// the post row is written: the assignment given, then the finish.
func (s *Store) assignmentWrite(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	p := w.Post
	if a := w.Assignment; a != nil {
		a.PostID = p.ID
		a.AssignedAt, a.Deadline, a.DoneAt = a.AssignedAt.UTC().Truncate(time.Millisecond), a.Deadline.UTC().Truncate(time.Millisecond), a.DoneAt.UTC().Truncate(time.Millisecond)
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_assignments (post_id, assignee_id, assigned_by, assigned_at, deadline, brief, done_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET assignee_id = excluded.assignee_id,
			assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at, deadline = excluded.deadline,
			brief = excluded.brief, done_at = excluded.done_at`),
			a.PostID, a.AssigneeID, a.AssignedBy, ms(a.AssignedAt), ms(a.Deadline), a.Brief, ms(a.DoneAt))
		if err != nil {
			return storage.Wrap(err, "save assignment of %s", p.ID)
		}
	}
	if w.FinishAssignment {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE post_assignments SET done_at = ? WHERE post_id = ? AND done_at = 0`),
			ms(p.UpdatedAt), p.ID); err != nil {
			return storage.Wrap(err, "finish assignment of %s", p.ID)
		}
	}
	return nil
}

// Assignments implements storage.Snapshot.
func (sn *snapshot) Assignments(ctx context.Context) ([]*storage.Assignment, error) {
	rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+assignmentColumns+assignmentFrom+` ORDER BY a.post_id`))
	if err != nil {
		return nil, storage.Wrap(err, "export assignments")
	}
	defer rows.Close()
	var out []*storage.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan assignment")
		}
		out = append(out, a)
	}
	return out, storage.Wrap(rows.Err(), "export assignments")
}
