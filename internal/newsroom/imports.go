package newsroom

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
)

// importLimit bounds an export uploaded in the newsroom; larger archives
// are imported on the server with `newsdesk import`.
const importLimit = 1 << 30

// importJob is an import running in the background: a large archive takes
// minutes, longer than a browser waits for one answer.
type importJob struct {
	ID       string
	File     string
	DryRun   bool
	Started  time.Time
	mu       sync.Mutex
	done     int
	total    int
	finished time.Time
	report   string
	err      error // why it stopped; worded when shown, in the reader's language
}

// importJobs are the imports of this process, newest last. An import is
// rare and its report small, so they are kept until restart.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

func (j *importJob) snapshot() map[string]any {
	j.mu.Lock()
	defer j.mu.Unlock()
	pct := 0
	if j.total > 0 {
		pct = j.done * 100 / j.total
	}
	return map[string]any{"ID": j.ID, "File": j.File, "DryRun": j.DryRun, "Started": j.Started, "Done": j.done,
		"Total": j.total, "Percent": pct, "Finished": !j.finished.IsZero(), "FinishedAt": j.finished,
		"Report": j.report, "Error": j.err} // localize words the error
}

func (n *Newsroom) importForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("import content")
	}
	n.render(w, r, u, http.StatusOK, "import", map[string]any{"PageTitle": "Import", "Limit": byteSize(importLimit)})
	return nil
}

// startImport reads the uploaded export far enough to know it is whole
// and well formed, then imports it in the background and sends the
// browser to the job's page.
func (n *Newsroom) startImport(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("import content")
	}
	refuse := func(msg string) error {
		n.render(w, r, u, http.StatusBadRequest, "import", map[string]any{"PageTitle": "Import", "Limit": byteSize(importLimit), "FileError": msg})
		return nil
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return refuse("Choose an export file: Ghost's .json or WordPress's .xml.")
	}
	fh := r.MultipartForm.File["file"][0]
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	// The upload's own temporary file goes with the request; the import
	// outlives it.
	tmp, err := os.CreateTemp("", "newsdesk-import-*")
	if err != nil {
		return err
	}
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	tmp.Seek(0, io.SeekStart)
	im, err := importer.Open(tmp, importer.Options{})
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return refuse(n.locale(r, u).T("Nothing was imported: %s", err.Error()))
	}
	job := &importJob{ID: domain.NewID(), File: fh.Filename, DryRun: r.PostFormValue("dry_run") == "1", Started: time.Now(), total: im.PostCount}
	n.imports.mu.Lock()
	if n.imports.jobs == nil {
		n.imports.jobs = map[string]*importJob{}
	}
	n.imports.jobs[job.ID] = job
	n.imports.mu.Unlock()
	go n.runImport(job, tmp, im, u)
	http.Redirect(w, r, "/newsroom/settings/import/"+job.ID, http.StatusSeeOther)
	return nil
}

func (n *Newsroom) runImport(job *importJob, tmp *os.File, im *importer.Import, u *domain.User) {
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	ctx := context.Background()
	target := importer.Target{Store: n.Store, Publisher: n.Publisher}
	res, err := importer.Apply(ctx, target, publish.Actor{User: u}, im, importer.ApplyOptions{DryRun: job.DryRun,
		Progress: func(done, total int) {
			job.mu.Lock()
			job.done, job.total = done, total
			job.mu.Unlock()
		}})
	var buf bytes.Buffer
	im.Report.WriteTo(&buf)
	if res != nil {
		res.WriteTo(&buf)
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	job.finished = time.Now()
	job.report = buf.String()
	if err != nil {
		n.Log.Error("newsroom import", "file", job.File, "err", err)
		var de *domain.Error
		if !errors.As(err, &de) {
			err = domain.Errorf(domain.EINTERNAL, "The import stopped: %v. What was imported before stays; importing the same file again finishes it.", err.Error())
		}
		job.err = err
		return
	}
	job.done = job.total
}

func (n *Newsroom) importStatus(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("import content")
	}
	n.imports.mu.Lock()
	job := n.imports.jobs[r.PathValue("id")]
	n.imports.mu.Unlock()
	if job == nil {
		return domain.Errorf(domain.ENOTFOUND, "No such import: imports are listed until the server restarts.")
	}
	data := job.snapshot()
	data["PageTitle"] = "Import: " + job.File
	n.render(w, r, u, http.StatusOK, "importjob", data)
	return nil
}
