package importer

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer/convert"
	"newsdesk/internal/markdown"
)

// WordPress WXR 1.0 to 1.2 is RSS 2.0 with WordPress's namespaces. Real
// exports disagree on the namespace URIs (http:// or https://, 1.0 to
// 1.2), so elements are matched by what their namespace is, not by its
// exact spelling. Items come in post id order, so a post's featured
// image (an attachment item) often comes after the post: the first pass
// collects attachments, authors and terms, the second converts posts.

// xnode is an element read whole: items are small enough.
type xnode struct {
	ns, name string
	attr     []xml.Attr
	text     strings.Builder
	kids     []*xnode
	line     int
}

func (n *xnode) child(ns, name string) *xnode {
	for _, k := range n.kids {
		if k.name == name && k.ns == ns {
			return k
		}
	}
	return nil
}

func (n *xnode) get(ns, name string) string {
	if k := n.child(ns, name); k != nil {
		return strings.TrimSpace(k.text.String())
	}
	return ""
}

func (n *xnode) raw(ns, name string) string {
	if k := n.child(ns, name); k != nil {
		return k.text.String()
	}
	return ""
}

func (n *xnode) attrOf(name string) string {
	for _, a := range n.attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// namespace kinds.
const (
	nsNone    = ""
	nsWP      = "wp"
	nsExcerpt = "excerpt"
	nsContent = "content"
	nsDC      = "dc"
	nsOther   = "other"
)

func nsKind(uri string) string {
	switch {
	case uri == "":
		return nsNone
	case strings.Contains(uri, "wordpress.org/export/") && strings.Contains(uri, "/excerpt"):
		return nsExcerpt
	case strings.Contains(uri, "wordpress.org/export/"):
		return nsWP
	case strings.Contains(uri, "purl.org/rss/1.0/modules/content"):
		return nsContent
	case strings.Contains(uri, "purl.org/dc/elements"):
		return nsDC
	}
	return nsOther
}

type wxrAttachment struct {
	convert.Attachment
	parent string
}

type wxrReader struct {
	r      io.ReadSeeker
	opt    Options
	im     *Import
	report *Report

	loc         *time.Location
	offsets     map[int]int // seconds east of UTC -> items showing it
	attachments map[string]*wxrAttachment
	children    map[string][]string // post id -> attachment ids, file order
	blocks      map[string]string   // reusable block id -> content
	logins      map[string]string   // login -> user source id
	terms       map[string]string   // "category:slug" / "post_tag:slug" -> tag source id
	slugs       map[string]bool     // slugs the file gives, so derived ones avoid them
	used        map[string]bool     // attachment ids or upload paths posts use
	attachOrder []string
}

func openWXR(r io.ReadSeeker, opt Options) (*Import, error) {
	w := &wxrReader{
		r: r, opt: opt,
		im:      &Import{Format: FormatWXR, Report: newReport(FormatWXR)},
		offsets: map[int]int{}, attachments: map[string]*wxrAttachment{}, children: map[string][]string{},
		blocks: map[string]string{}, logins: map[string]string{}, terms: map[string]string{},
		slugs: map[string]bool{}, used: map[string]bool{},
	}
	w.report = w.im.Report
	if err := w.walk(w.first, true); err != nil {
		return nil, err
	}
	w.loc = opt.Location
	if w.loc == nil {
		best, n := 0, 0
		for off, c := range w.offsets {
			if c > n || c == n && off < best {
				best, n = off, c
			}
		}
		w.loc = time.FixedZone("site", best)
	}
	// Attachments no post shows are counted, not imported.
	unused := 0
	for _, id := range w.attachOrder {
		a := w.attachments[id]
		if !w.used[id] && !w.used[uploadKey(a.URL)] && !w.used["parent:"+a.parent] {
			unused++
		}
	}
	if unused > 0 {
		w.report.skip("attachment", "used by no post", unused)
	}
	if n := len(w.attachOrder) - unused; n > 0 {
		w.report.read("attachment", n)
	}
	w.im.posts = func(yield func(*Post, error) bool) {
		err := w.walk(func(it *xnode, index int) (bool, error) {
			p := w.second(it, index)
			if p == nil {
				return true, nil
			}
			return yield(p, nil), nil
		}, false)
		if err != nil {
			yield(nil, err)
		}
	}
	return w.im, nil
}

// controlFree drops the C0 control characters XML forbids, which real
// exports carry in pasted text, instead of refusing the whole file.
type controlFree struct{ r *bufio.Reader }

func (c controlFree) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	j := 0
	for i := 0; i < n; i++ {
		b := p[i]
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			continue
		}
		p[j] = b
		j++
	}
	if j == 0 && n > 0 && err == nil {
		return c.Read(p)
	}
	return j, err
}

