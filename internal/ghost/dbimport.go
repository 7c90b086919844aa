package ghost

import (
	"errors"
	"io"
	"net/http"
	"os"

	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
)

// maxImportBody bounds an export uploaded to POST db/: a large archive
// (100,000 posts of Ghost JSON is about 1 GB; bigger sites use
// `newsdesk import` on the server).
const maxImportBody = 1 << 30

// adminImportDB answers POST /ghost/api/admin/db/ as Ghost does: the
// multipart field importfile holds a Ghost JSON export (or, beyond Ghost,
// a WordPress WXR file), imported through the same importer as `newsdesk
// import`. Ghost's answer lists the problems; so does this one, with the
// importer's notes and skips. As in Ghost, only a signed-in
// Administrator may import, never an integration.
func (a *API) adminImportDB(w http.ResponseWriter, r *http.Request, who *actor) {
	if err := staffOnly(who, "importContent", "db"); err != nil {
		a.writeError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	mr, err := r.MultipartReader()
	if err != nil {
		a.writeError(w, r, errValidation(http.StatusBadRequest, "Validation error: send the export as multipart/form-data in the field importfile.", "", "importfile"))
		return
	}
	tmp, err := os.CreateTemp("", "newsdesk-import-*")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	got := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.writeError(w, r, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError",
					Message: "The export is larger than 1 GB: run newsdesk import on the server."})
				return
			}
			a.writeError(w, r, errValidation(http.StatusBadRequest, "Validation error: malformed multipart body: "+err.Error(), "", "importfile"))
			return
		}
		if part.FormName() == "importfile" && !got {
			if _, err := io.Copy(tmp, part); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					a.writeError(w, r, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError",
						Message: "The export is larger than 1 GB: run newsdesk import on the server."})
					return
				}
				a.writeError(w, r, errValidation(http.StatusBadRequest, "Validation error: the upload was cut short.", "", "importfile"))
				return
			}
			got = true
		}
		part.Close()
	}
	if !got {
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity, "Validation error: no importfile field in the upload.", "", "importfile"))
		return
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		a.writeError(w, r, err)
		return
	}
	im, err := importer.Open(tmp, importer.Options{})
	if err != nil {
		var ie *importer.Error
		if errors.As(err, &ie) || errors.Is(err, importer.ErrTruncated) {
			a.writeError(w, r, &apiError{Status: http.StatusUnprocessableEntity, Type: "UnsupportedMediaTypeError",
				Message: "Nothing was imported: " + err.Error()})
			return
		}
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity, "Validation error: nothing was imported: "+err.Error(), "", "importfile"))
		return
	}
	res, err := importer.Apply(r.Context(), importer.Target{Store: a.Store, Publisher: a.Publisher}, publish.Actor{User: who.User}, im, importer.ApplyOptions{})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	problems := []object{}
	for _, n := range im.Report.Notes {
		problems = append(problems, object{{"message", n.Message}, {"help", n.Kind + " " + n.SourceID}, {"context", n.Title}})
	}
	for _, s := range res.Posts.Skips {
		problems = append(problems, object{{"message", "Skipped: " + s.Reason}, {"help", s.SourceKey}, {"context", s.Title}})
	}
	changed(w)
	a.writeJSON(w, r, http.StatusOK, object{{"db", []any{}}, {"problems", problems}, {"newsdesk", object{
		{"posts_created", res.Posts.Created}, {"posts_skipped", res.Posts.Skipped},
		{"users_created", res.UsersCreated}, {"tags_created", res.TagsCreated}, {"redirects", res.Redirects}}}}, privateCache)
}
