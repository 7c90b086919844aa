package ghost

import (
	"net/http"

	"newsdesk/internal/domain"
	"newsdesk/internal/export"
)

// adminExportDB answers GET /ghost/api/admin/db/ as Ghost does: the whole
// site as a Ghost JSON export, as a download. Only Administrators and
// administrator integrations may take it (it holds every draft and every
// staff email). The file streams from one snapshot, so a site of any size
// costs the server the same memory.
func (a *API) adminExportDB(w http.ResponseWriter, r *http.Request, who *actor) {
	if who.User.Role != domain.RoleAdministrator {
		a.writeError(w, r, errNoPermission("You do not have permission to export the site: only Administrators may."))
		return
	}
	title := "newsdesk"
	if st, err := a.Store.Settings(r.Context()); err == nil && domain.Slugify(st.Title) != "" {
		title = domain.Slugify(st.Title)
	}
	now := a.Now()
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+title+`.ghost.`+now.UTC().Format("2006-01-02-15-04-05")+`.json"`)
	h.Set("Cache-Control", "no-store")
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
