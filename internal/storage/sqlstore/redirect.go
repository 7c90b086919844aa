package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const redirectColumns = `id, position, from_text, to_url, permanent, match_key, match_query, match_slash, match_pattern, created_at`

func scanRedirect(row scanner) (*domain.Redirect, error) {
	var r domain.Redirect
	var permanent, slash int
	var created int64
	err := row.Scan(&r.ID, &r.Position, &r.From, &r.To, &permanent, &r.Match.Key, &r.Match.Query, &slash,
		&r.Match.Pattern, &created)
	if err != nil {
		return nil, err
	}
	r.Permanent, r.Match.Slash, r.CreatedAt = permanent != 0, domain.Slash(slash), fromMS(created)
	return &r, nil
}

func (s *Store) redirects(ctx context.Context, what, query string, args ...any) ([]*domain.Redirect, error) {
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, storage.Wrap(err, "load %s", what)
	}
	defer rows.Close()
	var out []*domain.Redirect
	for rows.Next() {
		r, err := scanRedirect(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan redirect")
		}
		out = append(out, r)
	}
	return out, storage.Wrap(rows.Err(), "load %s", what)
}

// ExactRedirects implements storage.Redirects.
func (s *Store) ExactRedirects(ctx context.Context, key, query string) ([]*domain.Redirect, error) {
	return s.redirects(ctx, "redirects", `SELECT `+redirectColumns+` FROM redirects
		WHERE match_key = ? AND match_query = ? ORDER BY position LIMIT 10`, key, query)
}

// PatternRedirects implements storage.Redirects. The literal condition
// lets both planners use the partial index of pattern rules.
func (s *Store) PatternRedirects(ctx context.Context) ([]*domain.Redirect, error) {
	return s.redirects(ctx, "pattern redirects", `SELECT `+redirectColumns+` FROM redirects
		WHERE match_pattern <> '' ORDER BY position`)
}

// RedirectQueryKeys implements storage.Redirects.
func (s *Store) RedirectQueryKeys(ctx context.Context, limit int) ([]string, error) {
	return s.redirectKeys(ctx, `SELECT DISTINCT match_key FROM redirects
		WHERE match_pattern = '' AND match_query <> '' LIMIT ?`, limit)
}

// RedirectPathKeys implements storage.Redirects. It reads what
// ExactRedirects reads for a request without a query.
func (s *Store) RedirectPathKeys(ctx context.Context, limit int) ([]string, error) {
	return s.redirectKeys(ctx, `SELECT DISTINCT match_key FROM redirects WHERE match_query = '' LIMIT ?`, limit)
}

func (s *Store) redirectKeys(ctx context.Context, query string, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(query), limit)
	if err != nil {
		return nil, storage.Wrap(err, "list redirect keys")
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, storage.Wrap(err, "scan redirect key")
		}
		keys = append(keys, k)
	}
	return keys, storage.Wrap(rows.Err(), "list redirect keys")
}

// ListRedirects implements storage.Redirects.
func (s *Store) ListRedirects(ctx context.Context, q storage.RedirectQuery) (storage.RedirectPage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, storage.MaxLimit)
	query := `SELECT ` + redirectColumns + ` FROM redirects WHERE position > ?`
	args := []any{q.After}
	if q.Search != "" {
		pattern := foldPattern("%" + escapeLike(q.Search) + "%")
		query += ` AND (` + s.containsFold(`from_text`) + ` OR ` + s.containsFold(`to_url`) + `)`
		args = append(args, pattern, pattern)
	}
	query += ` ORDER BY position LIMIT ?`
	args = append(args, limit+1)
	list, err := s.redirects(ctx, "redirects", query, args...)
	if err != nil {
		return storage.RedirectPage{}, err
	}
	page := storage.RedirectPage{Redirects: list}
	if len(list) > limit {
		page.Redirects = list[:limit]
		page.Next = list[limit-1].Position
	}
	return page, nil
}

// EachRedirect implements storage.Redirects.
func (s *Store) EachRedirect(ctx context.Context, fn func(*domain.Redirect) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT `+redirectColumns+` FROM redirects ORDER BY position`)
	if err != nil {
		return storage.Wrap(err, "list redirects")
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRedirect(rows)
		if err != nil {
			return storage.Wrap(err, "scan redirect")
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return storage.Wrap(rows.Err(), "list redirects")
}

// CountRedirects implements storage.Redirects.
func (s *Store) CountRedirects(ctx context.Context) (all, patterns int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN match_pattern <> '' THEN 1 ELSE 0 END), 0) FROM redirects`).
		Scan(&all, &patterns)
	return all, patterns, storage.Wrap(err, "count redirects")
}

func tooManyPatterns() error {
	return domain.FieldError("from", "There are already %d regular-expression redirects, the most newsdesk tries on each request; "+
		"use exact paths, which cost nothing however many there are.", domain.MaxPatternRedirects)
}

