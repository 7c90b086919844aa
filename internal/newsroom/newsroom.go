// Package newsroom is the back office at /newsroom/: sign-in, the post
// list, the editor with live preview, scheduling, revisions, corrections,
// breaking news, profiles, users and invitations, and site settings. Pages
// are server-rendered; a little JavaScript adds live preview, autosave to
// the browser and keyboard shortcuts. Every route checks the role policy
// (domain.Can) on the server.
package newsroom

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/media"
	"newsdesk/internal/notify"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Request body limits by route: a body is read only after the origin and
// the session were checked, and never beyond what its form can carry.
const (
	maxImage = media.DefaultMaxBytes // the media library's limit, said once
	// formLimit: sign-in, actions, tags, users, settings without a logo.
	formLimit = 64 << 10
	// textLimit: a post's text, percent-encoded at worst (three bytes
	// for each byte of a non-ASCII body), plus its other fields.
	textLimit = 3*domain.MaxBodyLen + formLimit
	// uploadLimit: a form with an image beside its text.
	uploadLimit = maxImage + textLimit
)

// imageLimit is maxImage as the editor and its errors say it.
func imageLimit() string { return fmt.Sprintf("%d MB", maxImage>>20) }

// Config is what the newsroom needs from the rest of the application.
type Config struct {
	Store   storage.Store
	Auth    *auth.Service
	Events  *events.Bus
	Uploads media.Uploader // nil disables uploads with a clear message
	SiteURL string
	Log     *slog.Logger
	// Preview shows a post as the public site would; the site provides it.
	Preview Previewer
	// Publisher makes every change to posts; nil means one over Store
	// and Events.
	Publisher *publish.Service
	// Notifier tells staff about reviews, mentions and assignments; nil
	// tells no one (tests that do not look at notifications).
	Notifier notify.Notifier
	// Staff is the bus of newsroom events (notifications, presence),
	// relayed between instances; nil means one of this process only.
	Staff *events.Bus
	// Mailer sends the settings page's test email; nil sends none.
	Mailer *notify.Mailer
}

// Previewer renders a post, saved but perhaps unpublished, as its public
// page, marked as a preview. It writes nothing when it fails.
type Previewer interface {
	RenderPreview(w http.ResponseWriter, r *http.Request, p *domain.Post, opts site.PreviewOptions) error
}

// Newsroom serves the back office.
type Newsroom struct {
	Config
	imports  importJobs
	pages    map[string]*pageSet // language -> its templates, parsed on first use
	assets   map[string]string   // file name -> URL with content hash
	previews previewLimiter
	presence *presenceHub
}

// New parses the templates once and returns the back office.
func New(cfg Config) (*Newsroom, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Preview == nil {
		return nil, errors.New("newsroom: a previewer (the public site) is required")
	}
	if cfg.Publisher == nil {
		cfg.Publisher = &publish.Service{Store: cfg.Store, Events: cfg.Events}
	}
	if cfg.Staff == nil {
		cfg.Staff = events.NewBus()
	}
	n := &Newsroom{Config: cfg, pages: map[string]*pageSet{}, assets: map[string]string{}}
	n.presence = newPresenceHub(n)
	static, _ := fs.Sub(staticFS, "static")
	names, _ := fs.Glob(static, "*")
	for _, name := range names {
		b, _ := fs.ReadFile(static, name)
		sum := sha256.Sum256(b)
		n.assets[name] = "/newsroom/static/" + name + "?v=" + hex.EncodeToString(sum[:6])
	}
	for _, l := range locales {
		n.pages[l.lang] = &pageSet{}
	}
	return n, nil
}

// pageSet is one language's parse of the newsroom's templates. Each
// language gets its own, so helpers that write dates and durations
// (datetime, ago, took) speak the page's language in every template, new
// ones included. A set is parsed when a page in its language is first
// shown: both sets took 12 MB of a server's heap, and a server that only
// answers readers never shows one.
type pageSet struct {
	once  sync.Once
	pages map[string]*template.Template
	err   error
}

// templates returns l's page templates, parsing them the first time.
func (n *Newsroom) templates(l *locale) (map[string]*template.Template, error) {
	set := n.pages[l.lang]
	set.once.Do(func() { set.pages, set.err = n.parse(l) })
	return set.pages, set.err
}

