package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"newsdesk/internal/storage"
)

// ImportedIDs implements storage.Imports, asking in chunks that stay under
// every driver's parameter limit.
func (s *Store) ImportedIDs(ctx context.Context, kind string, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for len(keys) > 0 {
		chunk := keys
		if len(chunk) > 500 {
			chunk = chunk[:500]
		}
		keys = keys[len(chunk):]
		var rows *sql.Rows
		var err error
		if s.dialect == Postgres {
			// One index probe per key whatever the statistics say: a
			// freshly filled import_sources is not analysed yet, and
			// PostgreSQL then filtered every row of the kind against the
			// whole list, a cost that grew with each batch imported. LIMIT 1
			// (the key is unique) keeps the planner from turning the probes
			// back into that scan.
			rows, err = s.db.QueryContext(ctx, `SELECT k.key, i.target_id FROM unnest($2::text[]) AS k(key)
				CROSS JOIN LATERAL (SELECT target_id FROM import_sources WHERE kind = $1 AND source_key = k.key LIMIT 1) i`, kind, chunk)
		} else {
			args := make([]any, 0, len(chunk)+1)
			args = append(args, kind)
			for _, k := range chunk {
				args = append(args, k)
			}
			rows, err = s.db.QueryContext(ctx, `SELECT source_key, target_id FROM import_sources WHERE kind = ? AND source_key IN (?`+
				strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		}
		if err != nil {
			return nil, storage.Wrap(err, "find imported %ss", kind)
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return nil, storage.Wrap(err, "scan imported %s", kind)
			}
			out[k] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, storage.Wrap(err, "find imported %ss", kind)
		}
	}
	return out, nil
}

// RecordImport implements storage.Imports.
func (s *Store) RecordImport(ctx context.Context, kind, key, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.recordImport(ctx, tx, kind, key, id) })
}

func (s *Store) recordImport(ctx context.Context, tx *sql.Tx, kind, key, id string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO import_sources (kind, source_key, target_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, source_key) DO UPDATE SET target_id = excluded.target_id`), kind, key, id, time.Now().UnixMilli())
	return storage.Wrap(err, "record imported %s", kind)
}

// TakenSlugs implements storage.Posts with one query per 500 slugs, for
// imports that would otherwise load a post per slug.
func (s *Store) TakenSlugs(ctx context.Context, slugs []string) (map[string]bool, error) {
	return s.taken(ctx, "slug", slugs)
}

// TakenPostIDs implements storage.Posts like TakenSlugs.
func (s *Store) TakenPostIDs(ctx context.Context, ids []string) (map[string]bool, error) {
	return s.taken(ctx, "id", ids)
}

// taken reports which values of a unique posts column are in use; col is
// a column name from this file, never input.
func (s *Store) taken(ctx context.Context, col string, slugs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(slugs) > 0 {
		chunk := slugs
		if len(chunk) > 500 {
			chunk = chunk[:500]
		}
		slugs = slugs[len(chunk):]
		args := make([]any, len(chunk))
		for i, sl := range chunk {
			args[i] = sl
		}
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+col+` FROM posts WHERE `+col+` IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), args...)
		if err != nil {
			return nil, storage.Wrap(err, "find taken slugs")
		}
		for rows.Next() {
			var sl string
			if err := rows.Scan(&sl); err != nil {
				rows.Close()
				return nil, storage.Wrap(err, "scan slug")
			}
			out[sl] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, storage.Wrap(err, "find taken slugs")
		}
	}
	return out, nil
}
