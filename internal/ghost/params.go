package ghost

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

// DefaultLimit is Ghost's page size when the client names none.
const DefaultLimit = 15

// params are the query parameters Ghost's browse and read endpoints take.
type params struct {
	include map[string]bool
	fields  map[string]bool
	formats map[string]bool
	filter  filter.Expr // in Ghost's field names
	limit   int
	page    int
	order   []storage.GhostOrder
	// ordered is set when the client sent an order, even one Ghost
	// ignores: Ghost then drops its default order too.
	ordered bool
	// slugOrder is Ghost's order for a filter listing slugs
	// ("slug:[b,a]"): the list's order, when no order is asked for.
	slugOrder []string
}

// query parses a query string as Ghost's Express does: only "&"
// separates pairs (a ";" is part of a value), and a value that does not
// unescape is kept as sent.
func query(r *http.Request) url.Values {
	out := url.Values{}
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out[k] = append(out[k], v)
	}
	return out
}

// slugListRe finds the slug list Ghost orders by (slug-filter-order.js).
var slugListRe = regexp.MustCompile(`slug:\s?\[(.*)\]`)

func splitList(s string) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out[strings.ToLower(part)] = true
		}
	}
	return out
}

// The checks Ghost's API framework runs on query and path parameters.
var (
	limitRe    = regexp.MustCompile(`^\d+|all$`)
	pageRe     = regexp.MustCompile(`^\d+$`)
	orderRe    = regexp.MustCompile(`(?i)^[a-z0-9_,. ]+$`)
	orderRule  = regexp.MustCompile(`(?i)^([a-z0-9_.]+)\s+(asc|desc)$`)
	idParamRe  = regexp.MustCompile(`(?i)^[a-f\d]{24}$|^1$|me`)
	slugParamR = regexp.MustCompile(`^[a-z0-9\-_]+$`)
)

// postFormats are the formats Ghost's post and page endpoints accept.
var postFormats = map[string]bool{"html": true, "plaintext": true, "mobiledoc": true, "lexical": true}

// parseInt reads a number the way JavaScript's parseInt does: leading
// space, an optional sign, then as many digits as there are.
func parseInt(s string) (int, bool) {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n, digits := 0, 0
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		if n < 1<<40 {
			n = n*10 + int(s[digits]-'0')
		}
	}
	if digits == 0 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// capLimit is Ghost 6's limit cap, applied before anything else reads the
// limit: "all", anything that is not a number and numbers above 100 become
// 100; the rest stays as sent.
func capLimit(s string) string {
	if s == "" {
		return s
	}
	if n, ok := parseInt(s); s == "all" || !ok || n > storage.MaxLimit {
		return strconv.Itoa(storage.MaxLimit)
	}
	return s
}

// parseParams reads and checks the query the way Ghost does: malformed
// values of limit, page, order, formats or ids are 422 ValidationErrors,
// an unreadable filter a 400 BadRequestError; unknown includes, fields and
// order fields are ignored. Read endpoints ignore paging and order.
func parseParams(r *http.Request) (*params, error) {
	q := query(r)
	f, _ := frameOf(r)
	p := &params{
		include: splitList(q.Get("include")),
		fields:  splitList(q.Get("fields")),
		formats: splitList(q.Get("formats")),
		limit:   DefaultLimit,
		page:    1,
	}
	if f.doc == "posts" || f.doc == "pages" {
		for k := range p.formats {
			if !postFormats[k] {
				return nil, errParam("AllowedValues", "formats")
			}
		}
	}
	if len(p.formats) == 0 {
		p.formats = map[string]bool{"html": true}
	}
	if f.method == "read" {
		if err := checkPathParams(r); err != nil {
			return nil, err
		}
		return p, nil
	}
	if vs, ok := q["limit"]; ok {
		l := capLimit(vs[0])
		if !limitRe.MatchString(l) {
			return nil, errParam("matches", "limit")
		}
		if n, _ := parseInt(l); n > 0 {
			p.limit = n
		}
	}
	if vs, ok := q["page"]; ok {
		if !pageRe.MatchString(vs[0]) {
			return nil, errParam("matches", "page")
		}
		if n, _ := parseInt(vs[0]); n > 0 {
			p.page = min(n, 1_000_000)
		}
	}
	if vs, ok := q["order"]; ok {
		if !orderRe.MatchString(vs[0]) {
			return nil, errParam("matches", "order")
		}
		p.ordered = true
		for _, rule := range strings.Split(vs[0], ",") {
			m := orderRule.FindStringSubmatch(strings.TrimSpace(rule))
			if m == nil {
				continue // Ghost skips rules it cannot read
			}
			p.order = append(p.order, storage.GhostOrder{Field: strings.ToLower(m[1]), Desc: strings.EqualFold(m[2], "desc")})
		}
	}
	if s := q.Get("filter"); s != "" {
		e, err := filter.Parse(s)
		if err != nil {
			return nil, errFilter("Invalid filter: " + err.Error())
		}
		p.filter = e
		if m := slugListRe.FindStringSubmatch(s); m != nil && !p.ordered {
			p.slugOrder = strings.Split(m[1], ",")
		}
	}
	return p, nil
}

// checkPathParams runs Ghost's checks on the {id} and {slug} of a read.
func checkPathParams(r *http.Request) error {
	if slug := r.PathValue("slug"); slug != "" {
		if !slugParamR.MatchString(slug) {
			return errParam("isSlug", "slug")
		}
		return nil
	}
	if id := r.PathValue("id"); !idParamRe.MatchString(id) {
		return errParam("matches", "id")
	}
	return nil
}

func (p *params) postOptions() postOptions {
	return postOptions{
		authors:   p.include["authors"],
		tags:      p.include["tags"],
		html:      p.formats["html"],
		plaintext: p.formats["plaintext"],
		fields:    p.fields,
	}
}