// parse parses every page with helpers in l's language.
func (n *Newsroom) parse(l *locale) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	funcs := template.FuncMap{
		"asset":           func(name string) string { return n.assets[name] },
		"languageChoices": languageChoices,
		"zoneChoices":     zoneChoices,
		"join":            strings.Join,
		"datetime":        l.Date,
		"rfc3339":         func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// Revisions saved a minute apart must not look alike.
		"datetimesec":         l.DateSec,
		"ago":                 l.Ago,
		"notificationSummary": notificationSummary,
		"can":                 func(u *domain.User, a string, p *domain.Post) bool { return domain.Can(u, domain.Action(a), p) },
		"canManage": func(u *domain.User, r domain.Role) bool {
			return domain.CanManageUser(u, r)
		},
		"imageLimit": imageLimit,
		"canSeeEmail": func(u, other *domain.User) bool {
			return domain.CanSeeEmail(u, other)
		},
		"roles": func() []domain.Role { return domain.Roles },
		"kinds": func() []domain.Kind { return domain.Kinds },
		"statuses": func() []domain.Status {
			return []domain.Status{domain.StatusDraft, domain.StatusScheduled, domain.StatusPublished}
		},
		// title names a status or role as a label ("Draft"), translated.
		"title": func(s string) string { return l.T(strings.ToUpper(s[:1]) + s[1:]) },
		"initial": func(s string) string {
			for _, r := range strings.TrimSpace(s) {
				return strings.ToUpper(string(r))
			}
			return "?"
		},
		"fieldID": fieldID,
		"ms":      func(t time.Time) int64 { return t.UnixMilli() },
		// A response time as people read it: "under 1 ms", "240 ms", "3.2 s".
		"took": func(d time.Duration) string {
			switch {
			case d < time.Millisecond:
				return l.T("under 1 ms")
			case d < time.Second:
				return l.T("%d ms", d.Milliseconds())
			}
			return l.T("%.1f s", d.Seconds())
		},
	}
	for k, v := range noteFuncs {
		funcs[k] = v
	}
	// Partials (templates/partials/*.html) are panels that several pages
	// include; every page gets them with the layout.
	layout, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse newsroom layout: %w", err)
	}
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("parse newsroom template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// Register adds the newsroom's routes to mux. Every pattern names its
// method, so the public site's "GET /{slug}/" cannot clash with them.
func (n *Newsroom) Register(mux *http.ServeMux) {
	h := func(pattern string, fn handlerFunc) { mux.Handle(pattern, n.handle(fn, true, formLimit)) }
	text := func(pattern string, fn handlerFunc) { mux.Handle(pattern, n.handle(fn, true, textLimit)) }
	upload := func(pattern string, fn handlerFunc) { mux.Handle(pattern, n.handle(fn, true, uploadLimit)) }
	public := func(pattern string, fn handlerFunc) { mux.Handle(pattern, n.handle(fn, false, formLimit)) }

	mux.HandleFunc("GET /newsroom/static/{file}", n.static)
	mux.HandleFunc("GET /newsroom", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/newsroom/", http.StatusMovedPermanently)
	})
	public("GET /newsroom/signin", n.signinForm)
	public("POST /newsroom/signin", n.signin)
	public("POST /newsroom/signout", n.signout)
	public("GET /newsroom/invite/{token}", n.linkForm(auth.TokenInvite))
	public("POST /newsroom/invite/{token}", n.useLink(auth.TokenInvite))
	public("GET /newsroom/password/{token}", n.linkForm(auth.TokenPassword))
	public("POST /newsroom/password/{token}", n.useLink(auth.TokenPassword))

	h("GET /newsroom/{$}", n.postList)
	h("GET /newsroom/posts/new", n.newPost)
	upload("POST /newsroom/posts/new", n.savePost)
	h("GET /newsroom/posts/{id}", n.editPost)
	upload("POST /newsroom/posts/{id}", n.savePost)
	h("POST /newsroom/posts/{id}/publish", n.postAction(publish.Publish))
	h("POST /newsroom/posts/{id}/schedule", n.postAction(publish.Schedule))
	h("POST /newsroom/posts/{id}/unpublish", n.postAction(publish.Unpublish))
	h("POST /newsroom/posts/{id}/delete", n.trashPost)
	h("POST /newsroom/posts/{id}/restore", n.restorePost)
	h("POST /newsroom/posts/{id}/purge", n.purgePost)
	h("GET /newsroom/trash", n.trashList)
	h("GET /newsroom/posts/{id}/pending/preview", n.previewPending)
	h("GET /newsroom/posts/{id}/pending/diff", n.comparePending)
	h("POST /newsroom/posts/{id}/pending/publish", n.publishPending)
	h("POST /newsroom/posts/{id}/pending/discard", n.discardPending)
	h("GET /newsroom/posts/{id}/preview", n.previewPost)
	upload("POST /newsroom/posts/{id}/preview", n.previewForm) // the editor form, file and all
	upload("POST /newsroom/posts/new/preview", n.previewForm)
	text("POST /newsroom/preview", n.livePreview)
	upload("POST /newsroom/media", n.uploadMedia) // the rich-text editor's pictures
	h("GET /newsroom/posts/{id}/revisions", n.revisions)
	h("GET /newsroom/posts/{id}/revisions/{rev}", n.revisionDiff)
	h("POST /newsroom/posts/{id}/revisions/{rev}/restore", n.restoreRevision)
	h("POST /newsroom/posts/{id}/corrections", n.addCorrection)
	h("POST /newsroom/posts/{id}/corrections/{cid}", n.editCorrection)
	h("POST /newsroom/posts/{id}/corrections/{cid}/retract", n.retractCorrection)
	h("POST /newsroom/posts/{id}/breaking", n.breaking)
	n.registerLive(h, upload, text)
	n.registerNotes(h)
	n.registerReview(h)
	n.registerAssignments(h)
	h("GET /newsroom/profile", n.profileForm)
	upload("POST /newsroom/profile", n.saveProfile)
	h("GET /newsroom/users", n.users)
	h("POST /newsroom/users/invite", n.invite)
	h("POST /newsroom/users/{id}", n.updateUser)
	h("POST /newsroom/users/{id}/link", n.passwordLink)
	h("GET /newsroom/tags", n.tags)
	h("POST /newsroom/tags/{id}", n.saveTag)
	h("POST /newsroom/tags/{id}/delete", n.deleteTag)
	h("POST /newsroom/tags/{id}/merge", n.mergeTag)
	h("GET /newsroom/settings", n.settingsForm)
	upload("POST /newsroom/settings", n.saveSettings)
	h("GET /newsroom/pages", n.pageList)
	h("GET /newsroom/pages/new", n.newPage)
	h("GET /newsroom/settings/navigation", n.navigationForm)
	text("POST /newsroom/settings/navigation", n.saveNavigation)
	h("GET /newsroom/redirects", n.redirects)
	h("POST /newsroom/redirects", n.addRedirect)
	upload("POST /newsroom/redirects/upload", n.uploadRedirects)
	h("GET /newsroom/redirects/download", n.downloadRedirects)
	h("POST /newsroom/redirects/{id}/delete", n.deleteRedirect)
	h("GET /newsroom/settings/import", n.importForm)
	mux.Handle("POST /newsroom/settings/import", n.handle(n.startImport, true, importLimit))
	h("GET /newsroom/settings/import/{id}", n.importStatus)
	h("GET /newsroom/integrations", n.integrations)
	h("POST /newsroom/integrations", n.addIntegration)
	h("POST /newsroom/integrations/{id}/revoke", n.revokeIntegration)
	h("POST /newsroom/integrations/{id}/webhooks", n.addWebhook)
	h("GET /newsroom/webhooks/{id}", n.webhookLog)
	h("POST /newsroom/webhooks/{id}/delete", n.deleteWebhook)
	h("POST /newsroom/webhooks/{id}/deliveries/{did}/retry", n.retryDelivery)
	mux.Handle("GET /newsroom/events", n.streamHandle(n.staffEvents))
	h("GET /newsroom/notifications", n.notifications)
	h("GET /newsroom/notifications/{id}", n.openNotification)
	h("POST /newsroom/notifications/read", n.readAllNotifications)
	h("GET /newsroom/settings/email", n.emailForm)
	h("POST /newsroom/settings/email", n.saveEmail)
	h("POST /newsroom/settings/email/test", n.testEmail)
}

