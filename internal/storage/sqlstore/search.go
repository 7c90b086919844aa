package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/search"
	"newsdesk/internal/storage"
)

// The search index (migration 20261127T1800_search). Every post write
// calls indexPosts in its own transaction; it is the one place that
// writes the index, for single saves, bulk loads and the backfill alike.

// Filter terms sit in their own FTS5 column (SQLite) or beside the words
// in the tsvector with a "#" no word has (PostgreSQL).
const (
	scopeReaders = "zr" // readers may find this document
	scopeStaff   = "zs" // the newsroom may
)

// searchDoc is one indexed text.
type searchDoc struct {
	ID, PostID string
	Key        int64
	Title      string
	Standfirst string
	Body       string
	Filters    []string
}

// preparedDoc is a document with its terms, ready to write: on SQLite
// the FTS5 columns (each term once: the index keeps no positions), on
// PostgreSQL the tsvector.
type preparedDoc struct {
	searchDoc
	cols []string
}

// docKey is the recency order of a document: its time in milliseconds
// times 1024 plus bits of its id, so documents of one millisecond rarely
// collide (a collision takes the next free key).
func docKey(sortAtMS int64, docID string) int64 {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return sortAtMS<<10 | int64(h.Sum32()&1023)
}

// timeKey is the first key of a millisecond.
func timeKey(t time.Time) int64 { return t.UnixMilli() << 10 }

// postDocs returns the documents of p: none for a static page; for a
// published public post one document for staff and readers; for a gated
// one the whole text for staff and the part before the members-only
// marker for readers; for a draft or scheduled post the staff's only.
func postDocs(p *domain.Post) []searchDoc { return postDocsWith(p, "") }

// postDocsWith is postDocs with more text for the body of every document:
// a live blog's published entries.
func postDocsWith(p *domain.Post, more string) []searchDoc {
	if p.IsPage() {
		return nil
	}
	filters := []string{"k" + string(p.Kind), "x" + string(p.Status)}
	for _, a := range p.Authors {
		filters = append(filters, "a"+a.ID)
	}
	if t := p.PrimaryTag(); t.ID != "" {
		filters = append(filters, "s"+t.ID)
	}
	for _, t := range p.Tags {
		filters = append(filters, "t"+t.ID)
	}
	doc := func(id, scope, body string) searchDoc {
		if more != "" {
			body += "\n\n" + more
		}
		return searchDoc{ID: id, PostID: p.ID, Key: docKey(sortAt(p), id), Title: p.Title, Standfirst: p.Standfirst,
			Body: body, Filters: append([]string{scope}, filters...)}
	}
	switch {
	case p.Status == domain.StatusTrashed:
		return nil // nobody searches the trash
	case p.Status != domain.StatusPublished:
		return []searchDoc{doc(p.ID, scopeStaff, p.Plaintext)}
	case p.Gated():
		return []searchDoc{doc(p.ID, scopeStaff, p.Plaintext), doc(p.ID+":public", scopeReaders, p.PublicPlaintext)}
	default:
		d := doc(p.ID, scopeStaff, p.Plaintext)
		d.Filters = append(d.Filters, scopeReaders)
		return []searchDoc{d}
	}
}

// prepareDocs returns the documents of posts with their terms.
func (s *Store) prepareDocs(a *search.Analyzer, posts []*domain.Post) []preparedDoc {
	var out []preparedDoc
	for _, p := range posts {
		out = append(out, s.prepareDocsFor(a, p, "")...)
	}
	return out
}

// prepareDocsFor returns the documents of p, more text in their bodies.
func (s *Store) prepareDocsFor(a *search.Analyzer, p *domain.Post, more string) []preparedDoc {
	var out []preparedDoc
	{
		for _, d := range postDocsWith(p, more) {
			if s.dialect == Postgres {
				out = append(out, preparedDoc{d, []string{tsvector(a, &d)}})
				continue
			}
			out = append(out, preparedDoc{d, []string{a.DistinctTerms(d.Title), a.DistinctTerms(d.Standfirst),
				a.DistinctTerms(d.Body), strings.Join(d.Filters, " ")}})
		}
	}
	return out
}

