package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const liveBlogColumns = `post_id, key_points, pinned_entry_id, started_at, ended_at, last_entry_at, updated_at`

func scanLiveBlog(row scanner) (*domain.LiveBlog, error) {
	var b domain.LiveBlog
	var points string
	var started, ended, last, updated int64
	if err := row.Scan(&b.PostID, &points, &b.PinnedEntryID, &started, &ended, &last, &updated); err != nil {
		return nil, err
	}
	if points != "" {
		// Written by SaveLiveBlog; a value that does not read is no points.
		_ = json.Unmarshal([]byte(points), &b.KeyPoints)
	}
	b.StartedAt, b.EndedAt, b.LastEntryAt, b.UpdatedAt = fromMS(started), fromMS(ended), fromMS(last), fromMS(updated)
	return &b, nil
}

// LiveBlog implements storage.LiveBlogs.
func (s *Store) LiveBlog(ctx context.Context, postID string) (*domain.LiveBlog, error) {
	b, err := scanLiveBlog(s.db.QueryRowContext(ctx, s.q(`SELECT `+liveBlogColumns+` FROM live_blogs WHERE post_id = ?`), postID))
	if isNoRows(err) {
		return &domain.LiveBlog{PostID: postID}, nil
	}
	return b, storage.Wrap(err, "load live blog %s", postID)
}

// loadLiveBlogs gives the live posts among posts their blog state, in one
// query, so stream items know whether to wear the "Live" badge.
func (s *Store) loadLiveBlogs(ctx context.Context, q querier, posts []*domain.Post) error {
	var ids []any
	byID := map[string]*domain.Post{}
	for _, p := range posts {
		if p.Kind == domain.KindLive {
			ids = append(ids, p.ID)
			byID[p.ID] = p
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT `+liveBlogColumns+` FROM live_blogs WHERE post_id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`)`), ids...)
	if err != nil {
		return storage.Wrap(err, "load live blogs")
	}
	defer rows.Close()
	for rows.Next() {
		b, err := scanLiveBlog(rows)
		if err != nil {
			return storage.Wrap(err, "scan live blog")
		}
		byID[b.PostID].Live = b
	}
	return storage.Wrap(rows.Err(), "load live blogs")
}

// SaveLiveBlog implements storage.LiveBlogs.
func (s *Store) SaveLiveBlog(ctx context.Context, b *domain.LiveBlog, ifUpdatedAt time.Time) error {
	if err := b.Validate(); err != nil {
		return err
	}
	points := ""
	if len(b.KeyPoints) > 0 {
		raw, _ := json.Marshal(b.KeyPoints) // a slice of strings always marshals
		points = string(raw)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanLiveBlog(tx.QueryRowContext(ctx, s.q(`SELECT `+liveBlogColumns+` FROM live_blogs WHERE post_id = ?`), b.PostID))
		switch {
		case isNoRows(err):
			old = &domain.LiveBlog{PostID: b.PostID}
			var kind string
			err := tx.QueryRowContext(ctx, s.q(`SELECT kind FROM posts WHERE id = ?`), b.PostID).Scan(&kind)
			if isNoRows(err) {
				return storage.NotFound("Post", b.PostID)
			}
			if err != nil {
				return storage.Wrap(err, "load post %s", b.PostID)
			}
		case err != nil:
			return storage.Wrap(err, "load live blog %s", b.PostID)
		}
		if !ifUpdatedAt.IsZero() && !old.UpdatedAt.Equal(ifUpdatedAt.Truncate(time.Millisecond)) {
			return domain.Errorf(domain.ECONFLICT, "Someone else changed this live blog at %s; reload it to see their changes.",
				old.UpdatedAt.Format(time.RFC3339))
		}
		if b.PinnedEntryID != "" {
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM live_entries WHERE id = ? AND post_id = ?`),
				b.PinnedEntryID, b.PostID).Scan(&n); err != nil {
				return storage.Wrap(err, "check pinned entry")
			}
			if n == 0 {
				return domain.FieldError("pinned_entry_id", "The pinned entry is not an entry of this live blog.")
			}
		}
		if !now.After(old.UpdatedAt) {
			now = old.UpdatedAt.Add(time.Millisecond)
		}
		b.UpdatedAt, b.LastEntryAt = now, old.LastEntryAt
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO live_blogs (`+liveBlogColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (post_id) DO UPDATE SET key_points = excluded.key_points, pinned_entry_id = excluded.pinned_entry_id,
			started_at = excluded.started_at, ended_at = excluded.ended_at, updated_at = excluded.updated_at`),
			b.PostID, points, b.PinnedEntryID, ms(b.StartedAt), ms(b.EndedAt), ms(b.LastEntryAt), ms(now))
		return storage.Wrap(err, "save live blog %s", b.PostID)
	})
}

// touchLiveBlog records a change to the blog's entries: its update time
// and, when at is later, the time of its newest entry.
func (s *Store) touchLiveBlog(ctx context.Context, tx *sql.Tx, postID string, at, now time.Time) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO live_blogs (post_id, last_entry_at, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (post_id) DO UPDATE SET
		last_entry_at = CASE WHEN excluded.last_entry_at > live_blogs.last_entry_at THEN excluded.last_entry_at ELSE live_blogs.last_entry_at END,
		updated_at = CASE WHEN excluded.updated_at > live_blogs.updated_at THEN excluded.updated_at ELSE live_blogs.updated_at + 1 END`),
		postID, ms(at), ms(now))
	return storage.Wrap(err, "touch live blog")
}

