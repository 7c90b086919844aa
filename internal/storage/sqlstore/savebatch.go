package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/search"
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
		if !w.Create || len(w.Outbox) > 0 || w.Live != nil || len(w.Entries) > 0 || w.Trash != nil || w.Pending != nil ||
			w.Review != nil || w.ReviewState != nil || len(w.ReviewLog) > 0 || w.Assignment != nil || len(w.Notes) > 0 {
			return false // live blogs, trash and pending versions go row by row
		}
	}
	return true
}

// Large batches of new posts (an import's 500) are written on SQLite
// unlike the newsroom's single saves, for an import's writer is its
// bottleneck:
//
//   - the connection's page cache holds the whole transaction: with the
//     pool's 2 MiB, SQLite spilled dirty pages to the WAL in the middle of
//     the transaction and wrote many of them there several times;
//   - the commit does not wait for fsync (synchronous NORMAL): WAL mode
//     keeps the database consistent whatever happens, a crash of the
//     process loses nothing written, and a power cut can lose only whole
//     batches after the last checkpoint, which the import's source keys
//     let a second run bring in. SyncImports makes everything durable
//     before the import reports success;
//   - the WAL is copied into the database by a checkpoint on another
//     goroutine (and core) after each batch, not by the writer inside its
//     commit; the checkpoint syncs the WAL and the database.
const (
	batchCacheKiB     = 65536
	batchPosts        = 100  // batches at least this large are written so
	defaultCheckpoint = 1000 // SQLite's wal_autocheckpoint, set back after a batch
)

// inBatchTx runs fn in a transaction, for a large batch of n new posts
// on SQLite as described above.
func (s *Store) inBatchTx(ctx context.Context, n int, fn func(tx *sql.Tx) error) error {
	if s.dialect != SQLite || n < batchPosts {
		return s.inTx(ctx, fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storage.Wrap(err, "save posts: get connection")
	}
	defer conn.Close()
	set := fmt.Sprintf(`PRAGMA cache_size = -%d; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0`, batchCacheKiB)
	if _, err := conn.ExecContext(ctx, set); err != nil {
		return storage.Wrap(err, "save posts: batch settings")
	}
	defer func() {
		_, err := conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA cache_size = -%d; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = %d`,
			normalCacheKiB, defaultCheckpoint))
		if err != nil {
			// Never hand the pool a connection that commits without
			// syncing: ErrBadConn makes it close this one.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.checkpointBehind()
	return nil
}

// checkpointBehind starts a checkpoint on another goroutine unless one
// is running: while it copies the WAL into the database the writer goes
// on with the next batch. A slow checkpoint takes several batches at
// once, each page once. A failed one is left to the next (or to SQLite's
// automatic checkpoint on the next ordinary commit).
func (s *Store) checkpointBehind() {
	if !s.checkpointing.CompareAndSwap(false, true) {
		return
	}
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		defer s.checkpointing.Store(false)
		s.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
	}()
}

// SyncImports implements storage.Imports: on SQLite it syncs the WAL (and
// the database file) to disk, which makes every committed batch durable
// whichever connection wrote it; PostgreSQL commits durably anyway.
func (s *Store) SyncImports(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	for _, name := range []string{s.dsn + "-wal", s.dsn} {
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("sync imported posts: %w", err)
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("sync imported posts: %w", err)
		}
	}
	return nil
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
	// Imported posts are found by search from the moment they are saved.
	// Their search terms are worked out on another core while the posts
	// are inserted: the writer is an import's bottleneck. Neither side
	// changes what the other reads.
	docs := make(chan []preparedDoc, 1)
	go func() { docs <- s.prepareDocs(search.NewAnalyzer(), posts) }()
	b := bulkInserter{s: s}
	if err := b.insertPosts(ctx, nil, tx, posts); err != nil {
		<-docs
		return err
	}
	if err := s.writeDocs(ctx, tx, &b, <-docs); err != nil {
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