// indexPosts replaces the search documents of posts, in tx. Every post
// write calls it (bulk loads call indexNewPosts): the one place where
// the index is written.
func (s *Store) indexPosts(ctx context.Context, tx *sql.Tx, posts []*domain.Post) error {
	a := search.NewAnalyzer()
	for _, p := range posts {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_docs WHERE post_id = ?`), p.ID); err != nil {
			return storage.Wrap(err, "unindex post %s", p.ID)
		}
		more := ""
		if p.Kind == domain.KindLive {
			var err error
			if more, err = s.liveText(ctx, tx, p.ID); err != nil {
				return err
			}
		}
		for _, d := range s.prepareDocsFor(a, p, more) {
			if err := s.insertDoc(ctx, tx, &d); err != nil {
				return err
			}
		}
	}
	return nil
}

// reindexPost indexes the stored post id as it is in tx (after a change
// made in SQL, such as a scheduled post going out).
func (s *Store) reindexPost(ctx context.Context, tx *sql.Tx, id string) error {
	p, err := scanPost(tx.QueryRowContext(ctx, s.q(`SELECT `+postColumns+` FROM posts p WHERE p.id = ?`), id))
	if err != nil {
		return storage.Wrap(err, "load post %s to index", id)
	}
	if err := s.loadRelationsWith(ctx, tx, []*domain.Post{p}); err != nil {
		return err
	}
	return s.indexPosts(ctx, tx, []*domain.Post{p})
}

// insertDoc writes one document, moving its key to the next free one if
// another document of the same millisecond holds it.
func (s *Store) insertDoc(ctx context.Context, tx *sql.Tx, d *preparedDoc) error {
	for try := 0; ; try++ {
		var res sql.Result
		var err error
		if s.dialect == Postgres {
			res, err = tx.ExecContext(ctx, s.q(`INSERT INTO search_docs (doc_id, post_id, doc_key, tsv) VALUES (?, ?, ?, ?::tsvector)
				ON CONFLICT (doc_key) DO NOTHING`), d.ID, d.PostID, d.Key, d.cols[0])
		} else {
			res, err = tx.ExecContext(ctx, `INSERT INTO search_docs (doc_id, post_id, doc_key) VALUES (?, ?, ?)
				ON CONFLICT (doc_key) DO NOTHING`, d.ID, d.PostID, d.Key)
		}
		if err != nil {
			return storage.Wrap(err, "index post %s", d.PostID)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			break
		}
		if try > 4096 {
			return storage.Wrap(sql.ErrNoRows, "no free search key for post %s", d.PostID)
		}
		d.Key++
	}
	if s.dialect == SQLite {
		_, err := tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, title, standfirst, body, filters) VALUES (?, ?, ?, ?, ?)`,
			d.Key, d.cols[0], d.cols[1], d.cols[2], d.cols[3])
		return storage.Wrap(err, "index post %s", d.PostID)
	}
	return nil
}

// tsvector writes d as a PostgreSQL tsvector literal: each term with its
// positions (at most 256, as PostgreSQL keeps) and weight (A headline,
// B standfirst, D body), and the filter terms with a "#". Terms are
// letters and digits only, so quoting needs no escapes.
func tsvector(a *search.Analyzer, d *searchDoc) string {
	terms := map[string][]string{}
	var order []string
	pos := 0
	add := func(text, weight string) {
		for _, w := range a.Terms(text) {
			pos++
			e, ok := terms[w]
			if !ok {
				order = append(order, w)
			}
			if len(e) < 256 {
				terms[w] = append(e, strconv.Itoa(min(pos, 16383))+weight)
			}
		}
		pos++ // no phrase spans two fields
	}
	add(d.Title, "A")
	add(d.Standfirst, "B")
	add(d.Body, "")
	var b strings.Builder
	for _, w := range order {
		b.WriteString("'" + w + "':" + strings.Join(terms[w], ",") + " ")
	}
	for _, f := range d.Filters {
		b.WriteString("'#" + f + "' ")
	}
	return b.String()
}

