package site

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/seo"
	"newsdesk/internal/storage"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the pages under templates/pages.
var pageNames = []string{"home", "post", "page", "author", "tag", "search", "error", "live", "entry"}

// parseTemplates parses every page once, at start-up, as Let's Go does:
// base layout + partials + the page.
func parseTemplates(assets *assetSet) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset":      assets.url,
		"paragraphs": paragraphs,
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("base").Funcs(funcs).ParseFS(templateFS,
			"templates/base.html", "templates/partials/*.html", "templates/pages/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what the base layout needs, plus the page's own content.
type page struct {
	Kind     string // which page: home, post, page, author, tag, search or error
	Settings domain.Settings
	Lang     string
	L        *locale // the interface's language, which is Lang's
	Title    string  // the whole <title>
	Desc     string
	Head     template.HTML
	NoIndex  bool
	Preview  *preview     // set when an editor previews an unpublished page
	Nav      []domain.Tag // the automatic sections, when no menu is set
	// Menu and FooterMenu are the menus an Administrator set.
	Menu       []menuLink
	FooterMenu []menuLink
	Today      when
	Current    string // slug of the section being shown, for aria-current
	Breaking   []item

	Post    *article
	Author  *domain.Author
	Tag     *domain.Tag
	Stream  *stream
	Search  *searchPage
	Problem *problem
	// Live is a live blog's key points and entries (live and entry pages);
	// Entry the one entry of an entry page.
	Live  *liveView
	Entry *entryView

	// Masthead and Footer are the shared parts already rendered
	// (fragments.go); empty, the layout renders them in place.
	Masthead, Footer template.HTML
	// StreamHTML is an article page's News Feed already rendered; empty,
	// the page renders Stream in place.
	StreamHTML template.HTML
	// fillStream builds Stream's items when they are to be rendered, and
	// streamKey names them among the shared fragments (fragments.go).
	fillStream func()
	streamKey  string
	// rail lists the posts of an article page's News Feed, for the cache's
	// dependencies: the items may never be built when the rail is shared.
	rail []*domain.Post
	// state is the site state the page was built from, which the shared
	// fragments follow; nil renders them in place.
	state *siteState
}

// problem is an error page's content.
type problem struct {
	Status  int
	Heading string
	Message string
}

// newPage fills the layout's fields from the site state; the caller adds
// the page's own content. Title is the page's own title: the site name is
// appended here.
func (s *Site) newPage(st *siteState, title, desc string, sp seo.Page) *page {
	full := st.settings.Title
	if title != "" {
		full = title + " — " + st.settings.Title
	}
	if desc == "" {
		desc = st.settings.Description
	}
	l := localeFor(st.settings.Language)
	sp.Title, sp.Description = title, desc
	if sp.Title == "" {
		sp.Title = st.settings.Title
	}
	return &page{
		Settings:   st.settings,
		Lang:       st.settings.Language,
		Title:      full,
		Desc:       desc,
		Head:       seo.Head(seo.Site{Settings: st.settings, BaseURL: s.baseURL}, sp),
		Nav:        st.nav,
		Menu:       s.menu(st.settings.Navigation, sp.Path),
		FooterMenu: s.menu(st.settings.SecondaryNavigation, sp.Path),
		L:          l,
		Today:      today(st.loc, s.now(), l),
		state:      st,
	}
}

// render executes a page into a buffer first, so a template failure
// becomes a clean 500 instead of half a page.
func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, data *page) {
	s.renderTemplate(w, r, status, name, "base", data)
}

// renderTemplate executes one named template of a page set.
func (s *Site) renderTemplate(w http.ResponseWriter, r *http.Request, status int, name, tmpl string, data any) {
	pt, ok := s.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	if p, isPage := data.(*page); isPage {
		p.Kind = name
		if tmpl == "base" && !s.noFragments {
			if err := s.shareFragments(pt, p); err != nil {
				s.serverError(w, r, err)
				return
			}
			if err := s.shareStream(pt, p); err != nil {
				s.serverError(w, r, err)
				return
			}
		} else if p.fillStream != nil {
			p.fillStream()
		}
	}
	noteDeps(r, data)
	buf := pageBufs.Get().(*bytes.Buffer)
	defer putPageBuf(buf)
	if err := pt.ExecuteTemplate(buf, tmpl, data); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s/%s: %w", name, tmpl, err))
		return
	}
	writeHTML(w, status, buf.Bytes())
}

