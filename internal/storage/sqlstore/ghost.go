package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/ghost/nql"
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
	"tag":          {"posts_tags", "tag_id", `SELECT id FROM tags WHERE slug = ?`},
	"tags":         {"posts_tags", "tag_id", `SELECT id FROM tags WHERE slug = ?`},
	"tags.slug":    {"posts_tags", "tag_id", `SELECT id FROM tags WHERE slug = ?`},
	"author":       {"posts_authors", "author_id", `SELECT id FROM users WHERE slug = ?`},
	"authors":      {"posts_authors", "author_id", `SELECT id FROM users WHERE slug = ?`},
	"authors.slug": {"posts_authors", "author_id", `SELECT id FROM users WHERE slug = ?`},
}

// ghostQuery builds FROM, WHERE and ORDER BY, and the FROM for counting,
// which skips posts when the driving relation's index answers alone.
// from is "" when a driving relation names nothing: the result is empty.
func (s *Store) ghostQuery(ctx context.Context, q storage.GhostQuery, now time.Time) (from, countFrom, where string, args []any, order string, orderArgs []any, err error) {
	from = ` FROM posts p`
	countFrom = from
	statusCol, sortCol, idCol, typeCol := "p.status", "p.sort_at", "p.id", "p.type"
	filter := q.Filter
	var conds []string
	if len(q.Order) == 0 && len(q.SlugOrder) == 0 {
		if c, rest := driverTerm(filter); c != nil {
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
			filter = rest
		}
	}
	// The filter goes before the "time has come" bound: given two upper
	// bounds on sort_at, SQLite seeks on the first it reads and tests the
	// other row by row, so published_at:<'...' (how clients read past
	// MaxPageDepth) must come first to seek instead of walking down from
	// now. PostgreSQL keeps the tighter bound in either order.
	if filter != nil {
		b := &filterBuilder{s: s, now: now, sortCol: sortCol}
		sql, err := b.expr(filter)
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
func driverTerm(e nql.Expr) (*nql.Cmp, nql.Expr) {
	usable := func(x nql.Expr) *nql.Cmp {
		c, ok := x.(*nql.Cmp)
		if !ok || c.Op != nql.Eq || len(c.Values) != 1 || c.Values[0].Kind == nql.Null {
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
	and, ok := e.(*nql.And)
	if !ok {
		return nil, e
	}
	for i, t := range and.Terms {
		if c := usable(t); c != nil {
			rest := append(append([]nql.Expr{}, and.Terms[:i]...), and.Terms[i+1:]...)
			if len(rest) == 1 {
				return c, rest[0]
			}
			return c, &nql.And{Terms: rest, At: and.At}
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

type fieldKind int

const (
	kText fieldKind = iota
	kSlug           // text compared in lower case
	kBool
	kTime
	kNumber
	kVisibility
)

// ghostField maps a filterable field to SQL. rel, when set, is a
// correlated subquery selecting the related rows: the comparison applies
// to col inside it and matches when any related row does.
type ghostField struct {
	kind fieldKind
	col  string
	rel  string
	// first makes the relation compare only its first public row
	// (primary_tag, primary_author).
	first string
}

const (
	tagRel    = `FROM posts_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id`
	authorRel = `FROM posts_authors pa JOIN users u ON u.id = pa.author_id WHERE pa.post_id = p.id`
)

// ghostFields is the allow-list of filterable fields; anything else is a
// 400 naming the field.
var ghostFields = map[string]ghostField{
	"id":             {kind: kText, col: "p.id"},
	"uuid":           {kind: kText, col: "p.uuid"},
	"slug":           {kind: kSlug, col: "p.slug"},
	"title":          {kind: kText, col: "p.title"},
	"custom_excerpt": {kind: kText, col: "p.standfirst"},
	"feature_image":  {kind: kText, col: "p.image_url"},
	"status":         {kind: kSlug, col: "p.status"},
	"kind":           {kind: kSlug, col: "p.kind"},
	"language":       {kind: kSlug, col: "p.language"},
	"visibility":     {kind: kVisibility, col: "p.visibility"},
	"featured":       {kind: kBool, col: "p.featured"},
	"published_at":   {kind: kTime, col: "p.published_at"},
	"created_at":     {kind: kTime, col: "p.created_at"},
	"updated_at":     {kind: kTime, col: "p.updated_at"},
	"word_count":     {kind: kNumber, col: "p.word_count"},
	"tag":            {kind: kSlug, col: "t.slug", rel: tagRel},
	"tags":           {kind: kSlug, col: "t.slug", rel: tagRel},
	"tags.slug":      {kind: kSlug, col: "t.slug", rel: tagRel},
	"tags.id":        {kind: kText, col: "t.id", rel: tagRel},
	"tags.name":      {kind: kText, col: "t.name", rel: tagRel},
	"author":         {kind: kSlug, col: "u.slug", rel: authorRel},
	"authors":        {kind: kSlug, col: "u.slug", rel: authorRel},
	"authors.slug":   {kind: kSlug, col: "u.slug", rel: authorRel},
	"authors.id":     {kind: kText, col: "u.id", rel: authorRel},
	"authors.name":   {kind: kText, col: "u.name", rel: authorRel},
	// Ghost's primary tag is the first tag when it is public: a post whose
	// first tag is internal has none. (Ghost knows no "primary_tag.slug".)
	"primary_tag":    {kind: kSlug, col: "CASE WHEN t.name LIKE '#%' THEN '' ELSE t.slug END", rel: tagRel, first: `ORDER BY pt.sort_order LIMIT 1`},
	"primary_author": {kind: kSlug, col: "u.slug", rel: authorRel, first: `ORDER BY pa.sort_order LIMIT 1`},
}

// filterBuilder turns an NQL AST into a parameterised SQL condition.
type filterBuilder struct {
	s    *Store
	now  time.Time
	args []any
	// sortCol is the listing's indexed keyset column (p.sort_at, or the
	// driving relation's copy).
	sortCol string
}

func filterError(c *nql.Cmp, format string, args ...any) error {
	return domain.FieldError("filter", "at character %d: %s", c.At, fmt.Sprintf(format, args...))
}

func (b *filterBuilder) expr(e nql.Expr) (string, error) {
	switch n := e.(type) {
	case *nql.And:
		return b.join(n.Terms, " AND ")
	case *nql.Or:
		return b.join(n.Terms, " OR ")
	case *nql.Cmp:
		return b.cmp(n)
	}
	return "", fmt.Errorf("filter: unknown node %T", e)
}

func (b *filterBuilder) join(terms []nql.Expr, sep string) (string, error) {
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

func (b *filterBuilder) cmp(c *nql.Cmp) (string, error) {
	f, ok := ghostFields[c.Field]
	if !ok {
		return "", domain.FieldError(storage.FilterFieldError, "at character %d: cannot filter posts by %q", c.At, c.Field)
	}
	if f.kind == kVisibility {
		switch c.Op {
		case nql.Eq, nql.In, nql.Ne, nql.NotIn:
		default:
			return "", filterError(c, "visibility takes public, members, paid or tiers")
		}
	}
	vals := make([]any, len(c.Values))
	for i, v := range c.Values {
		x, err := b.value(c, f, v)
		if err != nil {
			return "", err
		}
		vals[i] = x
	}
	if c.Field == "published_at" && rangeOps[c.Op] && c.Values[0].Kind != nql.Null {
		// sort_at equals published_at wherever published_at is set, and is
		// indexed: a date range seeks rather than scans, which is how a
		// client reads past MaxPageDepth. Posts never published (Ghost's
		// null) fall in no range, as in Ghost.
		cond, err := b.condition(c, f, b.sortCol, vals)
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
		return b.condition(c, f, col, vals)
	}
	// Relations match when any related row does; negations when none does.
	negated := map[nql.Op]nql.Op{nql.Ne: nql.Eq, nql.NotIn: nql.In, nql.NotContains: nql.Contains}
	if pos, ok := negated[c.Op]; ok {
		positive := *c
		positive.Op = pos
		inner, err := b.condition(&positive, f, col, vals)
		if err != nil {
			return "", err
		}
		return `NOT EXISTS (SELECT 1 ` + f.rel + ` AND ` + inner + `)`, nil
	}
	cond, err := b.condition(c, f, col, vals)
	if err != nil {
		return "", err
	}
	return `EXISTS (SELECT 1 ` + f.rel + ` AND ` + cond + `)`, nil
}

var rangeOps = map[nql.Op]bool{nql.Gt: true, nql.Gte: true, nql.Lt: true, nql.Lte: true}

// condition writes "col op ?" and appends the arguments.
func (b *filterBuilder) condition(c *nql.Cmp, f ghostField, col string, vals []any) (string, error) {
	like := func(pattern string) string {
		b.args = append(b.args, foldPattern(pattern))
		return b.s.containsFold(col)
	}
	one := func(op string) string {
		b.args = append(b.args, vals[0])
		return col + ` ` + op + ` ?`
	}
	switch c.Op {
	case nql.Eq:
		return one("="), nil
	case nql.Ne:
		return one("<>"), nil
	case nql.Gt, nql.Gte, nql.Lt, nql.Lte:
		return one(map[nql.Op]string{nql.Gt: ">", nql.Gte: ">=", nql.Lt: "<", nql.Lte: "<="}[c.Op]), nil
	case nql.In, nql.NotIn:
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
		b.args = append(b.args, vals...)
		if c.Op == nql.NotIn {
			return col + ` NOT IN (` + ph + `)`, nil
		}
		return col + ` IN (` + ph + `)`, nil
	}
	if f.kind != kText && f.kind != kSlug {
		// Ghost's database finds no text in a flag, date or number.
		if c.Op == nql.NotContains {
			return `1 = 1`, nil
		}
		return `1 = 0`, nil
	}
	text := escapeLike(fmt.Sprint(vals[0]))
	switch c.Op {
	case nql.Contains:
		return like("%" + text + "%"), nil
	case nql.NotContains:
		return `NOT (` + like("%"+text+"%") + `)`, nil
	case nql.StartsWith:
		return like(text + "%"), nil
	case nql.EndsWith:
		return like("%" + text), nil
	}
	return "", filterError(c, "unsupported operator")
}

// value converts a literal to the SQL argument for the field's type.
func (b *filterBuilder) value(c *nql.Cmp, f ghostField, v nql.Value) (any, error) {
	switch f.kind {
	case kBool:
		if v.Kind != nql.Bool {
			return int64(-1), nil // like Ghost's database: no flag equals "maybe"
		}
		return b2i(v.Bool), nil
	case kNumber:
		if v.Kind != nql.Number {
			return nil, filterError(c, "%q takes a number, not %s", c.Field, v)
		}
		return int64(v.Num), nil
	case kTime:
		if v.Kind == nql.Null {
			return int64(0), nil
		}
		t, err := parseFilterTime(v.Text, b.now)
		if err != nil {
			// Ghost compares such text with its stored dates as text, and
			// words sort after every date: later than all of them.
			return int64(math.MaxInt64), nil
		}
		return t.UnixMilli(), nil
	case kSlug, kVisibility:
		if v.Kind == nql.Null {
			return "", nil
		}
		return strings.ToLower(v.Text), nil
	}
	if v.Kind == nql.Null {
		return "", nil // newsdesk stores missing text as ''
	}
	return v.Text, nil
}

// parseFilterTime reads the date forms NQL filters use: ISO dates and
// times (UTC unless they carry an offset) and relative dates like now-7d.
func parseFilterTime(s string, now time.Time) (time.Time, error) {
	if rest, ok := strings.CutPrefix(s, "now"); ok {
		if rest == "" {
			return now, nil
		}
		sign := time.Duration(1)
		switch rest[0] {
		case '-':
			sign = -1
		case '+':
		default:
			return time.Time{}, fmt.Errorf("bad relative date %q", s)
		}
		num, unit := rest[1:len(rest)-1], rest[len(rest)-1]
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 || n > 100000 {
			return time.Time{}, fmt.Errorf("bad relative date %q", s)
		}
		k := int(sign) * n
		switch unit {
		case 's':
			return now.Add(time.Duration(k) * time.Second), nil
		case 'm':
			return now.Add(time.Duration(k) * time.Minute), nil
		case 'h':
			return now.Add(time.Duration(k) * time.Hour), nil
		case 'd':
			return now.AddDate(0, 0, k), nil
		case 'w':
			return now.AddDate(0, 0, 7*k), nil
		case 'M':
			return now.AddDate(0, k, 0), nil
		case 'y':
			return now.AddDate(k, 0, 0), nil
		}
		return time.Time{}, fmt.Errorf("bad relative date %q", s)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}