// streamHandle wraps the newsroom's event stream: the session is
// required, and a stream without one is refused with 401 (an EventSource
// cannot follow a redirect to a sign-in page).
func (n *Newsroom) streamHandle(fn handlerFunc) http.Handler {
	return n.Auth.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		u := auth.UserFrom(r.Context())
		if u == nil || auth.SessionError(r.Context()) != nil {
			http.Error(w, "Sign in again.", http.StatusUnauthorized)
			return
		}
		if err := fn(w, r, u); err != nil {
			n.error(w, r, u, err)
		}
	}))
}

// CloseStreams ends the newsroom's event streams (server shutdown).
func (n *Newsroom) CloseStreams() { n.presence.Close() }

type handlerFunc func(w http.ResponseWriter, r *http.Request, u *domain.User) error

// handle wraps a handler: cross-origin, session and CSRF checks for state
// changes, the body limit, the sign-in requirement and error pages. A
// POST's body is read last, after the checks its headers allow, so a
// stranger cannot make the server read or parse megabytes.
func (n *Newsroom) handle(fn handlerFunc, needUser bool, limit int64) http.Handler {
	return n.Auth.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		u := auth.UserFrom(r.Context())
		if err := auth.SessionError(r.Context()); err != nil {
			n.error(w, r, u, err) // not "sign in again": the database did not answer
			return
		}
		if r.Method == http.MethodPost {
			if err := n.Auth.CheckOrigin(r); err != nil {
				n.fail(w, r, u, http.StatusForbidden, n.locale(r, u).Err(err))
				return
			}
			if needUser && u == nil {
				n.signinRequired(w, r, limit)
				return
			}
			if err := readForm(w, r, limit); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					n.fail(w, r, u, http.StatusRequestEntityTooLarge, n.locale(r, u).T(
						"The form is larger than the %s this page accepts.", byteSize(limit)))
					return
				}
				n.fail(w, r, u, http.StatusBadRequest, "The form could not be read.")
				return
			}
			// Pages that work without a session (sign-in, invitation and
			// password links) carry no token; the origin check guards them.
			if needUser {
				if err := n.Auth.CheckCSRF(r); err != nil {
					n.fail(w, r, u, http.StatusForbidden, n.locale(r, u).Err(err))
					return
				}
			}
		}
		if needUser && u == nil {
			n.signinRequired(w, r, limit)
			return
		}
		if err := fn(w, r, u); err != nil {
			n.error(w, r, u, err)
		}
	}))
}