// searchWindow is how many of the newest matches one page ranks.
const searchWindow = 200

type searchHit struct {
	key   int64
	score float64
}

// SearchPosts implements storage.Search. It ranks the newest
// searchWindow matches by relevance (on SQLite the words found in the
// headline and standfirst, on PostgreSQL ts_rank; headline over
// standfirst over body) weighted by recency,
// then the next window, and so on: a common word costs what a rare one
// does, and results are the best of the recent ones rather than the best
// of all time, which is what a news site's readers look for.
func (s *Store) SearchPosts(ctx context.Context, q storage.SearchQuery) (storage.SearchPage, error) {
	parsed := search.ParseQuery(q.Text)
	if parsed.Empty() {
		return storage.SearchPage{}, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 15
	}
	limit = min(limit, storage.MaxLimit)
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	filters := []string{scopeStaff}
	upper, lower := int64(math.MaxInt64), int64(math.MinInt64)
	if !q.Staff {
		filters[0] = scopeReaders
		upper = timeKey(now) + 1023
	}
	if q.Kind != "" {
		filters = append(filters, "k"+string(q.Kind))
	}
	if q.Staff && q.Status != "" {
		if !q.Status.Valid() {
			return storage.SearchPage{}, nil
		}
		filters = append(filters, "x"+string(q.Status))
	}
	for prefix, id := range map[string]string{"a": q.AuthorID, "s": q.SectionID, "t": q.TagID} {
		if id != "" {
			if !domain.ValidID(id) {
				return storage.SearchPage{}, nil // no post has it
			}
			filters = append(filters, prefix+id)
		}
	}
	if !q.To.IsZero() {
		upper = min(upper, timeKey(q.To)+1023)
	}
	if !q.From.IsZero() {
		lower = timeKey(q.From)
	}
	skip := 0
	if q.After != nil {
		upper, skip = min(upper, q.After.Upper), q.After.Skip
	}
	var page storage.SearchPage
	var keys []int64
	for len(keys) < limit && upper >= lower {
		cands, fetched, oldest, err := s.searchWindow(ctx, parsed, filters, upper, lower, now)
		if err != nil {
			return storage.SearchPage{}, err
		}
		from := min(skip, len(cands))
		take := min(limit-len(keys), len(cands)-from)
		for _, c := range cands[from : from+take] {
			keys = append(keys, c.key)
		}
		if from+take < len(cands) {
			page.Next = &storage.SearchCursor{Upper: upper, Skip: from + take}
			break
		}
		if fetched < searchWindow {
			break // no older matches
		}
		upper, skip = oldest-1, 0
		if len(keys) == limit {
			page.Next = &storage.SearchCursor{Upper: upper}
		}
	}
	posts, err := s.postsByDocKeys(ctx, keys, q.Staff, now)
	if err != nil {
		return storage.SearchPage{}, err
	}
	page.Posts = posts
	return page, nil
}

