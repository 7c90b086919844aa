package ghost

import (
	"errors"
	"io"
	"net/http"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/redirect"
)

// maxRedirectsBody bounds an uploaded redirects.json: 200,000 rules of
// ordinary length fit well within it.
const maxRedirectsBody = 32 << 20

// adminUploadRedirects replaces every redirect rule with the uploaded
// redirects.json (multipart field "redirects"), as Ghost does: all rules
// are checked first, and a file with any bad rule changes nothing.
func (a *API) adminUploadRedirects(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionManageSite, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to upload redirects."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxRedirectsBody)
	mr, err := r.MultipartReader()
	if err != nil {
		a.writeError(w, r, errValidation(http.StatusBadRequest,
			"Validation error: send redirects.json as multipart/form-data in a field named redirects.", "", "redirects"))
		return
	}
	var data []byte
	found := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err == nil && part.FormName() == "redirects" && !found {
			data, err = io.ReadAll(part)
			found = true
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.writeError(w, r, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError",
					Message: "The redirects file is larger than 32 MB."})
				return
			}
			a.writeError(w, r, errValidation(http.StatusBadRequest, "Validation error: malformed multipart body: "+err.Error(), "", "redirects"))
			return
		}
		part.Close()
	}
	if !found {
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity, "Validation error: no redirects field in the upload.", "", "redirects"))
		return
	}
	rules, err := redirect.ParseFile(data)
	var syntax *redirect.SyntaxError
	if errors.As(err, &syntax) {
		a.writeError(w, r, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: syntax.Message})
		return
	}
	if err == nil {
		err = a.Store.ReplaceRedirects(r.Context(), rules)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			err = errValidation(http.StatusUnprocessableEntity, "Incorrect redirects file format.", domain.ErrorMessage(err), "redirects")
		}
		a.writeError(w, r, err)
		return
	}
	if a.Events != nil {
		a.Events.Publish(events.Event{Type: events.RedirectsUpdated})
	}
	w.Header().Set("X-Cache-Invalidate", "/*")
	a.writeJSON(w, r, http.StatusOK, object{}, privateCache)
}

// adminDownloadRedirects answers with every rule as redirects.json.
func (a *API) adminDownloadRedirects(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionManageSite, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to download redirects."))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `Attachment; filename="redirects.json"`)
	h.Set("Cache-Control", privateCache)
	if err := redirect.WriteFile(r.Context(), w, a.Store); err != nil {
		// The status is sent; all that is left is to say so in the log.
		a.Log.Error("ghost api: download redirects", "err", err)
	}
}
