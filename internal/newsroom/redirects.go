package newsroom

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/redirect"
	"newsdesk/internal/storage"
)

// Redirects: Administrators add, find and delete rules one by one, or
// replace them all with a redirects.json file (the format Ghost uses,
// also served by the Admin API).

const redirectsPerPage = 50

// redirectForm is the add form as typed, with its errors.
type redirectForm struct {
	From, To  string
	Permanent bool
	Errors    domain.ValidationErrors
}

func (n *Newsroom) redirects(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	return n.renderRedirects(w, r, u, http.StatusOK, redirectForm{Permanent: true}, "")
}

func (n *Newsroom) renderRedirects(w http.ResponseWriter, r *http.Request, u *domain.User, status int, f redirectForm, fileErr string) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("manage redirects")
	}
	ctx := r.Context()
	v := r.URL.Query()
	q := storage.RedirectQuery{Search: strings.TrimSpace(v.Get("q")), Limit: redirectsPerPage}
	if len(q.Search) > 200 {
		return domain.FieldError("q", "Search text is too long.")
	}
	if a := v.Get("after"); a != "" {
		pos, err := strconv.ParseInt(a, 10, 64)
		if err != nil || pos < 0 {
			return domain.FieldError("after", "Malformed page position.")
		}
		q.After = pos
	}
	page, err := n.Store.ListRedirects(ctx, q)
	if err != nil {
		return err
	}
	all, patterns, err := n.Store.CountRedirects(ctx)
	if err != nil {
		return err
	}
	next := ""
	if page.Next != 0 {
		nv := url.Values{"after": {strconv.FormatInt(page.Next, 10)}}
		if q.Search != "" {
			nv.Set("q", q.Search)
		}
		next = "/newsroom/redirects?" + nv.Encode()
	}
	n.render(w, r, u, status, "redirects", map[string]any{
		"PageTitle": "Redirects", "Rules": page.Redirects, "Next": next, "Q": q.Search, "Paged": q.After != 0,
		"All": all, "Patterns": patterns, "MaxPatterns": domain.MaxPatternRedirects, "Form": f, "FileError": fileErr,
	})
	return nil
}

func (n *Newsroom) addRedirect(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("manage redirects")
	}
	f := redirectForm{From: strings.TrimSpace(r.PostFormValue("from")), To: strings.TrimSpace(r.PostFormValue("to")),
		Permanent: r.PostFormValue("permanent") == "1"}
	rule := &domain.Redirect{From: f.From, To: f.To, Permanent: f.Permanent}
	if err := n.Store.AddRedirect(r.Context(), rule); err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		if ve, ok := err.(domain.ValidationErrors); ok {
			f.Errors = ve
		} else {
			f.Errors = domain.ValidationErrors{asFieldError(err, "from")}
		}
		return n.renderRedirects(w, r, u, http.StatusBadRequest, f, "")
	}
	n.redirectsChanged()
	http.Redirect(w, r, "/newsroom/redirects?done=redirect", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) deleteRedirect(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("manage redirects")
	}
	if err := n.Store.DeleteRedirect(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	n.redirectsChanged()
	http.Redirect(w, r, "/newsroom/redirects?done=redirectdeleted", http.StatusSeeOther)
	return nil
}

// uploadRedirects replaces every rule with an uploaded redirects.json;
// a file with any bad rule changes nothing and says which rule.
func (n *Newsroom) uploadRedirects(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("manage redirects")
	}
	fail := func(msg string) error {
		return n.renderRedirects(w, r, u, http.StatusBadRequest, redirectForm{Permanent: true}, msg)
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return fail("Choose a redirects.json file to upload.")
	}
	fh := r.MultipartForm.File["file"][0]
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	rules, err := redirect.ParseFile(data)
	if err == nil {
		err = n.Store.ReplaceRedirects(r.Context(), rules)
	}
	var syntax *redirect.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return fail(syntax.Message + " " + n.locale(r, u).T("Nothing was changed."))
	case domain.ErrorCode(err) == domain.EINVALID:
		return fail(n.locale(r, u).Err(err) + " " + n.locale(r, u).T("Nothing was changed."))
	case err != nil:
		return err
	}
	n.redirectsChanged()
	http.Redirect(w, r, "/newsroom/redirects?done=redirects&n="+strconv.Itoa(len(rules)), http.StatusSeeOther)
	return nil
}

func (n *Newsroom) downloadRedirects(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("manage redirects")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="redirects.json"`)
	if err := redirect.WriteFile(r.Context(), w, n.Store); err != nil {
		n.Log.Error("download redirects", "err", err) // the answer has begun
	}
	return nil
}

func (n *Newsroom) redirectsChanged() {
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.RedirectsUpdated})
	}
}
