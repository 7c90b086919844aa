package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const postColumns = `p.id, p.uuid, p.kind, p.status, p.slug, p.title, p.standfirst, p.body_md, p.body_html,
	p.plaintext, p.word_count, p.image_count, p.language, p.featured, p.image_url, p.image_alt,
	p.image_caption, p.image_credit, p.image_width, p.image_height, p.video_url, p.meta_title,
	p.meta_description, p.published_at, p.created_at, p.updated_at, p.breaking_until, p.type,
	p.visibility, p.public_html, p.public_plaintext, p.tiers`

// summaryColumns are postColumns for PostQuery.Summary, in the same order
// so scanPost reads both: the long texts an item does not show are
// empty, and neither database copies their bytes.
const summaryColumns = `p.id, p.uuid, p.kind, p.status, p.slug, p.title, p.standfirst, '',
	CASE WHEN p.kind <> 'article' THEN p.body_html ELSE '' END,
	'', p.word_count, p.image_count, p.language, p.featured, p.image_url, p.image_alt,
	p.image_caption, p.image_credit, p.image_width, p.image_height, p.video_url, p.meta_title,
	p.meta_description, p.published_at, p.created_at, p.updated_at, p.breaking_until, p.type,
	p.visibility, CASE WHEN p.kind <> 'article' THEN p.public_html ELSE '' END, '', p.tiers`

// cardColumns are summaryColumns read from SQLite's post_cards (migration
// 20261128T0125_post_cards): the same values without touching the posts
// rows, whose item columns sit after the long bodies.
const cardColumns = `p.id, p.uuid, p.kind, p.status, p.slug, p.title, p.standfirst, '', p.item_html,
	'', p.word_count, p.image_count, p.language, p.featured, p.image_url, p.image_alt,
	p.image_caption, p.image_credit, p.image_width, p.image_height, p.video_url, p.meta_title,
	p.meta_description, p.published_at, p.created_at, p.updated_at, p.breaking_until, p.type,
	p.visibility, p.item_public_html, '', p.tiers`

type scanner interface{ Scan(dest ...any) error }

// scanPost reads postColumns (or summaryColumns, or cardColumns), then
// any columns after them into extra.
func scanPost(row scanner, extra ...any) (*domain.Post, error) {
	var p domain.Post
	var featured int
	var pub, created, updated, breaking int64
	var tiers string
	dest := append([]any{&p.ID, &p.UUID, &p.Kind, &p.Status, &p.Slug, &p.Title, &p.Standfirst, &p.BodyMD,
		&p.BodyHTML, &p.Plaintext, &p.WordCount, &p.ImageCount, &p.Language, &featured, &p.Image.URL,
		&p.Image.Alt, &p.Image.Caption, &p.Image.Credit, &p.Image.Width, &p.Image.Height, &p.VideoURL,
		&p.MetaTitle, &p.MetaDescription, &pub, &created, &updated, &breaking, &p.Type,
		&p.Visibility, &p.PublicHTML, &p.PublicPlaintext, &tiers}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if tiers != "" {
		// Written by tiersOf; a value that does not read is no tiers.
		_ = json.Unmarshal([]byte(tiers), &p.Tiers)
	}
	p.Featured = featured != 0
	p.PublishedAt, p.CreatedAt, p.UpdatedAt, p.BreakingUntil = fromMS(pub), fromMS(created), fromMS(updated), fromMS(breaking)
	return &p, nil
}

func sortAt(p *domain.Post) int64 {
	if !p.PublishedAt.IsZero() {
		return ms(p.PublishedAt)
	}
	return ms(p.CreatedAt)
}

// typeOf is the stored type: posts unless said otherwise.
func typeOf(t domain.PostType) string {
	if t == "" {
		return string(domain.TypePost)
	}
	return string(t)
}

// visibilityOf is the stored visibility: public unless said otherwise.
func visibilityOf(v domain.Visibility) string {
	if v == "" {
		return string(domain.VisibilityPublic)
	}
	return string(v)
}

// tiersOf is the stored form of a post's tiers: JSON, or "" for none.
func tiersOf(p *domain.Post) string {
	if len(p.Tiers) == 0 {
		return ""
	}
	b, err := json.Marshal(p.Tiers)
	if err != nil {
		return "" // a slice of string pairs always marshals
	}
	return string(b)
}

// normalise prepares a post for writing: ids, type, visibility,
// millisecond timestamps.
func normalise(p *domain.Post, now time.Time) {
	p.Type = domain.PostType(typeOf(p.Type))
	p.Visibility = domain.Visibility(visibilityOf(p.Visibility))
	if p.ID == "" {
		p.ID = domain.NewID()
	}
	if p.UUID == "" {
		p.UUID = domain.NewUUID()
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	p.CreatedAt = p.CreatedAt.Truncate(time.Millisecond).UTC()
	p.PublishedAt = p.PublishedAt.Truncate(time.Millisecond).UTC()
	p.BreakingUntil = p.BreakingUntil.Truncate(time.Millisecond).UTC()
	if p.Status == domain.StatusPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = now
	}
	p.UpdatedAt = now
}

// CreatePost implements storage.Posts.
func (s *Store) CreatePost(ctx context.Context, p *domain.Post) error {
	return s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true}})
}