// pageBufs keeps render buffers between pages: a template writes a page in
// hundreds of small pieces, and a fresh buffer doubled its way to each
// page's size (about 60 KB of garbage for a 25 KB article), which the
// collector then had to chase under the server's small heap limit.
var pageBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuf returns buf to the pool unless an outsized page (a long live
// blog) made it too big to keep around.
func putPageBuf(buf *bytes.Buffer) {
	if buf.Cap() > 256<<10 {
		return
	}
	buf.Reset()
	pageBufs.Put(buf)
}

// writeHTML sends a rendered page with the site's content policy.
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Nothing on these pages comes from another host; video iframes are
	// the one exception, and only after the reader asks for them.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; media-src 'self' https:; "+
		"style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "+
		"frame-src "+strings.Join(markdown.EmbedFrameHosts, " ")+"; frame-ancestors 'self'")
	w.WriteHeader(status)
	w.Write(body)
}

// statusOf maps domain error codes to HTTP statuses: the one place the
// site does so.
func statusOf(err error) int {
	switch domain.ErrorCode(err) {
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.ETOOMANY:
		return http.StatusTooManyRequests
	case domain.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers a request that ran into err: the user's fault gets a page
// that says what is wrong, anything else a 500 that says nothing more.
func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch status := statusOf(err); {
	case status == http.StatusNotFound:
		s.notFound(w, r)
	case status >= 500:
		s.serverError(w, r, err)
	default:
		s.clientError(w, r, status, domain.ErrorMessage(err))
	}
}

// Error renders the site's error page for a request refused before any
// handler ran: an address too long, a method the route does not take, a
// query string that does not parse. status is a 4xx; message says what is
// wrong. Headers such as Allow are the caller's to set first.
func (s *Site) Error(w http.ResponseWriter, r *http.Request, status int, message string) {
	s.clientError(w, r, status, message)
}

// clientError renders an error page for a request the reader can fix.
func (s *Site) clientError(w http.ResponseWriter, r *http.Request, status int, message string) {
	heading := http.StatusText(status)
	switch status {
	case http.StatusBadRequest:
		heading = "That address is not quite right"
	case http.StatusMethodNotAllowed:
		heading = "That cannot be done here"
	case http.StatusRequestURITooLong:
		heading = "That address is too long"
	}
	s.errorPage(w, r, &problem{Status: status, Heading: heading, Message: message})
}

// notFound renders the 404 page.
func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, &problem{Status: http.StatusNotFound, Heading: "Page not found",
		Message: "We could not find the page you asked for. It may have moved, or the address may be mistyped."})
}

// gone renders the 410 page of a post in the trash: readers and search
// engines learn that the story was taken down, not mistyped.
func (s *Site) gone(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, &problem{Status: http.StatusGone, Heading: "This story was removed",
		Message: "The newsroom has taken this story down. It is no longer available at this address."})
}

// serverError logs err and renders a 500 page that leaks nothing of it,
// or a 503 asking to come back shortly when the database is unavailable.
func (s *Site) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if domain.ErrorCode(err) == domain.EUNAVAILABLE {
		s.log.Warn("site: database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
		s.errorPage(w, r, &problem{Status: http.StatusServiceUnavailable, Heading: "Back in a moment",
			Message: "The database is unavailable right now, so this page cannot be shown. Please try again in a moment."})
		return
	}
	s.log.Error("site: server error", "method", r.Method, "path", r.URL.Path, "err", err)
	if errors.Is(err, errRendering) {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	s.errorPage(w, r, &problem{Status: http.StatusInternalServerError, Heading: "Something went wrong",
		Message: "We could not show this page because of a problem on our side. Please try again in a moment."})
}

// errRendering marks a failure of the error page itself, which must not
// recurse into another error page.
var errRendering = errors.New("error page failed")

func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, p *problem) {
	st, err := s.state(r.Context())
	if err != nil {
		st = &siteState{settings: domain.DefaultSettings()}
	}
	// Fixed headings and messages are in the catalogue; messages about
	// the request itself stay as they were written.
	l := localeFor(st.settings.Language)
	p.Heading, p.Message = l.T(p.Heading), l.T(p.Message)
	data := s.newPage(st, p.Heading, "", seoPath(r.URL.Path))
	data.NoIndex = true
	data.Problem = p
	data.Kind = "error"
	var buf bytes.Buffer
	if err := s.pages["error"].ExecuteTemplate(&buf, "base", data); err != nil {
		s.serverError(w, r, fmt.Errorf("%w: %v", errRendering, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	w.Write(buf.Bytes())
}

// seoPath is the seo.Page of a page known only by its path.
func seoPath(path string) seo.Page { return seo.Page{Path: path} }

// paragraphs splits text on blank lines, for author bios.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cursorParam reads the "after" query parameter; empty means the start.
func cursorParam(r *http.Request) (*storage.Cursor, error) {
	v := r.URL.Query().Get("after")
	if v == "" {
		return nil, nil
	}
	return storage.ParseCursor(v)
}
