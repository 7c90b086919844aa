package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/notify"
	"newsdesk/internal/testsupport"
)

// TestNotificationsPage: newest first, with who, what, the title, the
// note and the time; the header's bell counts unread ones; opening one
// marks it read and goes to its page; another user's is not found.
func TestNotificationsPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	me := e.users[domain.RoleAuthor]
	ed := e.users[domain.RoleEditor]
	old := &domain.Notification{UserID: me.ID, Kind: string(notify.SentBack), ActorID: ed.ID, PostID: "p1",
		PostTitle: "Bridge <closed>", Note: "Needs a second source.", Path: "/newsroom/posts/p1", CreatedAt: time.Now().Add(-time.Hour)}
	recent := &domain.Notification{UserID: me.ID, Kind: string(notify.Mentioned), ActorID: ed.ID, PostID: "p2",
		PostTitle: "Budget vote", Path: "/newsroom/posts/p2"}
	if err := e.store.AddNotifications(ctx, []*domain.Notification{old, recent}); err != nil {
		t.Fatal(err)
	}
	c := e.as(domain.RoleAuthor)
	res := c.get("/newsroom/notifications")
	if res.StatusCode != 200 {
		t.Fatalf("%d", res.StatusCode)
	}
	first := strings.Index(res.body, "The Editor mentioned you on “Budget vote”")
	second := strings.Index(res.body, "The Editor sent back “Bridge &lt;closed&gt;”")
	if first < 0 || second < 0 || first > second || !strings.Contains(res.body, "Needs a second source.") {
		t.Fatalf("list:\n%s", res.body)
	}
	if !strings.Contains(res.body, `class="bell-count" data-unread="2"`) {
		t.Fatal("the bell does not count 2 unread")
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP %q", csp)
	}
	open := c.get("/newsroom/notifications/" + old.ID)
	if open.StatusCode != http.StatusSeeOther || open.Header.Get("Location") != "/newsroom/posts/p1" {
		t.Fatalf("open: %d %q", open.StatusCode, open.Header.Get("Location"))
	}
	if n, _ := e.store.UnreadNotifications(ctx, me.ID); n != 1 {
		t.Fatalf("unread after opening one: %d", n)
	}
	// Someone else's notification: not found, and still unread.
	theirs := &domain.Notification{UserID: ed.ID, Kind: string(notify.ReviewRequested), ActorID: me.ID, Path: "/newsroom/posts/p1"}
	e.store.AddNotifications(ctx, []*domain.Notification{theirs})
	if res := c.get("/newsroom/notifications/" + theirs.ID); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another user's notification: %d", res.StatusCode)
	}
	if n, _ := e.store.UnreadNotifications(ctx, ed.ID); n != 1 {
		t.Fatal("another user's notification was marked read")
	}
	// A stored path outside the newsroom is never followed.
	odd := &domain.Notification{UserID: me.ID, Kind: "x", Path: "//evil.example/"}
	e.store.AddNotifications(ctx, []*domain.Notification{odd})
	if res := c.get("/newsroom/notifications/" + odd.ID); res.Header.Get("Location") != "/newsroom/notifications" {
		t.Fatalf("open redirect: %q", res.Header.Get("Location"))
	}
	if res := c.postForm("/newsroom/notifications/read", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all: %d", res.StatusCode)
	}
	if n, _ := e.store.UnreadNotifications(ctx, me.ID); n != 0 {
		t.Fatalf("unread after mark all: %d", n)
	}
	if res := c.get("/newsroom/"); !strings.Contains(res.body, `data-unread="0" hidden`) {
		t.Fatal("the bell still shows a count")
	}
}

