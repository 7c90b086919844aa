package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/search"
	"newsdesk/internal/storage"
)

// Bulk loading writes many rows per INSERT statement: one round trip and
// one statement execution per chunk instead of per row is what makes a
// million posts load in minutes. Chunk sizes keep every statement under
// SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const (
	bulkTxPosts      = 5000 // posts per transaction
	bulkPostChunk    = 200  // rows per INSERT INTO posts (33 parameters each)
	bulkLinkChunk    = 1000 // rows per INSERT INTO posts_authors/posts_tags (6 each)
	postInsertCols   = 33
	linkInsertCols   = 6
	bulkCacheKiB     = 262144         // SQLite page cache during a bulk load: 256 MiB
	normalCacheKiB   = sqliteCacheKiB // the cache_size Open sets
	bulkFTSHash      = 64 << 20       // FTS5 term buffer during a bulk load
	ftsAutomerge     = 4              // FTS5's default automerge
	bulkAutomerge    = 16             // FTS5 automerge during a bulk load
	bulkCheckpoint   = 262144         // WAL pages (1 GiB of 4 KiB pages) between checkpoints during a bulk load
	postInsertHead   = `INSERT INTO posts (id, uuid, kind, status, slug, title, standfirst, body_md, body_html, plaintext, word_count, image_count, language, featured, image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description, published_at, sort_at, created_at, updated_at, breaking_until, type, visibility, public_html, public_plaintext, tiers) VALUES `
	authorInsertHead = `INSERT INTO posts_authors (post_id, author_id, sort_order, status, sort_at, type) VALUES `
	tagInsertHead    = `INSERT INTO posts_tags (post_id, tag_id, sort_order, status, sort_at, type) VALUES `
	corrInsertHead   = `INSERT INTO corrections (id, post_id, kind, body, created_at, updated_at, retracted_at) VALUES `
)

// pgPostInsertHead adds the relation ids PostgreSQL's posts rows carry
// (names.go).
var pgPostInsertHead = strings.Replace(postInsertHead, `tiers)`, `tiers, author_ids, tag_ids)`, 1)

// CreatePosts implements storage.Posts. Posts are written in transactions
// of bulkTxPosts with multi-row INSERTs whose prepared statements are reused
// within the transaction (SQLite) or with COPY (PostgreSQL). A failing transaction saves nothing of its batch;
// batches committed before it stay.
func (s *Store) CreatePosts(ctx context.Context, posts []*domain.Post) error {
	if len(posts) == 0 {
		return nil
	}
	return s.BulkLoad(ctx, func(create func([]*domain.Post) error) error { return create(posts) })
}

