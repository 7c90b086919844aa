package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const reviewColumns = `r.post_id, r.state, r.submitted_by, COALESCE(su.name, ''), r.submitted_at, r.user_id, COALESCE(u.name, ''),
	r.changed_at, r.note`

const reviewFrom = ` FROM post_review r LEFT JOIN users su ON su.id = r.submitted_by LEFT JOIN users u ON u.id = r.user_id`

func scanReview(row scanner) (*storage.Review, error) {
	var r storage.Review
	var sub, at int64
	if err := row.Scan(&r.PostID, &r.State, &r.SubmittedBy, &r.SubmitterName, &sub, &r.UserID, &r.UserName, &at, &r.Note); err != nil {
		return nil, err
	}
	r.SubmittedAt, r.At = fromMS(sub), fromMS(at)
	return &r, nil
}

// ReviewOf implements storage.Reviews.
func (s *Store) ReviewOf(ctx context.Context, postID string) (*storage.Review, error) {
	r, err := scanReview(s.db.QueryRowContext(ctx, s.q(`SELECT `+reviewColumns+reviewFrom+` WHERE r.post_id = ?`), postID))
	if isNoRows(err) {
		return nil, domain.Errorf(domain.ENOTFOUND, "This post is not in review.")
	}
	return r, storage.Wrap(err, "load review state of %s", postID)
}

// ReviewStates implements storage.Reviews.
func (s *Store) ReviewStates(ctx context.Context, ids []string) (map[string]*storage.Review, error) {
	out := map[string]*storage.Review{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+reviewColumns+reviewFrom+` WHERE r.post_id IN (`+ph+`)`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "find review states")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan review state")
		}
		out[r.PostID] = r
	}
	return out, storage.Wrap(rows.Err(), "find review states")
}

// ReviewQueue implements storage.Reviews. Only drafts count: a post in
// review that went to the trash waits there, and comes back with it.
func (s *Store) ReviewQueue(ctx context.Context, limit int) ([]storage.ReviewedPost, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+reviewColumns+reviewFrom+` JOIN posts p ON p.id = r.post_id
		WHERE r.state = ? AND p.status = ? ORDER BY r.submitted_at, r.post_id LIMIT ?`),
		string(storage.ReviewSubmitted), string(domain.StatusDraft), limit)
	if err != nil {
		return nil, storage.Wrap(err, "list the review queue")
	}
	states, err := scanAll(rows, scanReview, "list the review queue")
	if err != nil {
		return nil, err
	}
	return withPosts(ctx, s, states, func(r *storage.Review) string { return r.PostID },
		func(p *domain.Post, r *storage.Review) storage.ReviewedPost {
			return storage.ReviewedPost{Post: p, Review: *r}
		})
}

// CountReviewQueue implements storage.Reviews.
func (s *Store) CountReviewQueue(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM post_review r JOIN posts p ON p.id = r.post_id
		WHERE r.state = ? AND p.status = ?`), string(storage.ReviewSubmitted), string(domain.StatusDraft)).Scan(&n)
	return n, storage.Wrap(err, "count the review queue")
}

const reviewLogColumns = `l.id, l.post_id, l.changed_at, l.user_id, COALESCE(u.name, ''), l.transition, l.note`

func scanReviewEvent(row scanner) (*storage.ReviewEvent, error) {
	var e storage.ReviewEvent
	var at int64
	if err := row.Scan(&e.ID, &e.PostID, &at, &e.UserID, &e.UserName, &e.Action, &e.Note); err != nil {
		return nil, err
	}
	e.At = fromMS(at)
	return &e, nil
}

// ReviewHistory implements storage.Reviews.
func (s *Store) ReviewHistory(ctx context.Context, postID string) ([]*storage.ReviewEvent, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+reviewLogColumns+` FROM post_review_log l LEFT JOIN users u ON u.id = l.user_id
		WHERE l.post_id = ? ORDER BY l.changed_at, l.id`), postID)
	if err != nil {
		return nil, storage.Wrap(err, "load review history of %s", postID)
	}
	defer rows.Close()
	var out []*storage.ReviewEvent
	for rows.Next() {
		e, err := scanReviewEvent(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan review transition")
		}
		out = append(out, e)
	}
	return out, storage.Wrap(rows.Err(), "load review history of %s", postID)
}

// RecordReview implements storage.Reviews.
func (s *Store) RecordReview(ctx context.Context, e *storage.ReviewEvent) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM posts WHERE id = ?`), e.PostID).Scan(&status)
		if isNoRows(err) {
			return storage.NotFound("Post", e.PostID)
		}
		if err != nil {
			return storage.Wrap(err, "load post %s", e.PostID)
		}
		if e.Action.State() == storage.ReviewSubmitted && domain.Status(status) != domain.StatusDraft {
			return domain.Errorf(domain.EINVALID, "Only a draft can be submitted for review.")
		}
		return s.applyReview(ctx, tx, e)
	})
}

