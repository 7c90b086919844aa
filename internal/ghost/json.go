package ghost

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
)

// field is one key of a JSON object.
type field struct {
	k string
	v any
}

// object is a JSON object that keeps Ghost's key order, so responses read
// like Ghost's own and "fields" can pick keys out.
type object []field

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) {
	return appendJSON(nil, o)
}

// appendJSON writes v as JSON. Objects, lists and scalars are written
// directly: going through json.Marshaler for nested objects would make
// encoding/json re-scan every level. <, > and & stay as they are, as in
// Ghost's answers, so html fields stay readable.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case object:
		b = append(b, '{')
		for i, f := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, f.k)
			b = append(b, ':')
			if b, err = appendJSON(b, f.v); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []object:
		b = append(b, '[')
		for i, o := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, o); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

// appendString writes s as a JSON string, escaping what JSON requires
// (and U+2028/U+2029, which break JavaScript string literals).
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// marshalNoEscape encodes a response body.
func marshalNoEscape(v any) ([]byte, error) {
	return appendJSON(make([]byte, 0, 4096), v)
}

// only keeps the keys in keep (all of them when keep is empty).
func (o object) only(keep map[string]bool) object {
	if len(keep) == 0 {
		return o
	}
	out := make(object, 0, len(keep))
	for _, f := range o {
		if keep[f.k] {
			out = append(out, f)
		}
	}
	return out
}

// null turns "" into JSON null, as Ghost leaves unset text fields.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// shaper writes newsdesk values in Ghost's shapes.
type shaper struct {
	site  string
	loc   *time.Location // Content API dates are in the site's time zone
	admin bool           // Admin API: UTC dates, statuses, internal tags
}

func (s shaper) date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.admin {
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return t.In(s.loc).Format("2006-01-02T15:04:05.000-07:00")
}

func (s shaper) abs(u string) any {
	if u == "" {
		return nil
	}
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return s.site + u
	}
	return u
}

// postOptions says what a post object carries.
type postOptions struct {
	authors, tags   bool
	html, plaintext bool
	fields          map[string]bool
	corrections     bool // single reads load corrections; lists do not
}

// visibility is a post's visibility as Ghost writes it.
func visibility(v domain.Visibility) string {
	if v == "" {
		return string(domain.VisibilityPublic)
	}
	return string(v)
}

func (s shaper) post(p *domain.Post, o postOptions) object {
	tags := p.Tags
	if !s.admin {
		tags = p.PublicTags()
	}
	obj := object{
		{"id", p.ID},
		{"uuid", p.UUID},
		{"title", p.Title},
		{"slug", p.Slug},
	}
	// The Content API answers as Ghost does to a visitor without a
	// member session: a gated post's html, plaintext and excerpt hold
	// only what comes before the members-only marker, and access is
	// false. Staff (the Admin API) get everything.
	html, plaintext, excerpt, access := p.BodyHTML, p.Plaintext, p.FullExcerpt(), true
	if !s.admin && p.Gated() {
		html, plaintext = p.PublicBody()
		excerpt, access = p.Excerpt(), false
	}
	if o.html {
		obj = append(obj, field{"html", html})
	}
	obj = append(obj,
		field{"comment_id", p.ID},
		field{"feature_image", s.abs(p.Image.URL)},
		field{"featured", p.Featured},
	)
	if s.admin {
		obj = append(obj, field{"status", string(p.Status)})
	}
	obj = append(obj,
		field{"visibility", visibility(p.Visibility)},
		field{"created_at", s.date(p.CreatedAt)},
		field{"updated_at", s.date(p.UpdatedAt)},
		field{"published_at", s.date(p.PublishedAt)},
		field{"custom_excerpt", null(p.Standfirst)},
		field{"codeinjection_head", nil},
		field{"codeinjection_foot", nil},
		field{"custom_template", nil},
		field{"canonical_url", nil},
	)
	if o.tags {
		list := make([]object, len(tags))
		for i := range tags {
			list[i] = s.tag(&tags[i], nil)
		}
		obj = append(obj, field{"tags", list})
	}
	if o.authors {
		list := make([]object, len(p.Authors))
		for i := range p.Authors {
			list[i] = s.author(&p.Authors[i], nil)
		}
		obj = append(obj, field{"authors", list})
	}
	obj = append(obj,
		field{"url", s.site + "/" + p.Slug + "/"},
		field{"excerpt", excerpt},
		field{"reading_time", p.ReadingMinutes()},
		field{"access", access},
		field{"comments", false},
		field{"og_image", nil},
		field{"og_title", nil},
		field{"og_description", nil},
		field{"twitter_image", nil},
		field{"twitter_title", nil},
		field{"twitter_description", nil},
		field{"meta_title", null(p.MetaTitle)},
		field{"meta_description", null(p.MetaDescription)},
		field{"email_subject", nil},
		field{"frontmatter", nil},
		field{"feature_image_alt", null(p.Image.Alt)},
		// Ghost clients render captions as HTML; newsdesk keeps them as text.
		field{"feature_image_caption", null(captionHTML.Replace(p.Image.CaptionWithCredit()))},
	)
	if o.plaintext {
		obj = append(obj, field{"plaintext", plaintext})
	}
	if o.authors {
		var primary any
		if len(p.Authors) > 0 {
			primary = s.author(&p.Authors[0], nil)
		}
		obj = append(obj, field{"primary_author", primary})
	}
	if o.tags {
		var primary any
		if len(tags) > 0 && (s.admin || !tags[0].Internal()) {
			primary = s.tag(&tags[0], nil)
		}
		obj = append(obj, field{"primary_tag", primary})
	}
	// newsdesk-only data, under one key Ghost clients ignore.
	extra := object{
		{"kind", string(p.Kind)},
		{"language", p.Language},
		{"feature_image_credit", null(p.Image.Credit)},
		{"feature_image_width", p.Image.Width},
		{"feature_image_height", p.Image.Height},
		{"video_url", s.abs(p.VideoURL)},
		{"reading_time_label", p.ReadingTime()},
		{"breaking", p.IsBreaking(time.Now())},
	}
	if o.corrections {
		list := make([]object, len(p.Corrections))
		for i, c := range p.Corrections {
			list[i] = object{{"kind", c.Kind}, {"body", c.Body}, {"created_at", s.date(c.CreatedAt)}}
		}
		extra = append(extra, field{"corrections", list})
	}
	obj = append(obj, field{"newsdesk", extra})
	if len(o.fields) > 0 {
		keep := make(map[string]bool, len(o.fields)+4)
		for k := range o.fields {
			keep[k] = true
		}
		// Relations asked for with include stay, as in Ghost.
		for _, k := range []string{"tags", "authors", "primary_tag", "primary_author"} {
			if (o.tags && strings.Contains(k, "tag")) || (o.authors && strings.Contains(k, "author")) {
				keep[k] = true
			}
		}
		obj = obj.only(keep)
	}
	return obj
}