// walk reads the file from the start: each item goes to fn with its index
// (fn returns false to stop), and with channel set, the channel's other
// elements are read too.
func (w *wxrReader) walk(fn func(it *xnode, index int) (bool, error), channel bool) error {
	if _, err := w.r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := xml.NewDecoder(controlFree{bufio.NewReaderSize(w.r, 1<<16)})
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	index := 0
	depth := 0
	sawRSS := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !sawRSS {
				return &Error{Err: errors.New("no <rss> element: not a WordPress export")}
			}
			if depth != 0 {
				return w.xmlErr(dec, "", ErrTruncated)
			}
			return nil
		}
		if err != nil {
			return w.xmlErr(dec, "", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "rss" {
					return &Error{Line: line(dec), Err: fmt.Errorf("the root element is <%s>, not <rss>", t.Name.Local)}
				}
				sawRSS = true
				continue
			}
			if depth == 2 && t.Name.Local == "channel" {
				continue
			}
			if depth != 3 {
				if err := dec.Skip(); err != nil {
					return w.xmlErr(dec, t.Name.Local, err)
				}
				depth--
				continue
			}
			l := line(dec)
			n, err := read(dec, t, l, 0)
			depth--
			if err != nil {
				return w.xmlErr(dec, fmt.Sprintf("<%s> from line %d", t.Name.Local, l), err)
			}
			if n.name == "item" && n.ns == nsNone {
				ok, err := fn(n, index)
				index++
				if err != nil {
					return err
				}
				if !ok {
					return nil
				}
				continue
			}
			if channel {
				w.channel(n)
			}
		case xml.EndElement:
			depth--
		}
	}
}

func line(dec *xml.Decoder) int {
	l, _ := dec.InputPos()
	return l
}

func (w *wxrReader) xmlErr(dec *xml.Decoder, record string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	l, c := dec.InputPos()
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		l = syn.Line
		if strings.Contains(syn.Msg, "unexpected EOF") {
			err = ErrTruncated
		} else {
			err = fmt.Errorf("malformed XML: %s", syn.Msg)
		}
	} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = ErrTruncated
	}
	return &Error{Record: record, Line: l, Column: c, Err: err}
}

// maxDepth bounds how deep an element may nest inside an item; WXR needs
// three levels (item, wp:postmeta, wp:meta_key).
const maxXMLDepth = 16

// read reads an element whole, keeping only what WXR uses: comments are
// counted and dropped, not kept.
func read(dec *xml.Decoder, start xml.StartElement, l, depth int) (*xnode, error) {
	n := &xnode{ns: nsKind(start.Name.Space), name: start.Name.Local, attr: start.Attr, line: l}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > maxXMLDepth || (nsKind(t.Name.Space) == nsWP && t.Name.Local == "comment") {
				if err := dec.Skip(); err != nil {
					return nil, err
				}
				if t.Name.Local == "comment" {
					n.kids = append(n.kids, &xnode{ns: nsWP, name: "comment"})
				}
				continue
			}
			k, err := read(dec, t, line(dec), depth+1)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, k)
		case xml.CharData:
			n.text.Write(t)
		case xml.EndElement:
			return n, nil
		}
	}
}