// applyReview moves the post's review state by e and logs e, in tx. The
// write is conditional on the state read, so of two transitions racing
// from one state only one applies.
func (s *Store) applyReview(ctx context.Context, tx *sql.Tx, e *storage.ReviewEvent) error {
	if !e.Action.Valid() {
		return domain.Errorf(domain.EINVALID, "Unknown review transition %q.", e.Action)
	}
	if e.ID == "" {
		e.ID = domain.NewID()
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	var cur string
	err := tx.QueryRowContext(ctx, s.q(`SELECT state FROM post_review WHERE post_id = ?`), e.PostID).Scan(&cur)
	if err != nil && !isNoRows(err) {
		return storage.Wrap(err, "load review state of %s", e.PostID)
	}
	if !slices.Contains(e.From, storage.ReviewState(cur)) {
		return reviewConflict(storage.ReviewState(cur))
	}
	var res sql.Result
	switch next := e.Action.State(); {
	case next == storage.ReviewSubmitted && cur == "":
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO post_review (post_id, state, submitted_by, submitted_at, user_id, changed_at, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), e.PostID, string(next), e.UserID, ms(e.At), e.UserID, ms(e.At), e.Note)
		if isUniqueViolation(err) {
			return reviewConflict(storage.ReviewSubmitted)
		}
	case next == storage.ReviewSubmitted:
		res, err = tx.ExecContext(ctx, s.q(`UPDATE post_review SET state = ?, submitted_by = ?, submitted_at = ?, user_id = ?,
			changed_at = ?, note = ? WHERE post_id = ? AND state = ?`), string(next), e.UserID, ms(e.At), e.UserID, ms(e.At), e.Note,
			e.PostID, cur)
	case next == storage.ReviewSentBack:
		res, err = tx.ExecContext(ctx, s.q(`UPDATE post_review SET state = ?, user_id = ?, changed_at = ?, note = ?
			WHERE post_id = ? AND state = ?`), string(next), e.UserID, ms(e.At), e.Note, e.PostID, cur)
	case cur != "":
		res, err = tx.ExecContext(ctx, s.q(`DELETE FROM post_review WHERE post_id = ? AND state = ?`), e.PostID, cur)
	}
	if err != nil {
		return storage.Wrap(err, "change review state of %s", e.PostID)
	}
	if res != nil {
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ECONFLICT, "Someone else changed the review state of this post meanwhile.")
		}
	}
	return s.logReview(ctx, tx, e)
}

// logReview appends e to the post's history. Two transitions in the same
// millisecond (a submit answered at once) would tie on changed_at and come
// back in random id order, so a transition is dated at least a millisecond
// after the post's last one: the history reads in the order it happened.
func (s *Store) logReview(ctx context.Context, tx *sql.Tx, e *storage.ReviewEvent) error {
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, s.q(`SELECT MAX(changed_at) FROM post_review_log WHERE post_id = ?`), e.PostID).Scan(&last); err != nil {
		return storage.Wrap(err, "read review history of %s", e.PostID)
	}
	if last.Valid && ms(e.At) <= last.Int64 {
		e.At = time.UnixMilli(last.Int64 + 1).UTC()
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_review_log (id, post_id, changed_at, user_id, transition, note)
		VALUES (?, ?, ?, ?, ?, ?)`), e.ID, e.PostID, ms(e.At), e.UserID, string(e.Action), e.Note)
	return storage.Wrap(err, "log review transition of %s", e.PostID)
}

// reviewConflict says why a transition does not apply to a post in state cur.
func reviewConflict(cur storage.ReviewState) error {
	switch cur {
	case storage.ReviewSubmitted:
		return domain.Errorf(domain.ECONFLICT, "This post is already waiting for review.")
	case storage.ReviewSentBack:
		return domain.Errorf(domain.ECONFLICT, "This post was sent back to its author; it needs to be resubmitted first.")
	}
	return domain.Errorf(domain.ECONFLICT, "This post is not in review.")
}

// reviewWrite applies a post write's review parts in tx, after the post
// row is written: a transition on an update, a state and history on a
// created post (imports).
func (s *Store) reviewWrite(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	id := w.Post.ID
	if e := w.Review; e != nil && !w.Create {
		e.PostID = id
		if err := s.applyReview(ctx, tx, e); err != nil {
			return err
		}
	}
	if !w.Create {
		return nil
	}
	if r := w.ReviewState; r != nil {
		r.PostID = id
		r.SubmittedAt, r.At = r.SubmittedAt.UTC().Truncate(time.Millisecond), r.At.UTC().Truncate(time.Millisecond)
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO post_review (post_id, state, submitted_by, submitted_at, user_id, changed_at, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), id, string(r.State), r.SubmittedBy, ms(r.SubmittedAt), r.UserID, ms(r.At), r.Note); err != nil {
			return storage.Wrap(err, "save review state of %s", id)
		}
	}
	for _, e := range w.ReviewLog {
		e.PostID = id
		if e.ID == "" {
			e.ID = domain.NewID()
		}
		e.At = e.At.UTC().Truncate(time.Millisecond)
		if err := s.logReview(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// Reviews implements storage.Snapshot.
func (sn *snapshot) Reviews(ctx context.Context) ([]*storage.Review, []*storage.ReviewEvent, error) {
	var states []*storage.Review
	rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+reviewColumns+reviewFrom+` ORDER BY r.post_id`))
	if err != nil {
		return nil, nil, storage.Wrap(err, "export review states")
	}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			rows.Close()
			return nil, nil, storage.Wrap(err, "scan review state")
		}
		states = append(states, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, storage.Wrap(err, "export review states")
	}
	var log []*storage.ReviewEvent
	rows, err = sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+reviewLogColumns+` FROM post_review_log l LEFT JOIN users u ON u.id = l.user_id
		ORDER BY l.post_id, l.changed_at, l.id`))
	if err != nil {
		return nil, nil, storage.Wrap(err, "export review history")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanReviewEvent(rows)
		if err != nil {
			return nil, nil, storage.Wrap(err, "scan review transition")
		}
		log = append(log, e)
	}
	return states, log, storage.Wrap(rows.Err(), "export review history")
}