// TestEmailSettings: the password is never shown back; an empty field
// keeps it; bad settings are refused whole; the test email needs saved
// settings and an Administrator.
func TestEmailSettings(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleAdministrator)
	good := url.Values{"smtp_host": {"smtp.example.org"}, "smtp_port": {"587"}, "smtp_security": {"starttls"},
		"smtp_from": {"Desk <desk@example.org>"}, "smtp_username": {"desk"}, "smtp_password": {"Sekret-Pa55"}}
	if res := c.postForm("/newsroom/settings/email", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, snippet(res.body))
	}
	page := c.get("/newsroom/settings/email")
	if strings.Contains(page.body, "Sekret-Pa55") || !strings.Contains(page.body, "A password is saved") ||
		!strings.Contains(page.body, `value="smtp.example.org"`) {
		t.Fatalf("form:\n%s", page.body)
	}
	good.Set("smtp_password", "")
	good.Set("smtp_username", "desk2")
	c.postForm("/newsroom/settings/email", good)
	if m, _ := e.store.MailSettings(ctx); m.Password != "Sekret-Pa55" || m.Username != "desk2" {
		t.Fatalf("empty password field: %+v", m)
	}
	bad := url.Values{"smtp_host": {"mail.example.org"}, "smtp_port": {"25"}, "smtp_security": {"none"}, "smtp_from": {"desk@example.org"}}
	res := c.postForm("/newsroom/settings/email", bad)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "only go to a server on this machine") {
		t.Fatalf("no encryption to another host: %d", res.StatusCode)
	}
	if m, _ := e.store.MailSettings(ctx); m.Host != "smtp.example.org" {
		t.Fatalf("a refused save changed the settings: %+v", m)
	}
	good.Set("smtp_password_clear", "1")
	c.postForm("/newsroom/settings/email", good)
	if m, _ := e.store.MailSettings(ctx); m.Password != "" {
		t.Fatal("the password was not removed")
	}
	if res := e.as(domain.RoleEditor).postForm("/newsroom/settings/email/test", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor sends a test email: %d", res.StatusCode)
	}
	// No mailer wired: a clear 400, not a 500.
	if res := c.postForm("/newsroom/settings/email/test", nil); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("test email without a mailer: %d", res.StatusCode)
	}
}

// TestSendTestEmail sends the settings page's test email to a real SMTP
// server on this machine.
func TestSendTestEmail(t *testing.T) {
	md := testsupport.StartMailDev(t, testsupport.MailDevOptions{})
	e := newEnv(t)
	e.nr.Mailer = &notify.Mailer{}
	c := e.as(domain.RoleAdministrator)
	if res := c.postForm("/newsroom/settings/email", url.Values{"smtp_host": {md.Host}, "smtp_port": {itoa(md.Port)},
		"smtp_security": {"none"}, "smtp_from": {"Desk <desk@example.org>"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := c.postForm("/newsroom/settings/email/test", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("test email: %d %s", res.StatusCode, snippet(res.body))
	}
	m := md.WaitMessages(t, 1)[0]
	if m.To[0].Address != "administrator@example.org" || !strings.Contains(m.Subject, "Test email") ||
		!strings.Contains(m.Text, "http://newsroom.test/newsroom/notifications") {
		t.Fatalf("test email: %+v", m)
	}
	// A server that is not there: the page says so (502), quickly.
	c.postForm("/newsroom/settings/email", url.Values{"smtp_host": {"127.0.0.1"}, "smtp_port": {"1"},
		"smtp_security": {"none"}, "smtp_from": {"desk@example.org"}})
	if res := c.postForm("/newsroom/settings/email/test", nil); res.StatusCode != http.StatusBadGateway ||
		!strings.Contains(res.body, "The mail server did not take the message") {
		t.Fatalf("unreachable server: %d", res.StatusCode)
	}
}

// TestNotificationEmailInUkrainian: email reads in the newsroom's
// language, through the same catalogue as the pages.
func TestNotificationEmailInUkrainian(t *testing.T) {
	site := domain.DefaultSettings()
	site.Language, site.Title = "uk", "Рівне Сьогодні"
	s := &notify.Service{SiteURL: "https://news.example.org", Locale: Translator}
	u := &domain.User{Author: domain.Author{Name: "Ріта"}, Email: "rita@example.org"}
	m := s.Email(u, site, "Олена", notify.Event{Kind: notify.SentBack, PostTitle: "Міст закрито", Note: "Друге джерело.",
		Path: "/newsroom/posts/p1"})
	if m.Subject != "[Рівне Сьогодні] Олена повертає на доопрацювання «Міст закрито»" {
		t.Fatalf("subject %q", m.Subject)
	}
	for _, want := range []string{"Примітка:", "> Друге джерело.", "Відкрити в редакції:\nhttps://news.example.org/newsroom/posts/p1"} {
		if !strings.Contains(m.Text, want) {
			t.Fatalf("body lacks %q:\n%s", want, m.Text)
		}
	}
}
