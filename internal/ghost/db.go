package ghost

import (
	"net/http"

	"newsdesk/internal/domain"
	"newsdesk/internal/export"
)

// adminExportDB answers GET /ghost/api/admin/db/ as Ghost does: the whole
// site as a Ghost JSON export, as a download. Only signed-in
// Administrators may take it (it holds every draft and every staff
// email); integrations are refused as Ghost refuses them. The file streams
// from one snapshot, so a site of any size costs the server the same
// memory.
func (a *API) adminExportDB(w http.ResponseWriter, r *http.Request, who *actor) {
	if err := staffOnly(who, "exportContent", "db"); err != nil {
		a.writeError(w, r, err)
		return
	}
	title := "newsdesk"
	if st, err := a.Store.Settings(r.Context()); err == nil && domain.Slugify(st.Title) != "" {
		title = domain.Slugify(st.Title)
	}
	now := a.Now()
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `Attachment; filename="`+title+`.ghost.`+now.UTC().Format("2006-01-02-15-04-05")+`.json"`)
	h.Set("Cache-Control", privateCache)
	h.Set("Content-Version", Version)
	h.Set("Vary", "Accept-Version, Accept-Encoding")
	if a.adminCORS(w, r) {
		h.Set("Vary", "Accept-Version, Origin, Accept-Encoding")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	sw := &startedWriter{w: w}
	_, err := export.Write(r.Context(), sw, a.Store, export.Options{SiteURL: a.SiteURL, Now: a.Now})
	if err == nil {
		return
	}
	if !sw.started {
		a.writeError(w, r, err)
		return
	}
	// Part of the file is out with a 200: cut the connection so the
	// client sees a failed download, never a short file that looks whole.
	a.Log.Error("ghost api: export failed midway", "err", err)
	panic(http.ErrAbortHandler)
}

// startedWriter notes whether any byte reached the client.
type startedWriter struct {
	w       http.ResponseWriter
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.w.Write(p)
}

// staffOnly is Ghost's permission check for the site-wide endpoints (db/
// and redirects/): only an Administrator's staff session passes. Ghost's
// permission fixtures give integrations no db/ actions and keep
// redirects/ off their allow-list (notImplemented, a 501 before any
// permission check); other roles lack the permission. The messages are
// Ghost's.
func staffOnly(who *actor, method, doc string) error {
	if who.Integration != nil && doc == "redirects" {
		return errNotImplemented()
	}
	if who.Integration != nil || who.User == nil || who.User.Role != domain.RoleAdministrator {
		return &apiError{Status: http.StatusForbidden, Type: "NoPermissionError",
			Message: "You do not have permission to " + method + " " + doc, raw: true}
	}
	return nil
}

// errNotImplemented is Ghost's answer to an integration calling an
// endpoint that is not on its allow-list.
func errNotImplemented() *apiError {
	return &apiError{Status: http.StatusNotImplemented, Type: "NotImplementedError",
		Message: "The server does not support the functionality required to fulfill the request.", raw: true}
}