// readForm parses a POST's form, reading at most limit bytes of its body;
// a body declared larger is refused unread.
func readForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	if r.ContentLength > limit {
		return &http.MaxBytesError{Limit: limit}
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(8 << 20)
	}
	return r.ParseForm()
}

// byteSize writes a limit as people read it: "64 KB", "16.5 MB" (rounded
// down, so nothing at the size named is refused).
func byteSize(n int64) string {
	if n >= 1<<20 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n*10>>20)/10), ".0") + " MB"
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// signinRequired sends a GET to the sign-in page and back; a POST whose
// session expired gets 401. An editor form's text comes back on that page,
// so nothing is lost, when it fits the text limit: larger bodies and other
// forms are refused without being read.
func (n *Newsroom) signinRequired(w http.ResponseWriter, r *http.Request, limit int64) {
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/newsroom/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if r.Header.Get("X-Requested-With") == "fetch" {
		http.Error(w, n.locale(r, nil).T("Sign in again."), http.StatusUnauthorized)
		return
	}
	data := map[string]any{"PageTitle": "Session expired"}
	if limit >= textLimit && r.ContentLength >= 0 && r.ContentLength <= textLimit && r.Form == nil {
		if readForm(w, r, textLimit) == nil {
			data["PostTitle"], data["Body"] = r.PostFormValue("title"), r.PostFormValue("body")
		}
	}
	n.render(w, r, nil, http.StatusUnauthorized, "expired", data)
}

