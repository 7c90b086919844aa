package feed

import (
	"html"
	"mime"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/xmltext"
)

// channel is a feed independent of its format: the renderers for RSS,
// Atom and JSON Feed all read this one model, so every format carries the
// same entries, cleaned the same way.
type channel struct {
	Title       string
	Description string
	Language    string
	HomeURL     string            // the HTML page the feed mirrors
	URLs        map[Format]string // this feed in each format (self links)
	Hub         string
	Logo        string
	Updated     time.Time // newest item time; zero for an empty feed
	Items       []item
	PostID      string // set for a live blog's feed of entries
}

type person struct {
	Name   string
	URL    string
	Avatar string
}

type image struct {
	URL     string
	Type    string
	Width   int
	Height  int
	Alt     string
	Caption string
}

type item struct {
	ID          string // tag: URI, stable across slug changes
	URL         string
	Title       string
	Summary     string
	ContentHTML string
	Authors     []person
	Tags        []string
	Image       *image
	Published   time.Time
	Updated     time.Time
	Language    string
}

// builder turns posts into the feed model with absolute URLs.
type builder struct {
	base string // site URL without trailing slash
	host string // tag: URI authority
	site string // the site's title, for the members-only note
	note func(lang, site string, v domain.Visibility) string
}

func newBuilder(base string) builder {
	host := base
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return builder{base: strings.TrimRight(base, "/"), host: host}
}

// abs makes a site path absolute; absolute URLs pass through.
func (b builder) abs(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return b.base + u
	}
	return u
}

func (b builder) item(p *domain.Post) item {
	it := item{
		ID:        "tag:" + b.host + "," + p.CreatedAt.UTC().Format("2006-01-02") + ":post:" + p.ID,
		URL:       b.base + "/" + p.Slug + "/",
		Title:     clean(p.Title),
		Summary:   clean(p.Excerpt()),
		Published: p.PublishedAt.UTC(),
		Updated:   p.UpdatedAt.UTC(),
		Language:  clean(p.Language),
	}
	if it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}
	for _, a := range p.Authors {
		it.Authors = append(it.Authors, person{
			Name:   clean(a.Name),
			URL:    b.base + "/author/" + a.Slug + "/",
			Avatar: clean(b.abs(a.Avatar)),
		})
	}
	for _, t := range p.PublicTags() {
		it.Tags = append(it.Tags, clean(t.Name))
	}
	if p.Image.URL != "" {
		u := clean(b.abs(p.Image.URL))
		it.Image = &image{URL: u, Type: imageType(u), Width: p.Image.Width, Height: p.Image.Height,
			Alt: clean(p.Image.Alt), Caption: clean(p.Image.CaptionWithCredit())}
	}
	it.ContentHTML = clean(b.content(p, it.Image))
	return it
}

// content is the body for feed readers: the lead image as a figure
// (readers that ignore enclosures still show it), the sanitized body with
// absolute links (of a gated post only the public part, then the
// members-only note), and a link to the video of a video item.
func (b builder) content(p *domain.Post, im *image) string {
	var sb strings.Builder
	if im != nil {
		sb.WriteString(`<figure><img src="` + attr(im.URL) + `" alt="` + attr(im.Alt) + `"`)
		if im.Width > 0 && im.Height > 0 {
			sb.WriteString(` width="` + strconv.Itoa(im.Width) + `" height="` + strconv.Itoa(im.Height) + `"`)
		}
		sb.WriteString(`>`)
		if im.Caption != "" {
			sb.WriteString(`<figcaption>` + attr(im.Caption) + `</figcaption>`)
		}
		sb.WriteString(`</figure>`)
	}
	// Bodies were sanitized when saved; sanitizing again here (only on a
	// cache miss) keeps rows written by older code or imports honest.
	body, _ := p.PublicBody()
	sb.WriteString(b.absolutize(markdown.Sanitize(body)))
	if p.Gated() && b.note != nil {
		sb.WriteString(`<p><em>` + html.EscapeString(b.note(p.Language, b.site, p.Visibility)) + `</em></p>`)
	}
	if p.VideoURL != "" {
		sb.WriteString(`<p><a href="` + attr(b.abs(p.VideoURL)) + `">Watch the video</a></p>`)
	}
	return sb.String()
}

// absolutize rewrites site-relative src and href attributes to absolute
// URLs: feed readers show entries away from the site, where "/content/..."
// means nothing.
func (b builder) absolutize(h string) string {
	var sb strings.Builder
	for {
		i := nextRelAttr(h)
		if i < 0 {
			sb.WriteString(h)
			return sb.String()
		}
		sb.WriteString(h[:i])
		sb.WriteString(b.base)
		h = h[i:]
	}
}

// nextRelAttr finds the "/" that starts a site-relative src or href value.
func nextRelAttr(h string) int {
	best := -1
	for _, a := range []string{` src="/`, ` href="/`} {
		from := 0
		for {
			i := strings.Index(h[from:], a)
			if i < 0 {
				break
			}
			pos := from + i + len(a) - 1
			if !strings.HasPrefix(h[pos:], "//") {
				if best < 0 || pos < best {
					best = pos
				}
				break
			}
			from = pos + 1
		}
	}
	return best
}

func imageType(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(u))); strings.HasPrefix(t, "image/") {
		return t
	}
	return "image/jpeg"
}

// clean strips characters XML forbids; JSON Feed gets the same text, so
// all formats agree.
func clean(s string) string { return xmltext.Clean(s) }

var attrEscaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;")

func attr(s string) string { return attrEscaper.Replace(s) }