func (s *Store) insertPost(ctx context.Context, tx *sql.Tx, p *domain.Post) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO posts (id, uuid, kind, status, slug, title, standfirst,
		body_md, body_html, plaintext, word_count, image_count, language, featured, image_url, image_alt,
		image_caption, image_credit, image_width, image_height, video_url, meta_title, meta_description,
		published_at, sort_at, created_at, updated_at, breaking_until, type, visibility, public_html, public_plaintext, tiers)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		p.ID, p.UUID, string(p.Kind), string(p.Status), p.Slug, p.Title, p.Standfirst, p.BodyMD, p.BodyHTML,
		p.Plaintext, p.WordCount, p.ImageCount, p.Language, b2i(p.Featured), p.Image.URL, p.Image.Alt,
		p.Image.Caption, p.Image.Credit, p.Image.Width, p.Image.Height, p.VideoURL, p.MetaTitle,
		p.MetaDescription, ms(p.PublishedAt), sortAt(p), ms(p.CreatedAt), ms(p.UpdatedAt), ms(p.BreakingUntil), string(p.Type),
		string(p.Visibility), p.PublicHTML, p.PublicPlaintext, tiersOf(p))
	if isUniqueViolation(err) {
		return domain.FieldError("slug", "The slug %q is already used by another post.", p.Slug)
	}
	if err != nil {
		return storage.Wrap(err, "insert post %q", p.Slug)
	}
	if err := s.writeRelations(ctx, tx, p); err != nil {
		return err
	}
	if err := s.indexPosts(ctx, tx, []*domain.Post{p}); err != nil {
		return err
	}
	return s.insertCorrections(ctx, tx, p)
}

// insertCorrections saves the corrections a new post arrives with (an
// imported one) with their own dates.
func (s *Store) insertCorrections(ctx context.Context, tx *sql.Tx, p *domain.Post) error {
	for i := range p.Corrections {
		c := &p.Corrections[i]
		c.PostID = p.ID
		if c.ID == "" {
			c.ID = domain.NewID()
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = p.UpdatedAt
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO corrections (id, post_id, kind, body, created_at, updated_at, retracted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			c.ID, c.PostID, c.Kind, c.Body, ms(c.CreatedAt), ms(c.UpdatedAt), ms(c.RetractedAt))
		if err != nil {
			return storage.Wrap(err, "save correction of post %q", p.Slug)
		}
	}
	return nil
}

// writeRelations replaces the post's author and tag rows.
func (s *Store) writeRelations(ctx context.Context, tx *sql.Tx, p *domain.Post) error {
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM posts_authors WHERE post_id = ?`), p.ID); err != nil {
		return storage.Wrap(err, "clear post authors")
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM posts_tags WHERE post_id = ?`), p.ID); err != nil {
		return storage.Wrap(err, "clear post tags")
	}
	seen := map[string]bool{}
	for i, a := range p.Authors {
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO posts_authors (post_id, author_id, sort_order, status, sort_at, type) VALUES (?, ?, ?, ?, ?, ?)`),
			p.ID, a.ID, i, string(p.Status), sortAt(p), typeOf(p.Type))
		if err != nil {
			if isForeignKey(err) {
				return domain.FieldError("authors", "Unknown author %q.", a.ID)
			}
			return storage.Wrap(err, "add post author")
		}
	}
	for i, t := range p.Tags {
		if seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO posts_tags (post_id, tag_id, sort_order, status, sort_at, type) VALUES (?, ?, ?, ?, ?, ?)`),
			p.ID, t.ID, i, string(p.Status), sortAt(p), typeOf(p.Type))
		if err != nil {
			if isForeignKey(err) {
				return domain.FieldError("tags", "Unknown tag %q.", t.ID)
			}
			return storage.Wrap(err, "add post tag")
		}
	}
	return nil
}

