package ghost

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"unicode"
	"unicode/utf8"

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
	if err := staffOnly(who, "upload", "redirects"); err != nil {
		a.writeError(w, r, err)
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
		// Ghost's message wraps JavaScript's JSON.parse error; Go's words
		// for the commonest case (a cut-off file) are the same.
		e := &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", raw: true,
			Message: "Could not parse JSON: " + upperFirst(syntax.Reason) + "."}
		if syntax.Line > 0 {
			e.Context = fmt.Sprintf("The redirects file is not valid JSON at line %d.", syntax.Line)
		}
		a.writeError(w, r, e)
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

// adminDownloadRedirects answers with every rule as redirects.json, with
// Ghost's headers (an ETag among them, so the file is built first: at
// most MaxRules rules, a few megabytes).
func (a *API) adminDownloadRedirects(w http.ResponseWriter, r *http.Request, who *actor) {
	if err := staffOnly(who, "download", "redirects"); err != nil {
		a.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := redirect.WriteFile(r.Context(), &buf, a.Store); err != nil {
		a.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `Attachment; filename="redirects.json"`)
	h.Set("Cache-Control", privateCache)
	h.Set("Content-Version", Version)
	h.Set("Vary", "Accept-Version, Accept-Encoding")
	if a.adminCORS(w, r) {
		h.Set("Vary", "Accept-Version, Origin, Accept-Encoding")
	}
	sum := sha256.Sum256(buf.Bytes())
	h.Set("ETag", `W/"`+hex.EncodeToString(sum[:12])+`"`)
	w.Write(buf.Bytes())
}

// upperFirst capitalises the first letter, as JavaScript's error
// messages start.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
