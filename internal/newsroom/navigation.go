package newsroom

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// Menus are edited without JavaScript: each link is a row with an order
// number, a label, a URL and a Remove box, and a few blank rows add
// links. Saving sorts by the numbers.

// blankNavRows are the empty rows offered for new links.
const blankNavRows = 3

// navRow is one row of a menu form.
type navRow struct {
	Order int
	domain.NavItem
}

// menuForm is one menu as the form shows it.
type menuForm struct {
	Name  string // field prefix: "primary" or "secondary"
	Title string
	Hint  string
	Rows  []navRow
	Error string
}

func menuOf(name, title, hint string, items []domain.NavItem) menuForm {
	m := menuForm{Name: name, Title: title, Hint: hint}
	for i, it := range items {
		m.Rows = append(m.Rows, navRow{Order: i + 1, NavItem: it})
	}
	for i := 0; i < blankNavRows; i++ {
		m.Rows = append(m.Rows, navRow{Order: len(items) + i + 1})
	}
	return m
}

func (n *Newsroom) navigationForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	s, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	return n.renderNavigation(w, r, u, http.StatusOK, s.Navigation, s.SecondaryNavigation, "", "")
}

func (n *Newsroom) renderNavigation(w http.ResponseWriter, r *http.Request, u *domain.User, status int,
	primary, secondary []domain.NavItem, primaryErr, secondaryErr string) error {
	p := menuOf("primary", "Masthead menu", "Replaces the automatic sections under the site name. Leave it empty to keep them.", primary)
	p.Error = primaryErr
	s := menuOf("secondary", "Footer menu", "Links at the foot of every page: About, Contact, Corrections policy.", secondary)
	s.Error = secondaryErr
	n.render(w, r, u, status, "navigation", map[string]any{"PageTitle": "Navigation", "Menus": []menuForm{p, s},
		"Failed": primaryErr != "" || secondaryErr != ""})
	return nil
}

// readMenu reads one menu's rows from the form, in the order their
// numbers give (rows without a number keep their place), leaving out
// removed and blank rows.
func readMenu(r *http.Request, name string) []domain.NavItem {
	type row struct {
		order, index int
		item         domain.NavItem
	}
	var rows []row
	for i := 0; i < domain.MaxNavItems+blankNavRows+10; i++ {
		prefix := name + "-" + strconv.Itoa(i) + "-"
		if _, ok := r.PostForm[prefix+"label"]; !ok {
			break
		}
		it := domain.NavItem{Label: strings.TrimSpace(r.PostFormValue(prefix + "label")), URL: strings.TrimSpace(r.PostFormValue(prefix + "url"))}
		if r.PostFormValue(prefix+"remove") == "1" || it.Label == "" && it.URL == "" {
			continue
		}
		order, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(prefix + "order")))
		if err != nil {
			order = i + 1
		}
		rows = append(rows, row{order: order, index: i, item: it})
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].order < rows[b].order })
	items := make([]domain.NavItem, len(rows))
	for i, rw := range rows {
		items[i] = rw.item
	}
	return items
}

func (n *Newsroom) saveNavigation(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	ctx := r.Context()
	s, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	primary, secondary := readMenu(r, "primary"), readMenu(r, "secondary")
	l := n.locale(r, u)
	pErr := allMessages(l, domain.ValidateNavigation("navigation", primary))
	sErr := allMessages(l, domain.ValidateNavigation("secondary_navigation", secondary))
	if pErr != "" || sErr != "" {
		return n.renderNavigation(w, r, u, http.StatusBadRequest, primary, secondary, pErr, sErr)
	}
	s.Navigation, s.SecondaryNavigation = primary, secondary
	if err := n.Store.SaveSettings(ctx, s, n.Publisher.Webhooks.SiteChanged(ctx)...); err != nil {
		return err
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.SettingsUpdated})
	}
	http.Redirect(w, r, "/newsroom/settings/navigation?done=navigation", http.StatusSeeOther)
	return nil
}

// allMessages joins every message of a validation error ("" for none).
func allMessages(l *locale, err error) string {
	if err == nil {
		return ""
	}
	ve, ok := err.(domain.ValidationErrors)
	if !ok {
		return l.Err(err)
	}
	msgs := make([]string, len(ve))
	for i, e := range l.Errs(ve) {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, " ")
}
