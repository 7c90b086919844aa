package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
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

// searchDoc is one indexed text: a post's (EntryID empty) or one of a
// live blog's entries (ID "entry:<id>", PostID its blog).
type searchDoc struct {
	ID, PostID string
	EntryID    string
	Key        int64
	Title      string
	Standfirst string
	Body       string
	Filters    []string
	// Sig is the blog's filters an entry document was written with.
	Sig string
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

// postFilters are the filter terms of p's documents, without the scope.
func postFilters(p *domain.Post) []string {
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
	return filters
}

// postDocs returns the documents of p: none for a static page; for a
// published public post one document for staff and readers; for a gated
// one the whole text for staff and the part before the members-only
// marker for readers; for a draft or scheduled post the staff's only.
// A live blog's entries are documents of their own (entryFilters).
func postDocs(p *domain.Post) []searchDoc {
	if p.IsPage() {
		return nil
	}
	filters := postFilters(p)
	doc := func(id, scope, body string) searchDoc {
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

// entryFilters are the filters of live blog p's entry documents: the
// blog's, with staff's scope, and readers' when the blog is published
// and not for members only; nil when its entries are not searched (not
// a live blog, or in the trash).
func entryFilters(p *domain.Post) []string {
	if p.Kind != domain.KindLive || p.IsPage() || p.Status == domain.StatusTrashed {
		return nil
	}
	filters := append([]string{scopeStaff}, postFilters(p)...)
	if p.Status == domain.StatusPublished && !p.Gated() {
		filters = append(filters, scopeReaders)
	}
	return filters
}

// entryDocID is the document id of entry id.
func entryDocID(id string) string { return "entry:" + id }

// entryDoc is the document of a published entry of a blog whose entries
// have filters: its title and text, found also by its author.
func entryDoc(postID, id, title, text, authorID string, publishedAt int64, filters []string) searchDoc {
	f := append([]string(nil), filters...)
	if authorID != "" && !slices.Contains(f, "a"+authorID) {
		f = append(f, "a"+authorID)
	}
	docID := entryDocID(id)
	return searchDoc{ID: docID, PostID: postID, EntryID: id, Key: docKey(publishedAt, docID), Title: title, Body: text,
		Filters: f, Sig: strings.Join(filters, " ")}
}

// prepareDocs returns the documents of posts with their terms.
func (s *Store) prepareDocs(a *search.Analyzer, posts []*domain.Post) []preparedDoc {
	var out []preparedDoc
	for _, p := range posts {
		for _, d := range postDocs(p) {
			out = append(out, s.prepareDoc(a, d))
		}
	}
	return out
}

// prepareDoc works out d's terms.
func (s *Store) prepareDoc(a *search.Analyzer, d searchDoc) preparedDoc {
	if s.dialect == Postgres {
		tsv, head := tsvector(a, &d)
		return preparedDoc{d, []string{tsv, head}}
	}
	return preparedDoc{d, []string{a.DistinctTerms(d.Title), a.DistinctTerms(d.Standfirst),
		a.DistinctTerms(d.Body), strings.Join(d.Filters, " ")}}
}

// indexPosts replaces the search documents of posts, in tx. Every post
// write calls it (bulk loads call indexNewPosts): the one place where
// the index is written, with indexEntry for entries.
func (s *Store) indexPosts(ctx context.Context, tx *sql.Tx, posts []*domain.Post) error {
	a := search.NewAnalyzer()
	for _, p := range posts {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_docs WHERE post_id = ? AND entry_id = ''`), p.ID); err != nil {
			return storage.Wrap(err, "unindex post %s", p.ID)
		}
		for _, d := range postDocs(p) {
			pd := s.prepareDoc(a, d)
			if err := s.insertDoc(ctx, tx, &pd); err != nil {
				return err
			}
		}
		if err := s.indexEntriesOf(ctx, tx, a, p); err != nil {
			return err
		}
	}
	return nil
}

// indexEntriesOf brings the documents of blog p's entries in line with
// its filters: nothing to do when every published entry has a document
// written with them (a headline edited), else all are written again (the
// blog published, retagged, trashed; an import).
func (s *Store) indexEntriesOf(ctx context.Context, tx *sql.Tx, a *search.Analyzer, p *domain.Post) error {
	filters := entryFilters(p)
	sig := strings.Join(filters, " ")
	var docs, current, published int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN sig = ? THEN 1 ELSE 0 END), 0)
		FROM search_docs WHERE post_id = ? AND entry_id <> ''`), sig, p.ID).Scan(&docs, &current); err != nil {
		return storage.Wrap(err, "check entry documents of %s", p.ID)
	}
	if filters != nil {
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM live_entries WHERE post_id = ? AND status = 'published'`),
			p.ID).Scan(&published); err != nil {
			return storage.Wrap(err, "count entries of %s", p.ID)
		}
	}
	if docs == current && current == published {
		return nil
	}
	if docs > 0 {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_docs WHERE post_id = ? AND entry_id <> ''`), p.ID); err != nil {
			return storage.Wrap(err, "unindex entries of %s", p.ID)
		}
	}
	if published == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id, title, plaintext, author_id, published_at FROM live_entries
		WHERE post_id = ? AND status = 'published'`), p.ID)
	if err != nil {
		return storage.Wrap(err, "load entries to index")
	}
	var prepared []preparedDoc
	for rows.Next() {
		var id, title, text, author string
		var at int64
		if err := rows.Scan(&id, &title, &text, &author, &at); err != nil {
			rows.Close()
			return storage.Wrap(err, "load entries to index")
		}
		prepared = append(prepared, s.prepareDoc(a, entryDoc(p.ID, id, title, text, author, at, filters)))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return storage.Wrap(err, "load entries to index")
	}
	b := bulkInserter{s: s}
	return s.writeDocs(ctx, tx, &b, prepared)
}

// indexEntry replaces the document of entry e of blog postID, in tx: the
// entry's words when it is published, nothing otherwise.
func (s *Store) indexEntry(ctx context.Context, tx *sql.Tx, postID string, e *domain.LiveEntry) error {
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM search_docs WHERE doc_id = ?`), entryDocID(e.ID)); err != nil {
		return storage.Wrap(err, "unindex entry %s", e.ID)
	}
	if !e.Published() {
		return nil
	}
	p, err := scanPost(tx.QueryRowContext(ctx, s.q(`SELECT `+postColumns+` FROM posts p WHERE p.id = ?`), postID))
	if err != nil {
		return storage.Wrap(err, "load post %s to index", postID)
	}
	if err := s.loadRelationsWith(ctx, tx, []*domain.Post{p}); err != nil {
		return err
	}
	filters := entryFilters(p)
	if filters == nil {
		return nil
	}
	d := s.prepareDoc(search.NewAnalyzer(), entryDoc(postID, e.ID, e.Title, e.Plaintext, e.Author.ID, ms(e.PublishedAt), filters))
	return s.insertDoc(ctx, tx, &d)
}

