package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Batches of new posts (an import) are written like a bulk load: many
// rows per INSERT, each statement prepared once per transaction. Per row,
// an import spent more time having SQLite parse the same INSERT again
// than writing the data.
const (
	revisionInsertHead = `INSERT INTO revisions (id, post_id, user_id, created_at, title, standfirst, body_md, snapshot) VALUES `
	revisionInsertCols = 8
	sourceInsertHead   = `INSERT INTO import_sources (kind, source_key, target_id, created_at) VALUES `
	sourceInsertTail   = ` ON CONFLICT (kind, source_key) DO UPDATE SET target_id = excluded.target_id`
	sourceInsertCols   = 4
)

// batchable reports whether ws can take the multi-row path: several new
// posts.
func batchable(ws []*storage.PostWrite) bool {
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		if !w.Create || len(w.Outbox) > 0 || w.Live != nil || len(w.Entries) > 0 || w.Trash != nil || w.Pending != nil {
			return false // live blogs, trash and pending versions go row by row
		}
	}
	return true
}

// createBatch inserts the new posts of ws, with their new tags, relations,
// corrections, revisions and source keys, inside tx.
func (s *Store) createBatch(ctx context.Context, tx *sql.Tx, ws []*storage.PostWrite) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	posts := make([]*domain.Post, len(ws))
	var revArgs, srcArgs []any
	// A source key named twice in one statement would make PostgreSQL's
	// upsert fail; the row-by-row path lets the last one win, so does this.
	lastKey := map[string]int{}
	for i, w := range ws {
		p := w.Post
		if err := s.ensureNewTags(ctx, tx, w); err != nil {
			return err
		}
		keep := p.UpdatedAt
		normalise(p, now)
		if w.KeepUpdatedAt && !keep.IsZero() {
			p.UpdatedAt = keep.Truncate(time.Millisecond).UTC()
		}
		posts[i] = p
		if w.SourceKey != "" {
			lastKey[w.SourceKey] = i
		}
	}
	for i, w := range ws {
		p := w.Post
		if r := w.Revision; r != nil {
			r.PostID, r.CreatedAt = p.ID, p.UpdatedAt
			if r.ID == "" {
				r.ID = domain.NewID()
			}
			if r.Snapshot == "" {
				r.Snapshot = "{}"
			}
			revArgs = append(revArgs, r.ID, r.PostID, r.UserID, ms(r.CreatedAt), r.Title, r.Standfirst, r.BodyMD, r.Snapshot)
		}
		if w.SourceKey != "" && lastKey[w.SourceKey] == i {
			srcArgs = append(srcArgs, "post", w.SourceKey, p.ID, now.UnixMilli())
		}
	}
	b := bulkInserter{s: s}
	if err := b.insertPosts(ctx, nil, tx, posts); err != nil {
		return err
	}
	// Imported posts are found by search from the moment they are saved.
	if err := s.indexNewPosts(ctx, tx, &b, posts); err != nil {
		return err
	}
	if err := b.chunked(ctx, tx, revisionInsertHead, revisionInsertCols, bulkLinkChunk, revArgs); err != nil {
		return storage.Wrap(err, "add revisions")
	}
	if err := b.chunkedTail(ctx, tx, sourceInsertHead, sourceInsertTail, sourceInsertCols, bulkLinkChunk, srcArgs); err != nil {
		return storage.Wrap(err, "record imported posts")
	}
	return nil
}

// retryRowByRow reports whether a failed batch should be written again one
// post at a time: a multi-row INSERT that breaks a constraint does not say
// which post did, and the error a person reads should.
func retryRowByRow(err error) bool {
	switch domain.ErrorCode(err) {
	case domain.EINVALID, domain.ENOTFOUND:
		return true
	}
	return isUniqueViolation(err) || isForeignKey(err)
}