// error maps an error's code to a status and page, in this one place.
func (n *Newsroom) error(w http.ResponseWriter, r *http.Request, u *domain.User, err error) {
	status := http.StatusInternalServerError
	switch domain.ErrorCode(err) {
	case domain.ENOTFOUND:
		status = http.StatusNotFound
	case domain.EINVALID:
		status = http.StatusBadRequest
	case domain.ECONFLICT:
		status = http.StatusConflict
	case domain.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	case domain.EFORBIDDEN:
		status = http.StatusForbidden
	case domain.ETOOMANY:
		status = http.StatusTooManyRequests
	case domain.EUNAVAILABLE:
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
		n.Log.Warn("newsroom: database unavailable", "path", r.URL.Path, "err", err)
	}
	if status == http.StatusInternalServerError {
		n.Log.Error("newsroom", "path", LogPath(r.URL.Path), "err", err)
	}
	n.fail(w, r, u, status, n.locale(r, u).Err(err))
}

// fail shows msg, an English catalogue key, or an error's message
// already translated, as the page for status.
func (n *Newsroom) fail(w http.ResponseWriter, r *http.Request, u *domain.User, status int, msg string) {
	if r.Header.Get("X-Requested-With") == "fetch" {
		http.Error(w, n.locale(r, u).T(msg), status)
		return
	}
	n.render(w, r, u, status, "error", map[string]any{"PageTitle": http.StatusText(status), "Message": msg, "Status": status})
}

// forbidden is the error for an action the role policy refuses.
func forbidden(what string) error {
	return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to %s.", what)
}

// postFor loads the post named by the {id} path value and checks u may do
// action to it; what completes "Your role does not allow you to ...".
func (n *Newsroom) postFor(r *http.Request, u *domain.User, action domain.Action, what string) (*domain.Post, error) {
	p, err := n.Store.PostByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !domain.Can(u, action, p) {
		return nil, forbidden(what)
	}
	return p, nil
}

// notify hands e to the Notifier after the change it reports is saved. A
// failure is logged: the change stands either way.
func (n *Newsroom) notify(ctx context.Context, e notify.Event) {
	if n.Notifier == nil {
		return
	}
	if err := n.Notifier.Notify(ctx, e); err != nil {
		n.Log.Error("notify staff", "kind", e.Kind, "post", e.PostID, "err", err)
	}
}

