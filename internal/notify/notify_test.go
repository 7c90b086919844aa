package notify_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/notify"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/testsupport"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// stores runs fn on a fresh SQLite and a fresh PostgreSQL store.
func stores(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "n.db"), quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := sqlstore.Open(context.Background(), testsupport.PostgresDB(t), quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
}

type staff struct {
	actor, editor, admin, author, contributor, suspended, pending *domain.User
}

func addStaff(t *testing.T, s *sqlstore.Store) staff {
	t.Helper()
	mk := func(name string, role domain.Role, f func(*domain.User)) *domain.User {
		u := &domain.User{Author: domain.Author{Name: name}, Email: strings.ToLower(strings.Fields(name)[0]) + "@example.org", Role: role}
		if f != nil {
			f(u)
		}
		if err := s.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	return staff{
		actor:       mk("Ada Actor", domain.RoleEditor, nil),
		editor:      mk("Eve Editor", domain.RoleEditor, nil),
		admin:       mk("Abe Admin", domain.RoleAdministrator, nil),
		author:      mk("Rita Reporter", domain.RoleAuthor, nil),
		contributor: mk("Carl Contributor", domain.RoleContributor, nil),
		suspended:   mk("Sam Suspended", domain.RoleEditor, func(u *domain.User) { u.Suspended = true }),
		pending:     mk("Pat Pending", domain.RoleAdministrator, func(u *domain.User) { u.Pending = true }),
	}
}

func TestNotifierRecipients(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		st := addStaff(t, s)
		bus := events.NewBus()
		ch, stop := bus.Subscribe()
		defer stop()
		n := &notify.Service{Store: s, Staff: bus, Log: quiet}
		err := n.Notify(ctx, notify.Event{Kind: notify.ReviewRequested, ToEditors: true,
			Recipients: []string{st.author.ID, st.actor.ID, "no-such-user"}, ActorID: st.actor.ID,
			PostID: "p1", PostTitle: "Bridge closed", Note: "Ready when you are.", Path: "/newsroom/posts/p1"})
		if err != nil {
			t.Fatal(err)
		}
		told := map[string]bool{}
		for _, u := range []*domain.User{st.actor, st.editor, st.admin, st.author, st.contributor, st.suspended, st.pending} {
			list, err := s.Notifications(ctx, u.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) > 1 {
				t.Fatalf("%s got %d notifications", u.Name, len(list))
			}
			if len(list) == 1 {
				told[u.Name] = true
				got := list[0]
				if got.Kind != string(notify.ReviewRequested) || got.ActorName != "Ada Actor" || got.PostTitle != "Bridge closed" ||
					got.Note != "Ready when you are." || got.Path != "/newsroom/posts/p1" || !got.Unread() {
					t.Errorf("%s's notification: %+v", u.Name, got)
				}
			}
		}
		want := map[string]bool{"Eve Editor": true, "Abe Admin": true, "Rita Reporter": true}
		if len(told) != len(want) {
			t.Fatalf("told %v, want %v (never the actor, the suspended or a pending invitation)", told, want)
		}
		for name := range want {
			if !told[name] {
				t.Fatalf("told %v, want %v", told, want)
			}
		}
		select {
		case e := <-ch:
			if e.Type != events.NotificationsChanged || len(e.Users) != 3 {
				t.Fatalf("staff event: %+v", e)
			}
		case <-time.After(time.Second):
			t.Fatal("no staff event for open pages")
		}
		// An event for nobody but the actor stores nothing.
		if err := n.Notify(ctx, notify.Event{Kind: notify.Mentioned, Recipients: []string{st.actor.ID}, ActorID: st.actor.ID}); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.UnreadNotifications(ctx, st.actor.ID); c != 0 {
			t.Fatalf("the actor was told about their own action: %d", c)
		}
	})
}

// TestNotifierEmail sends through a real SMTP server with AUTH, over
// STARTTLS (the default) and over TLS from the first byte, trusting the
// server's certificate only through Mailer.RootCAs.
func TestNotifierEmail(t *testing.T) {
	t.Run("starttls", func(t *testing.T) {
		testNotifierEmail(t, testsupport.StartMailDev(t, testsupport.MailDevOptions{StartTLS: true}), domain.MailStartTLS)
	})
	t.Run("tls", func(t *testing.T) {
		testNotifierEmail(t, testsupport.StartMailDev(t, testsupport.MailDevOptions{TLS: true}), domain.MailTLS)
	})
}