// AddRedirect implements storage.Redirects.
func (s *Store) AddRedirect(ctx context.Context, r *domain.Redirect) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = domain.NewID()
	}
	r.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	var err error
	// Two instances appending at once may pick the same position; the
	// unique index refuses the second, which then takes the next one.
	for range 3 {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if !r.Match.Exact() {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM redirects WHERE match_pattern <> ''`).Scan(&n); err != nil {
					return storage.Wrap(err, "count pattern redirects")
				}
				if n >= domain.MaxPatternRedirects {
					return tooManyPatterns()
				}
			}
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM redirects`).Scan(&r.Position); err != nil {
				return storage.Wrap(err, "find redirect position")
			}
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO redirects (`+redirectColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				redirectArgs(r)...)
			return err
		})
		if !isUniqueViolation(err) {
			break
		}
	}
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return storage.Wrap(err, "add redirect")
	}
	return err
}

func redirectArgs(r *domain.Redirect) []any {
	return []any{r.ID, r.Position, r.From, r.To, b2i(r.Permanent), r.Match.Key, r.Match.Query, int(r.Match.Slash),
		r.Match.Pattern, ms(r.CreatedAt)}
}

// DeleteRedirect implements storage.Redirects.
func (s *Store) DeleteRedirect(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM redirects WHERE id = ?`), id)
	if err != nil {
		return storage.Wrap(err, "delete redirect %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Redirect", id)
	}
	return nil
}

// redirectChunk rows per INSERT when replacing the file (10 parameters
// each, under both databases' limits).
const redirectChunk = 500

// ReplaceRedirects implements storage.Redirects: every rule is checked
// before anything is written, then the old rules go and the new ones come
// in one transaction, so readers see the old file or the new one.
func (s *Store) ReplaceRedirects(ctx context.Context, rules []*domain.Redirect) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	patterns := 0
	args := make([]any, 0, len(rules)*10)
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			return err
		}
		if !r.Match.Exact() {
			if patterns++; patterns > domain.MaxPatternRedirects {
				return domain.FieldError("from", "The file has more than %d regular-expression redirects (the %dth is %q); "+
					"newsdesk tries at most %d on each request. Write the others as exact paths.",
					domain.MaxPatternRedirects, i+1, r.From, domain.MaxPatternRedirects)
			}
		}
		if r.ID == "" {
			r.ID = domain.NewID()
		}
		r.Position, r.CreatedAt = int64(i+1), now
		args = append(args, redirectArgs(r)...)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM redirects`); err != nil {
			return storage.Wrap(err, "clear redirects")
		}
		b := bulkInserter{s: s}
		head := `INSERT INTO redirects (` + redirectColumns + `) VALUES `
		return storage.Wrap(b.chunked(ctx, tx, head, 10, redirectChunk, args), "insert redirects")
	})
}

// AppendRedirects implements storage.Redirects.
func (s *Store) AppendRedirects(ctx context.Context, rules []*domain.Redirect) (int, error) {
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return 0, err
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	added := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		added = 0
		var next int64
		var patterns int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM redirects`).Scan(&next); err != nil {
			return storage.Wrap(err, "find redirect position")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM redirects WHERE match_pattern <> ''`).Scan(&patterns); err != nil {
			return storage.Wrap(err, "count pattern redirects")
		}
		var args []any
		queued := make(map[[2]string]bool, len(rules))
		for _, r := range rules {
			// Both lookups use an index: exact rules by key, patterns
			// through the partial index of the few pattern rules.
			q, qargs := `SELECT COUNT(*) FROM redirects WHERE match_key = ? AND match_query = ? AND from_text = ? AND to_url = ?`,
				[]any{r.Match.Key, r.Match.Query, r.From, r.To}
			if !r.Match.Exact() {
				q, qargs = `SELECT COUNT(*) FROM redirects WHERE match_pattern <> '' AND from_text = ? AND to_url = ?`, []any{r.From, r.To}
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(q), qargs...).Scan(&n); err != nil {
				return storage.Wrap(err, "find redirect %q", r.From)
			}
			if n > 0 || queued[[2]string{r.From, r.To}] {
				continue
			}
			queued[[2]string{r.From, r.To}] = true
			if !r.Match.Exact() {
				if patterns++; patterns > domain.MaxPatternRedirects {
					return tooManyPatterns()
				}
			}
			if r.ID == "" {
				r.ID = domain.NewID()
			}
			r.Position, r.CreatedAt = next, now
			next++
			added++
			args = append(args, redirectArgs(r)...)
		}
		b := bulkInserter{s: s}
		head := `INSERT INTO redirects (` + redirectColumns + `) VALUES `
		return storage.Wrap(b.chunked(ctx, tx, head, 10, redirectChunk, args), "insert redirects")
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}
