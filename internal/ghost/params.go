package ghost

import (
	"net/http"
	"strconv"
	"strings"

	"newsdesk/internal/ghost/nql"
	"newsdesk/internal/storage"
)

// DefaultLimit is Ghost's page size when the client names none.
const DefaultLimit = 15

// params are the query parameters Ghost's browse and read endpoints take.
type params struct {
	include map[string]bool
	fields  map[string]bool
	formats map[string]bool
	filter  nql.Expr
	limit   int
	page    int
	order   []storage.GhostOrder
}

func splitList(s string) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out[strings.ToLower(part)] = true
		}
	}
	return out
}

// parseParams reads and checks the query; problems are 400 ValidationErrors.
func parseParams(r *http.Request) (*params, error) {
	q := r.URL.Query()
	p := &params{
		include: splitList(q.Get("include")),
		fields:  splitList(q.Get("fields")),
		formats: splitList(q.Get("formats")),
		limit:   DefaultLimit,
		page:    1,
	}
	if len(p.formats) == 0 {
		p.formats = map[string]bool{"html": true}
	}
	for k := range p.formats {
		if k != "html" && k != "plaintext" && k != "mobiledoc" && k != "lexical" {
			return nil, errValidation(http.StatusBadRequest, "Validation error: unknown format "+strconv.Quote(k)+"; use html or plaintext.", "", "formats")
		}
	}
	for k := range p.fields {
		for _, c := range k {
			if !(c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
				return nil, errValidation(http.StatusBadRequest, "Validation error: malformed field name "+strconv.Quote(k)+".", "", "fields")
			}
		}
	}
	switch l := q.Get("limit"); l {
	case "":
	case "all":
		// Ghost 6 caps "all" at 100.
		p.limit = storage.MaxLimit
	default:
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, errValidation(http.StatusBadRequest, "Validation error: limit must be a positive number or all.", "", "limit")
		}
		p.limit = min(n, storage.MaxLimit)
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			return nil, errValidation(http.StatusBadRequest, "Validation error: page must be a number from 1.", "", "page")
		}
		p.page = n
	}
	if s := q.Get("filter"); s != "" {
		e, err := nql.Parse(s)
		if err != nil {
			return nil, errValidation(http.StatusBadRequest, "Invalid filter: "+err.Error(), "Error parsing filter", "filter")
		}
		p.filter = e
	}
	if s := strings.TrimSpace(q.Get("order")); s != "" {
		for _, part := range strings.Split(s, ",") {
			words := strings.Fields(part)
			if len(words) == 0 || len(words) > 2 {
				return nil, errValidation(http.StatusBadRequest, "Validation error: order takes \"field asc\" or \"field desc\", comma-separated.", "", "order")
			}
			o := storage.GhostOrder{Field: strings.ToLower(words[0])}
			if len(words) == 2 {
				switch strings.ToLower(words[1]) {
				case "asc":
				case "desc":
					o.Desc = true
				default:
					return nil, errValidation(http.StatusBadRequest, "Validation error: order direction must be asc or desc.", "", "order")
				}
			}
			p.order = append(p.order, o)
		}
	}
	return p, nil
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
