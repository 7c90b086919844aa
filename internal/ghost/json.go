package ghost

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
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
	admin bool           // Admin API: UTC dates, statuses, full user objects
	look  *lookups       // per-request lookups; nil answers without them
}

// lookups load, once per request, what Ghost's objects mention beyond
// newsdesk's own: the users behind a post's authors, who the owner is, and
// which authors and tags have published posts (the others' url is /404/,
// as in Ghost).
type lookups struct {
	api   *API
	ctx   context.Context
	users map[string]*domain.User
	owner string
	seen  map[string]time.Time
	live  map[string]bool
}

func (l *lookups) user(id string) *domain.User {
	if l == nil {
		return nil
	}
	if l.users == nil {
		l.users = map[string]*domain.User{}
		users, err := l.api.Store.ListUsers(l.ctx)
		if err != nil {
			l.api.Log.Error("ghost api: list users", "err", err)
		}
		var owner *domain.User
		for _, u := range users {
			l.users[u.ID] = u
			if u.Role == domain.RoleAdministrator && !u.Suspended && (owner == nil || u.CreatedAt.Before(owner.CreatedAt)) {
				owner = u
			}
		}
		if owner != nil {
			l.owner = owner.ID
		}
	}
	return l.users[id]
}

// viewer is the Admin API's caller, nil in the Content API.
func (l *lookups) viewer() *domain.User {
	if l == nil {
		return nil
	}
	if who, ok := l.ctx.Value(actorKey{}).(*actor); ok {
		return who.User
	}
	return nil
}

// isOwner reports whether u is the site's owner: Ghost has exactly one,
// the first account; newsdesk calls it its oldest Administrator.
func (l *lookups) isOwner(u *domain.User) bool {
	if l == nil {
		return false
	}
	l.user(u.ID)
	return l.owner == u.ID
}

// lastSeen is when the user was last active in a session, if newsdesk
// knows (sessions that ended are forgotten).
func (l *lookups) lastSeen(id string) time.Time {
	if l == nil {
		return time.Time{}
	}
	if l.seen == nil {
		seen, err := l.api.Store.LastSeen(l.ctx)
		if err != nil {
			l.api.Log.Error("ghost api: last seen", "err", err)
			seen = map[string]time.Time{}
		}
		l.seen = seen
	}
	return l.seen[id]
}

// hasPosts reports whether an author or tag has published posts or
// pages (Ghost's test for who and what has a public page).
func (l *lookups) hasPosts(kind, id string) bool {
	if l == nil {
		return true
	}
	key := kind + ":" + id
	if v, ok := l.live[key]; ok {
		return v
	}
	live := false
	for _, typ := range []domain.PostType{domain.TypePost, domain.TypePage} {
		q := storage.PostQuery{Type: typ, Public: true, Now: l.api.Now()}
		if kind == "tag" {
			q.TagID = id
		} else {
			q.AuthorID = id
		}
		n, err := l.api.Store.CountPosts(l.ctx, q)
		if err != nil {
			l.api.Log.Error("ghost api: count posts", "err", err)
		}
		if live = n > 0; live {
			break
		}
	}
	if l.live == nil {
		l.live = map[string]bool{}
	}
	l.live[key] = live
	return live
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
	lookup          string // "id" or "slug": a read keeps it whatever fields says
	editorFormats   bool   // Admin API: mobiledoc and lexical asked for (by default they are)
	corrections     bool   // single reads load corrections; lists do not
	// pending is the post's pending version (Admin API single reads):
	// the fields stay the live version's, as Ghost's clients expect.
	pending *storage.Pending
}

// visibility is a post's visibility as Ghost writes it.
func visibility(v domain.Visibility) string {
	if v == "" {
		return string(domain.VisibilityPublic)
	}
	return string(v)
}