// channel reads what the channel says besides items.
func (w *wxrReader) channel(n *xnode) {
	s := &w.im.Site
	switch {
	case n.ns == nsNone && n.name == "title":
		s.Title = strings.TrimSpace(n.text.String())
	case n.ns == nsNone && n.name == "description":
		s.Description = strings.TrimSpace(n.text.String())
	case n.ns == nsNone && n.name == "link":
		if s.URL == "" {
			s.URL = strings.TrimRight(strings.TrimSpace(n.text.String()), "/")
		}
	case n.ns == nsNone && n.name == "language":
		s.Language = strings.ToLower(strings.TrimSpace(n.text.String()))
		if l, _, ok := strings.Cut(s.Language, "-"); ok {
			s.Language = l
		}
	case n.ns == nsWP && n.name == "wxr_version":
		w.report.Version = strings.TrimSpace(n.text.String())
	case n.ns == nsWP && n.name == "base_blog_url":
		s.URL = strings.TrimRight(strings.TrimSpace(n.text.String()), "/")
	case n.ns == nsWP && n.name == "author":
		w.author(n.get(nsWP, "author_login"), n.get(nsWP, "author_email"), n.get(nsWP, "author_display_name"),
			n.get(nsWP, "author_first_name"), n.get(nsWP, "author_last_name"))
	case n.ns == nsWP && n.name == "category":
		w.term("category", n.get(nsWP, "category_nicename"), n.get(nsWP, "cat_name"), n.get(nsWP, "category_description"))
	case n.ns == nsWP && n.name == "tag":
		w.term("post_tag", n.get(nsWP, "tag_slug"), n.get(nsWP, "tag_name"), n.get(nsWP, "tag_description"))
	case n.ns == nsWP && n.name == "term":
		switch tax := n.get(nsWP, "term_taxonomy"); tax {
		case "category", "post_tag":
			w.term(tax, n.get(nsWP, "term_slug"), n.get(nsWP, "term_name"), n.get(nsWP, "term_description"))
		case "nav_menu":
			w.report.skip("menu", "menus are not imported: set the navigation in Settings", 1)
		default:
			w.report.skip("term", "taxonomy "+tax+" is not imported", 1)
		}
	}
}

func (w *wxrReader) author(login, email, display, first, last string) string {
	if login == "" {
		return ""
	}
	if id, ok := w.logins[login]; ok {
		return id
	}
	id := "wp:" + login
	w.logins[login] = id
	name := strings.TrimSpace(display)
	if name == "" {
		name = strings.TrimSpace(first + " " + last)
	}
	if name == "" {
		name = login
	}
	slug := domain.Slugify(login)
	if slug == "" {
		slug = domain.Slugify(name)
	}
	w.im.Users = append(w.im.Users, User{SourceID: id, Login: login, Name: name, Slug: slug, Email: email, Role: domain.RoleAuthor})
	w.report.read("user", 1)
	if slug != login {
		w.im.Redirects = append(w.im.Redirects, Redirect{From: "/author/" + login + "/", To: "/author/" + slug + "/", Permanent: true})
		w.report.read("redirect", 1)
	}
	return id
}

// term adds a category or tag. A category and a tag with the same slug
// become one newsdesk tag.
func (w *wxrReader) term(tax, nicename, name, description string) string {
	raw := nicename
	if u, err := url.PathUnescape(nicename); err == nil {
		nicename = u
	}
	if nicename == "" {
		nicename = name
	}
	key := tax + ":" + nicename
	if id, ok := w.terms[key]; ok {
		return id
	}
	slug := nicename
	if !domain.ValidSlug(slug) {
		slug = domain.Slugify(nicename)
		if slug == "" {
			slug = domain.Slugify(name)
		}
	}
	for _, t := range w.im.Tags {
		if t.Slug == slug {
			w.terms[key] = t.SourceID
			return t.SourceID
		}
	}
	id := "wp:" + key
	w.terms[key] = id
	name = strings.TrimSpace(name)
	if name == "" {
		name = nicename
	}
	w.im.Tags = append(w.im.Tags, Tag{SourceID: id, Name: name, Slug: slug, Description: strings.TrimSpace(description)})
	w.report.read("tag", 1)
	switch {
	case tax == "category":
		w.im.Redirects = append(w.im.Redirects, Redirect{From: "/category/" + nicename + "/", To: "/tag/" + slug + "/", Permanent: true})
		w.report.read("redirect", 1)
	case slug != nicename || raw != nicename:
		w.im.Redirects = append(w.im.Redirects, Redirect{From: "/tag/" + nicename + "/", To: "/tag/" + slug + "/", Permanent: true})
		w.report.read("redirect", 1)
	}
	return id
}