// searchWindow ranks the newest searchWindow matches with keys in
// [lower, upper], best first; it also returns how many rows it read and
// the oldest key among them, where the next window starts.
func (s *Store) searchWindow(ctx context.Context, q search.Query, filters []string, upper, lower int64, now time.Time) (
	hits []searchHit, fetched int, oldest int64, err error) {
	var rows *sql.Rows
	match := q.FTS5("title standfirst body") + ` AND {filters} : (` + strings.Join(filters, " AND ") + `)`
	if s.dialect == Postgres {
		var fq []string
		for _, f := range filters {
			fq = append(fq, "'#"+f+"'")
		}
		rows, err = s.db.QueryContext(ctx, `SELECT doc_key, ts_rank(tsv, $1::tsquery, 1) FROM search_docs
			WHERE tsv @@ ($1::tsquery && $2::tsquery) AND doc_key <= $3 AND doc_key >= $4 ORDER BY doc_key DESC LIMIT $5`,
			q.TSQuery(), strings.Join(fq, " & "), upper, lower, searchWindow)
	} else {
		rows, err = s.db.QueryContext(ctx, `SELECT rowid, 1.0 FROM search_fts
			WHERE search_fts MATCH ? AND rowid <= ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?`,
			match, upper, lower, searchWindow)
	}
	if err != nil {
		return nil, 0, 0, storage.Wrap(err, "search")
	}
	defer rows.Close()
	for rows.Next() {
		var h searchHit
		if err := rows.Scan(&h.key, &h.score); err != nil {
			return nil, 0, 0, storage.Wrap(err, "search")
		}
		hits = append(hits, h)
		oldest = h.key
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, storage.Wrap(err, "search")
	}
	rows.Close()
	fetched = len(hits)
	if s.dialect == SQLite && fetched > 0 {
		if err := s.weighColumns(ctx, q, match, hits, oldest, upper); err != nil {
			return nil, 0, 0, err
		}
		if q.HasPhrase() {
			if hits, err = s.keepPhrases(ctx, q, hits); err != nil {
				return nil, 0, 0, err
			}
		}
	}
	for i := range hits {
		hits[i].score *= recency(hits[i].key, now)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].key > hits[j].key
	})
	return hits, fetched, oldest, nil
}

// Column weights on SQLite: a word in the headline counts ten times one
// only in the body, in the standfirst four times.
var columnWeights = []struct {
	column string
	weight float64
}{{"title", 9}, {"standfirst", 3}}

// maxWeighedTerms bounds the queries one window costs.
const maxWeighedTerms = 4

// weighColumns adds to each hit's score the weights of the columns each
// query word appears in. FTS5's bm25() would do it, but it first counts
// every document holding each word (and the filters, which every
// document holds), walking whole doclists: 200-900 ms a query at a
// million posts. Each query here is the window's own match narrowed to
// one word in one column, over the window's keys only, so FTS5 skips
// through the doclists instead.
func (s *Store) weighColumns(ctx context.Context, q search.Query, match string, hits []searchHit, lower, upper int64) error {
	at := make(map[int64]int, len(hits))
	for i, h := range hits {
		at[h.key] = i
	}
	terms := q.Terms()
	if len(terms) > maxWeighedTerms {
		terms = terms[:maxWeighedTerms]
	}
	for _, t := range terms {
		for _, c := range columnWeights {
			rows, err := s.db.QueryContext(ctx, `SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid <= ? AND rowid >= ?`,
				`{`+c.column+`} : "`+t+`" AND `+match, upper, lower)
			if err != nil {
				return storage.Wrap(err, "search")
			}
			for rows.Next() {
				var key int64
				if err := rows.Scan(&key); err != nil {
					rows.Close()
					return storage.Wrap(err, "search")
				}
				if i, ok := at[key]; ok {
					hits[i].score += c.weight / float64(len(terms))
				}
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return storage.Wrap(err, "search")
			}
		}
	}
	return nil
}

// keepPhrases keeps the hits whose text has q's phrases: SQLite's index
// keeps no word positions (a quarter of its size and of the bulk load's
// time), so it finds documents with all the words and the text decides.
// A reader's document of a gated post is checked against the part
// readers get.
func (s *Store) keepPhrases(ctx context.Context, q search.Query, hits []searchHit) ([]searchHit, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	ph := make([]string, len(hits))
	args := make([]any, len(hits))
	for i, h := range hits {
		ph[i], args[i] = "?", h.key
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.doc_key, d.doc_id = p.id, p.title, p.standfirst, p.plaintext, p.public_plaintext
		FROM search_docs d JOIN posts p ON p.id = d.post_id WHERE d.doc_key IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, storage.Wrap(err, "search phrases")
	}
	defer rows.Close()
	ok := map[int64]bool{}
	for rows.Next() {
		var key int64
		var whole bool
		var title, standfirst, body, public string
		if err := rows.Scan(&key, &whole, &title, &standfirst, &body, &public); err != nil {
			return nil, storage.Wrap(err, "search phrases")
		}
		if !whole {
			body = public
		}
		ok[key] = q.MatchesPhrases(title, standfirst, body)
	}
	if err := rows.Err(); err != nil {
		return nil, storage.Wrap(err, "search phrases")
	}
	out := hits[:0]
	for _, h := range hits {
		if ok[h.key] {
			out = append(out, h)
		}
	}
	return out, nil
}