// UpdatePost implements storage.Posts.
func (s *Store) UpdatePost(ctx context.Context, p *domain.Post, ifUpdatedAt time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.updatePost(ctx, tx, &storage.PostWrite{Post: p, IfUpdatedAt: ifUpdatedAt})
	})
}

func (s *Store) updatePost(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	p := w.Post
	now := time.Now().UTC().Truncate(time.Millisecond)
	var current int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT updated_at FROM posts WHERE id = ?`), p.ID).Scan(&current)
	if isNoRows(err) {
		return storage.NotFound("Post", p.ID)
	}
	if err != nil {
		return storage.Wrap(err, "load post %s", p.ID)
	}
	if !w.IfUpdatedAt.IsZero() && current != ms(w.IfUpdatedAt) {
		return domain.Errorf(domain.ECONFLICT, "Someone else saved this post at %s; reload it to see their changes.",
			fromMS(current).Format(time.RFC3339))
	}
	// Two saves within one millisecond must still change updated_at.
	if ms(now) <= current {
		now = fromMS(current + 1)
	}
	keep := p.UpdatedAt
	normalise(p, now)
	if w.KeepUpdatedAt && !keep.IsZero() {
		p.UpdatedAt = keep.Truncate(time.Millisecond).UTC()
	}
	_, err = tx.ExecContext(ctx, s.q(`UPDATE posts SET kind = ?, status = ?, slug = ?, title = ?, standfirst = ?,
		body_md = ?, body_html = ?, plaintext = ?, word_count = ?, image_count = ?, language = ?, featured = ?,
		image_url = ?, image_alt = ?, image_caption = ?, image_credit = ?, image_width = ?, image_height = ?,
		video_url = ?, meta_title = ?, meta_description = ?, published_at = ?, sort_at = ?, updated_at = ?,
		breaking_until = ?, type = ?, visibility = ?, public_html = ?, public_plaintext = ?, tiers = ? WHERE id = ?`),
		string(p.Kind), string(p.Status), p.Slug, p.Title, p.Standfirst, p.BodyMD, p.BodyHTML, p.Plaintext,
		p.WordCount, p.ImageCount, p.Language, b2i(p.Featured), p.Image.URL, p.Image.Alt, p.Image.Caption,
		p.Image.Credit, p.Image.Width, p.Image.Height, p.VideoURL, p.MetaTitle, p.MetaDescription,
		ms(p.PublishedAt), sortAt(p), ms(p.UpdatedAt), ms(p.BreakingUntil), string(p.Type),
		string(p.Visibility), p.PublicHTML, p.PublicPlaintext, tiersOf(p), p.ID)
	if isUniqueViolation(err) {
		return domain.FieldError("slug", "The slug %q is already used by another post.", p.Slug)
	}
	if err != nil {
		return storage.Wrap(err, "update post %s", p.ID)
	}
	if err := s.writeRelations(ctx, tx, p); err != nil {
		return err
	}
	return s.indexPosts(ctx, tx, []*domain.Post{p})
}

// SavePosts implements storage.Posts.
func (s *Store) SavePosts(ctx context.Context, ws []*storage.PostWrite) error {
	if len(ws) == 0 {
		return nil
	}
	if batchable(ws) {
		err := s.inBatchTx(ctx, len(ws), func(tx *sql.Tx) error { return s.createBatch(ctx, tx, ws) })
		if err == nil || !retryRowByRow(err) {
			return err
		}
		// Nothing was saved; row by row, the error names the post.
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, w := range ws {
			if err := s.savePost(ctx, tx, w); err != nil {
				return err
			}
		}
		return nil
	})
}

// ensureNewTags creates the write's new tags and points the post at the
// tags that already had their slugs.
func (s *Store) ensureNewTags(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	p := w.Post
	for _, t := range w.NewTags {
		id, err := s.ensureTag(ctx, tx, t)
		if err != nil {
			return err
		}
		if id != t.ID {
			for i := range p.Tags {
				if p.Tags[i].ID == t.ID {
					p.Tags[i].ID = id
				}
			}
			t.ID = id
		}
	}
	return nil
}

func (s *Store) savePost(ctx context.Context, tx *sql.Tx, w *storage.PostWrite) error {
	p := w.Post
	if w.Delete {
		if err := s.deletePost(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, w.Outbox)
	}
	if err := s.ensureNewTags(ctx, tx, w); err != nil {
		return err
	}
	if w.Create {
		if w.Trash != nil {
			// A post imported into the trash is stored trashed from the
			// start, with the status it will have when restored.
			w.Trash.Status, p.Status = p.Status, domain.StatusTrashed
		}
		keep := p.UpdatedAt
		normalise(p, time.Now().UTC().Truncate(time.Millisecond))
		if w.KeepUpdatedAt && !keep.IsZero() {
			p.UpdatedAt = keep.Truncate(time.Millisecond).UTC()
		}
		if err := s.insertPost(ctx, tx, p); err != nil {
			return err
		}
	} else if err := s.updatePost(ctx, tx, w); err != nil {
		return err
	}
	if r := w.Revision; r != nil {
		r.PostID, r.CreatedAt = p.ID, p.UpdatedAt
		if err := s.insertRevision(ctx, tx, r); err != nil {
			return err
		}
	}
	if err := s.workflowWrite(ctx, tx, w); err != nil {
		return err
	}
	if err := s.reviewWrite(ctx, tx, w); err != nil {
		return err
	}
	if err := s.assignmentWrite(ctx, tx, w); err != nil {
		return err
	}
	if w.Live != nil || len(w.Entries) > 0 {
		if err := s.writeLive(ctx, tx, w); err != nil {
			return err
		}
	}
	if len(w.Notes) > 0 {
		if err := s.writeNotes(ctx, tx, w); err != nil {
			return err
		}
	}
	if w.SourceKey != "" {
		if err := s.recordImport(ctx, tx, "post", w.SourceKey, p.ID); err != nil {
			return err
		}
	}
	// The events name the post's id, known only now for a new post.
	for _, e := range w.Outbox {
		if e.Key == "" {
			e.Key = p.ID
		}
	}
	return s.enqueue(ctx, tx, w.Outbox)
}

// ensureTag creates t unless a tag with its slug exists, and returns the
// id of the tag with that slug. ON CONFLICT keeps a concurrent creation
// of the same tag from failing the transaction on PostgreSQL.
func (s *Store) ensureTag(ctx context.Context, tx *sql.Tx, t *domain.Tag) (string, error) {
	if err := t.Validate(); err != nil {
		return "", err
	}
	if t.ID == "" {
		t.ID = domain.NewID()
	}
	now := time.Now().UnixMilli()
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO tags (id, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO NOTHING`), t.ID, t.Name, t.Slug, t.Description, now, now)
	if err != nil {
		return "", storage.Wrap(err, "create tag %q", t.Slug)
	}
	var id string
	if err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM tags WHERE slug = ?`), t.Slug).Scan(&id); err != nil {
		return "", storage.Wrap(err, "find tag %q", t.Slug)
	}
	return id, nil
}

// DeletePost implements storage.Posts.
func (s *Store) DeletePost(ctx context.Context, id string) error {
	return s.deletePost(ctx, s.db, id)
}

func (s *Store) deletePost(ctx context.Context, db execer, id string) error {
	res, err := db.ExecContext(ctx, s.q(`DELETE FROM posts WHERE id = ?`), id)
	if err != nil {
		return storage.Wrap(err, "delete post %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Post", id)
	}
	return nil
}

// PostByID implements storage.Posts.
func (s *Store) PostByID(ctx context.Context, id string) (*domain.Post, error) {
	return s.onePost(ctx, `p.id = ?`, id)
}

// PostBySlug implements storage.Posts.
func (s *Store) PostBySlug(ctx context.Context, slug string) (*domain.Post, error) {
	return s.onePost(ctx, `p.slug = ?`, slug)
}

func (s *Store) onePost(ctx context.Context, where, key string) (*domain.Post, error) {
	var p *domain.Post
	var err error
	if s.dialect == Postgres {
		p, err = s.onePostNamed(ctx, where, key)
	} else {
		p, err = scanPost(s.db.QueryRowContext(ctx, s.q(`SELECT `+postColumns+` FROM posts p WHERE `+where), key))
		if err == nil {
			err = s.loadPostParts(ctx, p)
		}
	}
	if isNoRows(err) {
		return nil, storage.NotFound("Post", key)
	}
	if err != nil {
		return nil, storage.Wrap(err, "load post %q", key)
	}
	if err := s.loadLiveBlogs(ctx, s.db, []*domain.Post{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// postParts reads one post's Authors, Tags and Corrections on SQLite with
// one query instead of three (PostgreSQL reads the post's relation ids
// from its row: onePostNamed). The three row shapes share columns,
// with the part first (0 authors, 1 tags, 2 corrections) and then the
// order within it; the rest is padding where a shape has fewer fields.
// Its three parameters are the post's id.
const postParts = `
		SELECT 0, pa.sort_order, ` + authorColumns + `, 0, 0, 0
		FROM posts_authors pa JOIN users u ON u.id = pa.author_id WHERE pa.post_id = ?
		UNION ALL
		SELECT 1, pt.sort_order, t.id, t.name, t.slug, t.description, '', '', '', '', '', t.created_at, t.updated_at, 0
		FROM posts_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = ?
		UNION ALL
		SELECT 2, c.created_at, c.id, c.kind, c.body, '', '', '', '', '', '', c.created_at, c.updated_at, c.retracted_at
		FROM corrections c WHERE c.post_id = ?
		ORDER BY 1, 2, 3`

func (s *Store) loadPostParts(ctx context.Context, p *domain.Post) error {
	rows, err := s.db.QueryContext(ctx, s.q(postParts), p.ID, p.ID, p.ID)
	if err != nil {
		return storage.Wrap(err, "load post relations")
	}
	defer rows.Close()
	return storage.Wrap(scanPostParts(rows, p), "load post relations")
}

// pgxOf returns the pgx connection under a pooled driver connection.
func pgxOf(dc any) (*pgx.Conn, error) {
	c, ok := dc.(*conn)
	if !ok {
		return nil, errors.New("not a newsdesk connection")
	}
	pc, ok := c.Conn.(*stdlib.Conn)
	if !ok {
		return nil, errors.New("not a pgx connection")
	}
	return pc.Conn(), nil
}

// partRows is what database/sql's and pgx's rows share.
type partRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

func scanPostParts(rows partRows, p *domain.Post) error {
	p.Authors, p.Tags, p.Corrections = nil, nil, nil
	for rows.Next() {
		var part int
		var order int64
		var f [9]string
		var t1, t2, t3 int64
		if err := rows.Scan(&part, &order, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &t1, &t2, &t3); err != nil {
			return err
		}
		switch part {
		case 0:
			a := domain.Author{ID: f[0], Name: f[1], Slug: f[2], Avatar: f[3], Title: f[4], Bio: f[5], Website: f[6], Location: f[7]}
			_ = json.Unmarshal([]byte(f[8]), &a.Links)
			p.Authors = append(p.Authors, a)
		case 1:
			t := domain.Tag{ID: f[0], Name: f[1], Slug: f[2], Description: f[3]}
			t.CreatedAt, t.UpdatedAt = tagTimes(t1, t2)
			p.Tags = append(p.Tags, t)
		case 2:
			p.Corrections = append(p.Corrections, domain.Correction{ID: f[0], PostID: p.ID, Kind: f[1], Body: f[2],
				CreatedAt: fromMS(t1), UpdatedAt: fromMS(t2), RetractedAt: fromMS(t3)})
		}
	}
	return rows.Err()
}

// ListPosts implements storage.Posts.
func (s *Store) ListPosts(ctx context.Context, q storage.PostQuery) (storage.PostPage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 15
	}
	if limit > storage.MaxLimit {
		limit = storage.MaxLimit
	}
	cols := postColumns
	cards := s.useCards(q)
	named := q.Summary && s.dialect == Postgres // relations from the row and the catalogue (names.go)
	switch {
	case cards:
		cols = cardColumns
	case named:
		cols = summaryColumns + relationColumns
	case q.Summary:
		cols = summaryColumns
	}
	query, args, order := s.buildList(q, `SELECT `+cols, true, cards)
	// The limit is written into the statement, not bound: with a bound
	// LIMIT PostgreSQL costs its generic plan as if a tenth of the
	// stream were read, never adopts it and plans every execution anew
	// (0.44 ms of a tag page's 1.2 ms there). Listings use few limits.
	query += ` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(limit+1)
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return storage.PostPage{}, storage.Wrap(err, "list posts")
	}
	defer rows.Close()
	var page storage.PostPage
	var rel []relationIDs
	var version int64
	for rows.Next() {
		var extra []any
		if named {
			rel = append(rel, relationIDs{})
			r := &rel[len(rel)-1]
			extra = []any{&r.authors, &r.tags, &version}
		}
		p, err := scanPost(rows, extra...)
		if err != nil {
			return storage.PostPage{}, storage.Wrap(err, "scan post")
		}
		page.Posts = append(page.Posts, p)
	}
	if err := rows.Err(); err != nil {
		return storage.PostPage{}, storage.Wrap(err, "list posts")
	}
	rows.Close()
	if len(page.Posts) > limit {
		page.Posts = page.Posts[:limit]
		page.Next = storage.CursorOf(page.Posts[limit-1])
	}
	if named {
		if err := s.nameRelations(ctx, page.Posts, rel, version); err != nil {
			return storage.PostPage{}, err
		}
		return page, s.loadLiveBlogs(ctx, s.db, page.Posts)
	}
	load := s.loadRelations
	if q.Summary {
		load = s.loadItemRelations
	}
	if err := load(ctx, page.Posts); err != nil {
		return storage.PostPage{}, err
	}
	return page, nil
}

