package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Assignments: an editor commissions a story from a reporter with a
// deadline and a brief (publish.Service.Assign makes the draft stub and
// its assignment together). Everyone sees "My assignments"; Editors and
// Administrators also see the desk's open assignments, make new ones and
// change or cancel them. The post editor shows a stub's assignment in a
// banner, the post list a deadline pill, and the navigation how many of
// mine are open. Deadlines are measured against the publishing service's
// clock, so tests can move time.

// assignmentRow is an assignment as the pages show it: with the locale
// and zone its partials need, and its state at the time of the request.
type assignmentRow struct {
	*storage.Assignment
	Overdue  bool
	DueToday bool
	L        *locale
	Loc      *time.Location
	now      time.Time
	// Desk marks a row of the desk's list: it names the reporter and
	// offers the editor's actions.
	Desk bool
}

// rowsOf marks each assignment overdue or due today at now, in the site's
// time zone.
func rowsOf(list []*storage.Assignment, now time.Time, l *locale, loc *time.Location) []*assignmentRow {
	out := make([]*assignmentRow, len(list))
	for i, a := range list {
		out[i] = rowOf(a, now, l, loc)
	}
	return out
}

func rowOf(a *storage.Assignment, now time.Time, l *locale, loc *time.Location) *assignmentRow {
	r := &assignmentRow{Assignment: a, L: l, Loc: loc, Overdue: a.Overdue(now), now: now}
	r.DueToday = !r.Overdue && !a.Done() && sameDay(a.Deadline.In(loc), now.In(loc))
	return r
}

// pageLocale is the locale and time zone a page of u's is read in.
func (n *Newsroom) pageLocale(ctx context.Context, u *domain.User) (*locale, *time.Location) {
	s, err := n.Store.Settings(ctx)
	if err != nil {
		s = domain.DefaultSettings()
	}
	return userLocale(u, s), location(s)
}

// myOpenAssignments counts u's open assignments, for the navigation. A
// failure shows no count rather than no page.
func (n *Newsroom) myOpenAssignments(ctx context.Context, u *domain.User) int {
	if u == nil {
		return 0
	}
	c, err := n.Store.CountAssignments(ctx, storage.AssignmentQuery{AssigneeID: u.ID, Open: true})
	if err != nil {
		n.Log.Warn("count assignments", "err", err)
		return 0
	}
	return c
}

// assignmentMarks are the assignments of the listed posts, for the post
// list's deadline pills.
func (n *Newsroom) assignmentMarks(ctx context.Context, u *domain.User, posts []*domain.Post) map[string]*assignmentRow {
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	m, err := n.Store.AssignmentsOf(ctx, ids)
	if err != nil {
		n.Log.Warn("load assignments of posts", "err", err)
		return nil
	}
	l, loc := n.pageLocale(ctx, u)
	now := n.Publisher.Clock()
	out := map[string]*assignmentRow{}
	for id, a := range m {
		out[id] = rowOf(a, now, l, loc)
	}
	return out
}

// assignmentBanner is the editor's banner for a stub's assignment; nil
// for a post that is none (or a new one).
func (n *Newsroom) assignmentBanner(ctx context.Context, u *domain.User, p *domain.Post) *assignmentRow {
	if p == nil || p.ID == "" {
		return nil
	}
	a, err := n.Store.AssignmentOf(ctx, p.ID)
	if err != nil {
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			n.Log.Warn("load assignment", "post", p.ID, "err", err)
		}
		return nil
	}
	l, loc := n.pageLocale(ctx, u)
	return rowOf(a, n.Publisher.Clock(), l, loc)
}

// assignmentFlashes confirm the assignment forms' actions (?done=...).
var assignmentFlashes = map[string]string{
	"assigned":   "Assigned. The reporter has been told and finds the story under My assignments.",
	"changed":    "Assignment saved.",
	"reassigned": "Reassigned. The new reporter has been told, and the draft is theirs now.",
	"cancelled":  "Assignment cancelled. The draft stays, as an ordinary draft.",
}