func meta(it *xnode) map[string]string {
	m := map[string]string{}
	for _, k := range it.kids {
		if k.ns == nsWP && k.name == "postmeta" {
			m[k.get(nsWP, "meta_key")] = k.get(nsWP, "meta_value")
		}
	}
	return m
}

var (
	wpImageClass = regexp.MustCompile(`wp-image-(\d+)`)
	galleryIDs   = regexp.MustCompile(`\[gallery[^\]]*ids="([0-9, ]+)"`)
	blockIDs     = regexp.MustCompile(`<!-- wp:(?:image|video|audio|file|cover|media-text)\s+\{[^}]*"(?:id|mediaId)":(\d+)`)
	uploadRef    = regexp.MustCompile(`wp-content/uploads/[^"'\s)<>\]]+`)
)

// uploadKey names an uploaded file regardless of host, scheme and the
// size WordPress scaled it to.
func uploadKey(u string) string {
	m := uploadRef.FindString(u)
	if m == "" {
		return ""
	}
	return sizeSuffixRe.ReplaceAllString(m, "$1")
}

var sizeSuffixRe = regexp.MustCompile(`(?:-\d+x\d+|-scaled)(\.[A-Za-z0-9]+)$`)

// first is the first pass: it checks each item and keeps what posts need.
func (w *wxrReader) first(it *xnode, index int) (bool, error) {
	id := it.get(nsWP, "post_id")
	typ := it.get(nsWP, "post_type")
	rec := fmt.Sprintf("item %d (line %d)", index+1, it.line)
	if id == "" {
		return false, &Error{Record: rec, Field: "wp:post_id", Line: it.line, Err: errors.New("missing: an import needs every record's id to stay idempotent")}
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return false, &Error{Record: rec, Field: "wp:post_id", Line: it.line, Err: fmt.Errorf("%q is not a number", id)}
	}
	comments := 0
	for _, k := range it.kids {
		if k.ns == nsWP && k.name == "comment" {
			comments++
		}
	}
	if comments > 0 {
		w.report.skip("comment", "comments are not imported", comments)
	}
	switch typ {
	case "attachment":
		u := it.get(nsWP, "attachment_url")
		if u == "" {
			u = it.get(nsNone, "guid")
		}
		m := meta(it)
		a := &wxrAttachment{Attachment: convert.Attachment{URL: u, Alt: m["_wp_attachment_image_alt"],
			Caption: strings.TrimSpace(it.raw(nsExcerpt, "encoded"))}, parent: it.get(nsWP, "post_parent")}
		w.attachments[id] = a
		w.attachOrder = append(w.attachOrder, id)
		w.children[a.parent] = append(w.children[a.parent], id)
		return true, nil
	case "wp_block":
		w.blocks[id] = it.raw(nsContent, "encoded")
		w.report.skip("reusable block", "expanded into the posts that use it", 1)
		return true, nil
	case "nav_menu_item":
		w.report.skip("menu item", "menus are not imported: set the navigation in Settings", 1)
		return true, nil
	case "post", "page":
	default:
		w.report.skip("item", "post type "+strconv.Quote(typ)+" is not imported", 1)
		return true, nil
	}
	// Dates must parse; the offset between local and GMT dates tells the
	// site's time zone.
	local, lerr := wpDate(it.get(nsWP, "post_date"), time.UTC)
	gmt, gerr := wpDate(it.get(nsWP, "post_date_gmt"), time.UTC)
	if lerr != nil {
		return false, &Error{Record: rec + " wp:post_id " + id, Field: "wp:post_date", Line: it.line, Err: lerr}
	}
	if gerr != nil {
		return false, &Error{Record: rec + " wp:post_id " + id, Field: "wp:post_date_gmt", Line: it.line, Err: gerr}
	}
	if !local.IsZero() && !gmt.IsZero() {
		w.offsets[int(local.Sub(gmt).Seconds())]++
	}
	status := it.get(nsWP, "status")
	switch status {
	case "auto-draft":
		w.report.skip(typ, "auto-draft (WordPress's unsaved placeholder)", 1)
		return true, nil
	case "trash":
		w.report.skip(typ, "in the trash", 1)
		return true, nil
	}
	w.report.read(typ, 1)
	w.im.PostCount++
	if login := it.get(nsDC, "creator"); login != "" {
		w.author(login, "", "", "", "")
	}
	for _, k := range it.kids {
		if k.ns == nsNone && k.name == "category" {
			switch d := k.attrOf("domain"); d {
			case "category", "post_tag":
				w.term(d, k.attrOf("nicename"), strings.TrimSpace(k.text.String()), "")
			case "":
				// WXR 1.0 repeats each category without a domain.
			}
		}
	}
	if s := decodedSlug(it.get(nsWP, "post_name")); s != "" {
		w.slugs[s] = true
	}
	m := meta(it)
	if t := m["_thumbnail_id"]; t != "" {
		w.used[t] = true
	}
	content := it.raw(nsContent, "encoded")
	for _, re := range []*regexp.Regexp{wpImageClass, blockIDs} {
		for _, sm := range re.FindAllStringSubmatch(content, -1) {
			w.used[sm[1]] = true
		}
	}
	for _, sm := range galleryIDs.FindAllStringSubmatch(content, -1) {
		for _, g := range strings.Split(sm[1], ",") {
			w.used[strings.TrimSpace(g)] = true
		}
	}
	if strings.Contains(content, "[gallery") && !strings.Contains(content, "ids=") {
		w.used["parent:"+id] = true
	}
	for _, u := range uploadRef.FindAllString(content, -1) {
		w.used[uploadKey(u)] = true
	}
	return true, nil
}