func testNotifierEmail(t *testing.T, md *testsupport.MailDev, security string) {
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "n.db"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	st := addStaff(t, s)
	site := domain.DefaultSettings()
	site.Title = "Riverton Daily"
	if err := s.SaveSettings(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMailSettings(ctx, domain.MailSettings{Host: md.Host, Port: md.Port, Username: md.User, Password: md.Password,
		From: "Riverton Newsroom <newsroom@riverton.example>", Security: security}); err != nil {
		t.Fatal(err)
	}
	mailer := &notify.Mailer{Log: quiet, RootCAs: md.RootCAs, Backoff: 50 * time.Millisecond}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go mailer.Run(runCtx, 2)
	n := &notify.Service{Store: s, Mailer: mailer, SiteURL: "https://news.example.org/", Log: quiet}
	if err := n.Notify(ctx, notify.Event{Kind: notify.SentBack, Recipients: []string{st.author.ID}, ActorID: st.actor.ID,
		PostID: "p9", PostTitle: "Floods «upstream»", Note: "Second source, please.\nAnd a photo.", Path: "/newsroom/posts/p9"}); err != nil {
		t.Fatal(err)
	}
	mailer.Wait()
	msgs := md.WaitMessages(t, 1)
	m := msgs[0]
	if len(m.To) != 1 || m.To[0].Address != "rita@example.org" || m.To[0].Name != "Rita Reporter" {
		t.Fatalf("to: %+v", m.To)
	}
	if len(m.From) != 1 || m.From[0].Address != "newsroom@riverton.example" {
		t.Fatalf("from: %+v", m.From)
	}
	if m.Subject != "[Riverton Daily] Ada Actor sent back “Floods «upstream»”" {
		t.Fatalf("subject %q", m.Subject)
	}
	for _, want := range []string{"Ada Actor sent back “Floods «upstream»”.", "> Second source, please.\n> And a photo.",
		"https://news.example.org/newsroom/posts/p9", "https://news.example.org/newsroom/notifications"} {
		if !strings.Contains(strings.ReplaceAll(m.Text, "\r\n", "\n"), want) {
			t.Errorf("body lacks %q:\n%s", want, m.Text)
		}
	}
	// A review request goes to the editors, one message each.
	if err := n.Notify(ctx, notify.Event{Kind: notify.ReviewRequested, ToEditors: true, ActorID: st.author.ID,
		PostID: "p9", PostTitle: "Floods", Path: "/newsroom/posts/p9"}); err != nil {
		t.Fatal(err)
	}
	mailer.Wait()
	msgs = md.WaitMessages(t, 4)
	to := map[string]bool{}
	for _, m := range msgs[1:] {
		to[m.To[0].Address] = true
	}
	if len(msgs) != 4 || !to["ada@example.org"] || !to["eve@example.org"] || !to["abe@example.org"] {
		t.Fatalf("review request went to %v", to)
	}
}

// TestMailerSecurity: STARTTLS required means no mail to a server that
// does not offer it (maildev never does); no encryption works only to
// this machine.
func TestMailerSecurity(t *testing.T) {
	md := testsupport.StartMailDev(t, testsupport.MailDevOptions{})
	mailer := &notify.Mailer{Log: quiet}
	msg := notify.Message{Subject: "Test", Text: "Hello"}
	msg.To.Address = "desk@example.org"
	ctx := context.Background()
	err := mailer.Send(ctx, domain.MailSettings{Host: md.Host, Port: md.Port, From: "a@example.org", Security: domain.MailStartTLS}, msg)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("STARTTLS required, server without it: %v", err)
	}
	if err := mailer.Send(ctx, domain.MailSettings{Host: md.Host, Port: md.Port, From: "a@example.org", Security: domain.MailNone}, msg); err != nil {
		t.Fatal(err)
	}
	if got := md.WaitMessages(t, 1); got[0].Subject != "Test" || strings.TrimSpace(got[0].Text) != "Hello" {
		t.Fatalf("got %+v", got[0])
	}
	// A TLS server whose certificate nobody trusts is refused.
	tlsdev := testsupport.StartMailDev(t, testsupport.MailDevOptions{TLS: true})
	err = mailer.Send(ctx, domain.MailSettings{Host: tlsdev.Host, Port: tlsdev.Port, Username: tlsdev.User, Password: tlsdev.Password,
		From: "a@example.org", Security: domain.MailTLS}, msg)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("untrusted certificate: %v", err)
	}
}

// TestMailerRetries: a message that fails is tried again with backoff,
// then given up and logged; nothing blocks the caller.
func TestMailerRetries(t *testing.T) {
	var logs strings.Builder
	mailer := &notify.Mailer{Log: slog.New(slog.NewTextHandler(&logs, nil)), Attempts: 3, Backoff: 20 * time.Millisecond}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go mailer.Run(ctx, 1)
	msg := notify.Message{Subject: "x", Text: "y"}
	msg.To.Address = "desk@example.org"
	start := time.Now()
	// Port 1 on this machine: nothing listens.
	if !mailer.Enqueue(domain.MailSettings{Host: "127.0.0.1", Port: 1, From: "a@example.org", Security: domain.MailNone}, msg) {
		t.Fatal("not queued")
	}
	if time.Since(start) > 50*time.Millisecond {
		t.Fatal("Enqueue waited for the server")
	}
	mailer.Wait()
	if c := strings.Count(logs.String(), "retrying"); c != 2 || !strings.Contains(logs.String(), "attempts=3") {
		t.Fatalf("logs:\n%s", logs.String())
	}
}