// assignmentList is /newsroom/assignments: mine for everyone, the desk's
// for Editors and up, filtered by reporter.
func (n *Newsroom) assignmentList(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	l, loc := n.pageLocale(ctx, u)
	now := n.Publisher.Clock()
	mine, err := n.Store.ListAssignments(ctx, storage.AssignmentQuery{AssigneeID: u.ID, Open: true})
	if err != nil {
		return err
	}
	mineDone, err := n.Store.ListAssignments(ctx, storage.AssignmentQuery{AssigneeID: u.ID, Done: true, Limit: 5})
	if err != nil {
		return err
	}
	data := map[string]any{
		"PageTitle": l.T("Assignments"), "Mine": rowsOf(mine, now, l, loc), "MineDone": rowsOf(mineDone, now, l, loc),
		"Desk": domain.Can(u, domain.ActionAssign, nil),
	}
	if msg, ok := assignmentFlashes[r.URL.Query().Get("done")]; ok {
		data["Flash"] = l.T(msg)
	}
	if data["Desk"] == true {
		reporter := r.URL.Query().Get("reporter")
		staff, err := n.Store.ListUsers(ctx)
		if err != nil {
			return err
		}
		if reporter != "" {
			if _, err := n.Store.UserByID(ctx, reporter); err != nil {
				if domain.ErrorCode(err) == domain.ENOTFOUND {
					return domain.FieldError("reporter", "Unknown reporter.")
				}
				return err
			}
		}
		open, err := n.Store.ListAssignments(ctx, storage.AssignmentQuery{AssigneeID: reporter, Open: true})
		if err != nil {
			return err
		}
		done, err := n.Store.ListAssignments(ctx, storage.AssignmentQuery{AssigneeID: reporter, Done: true, Limit: 10})
		if err != nil {
			return err
		}
		overdue := 0
		for _, a := range open {
			if a.Overdue(now) {
				overdue++
			}
		}
		data["Staff"], data["Reporter"] = staff, reporter
		openRows, doneRows := rowsOf(open, now, l, loc), rowsOf(done, now, l, loc)
		for _, r := range append(openRows, doneRows...) {
			r.Desk = true
		}
		data["Open"], data["Done"] = openRows, doneRows
		data["OverdueCount"] = overdue
	}
	n.render(w, r, u, http.StatusOK, "assignments", data)
	return nil
}

// assignmentForm is the new and change forms as typed, with their errors.
type assignmentForm struct {
	Title, Kind, VideoURL, Assignee, Deadline, Brief string
	Errors                                           domain.ValidationErrors
	// Current is the assignment being changed; nil on the new form.
	Current *assignmentRow
}

// renderAssignmentForm shows the new (f.Current nil) or change form.
func (n *Newsroom) renderAssignmentForm(w http.ResponseWriter, r *http.Request, u *domain.User, status int, f *assignmentForm) error {
	ctx := r.Context()
	staff, err := n.Store.ListUsers(ctx)
	if err != nil {
		return err
	}
	// Anyone on staff who can sign in may be assigned; a suspended
	// account is left out.
	var reporters []*domain.User
	for _, s := range staff {
		if !s.Suspended && s.Role.Valid() {
			reporters = append(reporters, s)
		}
	}
	l, _ := n.pageLocale(ctx, u)
	title := l.T("New assignment")
	if f.Current != nil {
		title = l.T("Change assignment")
	}
	n.render(w, r, u, status, "assignment", map[string]any{"PageTitle": title, "AF": f, "Reporters": reporters})
	return nil
}

// newAssignment shows the form that commissions a story.
func (n *Newsroom) newAssignment(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionAssign, nil) {
		return forbidden("assign stories")
	}
	f := &assignmentForm{Kind: string(domain.KindArticle), Assignee: r.URL.Query().Get("reporter")}
	// A sensible default: end of today's working day, or tomorrow's.
	_, loc := n.pageLocale(r.Context(), u)
	now := n.Publisher.Clock().In(loc)
	due := time.Date(now.Year(), now.Month(), now.Day(), 18, 0, 0, 0, loc)
	if !due.After(now.Add(time.Hour)) {
		due = due.AddDate(0, 0, 1)
	}
	f.Deadline = due.Format("2006-01-02T15:04")
	return n.renderAssignmentForm(w, r, u, http.StatusOK, f)
}

// formTerms reads the deadline and brief of an assignment form; a
// deadline that does not parse is a field error in f.
func (n *Newsroom) formTerms(r *http.Request, f *assignmentForm) storage.Assignment {
	f.Assignee, f.Deadline, f.Brief = r.PostFormValue("assignee"), r.PostFormValue("deadline"), r.PostFormValue("brief")
	as := storage.Assignment{AssigneeID: f.Assignee, Brief: f.Brief}
	if f.Deadline == "" {
		return as // the service says a deadline is needed
	}
	t, err := parseLocalTime(f.Deadline, n.loc(r.Context()))
	if err != nil {
		f.Errors = append(f.Errors, domain.FieldError("deadline", "Enter the deadline as a date and time, like 2026-03-19 14:30."))
		return as
	}
	as.Deadline = t
	return as
}