const entryColumns = `e.id, e.post_id, e.status, e.title, e.body_md, e.body_html, e.plaintext, e.key_event,
	e.correction, e.corrected_at, e.published_at, e.created_at, e.updated_at,
	e.author_id, COALESCE(u.name, ''), COALESCE(u.slug, ''), COALESCE(u.avatar, ''), COALESCE(u.title, '')`

const entryFrom = ` FROM live_entries e LEFT JOIN users u ON u.id = e.author_id`

func scanEntry(row scanner) (*domain.LiveEntry, error) {
	var e domain.LiveEntry
	var key int
	var corrected, pub, created, updated int64
	err := row.Scan(&e.ID, &e.PostID, &e.Status, &e.Title, &e.BodyMD, &e.BodyHTML, &e.Plaintext, &key,
		&e.Correction, &corrected, &pub, &created, &updated,
		&e.Author.ID, &e.Author.Name, &e.Author.Slug, &e.Author.Avatar, &e.Author.Title)
	if err != nil {
		return nil, err
	}
	e.KeyEvent = key != 0
	e.CorrectedAt, e.PublishedAt, e.CreatedAt, e.UpdatedAt = fromMS(corrected), fromMS(pub), fromMS(created), fromMS(updated)
	return &e, nil
}

// AddEntry implements storage.LiveBlogs.
func (s *Store) AddEntry(ctx context.Context, e *domain.LiveEntry, outbox ...*storage.OutboxEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if e.ID == "" {
		e.ID = domain.NewID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = now
	}
	e.CreatedAt = e.CreatedAt.UTC().Truncate(time.Millisecond)
	if e.Published() && e.PublishedAt.IsZero() {
		e.PublishedAt = now
	}
	if !e.Published() {
		e.PublishedAt = time.Time{}
	}
	e.PublishedAt = e.PublishedAt.UTC().Truncate(time.Millisecond)
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = now
	}
	e.UpdatedAt = e.UpdatedAt.UTC().Truncate(time.Millisecond)
	if !e.CorrectedAt.IsZero() {
		e.CorrectedAt = e.CorrectedAt.UTC().Truncate(time.Millisecond)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, s.q(`SELECT kind FROM posts WHERE id = ?`), e.PostID).Scan(&kind)
		if isNoRows(err) {
			return storage.NotFound("Post", e.PostID)
		}
		if err != nil {
			return storage.Wrap(err, "load post %s", e.PostID)
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO live_entries (id, post_id, status, title, body_md, body_html, plaintext,
			key_event, author_id, correction, corrected_at, published_at, sort_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			e.ID, e.PostID, string(e.Status), e.Title, e.BodyMD, e.BodyHTML, e.Plaintext, b2i(e.KeyEvent), e.Author.ID,
			e.Correction, ms(e.CorrectedAt), ms(e.PublishedAt), ms(e.Time()), ms(e.CreatedAt), ms(e.UpdatedAt))
		if isUniqueViolation(err) {
			return domain.Errorf(domain.ECONFLICT, "An entry with the id %s exists already.", e.ID)
		}
		if err != nil {
			return storage.Wrap(err, "insert entry")
		}
		if err := s.touchLiveBlog(ctx, tx, e.PostID, e.PublishedAt, now); err != nil {
			return err
		}
		if e.Published() {
			if err := s.indexEntry(ctx, tx, e.PostID, e); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// UpdateEntry implements storage.LiveBlogs.
func (s *Store) UpdateEntry(ctx context.Context, e *domain.LiveEntry, ifUpdatedAt time.Time, by string, outbox ...*storage.OutboxEvent) error {
	if err := e.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := scanEntry(tx.QueryRowContext(ctx, s.q(`SELECT `+entryColumns+entryFrom+` WHERE e.id = ? AND e.post_id = ?`), e.ID, e.PostID))
		if isNoRows(err) {
			return storage.NotFound("Entry", e.ID)
		}
		if err != nil {
			return storage.Wrap(err, "load entry %s", e.ID)
		}
		if !ifUpdatedAt.IsZero() && !old.UpdatedAt.Equal(ifUpdatedAt.UTC().Truncate(time.Millisecond)) {
			return domain.Errorf(domain.ECONFLICT, "Someone else saved this entry at %s; reload it to see their changes.",
				old.UpdatedAt.Format(time.RFC3339))
		}
		if !now.After(old.UpdatedAt) {
			now = old.UpdatedAt.Add(time.Millisecond)
		}
		// An entry keeps its first publication time; a draft published now
		// takes the time of publication; unpublished, it has none.
		switch {
		case !e.Published():
			e.PublishedAt = time.Time{}
		case !old.PublishedAt.IsZero():
			e.PublishedAt = old.PublishedAt
		default:
			e.PublishedAt = now
		}
		if e.Correction != old.Correction {
			e.CorrectedAt = now
			if e.Correction == "" {
				e.CorrectedAt = time.Time{}
			}
		} else {
			e.CorrectedAt = old.CorrectedAt
		}
		e.Author, e.CreatedAt, e.UpdatedAt = old.Author, old.CreatedAt, now
		if old.Title != e.Title || old.BodyMD != e.BodyMD {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO live_entry_revisions (id, entry_id, title, body_md, user_name, at)
				VALUES (?, ?, ?, ?, ?, ?)`), domain.NewID(), old.ID, old.Title, old.BodyMD, by, ms(now)); err != nil {
				return storage.Wrap(err, "keep entry revision")
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE live_entries SET status = ?, title = ?, body_md = ?, body_html = ?,
			plaintext = ?, key_event = ?, correction = ?, corrected_at = ?, published_at = ?, sort_at = ?, updated_at = ?
			WHERE id = ?`), string(e.Status), e.Title, e.BodyMD, e.BodyHTML, e.Plaintext, b2i(e.KeyEvent), e.Correction,
			ms(e.CorrectedAt), ms(e.PublishedAt), ms(e.Time()), ms(now), e.ID); err != nil {
			return storage.Wrap(err, "update entry %s", e.ID)
		}
		if err := s.touchLiveBlog(ctx, tx, e.PostID, e.PublishedAt, now); err != nil {
			return err
		}
		if e.Published() || old.Published() {
			if err := s.indexEntry(ctx, tx, e.PostID, e); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// DeleteEntry implements storage.LiveBlogs.
func (s *Store) DeleteEntry(ctx context.Context, postID, id string) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.q(`SELECT status FROM live_entries WHERE id = ? AND post_id = ?`), id, postID).Scan(&status)
		if isNoRows(err) {
			return storage.NotFound("Entry", id)
		}
		if err != nil {
			return storage.Wrap(err, "load entry %s", id)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM live_entries WHERE id = ? AND post_id = ?`), id, postID); err != nil {
			return storage.Wrap(err, "delete entry %s", id)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_docs WHERE doc_id = ?`), entryDocID(id)); err != nil {
			return storage.Wrap(err, "unindex entry %s", id)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE live_blogs SET pinned_entry_id = '' WHERE post_id = ? AND pinned_entry_id = ?`),
			postID, id); err != nil {
			return storage.Wrap(err, "unpin entry %s", id)
		}
		return s.touchLiveBlog(ctx, tx, postID, time.Time{}, now)
	})
}

// Entry implements storage.LiveBlogs.
func (s *Store) Entry(ctx context.Context, postID, id string) (*domain.LiveEntry, error) {
	e, err := scanEntry(s.db.QueryRowContext(ctx, s.q(`SELECT `+entryColumns+entryFrom+` WHERE e.id = ? AND e.post_id = ?`), id, postID))
	if isNoRows(err) {
		return nil, storage.NotFound("Entry", id)
	}
	return e, storage.Wrap(err, "load entry %s", id)
}

// ListEntries implements storage.LiveBlogs. The page is a range of one
// index, (post_id, [status,] sort_at, id), read backwards from the cursor:
// the thousandth page costs what the first does.
func (s *Store) ListEntries(ctx context.Context, q storage.EntryQuery) (storage.EntryPage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	if limit > storage.MaxEntryLimit {
		limit = storage.MaxEntryLimit
	}
	where := []string{"e.post_id = ?"}
	args := []any{q.PostID}
	if q.Public {
		where = append(where, "e.status = 'published'")
	}
	if q.KeyEvents {
		where = append(where, "e.key_event = 1")
	}
	if q.After != nil {
		where = append(where, "(e.sort_at < ? OR (e.sort_at = ? AND e.id < ?))")
		t := ms(q.After.Time)
		args = append(args, t, t, q.After.ID)
	}
	// A written limit, not a bound one: see ListPosts.
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+entryColumns+entryFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY e.sort_at DESC, e.id DESC LIMIT `+strconv.Itoa(limit+1)), args...)
	if err != nil {
		return storage.EntryPage{}, storage.Wrap(err, "list entries")
	}
	defer rows.Close()
	var page storage.EntryPage
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return storage.EntryPage{}, storage.Wrap(err, "scan entry")
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return storage.EntryPage{}, storage.Wrap(err, "list entries")
	}
	if len(page.Entries) > limit {
		page.Entries = page.Entries[:limit]
		page.Next = storage.EntryCursor(page.Entries[limit-1])
	}
	return page, nil
}