// BulkLoad calls load with a create function that writes posts as
// CreatePosts does, every call on one connection set up for bulk writing
// once: a loader that hands over its posts a batch at a time (the demo's
// million) keeps SQLite's large page cache warm across batches. Setting
// the cache back frees it page by page, which at one batch of 5,000 posts
// a call was a third of a million-post load's CPU (mostly madvise).
func (s *Store) BulkLoad(ctx context.Context, load func(create func([]*domain.Post) error) error) error {
	// One dedicated connection: SQLite's cache size is per connection, and
	// a large one keeps the random-keyed unique indexes (id, uuid, slug)
	// in memory while they grow.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storage.Wrap(err, "bulk load: get connection")
	}
	defer conn.Close()
	set := false // whether the bulk settings are on
	defer func() {
		if !set {
			return
		}
		bg := context.Background()
		if s.dialect == Postgres {
			if _, err := conn.ExecContext(bg, `RESET plan_cache_mode`); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			return
		}
		conn.ExecContext(bg, `INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ?)`, 1<<20)
		// automerge is stored in the index, not the connection: later
		// writers merge with FTS5's default again.
		conn.ExecContext(bg, `INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)`, ftsAutomerge)
		// Copy what the session left in the WAL and empty it, so the
		// file does not stay at its bulk size.
		conn.ExecContext(bg, `PRAGMA wal_checkpoint(TRUNCATE)`)
		_, err := conn.ExecContext(bg, fmt.Sprintf(`PRAGMA cache_size = -%d; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = %d`, normalCacheKiB, defaultCheckpoint))
		if err != nil {
			// Never hand the pool a connection that commits without
			// syncing: ErrBadConn makes it close this one.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	setUp := func() error {
		if set {
			return nil
		}
		set = true
		if s.dialect == Postgres {
			// The connection's prepared statements were planned when the
			// tables were small; once PostgreSQL settles on a generic plan
			// it keeps it, and without autovacuum's statistics (or before
			// they come) that is a sequential scan: the load slowed from
			// 3,800 posts a second to 400 by 200,000 posts, checking
			// search keys over the whole table. Planning each execution
			// sees the tables' current size.
			_, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_custom_plan`)
			return storage.Wrap(err, "bulk load: plan cache mode")
		}
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
			return storage.Wrap(err, "bulk load: cache size")
		}
		if s.unsafeBulk.Load() {
			if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
				return storage.Wrap(err, "bulk load: synchronous")
			}
		}
		// FTS5 buffers new terms in memory and writes a segment when the
		// buffer fills; the default 1 MiB makes thousands of small
		// segments to merge. A bigger buffer writes fewer, larger ones.
		if _, err := conn.ExecContext(ctx, `INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ?)`, bulkFTSHash); err != nil {
			return storage.Wrap(err, "bulk load: search buffer")
		}
		// FTS5 writes a segment at every commit and, by default, merges
		// segments four at a time: a million posts rewrite each term
		// list several times. Merging more at once rewrites it fewer.
		if _, err := conn.ExecContext(ctx, `INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)`, bulkAutomerge); err != nil {
			return storage.Wrap(err, "bulk load: search merging")
		}
		// SQLite checkpoints when the WAL passes 1,000 pages, which a
		// batch always does: every batch's pages were copied into the
		// database again. Checkpointing after about a gigabyte of WAL
		// copies a page dirtied by several batches once. Commits stay
		// whole in the WAL, so a crash still keeps whole batches only.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, bulkCheckpoint)); err != nil {
			return storage.Wrap(err, "bulk load: checkpoint")
		}
		return nil
	}
	b := bulkInserter{s: s}
	a := search.NewAnalyzer()
	return load(func(posts []*domain.Post) error {
		if len(posts) == 0 {
			return nil
		}
		// Small writes (a test's few posts) keep the connection's
		// ordinary settings; the first large one turns on the bulk ones.
		if len(posts) > bulkLinkChunk {
			if err := setUp(); err != nil {
				return err
			}
		}
		return b.createPosts(ctx, conn, a, posts)
	})
}

// createPosts writes posts in transactions of bulkTxPosts on conn.
func (b *bulkInserter) createPosts(ctx context.Context, conn *sql.Conn, a *search.Analyzer, posts []*domain.Post) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	for _, p := range posts {
		// Loaded content keeps its own edit time when it has one, so an
		// imported or demo post is not "Updated" merely by being loaded.
		updated := p.UpdatedAt
		normalise(p, now)
		if !updated.IsZero() {
			p.UpdatedAt = updated.Truncate(time.Millisecond).UTC()
		}
	}
	s := b.s
	// Turning text into search terms is the costliest step of a bulk
	// load after SQLite's own work: it runs one batch ahead, on its own
	// goroutine, while the previous batch is written.
	prepared := make(chan []preparedDoc, 1)
	stop := make(chan struct{})
	defer func() {
		// The analyzer is the session's: the goroutine is done with it
		// before the next call.
		close(stop)
		for range prepared {
		}
	}()
	go func() {
		defer close(prepared)
		for start := 0; start < len(posts); start += bulkTxPosts {
			select {
			case prepared <- s.prepareDocs(a, posts[start:min(start+bulkTxPosts, len(posts))]):
			case <-stop:
				return
			}
		}
	}()
	for start := 0; start < len(posts); start += bulkTxPosts {
		batch := posts[start:min(start+bulkTxPosts, len(posts))]
		if err := b.insertBatch(ctx, conn, batch, <-prepared); err != nil {
			return err
		}
	}
	return nil
}

// SetUnsafeBulkLoad makes CreatePosts on SQLite skip fsync (synchronous
// OFF) while on: about a fifth faster for a million posts, but a power
// loss or OS crash during the load may corrupt the database. Only for
// building throwaway data such as benchmark folders; never for real content.
func (s *Store) SetUnsafeBulkLoad(on bool) { s.unsafeBulk.Store(on) }

// bulkInserter remembers prepared statement texts so each rebind happens once.
type bulkInserter struct {
	s     *Store
	texts map[string]string
}

// stmtText returns the multi-row INSERT with rows value tuples of cols
// parameters and tail after them (an ON CONFLICT clause), rebound for the
// dialect.
func (b *bulkInserter) stmtText(head, tail string, cols, rows int) string {
	key := fmt.Sprintf("%s|%s|%d", head, tail, rows)
	if t, ok := b.texts[key]; ok {
		return t
	}
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var sb strings.Builder
	sb.Grow(len(head) + rows*(len(tuple)+2) + len(tail))
	sb.WriteString(head)
	for i := 0; i < rows; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(tuple)
	}
	sb.WriteString(tail)
	t := b.s.q(sb.String())
	if b.texts == nil {
		b.texts = map[string]string{}
	}
	b.texts[key] = t
	return t
}

// chunked executes head with args split into statements of up to chunk
// rows of cols values; the full-size statement is prepared once.
func (b *bulkInserter) chunked(ctx context.Context, tx *sql.Tx, head string, cols, chunk int, args []any) error {
	return b.chunkedTail(ctx, tx, head, "", cols, chunk, args)
}

// chunkedTail is chunked with tail after the values.
func (b *bulkInserter) chunkedTail(ctx context.Context, tx *sql.Tx, head, tail string, cols, chunk int, args []any) error {
	rows := len(args) / cols
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for start := 0; start < rows; start += chunk {
		n := min(chunk, rows-start)
		part := args[start*cols : (start+n)*cols]
		if n == chunk {
			if full == nil {
				var err error
				if full, err = tx.PrepareContext(ctx, b.stmtText(head, tail, cols, chunk)); err != nil {
					return err
				}
			}
			if _, err := full.ExecContext(ctx, part...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, b.stmtText(head, tail, cols, n), part...); err != nil {
			return err
		}
	}
	return nil
}

func (b *bulkInserter) insertBatch(ctx context.Context, conn *sql.Conn, batch []*domain.Post, docs []preparedDoc) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return storage.Wrap(err, "bulk load: begin")
	}
	defer tx.Rollback()
	if err := b.insertPosts(ctx, conn, tx, batch); err != nil {
		return err
	}
	if err := b.s.writeDocs(ctx, tx, b, docs); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return storage.Wrap(err, "bulk load: commit")
	}
	return nil
}

// insertPosts writes normalised new posts with their author, tag and
// correction rows inside tx, many rows per statement; on PostgreSQL, given
// tx's connection, with COPY.
func (b *bulkInserter) insertPosts(ctx context.Context, conn *sql.Conn, tx *sql.Tx, batch []*domain.Post) error {
	pg := b.s.dialect == Postgres
	head, cols := postInsertHead, postInsertCols
	if pg {
		// The posts rows carry their relation ids (see names.go), written
		// here rather than by the triggers, which would update every row
		// a second time.
		if _, err := tx.ExecContext(ctx, `SELECT set_config('newsdesk.bulk_relations', 'on', true)`); err != nil {
			return storage.Wrap(err, "bulk load: relation ids")
		}
		head, cols = pgPostInsertHead, postInsertCols+2
	}
	postArgs := make([]any, 0, len(batch)*cols)
	var authorArgs, tagArgs, corrArgs []any
	var authorIDs, tagIDs strings.Builder
	for _, p := range batch {
		at := sortAt(p)
		postArgs = append(postArgs, p.ID, p.UUID, string(p.Kind), string(p.Status), p.Slug, p.Title, p.Standfirst,
			p.BodyMD, p.BodyHTML, p.Plaintext, p.WordCount, p.ImageCount, p.Language, b2i(p.Featured), p.Image.URL,
			p.Image.Alt, p.Image.Caption, p.Image.Credit, p.Image.Width, p.Image.Height, p.VideoURL, p.MetaTitle,
			p.MetaDescription, ms(p.PublishedAt), at, ms(p.CreatedAt), ms(p.UpdatedAt), ms(p.BreakingUntil), string(p.Type),
			string(p.Visibility), p.PublicHTML, p.PublicPlaintext, tiersOf(p))
		// Same rules as writeRelations: a repeated author or tag counts once.
		seen := make(map[string]bool, len(p.Authors)+len(p.Tags))
		authorIDs.Reset()
		tagIDs.Reset()
		for i, a := range p.Authors {
			if !seen[a.ID] {
				seen[a.ID] = true
				authorArgs = append(authorArgs, p.ID, a.ID, i, string(p.Status), at, string(p.Type))
				spaced(&authorIDs, a.ID)
			}
		}
		for i, t := range p.Tags {
			if !seen[t.ID] {
				seen[t.ID] = true
				tagArgs = append(tagArgs, p.ID, t.ID, i, string(p.Status), at, string(p.Type))
				spaced(&tagIDs, t.ID)
			}
		}
		if pg {
			postArgs = append(postArgs, authorIDs.String(), tagIDs.String())
		}
		// Loaded corrections keep their dates and, unlike AddCorrection,
		// leave the post's updated_at as loaded.
		for i := range p.Corrections {
			c := &p.Corrections[i]
			c.PostID = p.ID
			if c.ID == "" {
				c.ID = domain.NewID()
			}
			created := c.CreatedAt
			if created.IsZero() {
				created = p.UpdatedAt
			}
			corrArgs = append(corrArgs, c.ID, p.ID, c.Kind, c.Body, ms(created), ms(c.UpdatedAt), ms(c.RetractedAt))
		}
	}
	write := func(head string, cols, chunk int, args []any) error {
		if b.s.dialect == Postgres && conn != nil {
			return copyRows(ctx, conn, head, cols, args)
		}
		return b.chunked(ctx, tx, head, cols, chunk, args)
	}
	if err := write(head, cols, bulkPostChunk, postArgs); err != nil {
		if isUniqueViolation(err) {
			return domain.FieldError("slug", "A post in the batch reuses an existing slug or id.")
		}
		return storage.Wrap(err, "bulk insert posts")
	}
	if err := write(authorInsertHead, linkInsertCols, bulkLinkChunk, authorArgs); err != nil {
		if isForeignKey(err) {
			return domain.FieldError("authors", "A post in the batch names an unknown author.")
		}
		return storage.Wrap(err, "bulk insert post authors")
	}
	if err := write(tagInsertHead, linkInsertCols, bulkLinkChunk, tagArgs); err != nil {
		if isForeignKey(err) {
			return domain.FieldError("tags", "A post in the batch names an unknown tag.")
		}
		return storage.Wrap(err, "bulk insert post tags")
	}
	if err := write(corrInsertHead, 7, bulkLinkChunk, corrArgs); err != nil {
		return storage.Wrap(err, "bulk insert corrections")
	}
	if pg {
		// The rest of the transaction (an import's) is kept by the triggers.
		if _, err := tx.ExecContext(ctx, `SELECT set_config('newsdesk.bulk_relations', 'off', true)`); err != nil {
			return storage.Wrap(err, "bulk load: relation ids")
		}
	}
	return nil
}

// Optimize refreshes the query planner's statistics; run it after bulk
// loads. Without statistics SQLite's planner may walk the whole stream
// index for a rare condition (breaking news) instead of using the small
// partial index made for it. On SQLite analysis_limit keeps ANALYZE under
// a second at a million posts.
func (s *Store) Optimize(ctx context.Context) error {
	if s.dialect == Postgres {
		// VACUUM too: it marks the loaded pages all-visible, so the
		// covering indexes answer without a visit to each row (index-only
		// scans), which autovacuum would do only later, or never where it
		// is off. 16 s at a million posts.
		_, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE)`)
		return storage.Wrap(err, "vacuum and analyze")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storage.Wrap(err, "analyze: get connection")
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
		return storage.Wrap(err, "analyze: limit")
	}
	_, err = conn.ExecContext(ctx, `ANALYZE`)
	return storage.Wrap(err, "analyze")
}

// spaced appends id to b, after a space unless b is empty: the form of
// posts.author_ids and tag_ids.
func spaced(b *strings.Builder, id string) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(id)
}