// recency weighs a result by age: today's counts 1.7 times what a year
// old one does with the same words (half-life of the boost: 90 days).
func recency(key int64, now time.Time) float64 {
	days := float64(now.UnixMilli()-key>>10) / float64(24*time.Hour/time.Millisecond)
	return 1 + 0.7*math.Exp2(-max(days, 0)/90)
}

// postsByDocKeys loads the posts of documents in the order of keys,
// checking again that readers may see each (a post changed since the
// window was read is left out rather than shown).
func (s *Store) postsByDocKeys(ctx context.Context, keys []int64, staff bool, now time.Time) ([]*domain.Post, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ph := make([]string, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		ph[i], args[i] = "?", k
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT d.doc_key, `+postColumns+` FROM search_docs d JOIN posts p ON p.id = d.post_id
		WHERE d.doc_key IN (`+strings.Join(ph, ", ")+`)`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "load search results")
	}
	defer rows.Close()
	byKey := map[int64]*domain.Post{}
	for rows.Next() {
		var key int64
		p, err := scanPost(keyScanner{rows, &key})
		if err != nil {
			return nil, storage.Wrap(err, "load search results")
		}
		if staff || (p.Status == domain.StatusPublished && !p.IsPage() && !p.PublishedAt.After(now)) {
			byKey[key] = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, storage.Wrap(err, "load search results")
	}
	var posts []*domain.Post
	seen := map[string]bool{}
	for _, k := range keys {
		if p := byKey[k]; p != nil && !seen[p.ID] {
			seen[p.ID] = true
			posts = append(posts, p)
		}
	}
	return posts, s.loadRelations(ctx, posts)
}

// keyScanner scans a leading doc_key before the post's columns.
type keyScanner struct {
	rows *sql.Rows
	key  *int64
}

func (k keyScanner) Scan(dest ...any) error {
	return k.rows.Scan(append([]any{k.key}, dest...)...)
}

// indexNewPosts is indexPosts for posts that have no documents yet, with
// multi-row INSERTs: the backfill calls it, bulk loads writeDocs.
func (s *Store) indexNewPosts(ctx context.Context, tx *sql.Tx, b *bulkInserter, posts []*domain.Post) error {
	return s.writeDocs(ctx, tx, b, s.prepareDocs(search.NewAnalyzer(), posts))
}

// writeDocs writes new documents with multi-row INSERTs.
func (s *Store) writeDocs(ctx context.Context, tx *sql.Tx, b *bulkInserter, docs []preparedDoc) error {
	if len(docs) == 0 {
		return nil
	}
	if err := s.freeKeys(ctx, tx, docs); err != nil {
		return err
	}
	// FTS5 writes its term buffer out whenever a rowid comes lower than
	// the one before: in ascending order a batch is one segment, in the
	// demo's newest-first order it was one per post, and merging those
	// made the index three times the cost of the rest of the load.
	slices.SortFunc(docs, func(a, b preparedDoc) int { return cmp.Compare(a.Key, b.Key) })
	var docArgs, ftsArgs []any
	cols := 3
	if s.dialect == Postgres {
		cols = 4
	}
	for i := range docs {
		d := &docs[i]
		docArgs = append(docArgs, d.ID, d.PostID, d.Key)
		if s.dialect == Postgres {
			docArgs = append(docArgs, d.cols[0])
			continue
		}
		ftsArgs = append(ftsArgs, d.Key, d.cols[0], d.cols[1], d.cols[2], d.cols[3])
	}
	head := `INSERT INTO search_docs (doc_id, post_id, doc_key) VALUES `
	if s.dialect == Postgres {
		head = `INSERT INTO search_docs (doc_id, post_id, doc_key, tsv) VALUES `
	}
	if err := b.chunked(ctx, tx, head, cols, bulkPostChunk, docArgs); err != nil {
		return storage.Wrap(err, "index posts")
	}
	if s.dialect == SQLite {
		// FTS5 also writes its buffer out at the start of every statement,
		// so a batch's documents go in as few statements as SQLite's
		// 32,766 parameters allow.
		err := b.chunked(ctx, tx, `INSERT INTO search_fts (rowid, title, standfirst, body, filters) VALUES `, 5, 6000, ftsArgs)
		return storage.Wrap(err, "index posts")
	}
	return nil
}

// freeKeys moves the keys of docs off each other and off stored
// documents' keys.
func (s *Store) freeKeys(ctx context.Context, tx *sql.Tx, docs []preparedDoc) error {
	used := make(map[int64]bool, len(docs))
	for i := range docs {
		for used[docs[i].Key] {
			docs[i].Key++
		}
		used[docs[i].Key] = true
	}
	for {
		taken := map[int64]bool{}
		for start := 0; start < len(docs); start += 500 {
			part := docs[start:min(start+500, len(docs))]
			ph := make([]string, len(part))
			args := make([]any, len(part))
			for i := range part {
				ph[i], args[i] = "?", part[i].Key
			}
			rows, err := tx.QueryContext(ctx, s.q(`SELECT doc_key FROM search_docs WHERE doc_key IN (`+strings.Join(ph, ", ")+`)`), args...)
			if err != nil {
				return storage.Wrap(err, "check search keys")
			}
			for rows.Next() {
				var k int64
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return storage.Wrap(err, "check search keys")
				}
				taken[k] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return storage.Wrap(err, "check search keys")
			}
		}
		if len(taken) == 0 {
			return nil
		}
		for i := range docs {
			if taken[docs[i].Key] {
				delete(used, docs[i].Key)
				for used[docs[i].Key] || taken[docs[i].Key] {
					docs[i].Key++
				}
				used[docs[i].Key] = true
			}
		}
	}
}

// backfillSearch indexes every stored post: the Go step of the migration
// that creates the index, in its transaction.
func backfillSearch(ctx context.Context, s *Store, tx *sql.Tx) error {
	started := time.Now()
	b := bulkInserter{s: s}
	after, n := "", 0
	for {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT id, kind, status, type, title, standfirst, plaintext, visibility,
			public_plaintext, published_at, created_at FROM posts WHERE id > ? ORDER BY id LIMIT 2000`), after)
		if err != nil {
			return storage.Wrap(err, "backfill search")
		}
		var posts []*domain.Post
		for rows.Next() {
			var p domain.Post
			var pub, created int64
			if err := rows.Scan(&p.ID, &p.Kind, &p.Status, &p.Type, &p.Title, &p.Standfirst, &p.Plaintext, &p.Visibility,
				&p.PublicPlaintext, &pub, &created); err != nil {
				rows.Close()
				return storage.Wrap(err, "backfill search")
			}
			p.PublishedAt, p.CreatedAt = fromMS(pub), fromMS(created)
			posts = append(posts, &p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return storage.Wrap(err, "backfill search")
		}
		if len(posts) == 0 {
			break
		}
		if err := s.loadRelationsWith(ctx, tx, posts); err != nil {
			return err
		}
		if err := s.indexNewPosts(ctx, tx, &b, posts); err != nil {
			return err
		}
		after, n = posts[len(posts)-1].ID, n+len(posts)
	}
	s.log.Info("indexed posts for search", "posts", n, "took", time.Since(started).Round(time.Millisecond))
	return nil
}