// createAssignment makes the stub and its assignment, then tells the
// reporter.
func (n *Newsroom) createAssignment(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	if !domain.Can(u, domain.ActionAssign, nil) {
		return forbidden("assign stories")
	}
	f := &assignmentForm{Title: r.PostFormValue("title"), Kind: r.PostFormValue("kind"), VideoURL: r.PostFormValue("video_url")}
	as := n.formTerms(r, f)
	if len(f.Errors) > 0 {
		return n.renderAssignmentForm(w, r, u, http.StatusBadRequest, f)
	}
	settings, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	p := &domain.Post{Title: f.Title, Kind: domain.Kind(f.Kind), VideoURL: f.VideoURL, Language: settings.Language}
	if err := n.Publisher.Assign(ctx, publish.Actor{User: u}, p, &as); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			f.Errors = append(f.Errors, asFieldErrors(err)...)
			return n.renderAssignmentForm(w, r, u, http.StatusBadRequest, f)
		}
		return err
	}
	n.notifyAssigned(ctx, u, &as)
	http.Redirect(w, r, "/newsroom/assignments?done=assigned", http.StatusSeeOther)
	return nil
}

// notifyAssigned tells the assignee about their assignment.
func (n *Newsroom) notifyAssigned(ctx context.Context, u *domain.User, a *storage.Assignment) {
	n.notify(ctx, notify.Event{Kind: notify.Assigned, Recipients: []string{a.AssigneeID}, ActorID: u.ID,
		PostID: a.PostID, PostTitle: a.Title, Note: a.Brief, Path: "/newsroom/posts/" + a.PostID})
}

// asFieldErrors lists err's field errors.
func asFieldErrors(err error) domain.ValidationErrors {
	if ve, ok := err.(domain.ValidationErrors); ok {
		return ve
	}
	return domain.ValidationErrors{asFieldError(err, "")}
}

// editAssignment shows the form that changes an open assignment.
func (n *Newsroom) editAssignment(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	if !domain.Can(u, domain.ActionAssign, nil) {
		return forbidden("change assignments")
	}
	a, err := n.Store.AssignmentOf(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	l, loc := n.pageLocale(ctx, u)
	f := &assignmentForm{Assignee: a.AssigneeID, Deadline: a.Deadline.In(loc).Format("2006-01-02T15:04"), Brief: a.Brief,
		Current: rowOf(a, n.Publisher.Clock(), l, loc)}
	return n.renderAssignmentForm(w, r, u, http.StatusOK, f)
}

// changeAssignment saves the change form: deadline and brief in place, a
// new reporter through the publishing service (the draft becomes theirs),
// who is then told.
func (n *Newsroom) changeAssignment(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	if !domain.Can(u, domain.ActionAssign, nil) {
		return forbidden("change assignments")
	}
	cur, err := n.Store.AssignmentOf(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	l, loc := n.pageLocale(ctx, u)
	f := &assignmentForm{Current: rowOf(cur, n.Publisher.Clock(), l, loc)}
	to := n.formTerms(r, f)
	if len(f.Errors) > 0 {
		return n.renderAssignmentForm(w, r, u, http.StatusBadRequest, f)
	}
	a, reassigned, err := n.Publisher.ChangeAssignment(ctx, publish.Actor{User: u}, cur.PostID, to)
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			f.Errors = append(f.Errors, asFieldErrors(err)...)
			return n.renderAssignmentForm(w, r, u, http.StatusBadRequest, f)
		}
		return err
	}
	done := "changed"
	if reassigned {
		n.notifyAssigned(ctx, u, a)
		done = "reassigned"
	}
	http.Redirect(w, r, "/newsroom/assignments?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
	return nil
}

// cancelAssignment drops an assignment; the draft stays.
func (n *Newsroom) cancelAssignment(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if err := n.Publisher.CancelAssignment(r.Context(), publish.Actor{User: u}, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/assignments?done=cancelled", http.StatusSeeOther)
	return nil
}

// registerAssignments adds the assignment routes.
func (n *Newsroom) registerAssignments(h func(string, handlerFunc)) {
	h("GET /newsroom/assignments", n.assignmentList)
	h("GET /newsroom/assignments/new", n.newAssignment)
	h("POST /newsroom/assignments", n.createAssignment)
	h("GET /newsroom/assignments/{id}", n.editAssignment)
	h("POST /newsroom/assignments/{id}", n.changeAssignment)
	h("POST /newsroom/assignments/{id}/cancel", n.cancelAssignment)
}

// shortMonths name months in the deadline chip; the catalogue translates
// them.
var shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// DayLabel is the deadline's day in the chip: today, tomorrow, or the
// day and month.
func (r *assignmentRow) DayLabel() string {
	d := r.Deadline.In(r.Loc)
	if r.DueToday {
		return r.L.T("Today")
	}
	if !r.Overdue && !r.Done() && sameDay(d, r.now.In(r.Loc).AddDate(0, 0, 1)) {
		return r.L.T("Tomorrow")
	}
	return d.Format("2") + " " + r.L.T(shortMonths[d.Month()-1])
}

// Clock is the deadline's time of day.
func (r *assignmentRow) Clock() string { return r.Deadline.In(r.Loc).Format("15:04") }

func sameDay(a, b time.Time) bool {
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}