// render executes a page into a buffer first, so a template error never
// sends half a page.
func (n *Newsroom) render(w http.ResponseWriter, r *http.Request, u *domain.User, status int, page string, data map[string]any) {
	settings, err := n.Store.Settings(r.Context())
	if err != nil {
		n.Log.Error("load settings", "err", err)
		settings = domain.DefaultSettings()
	}
	l := userLocale(u, settings)
	if u == nil {
		// Nobody is signed in (sign-in, invitation and password pages):
		// the browser's first language the newsroom speaks, else the site's.
		if al := acceptLocale(r.Header.Get("Accept-Language")); al != nil {
			l = al
		}
	}
	pages, err := n.templates(l)
	if err != nil {
		n.Log.Error("parse newsroom templates", "lang", l.lang, "err", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	t, ok := pages[page]
	if !ok {
		http.Error(w, "missing template "+page, http.StatusInternalServerError)
		return
	}
	data["Me"] = u
	data["CSRF"] = auth.CSRFToken(r.Context())
	data["Site"] = settings
	data["SiteURL"] = n.SiteURL
	data["Loc"] = location(settings)
	data["Path"] = r.URL.Path
	data["L"] = l
	data["Unread"] = n.unread(r.Context(), u)
	data["ReviewNav"] = n.reviewNav(r.Context(), u)
	data["MyAssignments"] = n.myOpenAssignments(r.Context(), u)
	if _, ok := data["Flash"]; !ok {
		data["Flash"] = flashes[r.URL.Query().Get("done")]
	}
	localize(l, data)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		n.Log.Error("render newsroom page", "page", page, "err", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// localize translates what handlers put in a page's data in English: the
// page title, the flash and the message (catalogue keys, see
// flashes), and every form's errors, at the top of data or one struct
// down (the editor's postForm.Errors), so handlers need not.
func localize(l *locale, data map[string]any) {
	if s, ok := data["PageTitle"].(string); ok {
		data["PageTitle"] = l.title(s)
	}
	for _, k := range []string{"Flash", "Message", "Error", "FileError"} {
		if s, ok := data[k].(string); ok && s != "" {
			data[k] = l.T(s)
		}
	}
	for k, v := range data {
		switch v := v.(type) {
		case domain.ValidationErrors:
			data[k] = l.Errs(v)
		case *domain.Error:
			if v != nil {
				data[k] = l.Errs(domain.ValidationErrors{v})[0]
			}
		case error: // an error to show as its message
			data[k] = l.Err(v)
		default:
			rv := reflect.ValueOf(v)
			if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
				continue
			}
			sv := rv.Elem()
			for i := 0; i < sv.NumField(); i++ {
				f := sv.Field(i)
				if f.CanSet() && f.Type() == reflect.TypeOf(domain.ValidationErrors(nil)) {
					f.Set(reflect.ValueOf(l.Errs(f.Interface().(domain.ValidationErrors))))
				}
			}
		}
	}
}

// fieldID maps an error's field to the id of the input it is about.
func fieldID(field string) string {
	switch field {
	case "image":
		return "image_file"
	case "caption":
		return "image_caption"
	case "authors":
		return "author-0"
	}
	return field
}

// flashes are the confirmations shown after a redirect (?done=...).
var flashes = map[string]string{
	"webhook":             "Webhook added: the next matching change is sent to it.",
	"webhook-deleted":     "Webhook deleted.",
	"resent":              "Queued to be sent again, under the same delivery id.",
	"saved":               "Saved.",
	"published":           "Published. It is live on the site now.",
	"scheduled":           "Scheduled.",
	"unpublished":         "Unpublished: readers no longer see it.",
	"deleted":             "Deleted.",
	"pending":             "Saved as a pending version. Readers still see the live story until you press Update live story.",
	"updated":             "Updated: readers see the new version now.",
	"discarded":           "Pending version discarded. The live story is unchanged.",
	"trashed":             "Moved to the trash. It can be restored from there for 30 days; meanwhile its address tells readers it was removed.",
	"untrashed":           "Restored from the trash, with the status it had.",
	"purged":              "Deleted for good.",
	"restored":            "Revision restored.",
	"restoredpending":     "Revision restored as a pending version. Readers still see the live story until you press Update live story.",
	"restoredlive":        "Revision restored and published: readers see it now.",
	"corrected":           "Note added: it shows on the public article.",
	"correctionedited":    "Note saved: the public article shows the new text.",
	"correctionretracted": "Note retracted: readers no longer see it.",
	"pinned":              "Pinned as breaking news.",
	"unpinned":            "Breaking banner removed.",
	"profile":             "Profile saved.",
	"settings":            "Settings saved.",
	"user":                "User saved.",
	"tag":                 "Tag saved.",
	"tagdeleted":          "Tag deleted.",
	"tagmerged":           "Tags merged: the posts moved over, and the old tag page redirects to the new one.",
	"password":            "Password set. Welcome.",
	"navigation":          "Menus saved. Readers see them now.",
	"redirect":            "Redirect added.",
	"redirectdeleted":     "Redirect deleted.",
	"redirects":           "Redirects replaced from the file.",
	"noted":               "Note added. Only staff see it.",
	"noteedited":          "Note saved.",
	"notedeleted":         "Note deleted.",
	"noteresolved":        "Thread resolved.",
	"notereopened":        "Thread reopened.",
	"allread":             "All notifications marked as read.",
	"email":               "Email settings saved.",
	"testemail":           "Test email sent. Check your inbox.",
}

func (n *Newsroom) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Write(b)
}

// location is the site's time zone; dates in forms are entered in it.
func location(s domain.Settings) *time.Location {
	if loc, err := time.LoadLocation(s.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

func fmtTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2 Jan 2006, 15:04")
}

func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case t.IsZero():
		return ""
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Format("2 Jan 2006")
}
