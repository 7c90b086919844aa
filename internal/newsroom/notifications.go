package newsroom

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/notify"
)

// Translator is the translation function of u's newsroom language, for
// what is written outside a page (notification email).
func Translator(u *domain.User, s domain.Settings) func(key string, args ...any) string {
	return userLocale(u, s).T
}

// staffLocale is the locale of r's page for u.
func (n *Newsroom) staffLocale(r *http.Request, u *domain.User) *locale {
	s, err := n.Store.Settings(r.Context())
	if err != nil {
		s = domain.DefaultSettings()
	}
	return userLocale(u, s)
}

// unread counts u's unread notifications for the header's bell; a
// failure shows no count rather than failing the page.
func (n *Newsroom) unread(ctx context.Context, u *domain.User) int {
	if u == nil {
		return 0
	}
	c, err := n.Store.UnreadNotifications(ctx, u.ID)
	if err != nil {
		n.Log.Warn("count unread notifications", "err", err)
	}
	return c
}

// notifications lists the user's notifications, newest first.
func (n *Newsroom) notifications(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	list, err := n.Store.Notifications(r.Context(), u.ID, 100)
	if err != nil {
		return err
	}
	n.render(w, r, u, http.StatusOK, "notifications", map[string]any{"PageTitle": "Notifications", "List": list})
	return nil
}

// openNotification marks one notification read and goes to its page.
func (n *Newsroom) openNotification(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	nt, err := n.Store.ReadNotification(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	n.Staff.Publish(events.Event{Type: events.NotificationsChanged, Users: []string{u.ID}})
	to := nt.Path
	if !strings.HasPrefix(to, "/newsroom/") || strings.HasPrefix(to, "//") {
		to = "/newsroom/notifications"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (n *Newsroom) readAllNotifications(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if _, err := n.Store.ReadAllNotifications(r.Context(), u.ID); err != nil {
		return err
	}
	n.Staff.Publish(events.Event{Type: events.NotificationsChanged, Users: []string{u.ID}})
	http.Redirect(w, r, "/newsroom/notifications?done=allread", http.StatusSeeOther)
	return nil
}

// notificationSummary is what happened, in the page's language.
func notificationSummary(l *locale, nt *domain.Notification) string {
	actor, title := nt.ActorName, nt.PostTitle
	if actor == "" {
		actor = l.T("Someone")
	}
	if title == "" {
		title = l.T("(untitled)")
	}
	return l.T(notify.Summary(notify.Kind(nt.Kind)), actor, title)
}

// emailForm shows the mail server settings; the password never.
func (n *Newsroom) emailForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	m, err := n.Store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	n.renderEmail(w, r, u, http.StatusOK, m, nil, "")
	return nil
}

func (n *Newsroom) renderEmail(w http.ResponseWriter, r *http.Request, u *domain.User, status int, m domain.MailSettings, errs domain.ValidationErrors, testErr string) {
	hasPassword := m.Password != ""
	m.Password = ""
	if m.Security == "" {
		m.Security = domain.MailStartTLS
	}
	if m.Port == 0 {
		m.Port = 587
	}
	n.render(w, r, u, status, "email", map[string]any{"PageTitle": "Email", "M": m, "HasPassword": hasPassword,
		"Errors": errs, "TestError": testErr})
}

func (n *Newsroom) saveEmail(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	old, err := n.Store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	m := domain.MailSettings{
		Host:     strings.TrimSpace(r.PostFormValue("smtp_host")),
		Username: strings.TrimSpace(r.PostFormValue("smtp_username")),
		From:     strings.TrimSpace(r.PostFormValue("smtp_from")),
		Security: r.PostFormValue("smtp_security"),
		Password: r.PostFormValue("smtp_password"),
	}
	var errs domain.ValidationErrors
	if p := strings.TrimSpace(r.PostFormValue("smtp_port")); p != "" {
		if m.Port, err = strconv.Atoi(p); err != nil {
			errs = append(errs, domain.FieldError("smtp_port", "The port must be a number from 1 to 65535."))
		}
	}
	// An empty password field keeps the stored one: the form never shows it.
	if m.Password == "" && r.PostFormValue("smtp_password_clear") != "1" {
		m.Password = old.Password
	}
	if errs == nil {
		err = n.Store.SaveMailSettings(r.Context(), m)
	}
	if err != nil || errs != nil {
		if fe, ok := err.(*domain.Error); ok && fe.Field != "" {
			errs = append(errs, fe)
		} else if err != nil {
			return err
		}
		n.renderEmail(w, r, u, http.StatusBadRequest, m, errs, "")
		return nil
	}
	http.Redirect(w, r, "/newsroom/settings/email?done=email", http.StatusSeeOther)
	return nil
}

// testEmail sends one message to the administrator now, with the saved
// settings, and says what the server answered.
func (n *Newsroom) testEmail(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	m, err := n.Store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	if n.Mailer == nil || !m.Enabled() {
		n.renderEmail(w, r, u, http.StatusBadRequest, m, nil, n.staffLocale(r, u).T("Save a mail server and a from address first."))
		return nil
	}
	l := n.staffLocale(r, u)
	site, _ := n.Store.Settings(r.Context())
	msg := notify.Message{Subject: "[" + site.Title + "] " + l.T("Test email"),
		Text: l.T("This is a test email from the %s newsroom. Notifications will arrive like this.", site.Title) + "\n\n" +
			strings.TrimRight(n.SiteURL, "/") + "/newsroom/notifications\n"}
	msg.To.Name, msg.To.Address = u.Name, u.Email
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	if err := n.Mailer.Send(ctx, m, msg); err != nil {
		n.Log.Warn("test email", "err", err)
		n.renderEmail(w, r, u, http.StatusBadGateway, m, nil, l.T("The mail server did not take the message: %s", err.Error()))
		return nil
	}
	http.Redirect(w, r, "/newsroom/settings/email?done=testemail", http.StatusSeeOther)
	return nil
}