func (s shaper) post(p *domain.Post, o postOptions) object {
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
	html, plaintext, access := p.BodyHTML, p.Plaintext, true
	if !s.admin && p.Gated() {
		html, plaintext = p.PublicBody()
		access = false
	}
	if s.admin && o.editorFormats {
		// newsdesk keeps Markdown, not Ghost's editor formats; html stands in.
		obj = append(obj, field{"mobiledoc", nil}, field{"lexical", nil})
	}
	if o.html {
		obj = append(obj, field{"html", null(html)})
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
	// With ?fields=, Ghost's Content API leaves the url out of the tags
	// and authors it includes.
	noURL := func(o object) object {
		if s.admin || len(o) == 0 {
			return o
		}
		return slices.DeleteFunc(o, func(f field) bool { return f.k == "url" })
	}
	if o.tags {
		list := make([]object, len(p.Tags))
		for i := range p.Tags {
			list[i] = s.tag(&p.Tags[i], nil)
			if len(o.fields) > 0 {
				list[i] = noURL(list[i])
			}
		}
		obj = append(obj, field{"tags", list})
	}
	if o.authors {
		list := make([]object, len(p.Authors))
		for i := range p.Authors {
			list[i] = s.postAuthor(&p.Authors[i])
			if len(o.fields) > 0 {
				list[i] = noURL(list[i])
			}
		}
		obj = append(obj, field{"authors", list})
	}
	if s.admin {
		obj = append(obj,
			field{"tiers", []object{s.freeTier()}},
			field{"count", object{{"clicks", 0}, {"positive_feedback", 0}, {"negative_feedback", 0}}},
		)
	}
	if o.authors {
		var primary any
		if len(p.Authors) > 0 {
			primary = s.postAuthor(&p.Authors[0])
		}
		obj = append(obj, field{"primary_author", primary})
	}
	if o.tags {
		// Ghost's primary tag is the first tag, when it is public.
		var primary any
		if len(p.Tags) > 0 && !p.Tags[0].Internal() {
			primary = s.tag(&p.Tags[0], nil)
		}
		obj = append(obj, field{"primary_tag", primary})
	}
	if s.admin {
		obj = append(obj, field{"email_segment", "all"})
	}
	obj = append(obj,
		field{"url", s.site + "/" + p.Slug + "/"},
		field{"excerpt", ghostExcerpt(p.Standfirst, plaintext)},
	)
	if html != "" {
		// Ghost works reading time out of the html: none without a body.
		obj = append(obj, field{"reading_time", p.ReadingMinutes()})
	}
	if !s.admin {
		obj = append(obj, field{"access", access}, field{"comments", false})
	}
	obj = append(obj,
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
	if o.plaintext && plaintext != "" {
		obj = append(obj, field{"plaintext", plaintext})
	}
	if s.admin {
		obj = append(obj, field{"email_only", false}, field{"email", nil}, field{"newsletter", nil})
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
		public := p.PublicCorrections()
		list := make([]object, len(public))
		for i, c := range public {
			list[i] = object{{"kind", c.Kind}, {"body", c.Body}, {"created_at", s.date(c.CreatedAt)}}
		}
		extra = append(extra, field{"corrections", list})
	}
	if pd := o.pending; s.admin && pd != nil {
		extra = append(extra, field{"pending", object{{"title", pd.Title}, {"custom_excerpt", null(pd.Standfirst)},
			{"markdown", pd.BodyMD}, {"saved_at", s.date(pd.SavedAt)}, {"saved_by", null(pd.UserName)}, {"stale", pd.Stale()}}})
	}
	obj = append(obj, field{"newsdesk", extra})
	if len(o.fields) > 0 {
		keep := make(map[string]bool, len(o.fields)+3)
		for k := range o.fields {
			keep[k] = true
		}
		if o.lookup != "" {
			keep[o.lookup] = true
		}
		// Ghost works reading time out of the html, so only with it.
		if !o.fields["html"] {
			delete(keep, "reading_time")
		}
		// The Content API keeps relations asked for with include; the
		// Admin API gives exactly the fields named.
		if !s.admin {
			keep["tags"] = keep["tags"] || o.tags
			keep["authors"] = keep["authors"] || o.authors
		}
		obj = obj.only(keep)
	}
	return obj
}

// postAuthor is an author as a post carries it: the public profile in the
// Content API, the whole user in the Admin API (the e-mail address if the
// caller may see it).
func (s shaper) postAuthor(a *domain.Author) object {
	if s.admin {
		u := s.look.user(a.ID)
		if u == nil {
			u = &domain.User{Author: *a}
		}
		return s.user(u, true, domain.CanSeeEmail(s.look.viewer(), u), nil)
	}
	return s.author(a, nil)
}

// socials are Ghost's profile fields for social accounts; newsdesk keeps
// profile links and shows the ones it recognises in them.
var socials = []string{"facebook", "twitter", "threads", "bluesky", "mastodon", "tiktok", "youtube", "instagram", "linkedin"}

// social finds an account among a profile's links: facebook as Ghost
// keeps it (the page name), twitter as "@handle".
func social(links []domain.Link, name string) any {
	for _, l := range links {
		u, err := url.Parse(l.URL)
		if err != nil || u.Host == "" {
			continue
		}
		host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
		path := strings.Trim(u.Path, "/")
		if path == "" {
			continue
		}
		switch {
		case name == "facebook" && (host == "facebook.com" || host == "m.facebook.com"):
			return path
		case name == "twitter" && (host == "twitter.com" || host == "x.com"):
			return "@" + strings.TrimPrefix(path, "@")
		}
	}
	return nil
}

func (s shaper) profile(a *domain.Author) object {
	obj := object{
		{"profile_image", s.abs(a.Avatar)},
		{"cover_image", nil},
		{"bio", null(a.Bio)},
		{"website", null(a.Website)},
		{"location", null(a.Location)},
	}
	for _, name := range socials {
		obj = append(obj, field{name, social(a.Links, name)})
	}
	return obj
}

// authorURL is the author's page, or Ghost's /404/ for someone without
// published posts (they have no page).
func (s shaper) authorURL(a *domain.Author) string {
	if !s.look.hasPosts("author", a.ID) {
		return s.site + "/404/"
	}
	return s.site + "/author/" + a.Slug + "/"
}

func (s shaper) author(a *domain.Author, count *int) object {
	obj := object{{"id", a.ID}, {"name", a.Name}, {"slug", a.Slug}}
	obj = append(obj, s.profile(a)...)
	obj = append(obj,
		field{"meta_title", nil},
		field{"meta_description", nil},
		field{"url", s.authorURL(a)},
	)
	if count != nil {
		obj = append(obj, field{"count", object{{"posts", *count}}})
	}
	return append(obj, field{"newsdesk", object{{"title", null(a.Title)}}})
}

// role is how Ghost names a user's role.
func (s shaper) role(u *domain.User) object {
	name := string(u.Role)
	if name != "" {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	if s.look.isOwner(u) {
		name = "Owner"
	}
	description := name + "s"
	if name == "Owner" {
		description = "Blog Owner"
	}
	var created any
	if s.look != nil {
		created = s.date(s.look.api.siteCreated(s.look.ctx)) // roles came with the site
	}
	return object{{"id", stableRoleID(name)}, {"name", name}, {"description", description},
		{"created_at", created}, {"updated_at", created}}
}

func stableRoleID(name string) string {
	sum := sha1.Sum([]byte("role\x00" + name))
	return hex.EncodeToString(sum[:12])
}

// user shapes a staff member for the Admin API; email says whether the
// viewer may see the address (domain.CanSeeEmail), otherwise it is null.
func (s shaper) user(u *domain.User, roles, email bool, count *int) object {
	status := "active"
	if u.Suspended {
		status = "inactive"
	}
	var addr any
	if email {
		addr = null(u.Email)
	}
	obj := object{{"id", u.ID}, {"name", u.Name}, {"slug", u.Slug}, {"email", addr}}
	obj = append(obj, s.profile(&u.Author)...)
	obj = append(obj,
		field{"accessibility", nil},
		field{"status", status},
		field{"meta_title", nil},
		field{"meta_description", nil},
		field{"tour", nil},
		field{"last_seen", s.date(s.look.lastSeen(u.ID))},
		field{"comment_notifications", true},
		field{"free_member_signup_notification", true},
		field{"paid_subscription_started_notification", true},
		field{"paid_subscription_canceled_notification", false},
		field{"mention_notifications", true},
		field{"recommendation_notifications", true},
		field{"milestone_notifications", true},
		field{"donation_notifications", true},
		field{"created_at", s.date(u.CreatedAt)},
		field{"updated_at", s.date(u.UpdatedAt)},
	)
	if roles {
		obj = append(obj, field{"roles", []object{s.role(u)}})
	}
	if count != nil {
		obj = append(obj, field{"count", object{{"posts", *count}}})
	}
	obj = append(obj, field{"url", s.authorURL(&u.Author)})
	return append(obj, field{"newsdesk", object{{"title", null(u.Title)}}})
}

// freeTier is the one tier of a site without memberships.
func (s shaper) freeTier() object {
	var created any
	var id string
	if s.look != nil {
		created = shaper{admin: true}.date(s.look.api.siteCreated(s.look.ctx))
		id = s.look.api.stableID("tier:free")
	}
	return object{
		{"id", id}, {"name", "Free"}, {"slug", "free"}, {"active", true}, {"welcome_page_url", nil},
		{"visibility", "public"}, {"trial_days", 0}, {"description", nil}, {"type", "free"}, {"currency", nil},
		{"monthly_price", nil}, {"yearly_price", nil}, {"created_at", created}, {"updated_at", created},
		{"monthly_price_id", nil}, {"yearly_price_id", nil},
	}
}

func (s shaper) tag(t *domain.Tag, count *int) object {
	visibility := "public"
	if t.Internal() {
		visibility = "internal"
	}
	u := s.site + "/tag/" + t.Slug + "/"
	if t.Internal() || !s.look.hasPosts("tag", t.ID) {
		u = s.site + "/404/" // no public page, as in Ghost
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
	}
	if s.admin {
		obj = append(obj, field{"created_at", s.date(t.CreatedAt)}, field{"updated_at", s.date(t.UpdatedAt)})
	}
	obj = append(obj, field{"url", u})
	if count != nil {
		obj = append(obj, field{"count", object{{"posts", *count}}})
	}
	return obj
}

// settings are the Content API's public settings. Members, portal and
// e-mail settings carry the values of a Ghost site without members.
func (s shaper) settings(st domain.Settings, siteUUID string) object {
	host := s.site
	if u, err := url.Parse(s.site); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return object{
		{"title", st.Title},
		{"description", st.Description},
		{"logo", s.abs(st.Logo)},
		{"icon", nil},
		{"accent_color", null(st.Accent)},
		{"cover_image", nil},
		{"facebook", nil},
		{"twitter", nil},
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
		{"members_support_address", "noreply"},
		{"members_enabled", false},
		{"donations_enabled", false},
		{"allow_self_signup", false},
		{"members_invite_only", false},
		{"members_signup_access", "none"},
		{"paid_members_enabled", false},
		{"firstpromoter_account", nil},
		{"portal_button_style", "icon-and-text"},
		{"portal_button_signup_text", "Subscribe"},
		{"portal_button_icon", nil},
		{"portal_signup_terms_html", nil},
		{"portal_signup_checkbox_required", false},
		{"portal_plans", []string{"free"}},
		{"portal_default_plan", "yearly"},
		{"portal_name", true},
		{"portal_button", false},
		{"comments_enabled", "off"},
		{"recommendations_enabled", false},
		{"outbound_link_tagging", true},
		{"default_email_address", "noreply@" + host},
		{"support_email_address", "noreply@" + host},
		{"editor_default_email_recipients", "visibility"},
		{"labs", object{}},
		{"site_uuid", siteUUID},
		{"lang", st.Language},
		{"url", s.site + "/"},
		{"version", strings.TrimPrefix(Version, "v")},
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

// ghostExcerpt is Ghost's excerpt: the custom excerpt, else the first 500
// characters (UTF-16 code units, as JavaScript counts) of the plain text.
func ghostExcerpt(standfirst, text string) any {
	if standfirst != "" {
		return standfirst
	}
	units := 0
	for i, r := range text {
		n := utf16.RuneLen(r)
		if n < 1 {
			n = 1
		}
		if units+n > 500 {
			return text[:i]
		}
		units += n
	}
	return null(text)
}

// pagination is Ghost's meta.pagination, computed as Ghost's
// bookshelf-pagination does: a page past the end still links to its
// neighbours, a single page links to none.
func pagination(page, limit, total int) object {
	pages := (total + limit - 1) / limit
	if pages == 0 {
		pages = 1
	}
	var next, prev any
	if pages > 1 {
		switch page {
		case 1:
			next = 2
		case pages:
			prev = page - 1
		default:
			next, prev = page+1, page-1
		}
	}
	return object{{"pagination", object{
		{"page", page}, {"limit", limit}, {"pages", pages}, {"total", total}, {"next", next}, {"prev", prev},
	}}}
}

// captionHTML escapes a plain caption for Ghost's HTML caption field, and
// no more: quotes and apostrophes stay as typed.
var captionHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