// CountPosts implements storage.Posts.
func (s *Store) CountPosts(ctx context.Context, q storage.PostQuery) (int, error) {
	query, args := s.countQueryArgs(q)
	var n int
	if err := s.db.QueryRowContext(ctx, s.q(query), args...).Scan(&n); err != nil {
		return 0, storage.Wrap(err, "count posts")
	}
	return n, nil
}

func (s *Store) countQueryArgs(q storage.PostQuery) (string, []any) {
	q.After = nil
	query, args, _ := s.buildList(q, `SELECT COUNT(*)`, false, false)
	if (q.TagID != "" || q.AuthorID != "") && q.Kind == "" && q.Language == "" && !q.Featured && !q.Breaking && q.Search == "" {
		// The join table carries status, type and sort time, and its rows
		// exist only for existing posts: counting needs no posts row. The
		// masthead counts every section this way: at a million posts that
		// was 2.6 million lookups of posts by id, 0.53 s per large section
		// in native SQLite against 0.06 s on the index alone.
		query = strings.Replace(query, ` JOIN posts p ON p.id = j.post_id`, ``, 1)
		query = strings.Replace(query, `a.post_id = p.id`, `a.post_id = j.post_id`, 1)
		query = strings.Replace(query, `p.id <> ?`, `j.post_id <> ?`, 1)
	}
	return query, args
}

