package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

// GhostPosts implements storage.GhostListing. Ghost's API pages by page
// number, so this one listing uses OFFSET, as far as storage.MaxPageDepth;
// the public site pages by keyset.
func (s *Store) GhostPosts(ctx context.Context, q storage.GhostQuery) ([]*domain.Post, int, error) {
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	limit := min(max(q.Limit, 1), storage.MaxLimit)
	page := max(q.Page, 1)
	if page > storage.MaxPageDepth/limit {
		return nil, 0, domain.FieldError("page", "Validation error: page %d with limit %d reaches past the first %d posts of this listing; "+
			"page numbers go no further. To read on, add published_at:<'2006-01-02T15:04:05.000Z' (the published_at of the last post "+
			"you have) to the filter and start again from page 1.", page, limit, storage.MaxPageDepth)
	}
	from, countFrom, where, args, order, orderArgs, err := s.ghostQuery(ctx, q, now)
	if err != nil {
		return nil, 0, err
	}
	if from == "" {
		return nil, 0, nil // the filter names a tag or author that does not exist
	}
	query := `SELECT ` + postColumns + from + where + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	rows, err := s.db.QueryContext(ctx, s.q(query), append(append(append([]any{}, args...), orderArgs...), limit, (page-1)*limit)...)
	if err != nil {
		return nil, 0, storage.Wrap(err, "list posts for the Ghost API")
	}
	var posts []*domain.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			rows.Close()
			return nil, 0, storage.Wrap(err, "scan post")
		}
		posts = append(posts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, storage.Wrap(err, "list posts for the Ghost API")
	}
	if err := s.loadRelations(ctx, posts); err != nil {
		return nil, 0, err
	}
	total := -1
	if !q.SkipTotal {
		// A short first page is the whole result: no need to count.
		if page == 1 && len(posts) < limit {
			total = len(posts)
		} else if err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*)`+countFrom+where), args...).Scan(&total); err != nil {
			return nil, 0, storage.Wrap(err, "count posts for the Ghost API")
		}
	}
	return posts, total, nil
}

// drivers are relation filters a listing can start from: "tag:news" reads
// the tag's rows of posts_tags in index order (tag, status, sort_at)
// instead of testing every post, and counts without touching posts.
var drivers = map[string]struct{ table, col, lookup string }{
	"tag":    {"posts_tags", "tag_id", `SELECT id FROM tags WHERE slug = ?`},
	"author": {"posts_authors", "author_id", `SELECT id FROM users WHERE slug = ?`},
}

// ghostQuery builds FROM, WHERE and ORDER BY, and the FROM for counting,
// which skips posts when the driving relation's index answers alone.
// from is "" when a driving relation names nothing: the result is empty.
func (s *Store) ghostQuery(ctx context.Context, q storage.GhostQuery, now time.Time) (from, countFrom, where string, args []any, order string, orderArgs []any, err error) {
	from = ` FROM posts p`
	countFrom = from
	statusCol, sortCol, idCol, typeCol := "p.status", "p.sort_at", "p.id", "p.type"
	cond := q.Filter
	var conds []string
	if len(q.Order) == 0 && len(q.SlugOrder) == 0 {
		if c, rest := driverTerm(cond); c != nil {
			d := drivers[c.Field]
			var id string
			err := s.db.QueryRowContext(ctx, s.q(d.lookup), strings.ToLower(c.Values[0].Text)).Scan(&id)
			if isNoRows(err) {
				return "", "", "", nil, "", nil, nil
			}
			if err != nil {
				return "", "", "", nil, "", nil, storage.Wrap(err, "resolve filter %s", c)
			}
			from = ` FROM ` + d.table + ` j JOIN posts p ON p.id = j.post_id`
			countFrom = from
			if rest == nil {
				countFrom = ` FROM ` + d.table + ` j`
			}
			conds = append(conds, `j.`+d.col+` = ?`)
			args = append(args, id)
			statusCol, sortCol, idCol, typeCol = "j.status", "j.sort_at", "j.post_id", "j.type"
			cond = rest
		}
	}
	// The filter goes before the "time has come" bound: given two upper
	// bounds on sort_at, SQLite seeks on the first it reads and tests the
	// other row by row, so published_at:<'...' (how clients read past
	// MaxPageDepth) must come first to seek instead of walking down from
	// now. PostgreSQL keeps the tighter bound in either order.
	if cond != nil {
		b := &filterBuilder{s: s, now: now, sortCol: sortCol}
		sql, err := b.expr(cond)
		if err != nil {
			return "", "", "", nil, "", nil, err
		}
		conds = append(conds, sql)
		args = append(args, b.args...)
	}
	if q.Public {
		conds = append(conds, statusCol+` = ?`, typeCol+` = ?`, sortCol+` <= ?`)
		args = append(args, string(domain.StatusPublished), typeOf(q.Type), now.UnixMilli())
	} else if len(q.Statuses) > 0 {
		ph := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		conds = append(conds, statusCol+` IN (`+strings.Join(ph, ", ")+`)`)
	} else {
		// The Admin API never lists the trash.
		conds = append(conds, statusCol+` <> ?`)
		args = append(args, string(domain.StatusTrashed))
	}
	if !q.Public {
		conds = append(conds, typeCol+` = ?`)
		args = append(args, typeOf(q.Type))
	}
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	order = sortCol + ` DESC, ` + idCol + ` DESC`
	switch {
	case len(q.Order) > 0:
		if order, err = ghostOrder(q.Order); err != nil {
			return "", "", "", nil, "", nil, err
		}
	case len(q.SlugOrder) > 0:
		var b strings.Builder
		b.WriteString(`COALESCE(CASE p.slug`)
		for i, slug := range q.SlugOrder {
			fmt.Fprintf(&b, ` WHEN ? THEN %d`, i)
			orderArgs = append(orderArgs, slug)
		}
		b.WriteString(` END, -1) ASC, p.id DESC`)
		order = b.String()
	}
	return from, countFrom, where, args, order, orderArgs, nil
}

// driverTerm finds a "tag:x" or "author:x" condition that must hold for
// the whole filter (the filter itself, or one term of a top-level "+"),
// and returns it with the rest of the filter.
func driverTerm(e filter.Expr) (*filter.Cmp, filter.Expr) {
	usable := func(x filter.Expr) *filter.Cmp {
		c, ok := x.(*filter.Cmp)
		if !ok || c.Op != filter.Eq || len(c.Values) != 1 || c.Values[0].Kind == filter.Null {
			return nil
		}
		if _, ok := drivers[c.Field]; !ok {
			return nil
		}
		return c
	}
	if c := usable(e); c != nil {
		return c, nil
	}
	and, ok := e.(*filter.And)
	if !ok {
		return nil, e
	}
	for i, t := range and.Terms {
		if c := usable(t); c != nil {
			rest := append(append([]filter.Expr{}, and.Terms[:i]...), and.Terms[i+1:]...)
			if len(rest) == 1 {
				return c, rest[0]
			}
			return c, &filter.And{Terms: rest, At: and.At}
		}
	}
	return nil, e
}

var ghostOrderColumns = map[string]string{
	"published_at": "p.sort_at", "created_at": "p.created_at", "updated_at": "p.updated_at",
	"title": "p.title", "slug": "p.slug", "featured": "p.featured", "id": "p.id",
	storage.GhostStatusRank:  "CASE p.status WHEN 'scheduled' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END",
	storage.GhostPublishedAt: "p.published_at",
}

func ghostOrder(order []storage.GhostOrder) (string, error) {
	if len(order) == 0 {
		return `p.sort_at DESC, p.id DESC`, nil
	}
	parts := make([]string, 0, len(order)+1)
	for _, o := range order {
		col, ok := ghostOrderColumns[o.Field]
		if !ok {
			return "", domain.FieldError("order", "Cannot order by %q; use published_at, created_at, updated_at, title, slug or featured.", o.Field)
		}
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		parts = append(parts, col+dir)
	}
	parts = append(parts, `p.id DESC`) // a stable order makes pages disjoint
	return strings.Join(parts, ", "), nil
}

// postField maps a storage.PostFilterFields name to SQL. rel, when set,
// is a correlated subquery selecting the related rows: the comparison
// applies to col inside it and matches when any related row does.
type postField struct {
	typ storage.FieldType
	col string
	rel string
	// first makes the relation compare only its first row (primary_tag,
	// primary_author).
	first string
}

const (
	tagRel    = `FROM posts_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id`
	authorRel = `FROM posts_authors pa JOIN users u ON u.id = pa.author_id WHERE pa.post_id = p.id`
)

// postFields holds the SQL for each of storage.PostFilterFields (a test
// checks they list the same names and types).
var postFields = map[string]postField{
	"id":           {typ: storage.TextField, col: "p.id"},
	"uuid":         {typ: storage.TextField, col: "p.uuid"},
	"slug":         {typ: storage.SlugField, col: "p.slug"},
	"title":        {typ: storage.TextField, col: "p.title"},
	"standfirst":   {typ: storage.TextField, col: "p.standfirst"},
	"image":        {typ: storage.TextField, col: "p.image_url"},
	"status":       {typ: storage.SlugField, col: "p.status"},
	"kind":         {typ: storage.SlugField, col: "p.kind"},
	"language":     {typ: storage.SlugField, col: "p.language"},
	"visibility":   {typ: storage.EnumField, col: "p.visibility"},
	"featured":     {typ: storage.FlagField, col: "p.featured"},
	"published_at": {typ: storage.TimeField, col: "p.published_at"},
	"created_at":   {typ: storage.TimeField, col: "p.created_at"},
	"updated_at":   {typ: storage.TimeField, col: "p.updated_at"},
	"word_count":   {typ: storage.NumberField, col: "p.word_count"},
	"tag":          {typ: storage.SlugField, col: "t.slug", rel: tagRel},
	"tag.id":       {typ: storage.TextField, col: "t.id", rel: tagRel},
	"tag.name":     {typ: storage.TextField, col: "t.name", rel: tagRel},
	"author":       {typ: storage.SlugField, col: "u.slug", rel: authorRel},
	"author.id":    {typ: storage.TextField, col: "u.id", rel: authorRel},
	"author.name":  {typ: storage.TextField, col: "u.name", rel: authorRel},
	// The first tag counts only when it is public (see PostFilterFields).
	"primary_tag":    {typ: storage.SlugField, col: "CASE WHEN t.name LIKE '#%' THEN '' ELSE t.slug END", rel: tagRel, first: `ORDER BY pt.sort_order LIMIT 1`},
	"primary_author": {typ: storage.SlugField, col: "u.slug", rel: authorRel, first: `ORDER BY pa.sort_order LIMIT 1`},
}

// filterBuilder turns a filter over storage.PostFilterFields into a
// parameterised SQL condition.
type filterBuilder struct {
	s    *Store
	now  time.Time
	args []any
	// sortCol is the listing's indexed keyset column (p.sort_at, or the
	// driving relation's copy).
	sortCol string
}

func filterError(c *filter.Cmp, format string, args ...any) error {
	return domain.FieldError("filter", "at character %d: %s", c.At, fmt.Sprintf(format, args...))
}

func (b *filterBuilder) expr(e filter.Expr) (string, error) {
	switch n := e.(type) {
	case *filter.And:
		return b.join(n.Terms, " AND ")
	case *filter.Or:
		return b.join(n.Terms, " OR ")
	case *filter.Cmp:
		return b.cmp(n)
	}
	return "", fmt.Errorf("filter: unknown node %T", e)
}

func (b *filterBuilder) join(terms []filter.Expr, sep string) (string, error) {
	parts := make([]string, len(terms))
	for i, t := range terms {
		sql, err := b.expr(t)
		if err != nil {
			return "", err
		}
		parts[i] = sql
	}
	return "(" + strings.Join(parts, sep) + ")", nil
}

func (b *filterBuilder) cmp(c *filter.Cmp) (string, error) {
	f, ok := postFields[c.Field]
	if !ok {
		return "", filterError(c, "cannot filter posts by %q", c.Field)
	}
	if f.typ == storage.EnumField {
		switch c.Op {
		case filter.Eq, filter.In, filter.Ne, filter.NotIn:
		default:
			return "", filterError(c, "visibility takes public, members, paid or tiers")
		}
	}
	if textOps[c.Op] && f.typ != storage.TextField && f.typ != storage.SlugField {
		// Like Ghost's database, find no text in a flag, date or number.
		if c.Op == filter.NotContains {
			return `1 = 1`, nil
		}
		return `1 = 0`, nil
	}
	vals := make([]any, len(c.Values))
	for i, v := range c.Values {
		x, err := b.value(c, f, v)
		if err != nil {
			return "", err
		}
		vals[i] = x
	}
	if c.Field == "published_at" && rangeOps[c.Op] && c.Values[0].Kind != filter.Null {
		// sort_at equals published_at wherever published_at is set, and is
		// indexed: a date range seeks rather than scans, which is how a
		// client reads past MaxPageDepth. Posts never published (Ghost's
		// null) fall in no range, as in Ghost.
		cond, err := b.condition(c, b.sortCol, vals)
		if err != nil {
			return "", err
		}
		return `(` + cond + ` AND p.published_at <> 0)`, nil
	}
	col := f.col
	if f.first != "" {
		// Compare the first related row; posts without one compare as ''.
		col = `COALESCE((SELECT ` + f.col + ` ` + f.rel + ` ` + f.first + `), '')`
	}
	if f.rel == "" || f.first != "" {
		return b.condition(c, col, vals)
	}
	// Relations match when any related row does; negations when none does.
	negated := map[filter.Op]filter.Op{filter.Ne: filter.Eq, filter.NotIn: filter.In, filter.NotContains: filter.Contains}
	if pos, ok := negated[c.Op]; ok {
		positive := *c
		positive.Op = pos
		inner, err := b.condition(&positive, col, vals)
		if err != nil {
			return "", err
		}
		return `NOT EXISTS (SELECT 1 ` + f.rel + ` AND ` + inner + `)`, nil
	}
	cond, err := b.condition(c, col, vals)
	if err != nil {
		return "", err
	}
	return `EXISTS (SELECT 1 ` + f.rel + ` AND ` + cond + `)`, nil
}

var (
	rangeOps = map[filter.Op]bool{filter.Gt: true, filter.Gte: true, filter.Lt: true, filter.Lte: true}
	textOps  = map[filter.Op]bool{filter.Contains: true, filter.NotContains: true, filter.StartsWith: true, filter.EndsWith: true}
)

// condition writes "col op ?" and appends the arguments.
func (b *filterBuilder) condition(c *filter.Cmp, col string, vals []any) (string, error) {
	like := func(pattern string) string {
		b.args = append(b.args, foldPattern(pattern))
		return b.s.containsFold(col)
	}
	one := func(op string) string {
		b.args = append(b.args, vals[0])
		return col + ` ` + op + ` ?`
	}
	switch c.Op {
	case filter.Eq:
		return one("="), nil
	case filter.Ne:
		return one("<>"), nil
	case filter.Gt, filter.Gte, filter.Lt, filter.Lte:
		return one(map[filter.Op]string{filter.Gt: ">", filter.Gte: ">=", filter.Lt: "<", filter.Lte: "<="}[c.Op]), nil
	case filter.In, filter.NotIn:
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
		b.args = append(b.args, vals...)
		if c.Op == filter.NotIn {
			return col + ` NOT IN (` + ph + `)`, nil
		}
		return col + ` IN (` + ph + `)`, nil
	}
	text := escapeLike(fmt.Sprint(vals[0]))
	switch c.Op {
	case filter.Contains:
		return like("%" + text + "%"), nil
	case filter.NotContains:
		return `NOT (` + like("%"+text+"%") + `)`, nil
	case filter.StartsWith:
		return like(text + "%"), nil
	case filter.EndsWith:
		return like("%" + text), nil
	}
	return "", filterError(c, "unsupported operator")
}

// value converts a literal to the SQL argument for the field's type.
func (b *filterBuilder) value(c *filter.Cmp, f postField, v filter.Value) (any, error) {
	switch f.typ {
	case storage.FlagField:
		if v.Kind != filter.Bool {
			return int64(-1), nil // no flag equals "maybe"
		}
		return b2i(v.Bool), nil
	case storage.NumberField:
		if v.Kind != filter.Number {
			return nil, filterError(c, "%q takes a number, not %s", c.Field, v)
		}
		return int64(v.Num), nil
	case storage.TimeField:
		switch v.Kind {
		case filter.Null:
			return int64(0), nil
		case filter.Time:
			return v.Time.UnixMilli(), nil
		}
		t, err := filter.ParseTime(v.Text, b.now)
		if err != nil {
			return nil, filterError(c, "%q takes a date such as 2026-03-01 or now-7d, not %s", c.Field, v)
		}
		return t.UnixMilli(), nil
	case storage.SlugField, storage.EnumField:
		if v.Kind == filter.Null {
			return "", nil
		}
		return strings.ToLower(v.Text), nil
	}
	if v.Kind == filter.Null {
		return "", nil // newsdesk stores missing text as ''
	}
	return v.Text, nil
}