func (s shaper) author(a *domain.Author, count *int) object {
	obj := object{
		{"id", a.ID},
		{"name", a.Name},
		{"slug", a.Slug},
		{"profile_image", s.abs(a.Avatar)},
		{"cover_image", nil},
		{"bio", null(a.Bio)},
		{"website", null(a.Website)},
		{"location", null(a.Location)},
		{"facebook", nil},
		{"twitter", nil},
		{"meta_title", nil},
		{"meta_description", nil},
		{"url", s.site + "/author/" + a.Slug + "/"},
	}
	if count != nil {
		obj = append(obj, field{"count", object{{"posts", *count}}})
	}
	return append(obj, field{"newsdesk", object{{"title", null(a.Title)}}})
}

// user shapes a staff member for the Admin API; email says whether the
// viewer may see the address (domain.CanSeeEmail), otherwise it is null.
func (s shaper) user(u *domain.User, roles, email bool, count *int) object {
	obj := s.author(&u.Author, count)
	status := "active"
	if u.Suspended {
		status = "inactive"
	}
	var addr any
	if email {
		addr = null(u.Email)
	}
	obj = append(obj[:len(obj)-1],
		field{"email", addr},
		field{"status", status},
		field{"created_at", s.date(u.CreatedAt)},
		field{"updated_at", s.date(u.UpdatedAt)},
	)
	if roles {
		name := string(u.Role)
		if name != "" {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		obj = append(obj, field{"roles", []object{{{"name", name}}}})
	}
	return append(obj, field{"newsdesk", object{{"title", null(u.Title)}}})
}

func (s shaper) tag(t *domain.Tag, count *int) object {
	visibility := "public"
	if t.Internal() {
		visibility = "internal"
	}
	obj := object{
		{"id", t.ID},
		{"name", t.Name},
		{"slug", t.Slug},
		{"description", null(t.Description)},
		{"feature_image", nil},
		{"visibility", visibility},
		{"og_image", nil},
		{"og_title", nil},
		{"og_description", nil},
		{"twitter_image", nil},
		{"twitter_title", nil},
		{"twitter_description", nil},
		{"meta_title", nil},
		{"meta_description", nil},
		{"codeinjection_head", nil},
		{"codeinjection_foot", nil},
		{"canonical_url", nil},
		{"accent_color", nil},
		{"url", s.site + "/tag/" + t.Slug + "/"},
	}
	if count != nil {
		obj = append(obj, field{"count", object{{"posts", *count}}})
	}
	return obj
}

func (s shaper) settings(st domain.Settings) object {
	return object{
		{"title", st.Title},
		{"description", st.Description},
		{"logo", s.abs(st.Logo)},
		{"icon", nil},
		{"accent_color", null(st.Accent)},
		{"cover_image", nil},
		{"facebook", nil},
		{"twitter", nil},
		{"lang", st.Language},
		{"locale", st.Language},
		{"timezone", st.Timezone},
		{"codeinjection_head", nil},
		{"codeinjection_foot", nil},
		{"navigation", navigation(st.Navigation)},
		{"secondary_navigation", navigation(st.SecondaryNavigation)},
		{"meta_title", nil},
		{"meta_description", nil},
		{"og_image", s.abs(st.ShareImage)},
		{"og_title", nil},
		{"og_description", nil},
		{"twitter_image", s.abs(st.ShareImage)},
		{"twitter_title", nil},
		{"twitter_description", nil},
		{"members_support_address", nil},
		{"url", s.site + "/"},
	}
}

// navigation is a menu as Ghost's settings carry it: [{label, url}],
// URLs as the Administrator wrote them.
func navigation(items []domain.NavItem) []object {
	out := make([]object, len(items))
	for i, it := range items {
		out[i] = object{{"label", it.Label}, {"url", it.URL}}
	}
	return out
}

// pagination is Ghost's meta.pagination.
func pagination(page, limit, total int) object {
	pages := 1
	if total > 0 {
		pages = (total + limit - 1) / limit
	}
	var next, prev any
	if page < pages {
		next = page + 1
	}
	if page > 1 {
		prev = page - 1
	}
	return object{{"pagination", object{
		{"page", page}, {"limit", limit}, {"pages", pages}, {"total", total}, {"next", next}, {"prev", prev},
	}}}
}

// captionHTML escapes a plain caption for Ghost's HTML caption field, and
// no more: quotes and apostrophes stay as typed.
var captionHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