// useCards says whether a listing reads its items from post_cards
// (SQLite only, see cardColumns). A breaking-news listing stays on posts,
// whose partial index posts_breaking finds the few pinned stories.
func (s *Store) useCards(q storage.PostQuery) bool {
	return s.dialect == SQLite && q.Summary && !q.Breaking
}

// buildList builds FROM and WHERE for a post listing. An author or tag
// stream drives from its join table, whose index matches the keyset order.
// With cards, p is post_cards (which has every column the conditions
// name) and the News Feed drives from the posts index posts_stream
// (covering: it never reads a posts row) joined to the cards.
func (s *Store) buildList(q storage.PostQuery, sel string, keyset, cards bool) (query string, args []any, order string) {
	var where []string
	posts := `posts`
	if cards {
		posts = `post_cards`
	}
	from := ` FROM posts p`
	statusCol, sortCol, idCol, typeCol := "p.status", "p.sort_at", "p.id", "p.type"
	if cards {
		from = ` FROM posts s JOIN post_cards p ON p.id = s.id`
		statusCol, sortCol, idCol, typeCol = "s.status", "s.sort_at", "s.id", "s.type"
	}
	switch {
	case q.TagID != "":
		from = ` FROM posts_tags j JOIN ` + posts + ` p ON p.id = j.post_id`
		where = append(where, `j.tag_id = ?`)
		args = append(args, q.TagID)
		statusCol, sortCol, idCol, typeCol = "j.status", "j.sort_at", "j.post_id", "j.type"
	case q.AuthorID != "":
		from = ` FROM posts_authors j JOIN ` + posts + ` p ON p.id = j.post_id`
		where = append(where, `j.author_id = ?`)
		args = append(args, q.AuthorID)
		statusCol, sortCol, idCol, typeCol = "j.status", "j.sort_at", "j.post_id", "j.type"
	}
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	if q.Public {
		where = append(where, statusCol+` = ?`)
		args = append(args, string(domain.StatusPublished))
		// A keyset cursor older than now already bounds the sort column;
		// a second upper bound would let the planner seek to now instead
		// and filter every newer row, making page 10,000 cost 10,000 pages.
		if !keyset || q.After == nil || q.After.Time.UnixMilli() > now.UnixMilli() {
			where = append(where, sortCol+` <= ?`)
			args = append(args, now.UnixMilli())
		}
	} else if len(q.Statuses) > 0 {
		ph := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, statusCol+` IN (`+strings.Join(ph, ", ")+`)`)
	} else {
		// "Every status" means every status but the trash's: the trash
		// is listed on its own (ListTrash, or Statuses naming it).
		where = append(where, statusCol+` <> ?`)
		args = append(args, string(domain.StatusTrashed))
	}
	// Every listing is of posts or of pages, never both: the type sits
	// in each stream index just before the keyset columns.
	where = append(where, typeCol+` = ?`)
	args = append(args, typeOf(q.Type))
	if q.Kind != "" {
		where = append(where, `p.kind = ?`)
		args = append(args, string(q.Kind))
	}
	if q.TagID != "" && q.AuthorID != "" {
		where = append(where, `EXISTS (SELECT 1 FROM posts_authors a WHERE a.post_id = p.id AND a.author_id = ?)`)
		args = append(args, q.AuthorID)
	}
	if q.Language != "" {
		where = append(where, `p.language = ?`)
		args = append(args, q.Language)
	}
	if q.Featured {
		where = append(where, `p.featured = 1`)
	}
	if q.Breaking {
		// The literal "> 0" lets the planner use the partial index
		// posts_breaking (a bound parameter alone cannot prove it); with
		// statistics (Store.Optimize) this query is then 0.1 ms instead of
		// a 1.7 s walk of the stream at a million posts.
		where = append(where, `p.breaking_until > 0`, `p.breaking_until > ?`)
		args = append(args, now.UnixMilli())
	}
	if q.Search != "" {
		where = append(where, s.containsFold(`p.title`))
		args = append(args, foldPattern("%"+escapeLike(q.Search)+"%"))
	}
	if q.ExcludeID != "" {
		where = append(where, `p.id <> ?`)
		args = append(args, q.ExcludeID)
	}
	if keyset && q.After != nil {
		// The leading "sort_at <= ?" gives both planners a plain range to
		// seek to, so page 10,000 costs what page 1 does.
		where = append(where, sortCol+` <= ? AND (`+sortCol+` < ? OR `+idCol+` < ?)`)
		t := q.After.Time.UnixMilli()
		args = append(args, t, t, q.After.ID)
	}
	query = sel + from
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	return query, args, sortCol + ` DESC, ` + idCol + ` DESC`
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// loadRelations fills Authors and Tags of posts with two queries in all.
func (s *Store) loadRelations(ctx context.Context, posts []*domain.Post) error {
	return s.loadRelationsWith(ctx, s.db, posts)
}