func decodedSlug(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// wpDate parses WordPress's "2006-01-02 15:04:05"; the zero date
// "0000-00-00 00:00:00" is no date.
func wpDate(s string, loc *time.Location) (time.Time, error) {
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date", s)
	}
	return t, nil
}

// second converts one item into a post; nil for items that are not
// posts or pages, or were skipped in the first pass.
func (w *wxrReader) second(it *xnode, index int) *Post {
	typ := it.get(nsWP, "post_type")
	status := it.get(nsWP, "status")
	if typ != "post" && typ != "page" || status == "auto-draft" || status == "trash" {
		return nil
	}
	id := it.get(nsWP, "post_id")
	p := &Post{SourceID: "wp:" + id, Line: it.line, Type: Type(typ), Title: strings.TrimSpace(it.get(nsNone, "title")), SourceStatus: status, Visibility: VisibilityPublic}
	note := func(field, msg string) {
		w.report.note(Note{Kind: typ, SourceID: p.SourceID, Title: p.Title, Field: field, Line: it.line, Message: msg})
	}
	switch status {
	case "publish":
		p.Status = domain.StatusPublished
	case "future":
		p.Status = domain.StatusScheduled
	case "draft":
		p.Status = domain.StatusDraft
	case "pending":
		p.Status = domain.StatusDraft
		note("status", "was pending review: imported as a draft")
	case "private":
		p.Status = domain.StatusDraft
		note("status", "was private (visible only to logged-in editors): imported as a draft")
	default:
		p.Status = domain.StatusDraft
		note("status", fmt.Sprintf("status %q: imported as a draft", status))
	}
	if it.get(nsWP, "post_password") != "" && p.Status != domain.StatusDraft {
		p.Status = domain.StatusDraft
		note("status", "was password-protected: imported as a draft so its text stays private")
	}

	// Dates: GMT when WordPress wrote it, else local time in the site's zone.
	date, _ := wpDate(it.get(nsWP, "post_date_gmt"), time.UTC)
	if date.IsZero() {
		date, _ = wpDate(it.get(nsWP, "post_date"), w.loc)
	}
	modified, _ := wpDate(it.get(nsWP, "post_modified_gmt"), time.UTC)
	if modified.IsZero() {
		modified, _ = wpDate(it.get(nsWP, "post_modified"), w.loc)
	}
	p.CreatedAt, p.UpdatedAt = date.UTC(), modified.UTC()
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	if p.Status != domain.StatusDraft {
		p.PublishedAt = p.CreatedAt
	}

	// Slug: decoded; drafts have none, so one comes from the title.
	slug := decodedSlug(it.get(nsWP, "post_name"))
	if slug == "" {
		s := domain.Slugify(p.Title)
		if s == "" {
			s = typ + "-" + id
		}
		for base, n := s, 2; w.slugs[s]; n++ {
			s = base + "-" + strconv.Itoa(n)
		}
		w.slugs[s] = true
		p.Slug = s
	} else {
		settled, old, why := settleSlug(slug, p.Title, typ+"-"+id)
		p.Slug = settled
		if why != "" {
			note("wp:post_name", why)
		}
		if old != "" && p.Status == domain.StatusPublished {
			p.OldPaths = append(p.OldPaths, old)
		}
	}

	// Old permalinks of what was public: the pretty link and ?p=ID.
	if p.Status == domain.StatusPublished {
		if u, err := url.Parse(it.get(nsNone, "link")); err == nil && u.Path != "" {
			path := u.Path
			if u.RawQuery != "" && (path == "/" || path == "") {
				path = "/?" + u.RawQuery
			}
			if path != "/"+p.Slug+"/" && path != "/" {
				p.OldPaths = appendNew(p.OldPaths, path)
			}
		}
		q := "/?p=" + id
		if typ == "page" {
			q = "/?page_id=" + id
		}
		p.OldPaths = appendNew(p.OldPaths, q)
	}

	if login := it.get(nsDC, "creator"); login != "" {
		p.Authors = []string{w.logins[login]}
	} else {
		note("dc:creator", "no author: the import assigns the importing user")
	}
	var cats, tags []string
	for _, k := range it.kids {
		if k.ns != nsNone || k.name != "category" {
			continue
		}
		switch d := k.attrOf("domain"); d {
		case "category":
			cats = appendNew(cats, w.term(d, k.attrOf("nicename"), strings.TrimSpace(k.text.String()), ""))
		case "post_tag":
			tags = appendNew(tags, w.term(d, k.attrOf("nicename"), strings.TrimSpace(k.text.String()), ""))
		case "post_format":
			note("category", "post format "+strings.TrimSpace(k.text.String())+" is not kept")
		}
	}
	// Categories first: the first becomes the section.
	p.Tags = cats
	for _, t := range tags {
		p.Tags = appendNew(p.Tags, t)
	}

	if ex := strings.TrimSpace(it.raw(nsExcerpt, "encoded")); ex != "" {
		p.Standfirst = markdown.PlainText(markdown.Sanitize(ex))
	}
	p.Featured = it.get(nsWP, "is_sticky") == "1"
	m := meta(it)
	if t := m["_thumbnail_id"]; t != "" {
		if a, ok := w.attachments[t]; ok {
			p.Image = domain.Image{URL: a.URL, Alt: a.Alt}
			p.Image.Caption, p.Image.Credit = splitCaption(a.Caption)
		} else {
			note("_thumbnail_id", "featured image "+t+" is not in the export")
		}
	}
	if d := m["_yoast_wpseo_metadesc"]; d != "" {
		p.MetaDescription = d
	}
	if d := m["_yoast_wpseo_title"]; d != "" && !strings.Contains(d, "%%") {
		p.MetaTitle = d
	}

	opt := convert.WordPressOptions{
		Attachment: func(aid int) (convert.Attachment, bool) {
			a, ok := w.attachments[strconv.Itoa(aid)]
			if !ok {
				return convert.Attachment{}, false
			}
			return a.Attachment, true
		},
		ReusableBlock: func(bid int) (string, bool) {
			b, ok := w.blocks[strconv.Itoa(bid)]
			return b, ok
		},
	}
	for _, aid := range w.children[id] {
		opt.Children = append(opt.Children, w.attachments[aid].Attachment)
	}
	md, warns, from := convert.WordPress(it.raw(nsContent, "encoded"), opt)
	p.BodyMD, p.BodyFrom = md, from
	for _, wn := range warns {
		note("content:encoded", wn)
	}
	return p
}