// EntryRevisions implements storage.LiveBlogs.
func (s *Store) EntryRevisions(ctx context.Context, id string) ([]domain.EntryRevision, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT entry_id, title, body_md, user_name, at FROM live_entry_revisions
		WHERE entry_id = ? ORDER BY at, id`), id)
	if err != nil {
		return nil, storage.Wrap(err, "load entry revisions")
	}
	defer rows.Close()
	var out []domain.EntryRevision
	for rows.Next() {
		var r domain.EntryRevision
		var at int64
		if err := rows.Scan(&r.EntryID, &r.Title, &r.BodyMD, &r.UserName, &at); err != nil {
			return nil, storage.Wrap(err, "scan entry revision")
		}
		r.At = fromMS(at)
		out = append(out, r)
	}
	return out, storage.Wrap(rows.Err(), "load entry revisions")
}

// LiveEntries implements storage.Snapshot.
func (sn *snapshot) LiveEntries(ctx context.Context, postID string) ([]*domain.LiveEntry, error) {
	rows, err := sn.tx.QueryContext(ctx, sn.s.q(`SELECT `+entryColumns+entryFrom+` WHERE e.post_id = ? ORDER BY e.sort_at, e.id`), postID)
	if err != nil {
		return nil, storage.Wrap(err, "export entries")
	}
	defer rows.Close()
	var out []*domain.LiveEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan entry")
		}
		out = append(out, e)
	}
	return out, storage.Wrap(rows.Err(), "export entries")
}

// writeLive stores an imported live blog's entries and state inside the
// post's transaction.
func (s *Store) writeLive(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	var last time.Time
	for _, e := range w.Entries {
		e.PostID = w.Post.ID
		if err := e.Validate(); err != nil {
			return err
		}
		if e.ID == "" {
			e.ID = domain.NewID()
		}
		if e.CreatedAt.IsZero() {
			e.CreatedAt = now
		}
		if e.UpdatedAt.IsZero() {
			e.UpdatedAt = e.CreatedAt
		}
		if !e.Published() {
			e.PublishedAt = time.Time{}
		} else if e.PublishedAt.IsZero() {
			e.PublishedAt = e.CreatedAt
		}
		if e.Published() && e.PublishedAt.After(last) {
			last = e.PublishedAt
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO live_entries (id, post_id, status, title, body_md, body_html, plaintext,
			key_event, author_id, correction, corrected_at, published_at, sort_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			e.ID, e.PostID, string(e.Status), e.Title, e.BodyMD, e.BodyHTML, e.Plaintext, b2i(e.KeyEvent), e.Author.ID,
			e.Correction, ms(e.CorrectedAt), ms(e.PublishedAt), ms(e.Time()), ms(e.CreatedAt), ms(e.UpdatedAt))
		if isUniqueViolation(err) {
			return domain.Errorf(domain.EINVALID, "An entry with the id %s exists already.", e.ID)
		}
		if err != nil {
			return storage.Wrap(err, "insert entry")
		}
	}
	b := w.Live
	if b == nil {
		b = &domain.LiveBlog{}
	}
	b.PostID = w.Post.ID
	if err := b.Validate(); err != nil {
		return err
	}
	points := ""
	if len(b.KeyPoints) > 0 {
		raw, _ := json.Marshal(b.KeyPoints)
		points = string(raw)
	}
	b.LastEntryAt, b.UpdatedAt = last, now
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO live_blogs (`+liveBlogColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		b.PostID, points, b.PinnedEntryID, ms(b.StartedAt), ms(b.EndedAt), ms(last), ms(now))
	if err != nil {
		return storage.Wrap(err, "save live blog %s", b.PostID)
	}
	return s.indexPosts(ctx, tx, []*domain.Post{w.Post}) // the entries' documents too
}