// loadItemRelations fills Authors and Tags of a Summary listing on SQLite
// with what an item shows of them (id, name, slug) in one query: half the
// round trips of loadRelations, and neither a bio nor the links' JSON
// read for every story of a stream. (On PostgreSQL the listing's rows
// carry their relation ids: nameRelations.)
func (s *Store) loadItemRelations(ctx context.Context, posts []*domain.Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Post, len(posts))
	args := make([]any, 0, 2*len(posts))
	for _, p := range posts {
		byID[p.ID] = p
		p.Authors, p.Tags = nil, nil
		args = append(args, p.ID)
	}
	args = append(args, args...)
	in := `?` + strings.Repeat(`, ?`, len(posts)-1)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT 0, pa.post_id, pa.sort_order, u.id, u.name, u.slug FROM posts_authors pa
		JOIN users u ON u.id = pa.author_id WHERE pa.post_id IN (`+in+`)
		UNION ALL SELECT 1, pt.post_id, pt.sort_order, t.id, t.name, t.slug FROM posts_tags pt
		JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id IN (`+in+`) ORDER BY 1, 2, 3`), args...)
	if err != nil {
		return storage.Wrap(err, "load post authors and tags")
	}
	defer rows.Close()
	for rows.Next() {
		var isTag, order int
		var postID, id, name, slug string
		if err := rows.Scan(&isTag, &postID, &order, &id, &name, &slug); err != nil {
			return storage.Wrap(err, "scan post author or tag")
		}
		p := byID[postID]
		if isTag == 0 {
			p.Authors = append(p.Authors, domain.Author{ID: id, Name: name, Slug: slug})
		} else {
			p.Tags = append(p.Tags, domain.Tag{ID: id, Name: name, Slug: slug})
		}
	}
	if err := rows.Err(); err != nil {
		return storage.Wrap(err, "load post authors and tags")
	}
	rows.Close()
	return s.loadLiveBlogs(ctx, s.db, posts)
}

// querier is what *sql.DB and *sql.Tx share for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// loadRelationsWith is loadRelations reading through q (a snapshot's transaction).
func (s *Store) loadRelationsWith(ctx context.Context, q querier, posts []*domain.Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[string]*domain.Post, len(posts))
	ph := make([]string, len(posts))
	args := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID] = p
		p.Authors, p.Tags = nil, nil
		ph[i] = "?"
		args[i] = p.ID
	}
	in := strings.Join(ph, ", ")
	rows, err := q.QueryContext(ctx, s.q(`SELECT pa.post_id, `+authorColumns+` FROM posts_authors pa
		JOIN users u ON u.id = pa.author_id WHERE pa.post_id IN (`+in+`) ORDER BY pa.post_id, pa.sort_order`), args...)
	if err != nil {
		return storage.Wrap(err, "load post authors")
	}
	for rows.Next() {
		var postID string
		a, err := scanAuthor(rows, &postID)
		if err != nil {
			rows.Close()
			return storage.Wrap(err, "scan post author")
		}
		byID[postID].Authors = append(byID[postID].Authors, *a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return storage.Wrap(err, "load post authors")
	}
	rows, err = q.QueryContext(ctx, s.q(`SELECT pt.post_id, t.id, t.name, t.slug, t.description, t.created_at, t.updated_at FROM posts_tags pt
		JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id IN (`+in+`) ORDER BY pt.post_id, pt.sort_order`), args...)
	if err != nil {
		return storage.Wrap(err, "load post tags")
	}
	defer rows.Close()
	for rows.Next() {
		var postID string
		var t domain.Tag
		var created, updated int64
		if err := rows.Scan(&postID, &t.ID, &t.Name, &t.Slug, &t.Description, &created, &updated); err != nil {
			return storage.Wrap(err, "scan post tag")
		}
		t.CreatedAt, t.UpdatedAt = tagTimes(created, updated)
		byID[postID].Tags = append(byID[postID].Tags, t)
	}
	if err := rows.Err(); err != nil {
		return storage.Wrap(err, "load post tags")
	}
	rows.Close()
	return s.loadLiveBlogs(ctx, q, posts)
}

// AddCorrection implements storage.Posts. It also bumps the post's
// updated_at so caches and "Updated" labels follow.
func (s *Store) AddCorrection(ctx context.Context, c *domain.Correction, outbox ...*storage.OutboxEvent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.ID == "" {
		c.ID = domain.NewID()
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE posts SET updated_at = ? WHERE id = ?`), ms(now), c.PostID)
		if err != nil {
			return storage.Wrap(err, "touch post")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return storage.NotFound("Post", c.PostID)
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO corrections (id, post_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?)`),
			c.ID, c.PostID, c.Kind, c.Body, ms(c.CreatedAt))
		if err != nil {
			return storage.Wrap(err, "add correction")
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// PublishDue implements storage.Posts. The UPDATE ... WHERE status =
// 'scheduled' is the claim: of several instances racing, each row's update
// succeeds for exactly one.
func (s *Store) PublishDue(ctx context.Context, now time.Time) ([]*domain.Post, error) {
	return s.PublishDueWith(ctx, now, nil)
}

// PublishDueWith implements storage.Posts.
func (s *Store) PublishDueWith(ctx context.Context, now time.Time, outbox func(*domain.Post) []*storage.OutboxEvent) ([]*domain.Post, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id FROM posts WHERE status = ? AND published_at <= ? ORDER BY published_at LIMIT 100`),
		string(domain.StatusScheduled), now.UnixMilli())
	if err != nil {
		return nil, storage.Wrap(err, "find due posts")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, storage.Wrap(err, "scan due post")
		}
		ids = append(ids, id)
	}
	rows.Close()
	var published []*domain.Post
	for _, id := range ids {
		claimed := false
		// The webhook events need the post as published: read it before
		// the claim, so the transaction holds no read of its own.
		var due *domain.Post
		if outbox != nil {
			p, err := s.PostByID(ctx, id)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				continue
			}
			if err != nil {
				return published, err
			}
			due = p
		}
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, s.q(`UPDATE posts SET status = ?, updated_at = ? WHERE id = ? AND status = ?`),
				string(domain.StatusPublished), now.UnixMilli(), id, string(domain.StatusScheduled))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance won
			}
			claimed = true
			for _, table := range []string{"posts_authors", "posts_tags"} {
				if _, err := tx.ExecContext(ctx, s.q(`UPDATE `+table+` SET status = ? WHERE post_id = ?`), string(domain.StatusPublished), id); err != nil {
					return err
				}
			}
			if due != nil {
				due.Status, due.UpdatedAt = domain.StatusPublished, now.UTC().Truncate(time.Millisecond)
				if err := s.enqueue(ctx, tx, outbox(due)); err != nil {
					return err
				}
			}
			return s.reindexPost(ctx, tx, id)
		})
		if err != nil {
			return published, storage.Wrap(err, "publish post %s", id)
		}
		if claimed {
			p, err := s.PostByID(ctx, id)
			if err != nil {
				return published, err
			}
			published = append(published, p)
		}
	}
	return published, nil
}