// reindexLiveBlogs is the Go step of the migration that gives entries
// documents of their own: every live blog's document loses its entries'
// text and each published entry gets its document.
func reindexLiveBlogs(ctx context.Context, s *Store, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM posts WHERE kind = 'live'`)
	if err != nil {
		return storage.Wrap(err, "list live blogs")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return storage.Wrap(err, "list live blogs")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return storage.Wrap(err, "list live blogs")
	}
	if s.dialect == Postgres {
		if err := fillHeads(ctx, s, tx); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := s.reindexPost(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// fillHeads writes the head column of every stored document
// (PostgreSQL), a thousand rows a statement.
func fillHeads(ctx context.Context, s *Store, tx *sql.Tx) error {
	started := time.Now()
	a := search.NewAnalyzer()
	after, n := int64(math.MinInt64), 0
	for {
		rows, err := tx.QueryContext(ctx, `SELECT d.doc_key, p.title, p.standfirst FROM search_docs d
			JOIN posts p ON p.id = d.post_id WHERE d.doc_key > $1 ORDER BY d.doc_key LIMIT 5000`, after)
		if err != nil {
			return storage.Wrap(err, "read documents to rank")
		}
		var args []any
		for rows.Next() {
			var key int64
			var d searchDoc
			if err := rows.Scan(&key, &d.Title, &d.Standfirst); err != nil {
				rows.Close()
				return storage.Wrap(err, "read documents to rank")
			}
			_, head := tsvector(a, &d)
			args = append(args, key, head)
			after = key
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return storage.Wrap(err, "read documents to rank")
		}
		if len(args) == 0 {
			break
		}
		for start := 0; start < len(args); start += 2000 {
			part := args[start:min(start+2000, len(args))]
			vals := make([]string, len(part)/2)
			for i := range vals {
				vals[i] = fmt.Sprintf("($%d::bigint, $%d::tsvector)", 2*i+1, 2*i+2)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE search_docs d SET head = v.head FROM (VALUES `+strings.Join(vals, ", ")+
				`) AS v (key, head) WHERE d.doc_key = v.key`, part...); err != nil {
				return storage.Wrap(err, "rank documents")
			}
		}
		n += len(args) / 2
	}
	s.log.Info("filled search ranking heads", "documents", n, "took", time.Since(started).Round(time.Millisecond))
	// Every row was written again: the planner's statistics, which choose
	// between walking doc_key and the GIN index, must see the table anew.
	_, err := tx.ExecContext(ctx, `ANALYZE search_docs`)
	return storage.Wrap(err, "analyze search documents")
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
			res, err = tx.ExecContext(ctx, s.q(`INSERT INTO search_docs (doc_id, post_id, doc_key, entry_id, sig, tsv, head)
				VALUES (?, ?, ?, ?, ?, ?::tsvector, ?::tsvector) ON CONFLICT (doc_key) DO NOTHING`),
				d.ID, d.PostID, d.Key, d.EntryID, d.Sig, d.cols[0], d.cols[1])
		} else {
			res, err = tx.ExecContext(ctx, `INSERT INTO search_docs (doc_id, post_id, doc_key, entry_id, sig) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (doc_key) DO NOTHING`, d.ID, d.PostID, d.Key, d.EntryID, d.Sig)
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

// tsvector writes d as PostgreSQL tsvector literals: each term with its
// positions (at most 256, as PostgreSQL keeps) and weight (A headline,
// B standfirst, D body), and the filter terms with a "#"; and head, the
// headline's and standfirst's terms alone, which ranking reads. Terms are
// letters and digits only, so quoting needs no escapes.
func tsvector(a *search.Analyzer, d *searchDoc) (tsv, head string) {
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
	write := func(b *strings.Builder) {
		for _, w := range order {
			b.WriteString("'" + w + "':" + strings.Join(terms[w], ",") + " ")
		}
	}
	add(d.Title, "A")
	add(d.Standfirst, "B")
	var h strings.Builder
	write(&h)
	add(d.Body, "")
	var b strings.Builder
	write(&b)
	for _, f := range d.Filters {
		b.WriteString("'#" + f + "' ")
	}
	return b.String(), h.String()
}

// headScore is weighColumns on PostgreSQL: the column weights of the
// query terms found in head (tsvector text: 'term':1A,2B ...).
func headScore(head string, terms []string) float64 {
	if len(terms) > maxWeighedTerms {
		terms = terms[:maxWeighedTerms]
	}
	score := 0.0
	for _, t := range terms {
		i := strings.Index(head, "'"+t+"':")
		if i < 0 {
			continue
		}
		pos := head[i+len(t)+3:]
		if j := strings.IndexByte(pos, ' '); j >= 0 {
			pos = pos[:j]
		}
		for _, c := range columnWeights {
			if strings.IndexByte(pos, c.pg) >= 0 {
				score += c.weight / float64(len(terms))
			}
		}
	}
	return score
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
		if !q.Entries && (q.Kind == "" || q.Kind == domain.KindLive) {
			if cands, err = s.onePerPost(ctx, cands); err != nil {
				return storage.SearchPage{}, err
			}
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
	posts, entries, err := s.postsByDocKeys(ctx, keys, q.Staff, q.Entries, now)
	if err != nil {
		return storage.SearchPage{}, err
	}
	page.Posts, page.Entries = posts, entries
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
		// Ranked by head, not ts_rank(tsv): the tsvector is kept out of
		// line, and reading it again for each candidate cost as much as
		// the match.
		rows, err = s.db.QueryContext(ctx, `SELECT doc_key, head::text FROM search_docs
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
	terms := q.Terms()
	for rows.Next() {
		var h searchHit
		if s.dialect == Postgres {
			var head string
			if err := rows.Scan(&h.key, &head); err != nil {
				return nil, 0, 0, storage.Wrap(err, "search")
			}
			h.score = 1 + headScore(head, terms)
		} else if err := rows.Scan(&h.key, &h.score); err != nil {
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
	pg     byte // the column's weight in PostgreSQL's tsvector
}{{"title", 9, 'A'}, {"standfirst", 3, 'B'}}

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

// onePerPost keeps the best ranked entry of each live blog among hits
// (ranked best first): a blog whose entries match many times is one
// result when entries are not asked for (postsByDocKeys drops the blog's
// own document when an entry of it came first). The same hits give the
// same result, so a cursor's place in a window holds. The entries are
// looked up in an index of entries' documents only, small beside the
// index of all: a window without entries costs a few probes of it.
func (s *Store) onePerPost(ctx context.Context, hits []searchHit) ([]searchHit, error) {
	if len(hits) < 2 {
		return hits, nil
	}
	ph := make([]string, len(hits))
	args := make([]any, len(hits))
	for i, h := range hits {
		ph[i], args[i] = "?", h.key
	}
	from := `search_docs`
	if s.dialect == SQLite {
		from += ` INDEXED BY search_docs_entries`
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT doc_key, post_id FROM `+from+` WHERE entry_id <> '' AND doc_key IN (`+
		strings.Join(ph, ", ")+`)`), args...)
	if err != nil {
		return nil, storage.Wrap(err, "search")
	}
	defer rows.Close()
	post := make(map[int64]string, len(hits))
	for rows.Next() {
		var key int64
		var id string
		if err := rows.Scan(&key, &id); err != nil {
			return nil, storage.Wrap(err, "search")
		}
		post[key] = id
	}
	if err := rows.Err(); err != nil {
		return nil, storage.Wrap(err, "search")
	}
	seen := make(map[string]bool, len(hits))
	out := hits[:0]
	for _, h := range hits {
		id, ok := post[h.key]
		if !ok || !seen[id] {
			seen[id] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// keepPhrases keeps the hits whose text has q's phrases: SQLite's index
// keeps no word positions (a quarter of its size and of the bulk load's
// time), so it finds documents with all the words and the text decides.
// A reader's document of a gated post is checked against the part
// readers get, an entry's against the entry's title and text.
func (s *Store) keepPhrases(ctx context.Context, q search.Query, hits []searchHit) ([]searchHit, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	ph := make([]string, len(hits))
	args := make([]any, len(hits))
	for i, h := range hits {
		ph[i], args[i] = "?", h.key
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.doc_key, d.doc_id = p.id, d.entry_id, p.title, p.standfirst, p.plaintext,
		p.public_plaintext, COALESCE(e.title, ''), COALESCE(e.plaintext, '')
		FROM search_docs d JOIN posts p ON p.id = d.post_id LEFT JOIN live_entries e ON e.id = d.entry_id
		WHERE d.doc_key IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, storage.Wrap(err, "search phrases")
	}
	defer rows.Close()
	ok := map[int64]bool{}
	for rows.Next() {
		var key int64
		var whole bool
		var entryID, title, standfirst, body, public, entryTitle, entryText string
		if err := rows.Scan(&key, &whole, &entryID, &title, &standfirst, &body, &public, &entryTitle, &entryText); err != nil {
			return nil, storage.Wrap(err, "search phrases")
		}
		switch {
		case entryID != "":
			title, standfirst, body = entryTitle, "", entryText
		case !whole:
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
// checking again that readers may see each (a post or entry changed
// since the window was read is left out rather than shown). With
// entries, an entry's document is its own result (the entry beside its
// blog); otherwise it stands for its blog, each post once.
func (s *Store) postsByDocKeys(ctx context.Context, keys []int64, staff, entries bool, now time.Time) (
	[]*domain.Post, []*domain.LiveEntry, error) {
	if len(keys) == 0 {
		return nil, nil, nil
	}
	ph := make([]string, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		ph[i], args[i] = "?", k
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT d.doc_key, d.entry_id, `+postColumns+` FROM search_docs d JOIN posts p ON p.id = d.post_id
		WHERE d.doc_key IN (`+strings.Join(ph, ", ")+`)`), args...)
	if err != nil {
		return nil, nil, storage.Wrap(err, "load search results")
	}
	defer rows.Close()
	type hit struct {
		p       *domain.Post
		entryID string
	}
	byKey := map[int64]hit{}
	var entryIDs []any
	for rows.Next() {
		var key int64
		var entryID string
		p, err := scanPost(keyScanner{rows, []any{&key, &entryID}})
		if err != nil {
			return nil, nil, storage.Wrap(err, "load search results")
		}
		if staff || (p.Status == domain.StatusPublished && !p.IsPage() && !p.PublishedAt.After(now)) {
			if !entries {
				entryID = ""
			}
			byKey[key] = hit{p, entryID}
			if entryID != "" {
				entryIDs = append(entryIDs, entryID)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, storage.Wrap(err, "load search results")
	}
	rows.Close()
	found := map[string]*domain.LiveEntry{}
	if len(entryIDs) > 0 {
		rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+entryColumns+entryFrom+` WHERE e.id IN (?`+
			strings.Repeat(", ?", len(entryIDs)-1)+`)`), entryIDs...)
		if err != nil {
			return nil, nil, storage.Wrap(err, "load entries found")
		}
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return nil, nil, storage.Wrap(err, "load entries found")
			}
			if e.Published() {
				found[e.ID] = e
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, storage.Wrap(err, "load entries found")
		}
	}
	var posts []*domain.Post
	var list []*domain.LiveEntry
	seen := map[string]bool{}
	for _, k := range keys {
		h, ok := byKey[k]
		if !ok || seen[h.p.ID+"/"+h.entryID] {
			continue
		}
		var e *domain.LiveEntry
		if h.entryID != "" {
			if e = found[h.entryID]; e == nil || e.PostID != h.p.ID {
				continue // unpublished or moved since the window was read
			}
		}
		seen[h.p.ID+"/"+h.entryID] = true
		posts = append(posts, h.p)
		if entries {
			list = append(list, e)
		}
	}
	return posts, list, s.loadRelations(ctx, posts)
}

// keyScanner scans leading columns (doc_key, entry_id) before the post's.
type keyScanner struct {
	rows *sql.Rows
	lead []any
}

func (k keyScanner) Scan(dest ...any) error {
	return k.rows.Scan(append(append([]any(nil), k.lead...), dest...)...)
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
	// Posts' documents leave entry_id and sig to their defaults: the
	// backfill of the migration that made the index writes them before
	// the migration that added the columns has run.
	withEntries := slices.ContainsFunc(docs, func(d preparedDoc) bool { return d.EntryID != "" })
	var docArgs, ftsArgs []any
	cols, head := 3, `INSERT INTO search_docs (doc_id, post_id, doc_key`
	if withEntries {
		cols, head = cols+2, head+`, entry_id, sig`
	}
	withHead := s.dialect == Postgres && !s.backfilling
	if s.dialect == Postgres {
		cols, head = cols+1, head+`, tsv`
	}
	if withHead {
		cols, head = cols+1, head+`, head`
	}
	head += `) VALUES `
	for i := range docs {
		d := &docs[i]
		docArgs = append(docArgs, d.ID, d.PostID, d.Key)
		if withEntries {
			docArgs = append(docArgs, d.EntryID, d.Sig)
		}
		if s.dialect == Postgres {
			docArgs = append(docArgs, d.cols[0])
			if withHead {
				docArgs = append(docArgs, d.cols[1])
			}
			continue
		}
		ftsArgs = append(ftsArgs, d.Key, d.cols[0], d.cols[1], d.cols[2], d.cols[3])
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
	// The columns later migrations add are not there yet; they fill them.
	s.backfilling = true
	defer func() { s.backfilling = false }()
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
