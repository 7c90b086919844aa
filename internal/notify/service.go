package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// Store is what the Service needs from storage.
type Store interface {
	ListUsers(ctx context.Context) ([]*domain.User, error)
	AddNotifications(ctx context.Context, ns []*domain.Notification) error
	MailSettings(ctx context.Context) (domain.MailSettings, error)
	Settings(ctx context.Context) (domain.Settings, error)
}

// Service is the Notifier: it stores an in-app notification for each
// recipient, tells their open newsroom pages (through Staff) and, when
// the site has a mail server, queues an email for each.
type Service struct {
	Store Store
	// Staff is the newsroom's event bus; nil tells no open page.
	Staff *events.Bus
	// Mailer sends email; nil sends none.
	Mailer  *Mailer
	SiteURL string
	Log     *slog.Logger
	// Locale returns the translation function of u's newsroom language
	// (the newsroom's catalogue); nil writes English.
	Locale func(u *domain.User, site domain.Settings) func(key string, args ...any) string
}

var _ Notifier = (*Service)(nil)

// Summary is the English format of what happened, with the actor's name
// and the post's title as arguments; the newsroom's catalogue translates
// it, in the notifications list and in email alike.
func Summary(k Kind) string {
	switch k {
	case ReviewRequested:
		return "%s asked for a review of “%s”"
	case SentBack:
		return "%s sent back “%s”"
	case Approved:
		return "%s approved “%s”"
	case Mentioned:
		return "%s mentioned you on “%s”"
	case Assigned:
		return "%s assigned you “%s”"
	}
	return "%s changed “%s”"
}

// Notify implements Notifier.
func (s *Service) Notify(ctx context.Context, e Event) error {
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return err
	}
	byID := make(map[string]*domain.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	recipients := Recipients(e, users)
	if len(recipients) == 0 {
		return nil
	}
	ns := make([]*domain.Notification, len(recipients))
	ids := make([]string, len(recipients))
	for i, u := range recipients {
		ns[i] = &domain.Notification{UserID: u.ID, Kind: string(e.Kind), ActorID: e.ActorID, PostID: e.PostID,
			PostTitle: e.PostTitle, Note: e.Note, Path: e.Path}
		ids[i] = u.ID
	}
	if err := s.Store.AddNotifications(ctx, ns); err != nil {
		return err
	}
	if s.Staff != nil {
		s.Staff.Publish(events.Event{Type: events.NotificationsChanged, PostID: e.PostID, Users: ids})
	}
	if s.Mailer == nil {
		return nil
	}
	ms, err := s.Store.MailSettings(ctx)
	if err != nil || !ms.Enabled() {
		return err
	}
	site, err := s.Store.Settings(ctx)
	if err != nil {
		site = domain.DefaultSettings()
	}
	actor := "Someone"
	if a := byID[e.ActorID]; a != nil {
		actor = a.Name
	}
	for _, u := range recipients {
		s.Mailer.Enqueue(ms, s.Email(u, site, actor, e))
	}
	return nil
}

// Recipients are the staff e is for: its Recipients and, with ToEditors,
// every Editor and Administrator; never the actor, and only people who
// can sign in (not suspended, not a pending invitation, with an email).
func Recipients(e Event, users []*domain.User) []*domain.User {
	want := map[string]bool{}
	for _, id := range e.Recipients {
		want[id] = true
	}
	var out []*domain.User
	for _, u := range users { // ListUsers' order: by name
		if !want[u.ID] && !(e.ToEditors && u.Role.AtLeast(domain.RoleEditor)) {
			continue
		}
		if u.ID == e.ActorID || u.Suspended || u.Pending || u.Email == "" || !u.Role.Valid() {
			continue
		}
		out = append(out, u)
	}
	return out
}

// Email is the message telling u about e, in u's newsroom language.
func (s *Service) Email(u *domain.User, site domain.Settings, actor string, e Event) Message {
	t := func(key string, args ...any) string { return fmt.Sprintf(key, args...) }
	if s.Locale != nil {
		t = s.Locale(u, site)
	}
	title := e.PostTitle
	if title == "" {
		title = t("(untitled)")
	}
	summary := t(Summary(e.Kind), actor, title)
	link := strings.TrimRight(s.SiteURL, "/") + e.Path
	var b strings.Builder
	b.WriteString(summary + ".\n")
	if e.Note != "" {
		b.WriteString("\n" + t("Note:") + "\n")
		for _, line := range strings.Split(strings.TrimSpace(e.Note), "\n") {
			b.WriteString("> " + line + "\n")
		}
	}
	b.WriteString("\n" + t("Open it in the newsroom:") + "\n" + link + "\n")
	b.WriteString("\n-- \n" + t("You get this email as a member of the %s newsroom. Your notifications: %s", site.Title,
		strings.TrimRight(s.SiteURL, "/")+"/newsroom/notifications") + "\n")
	return Message{
		To:      mail.Address{Name: u.Name, Address: u.Email},
		Subject: "[" + site.Title + "] " + summary,
		Text:    b.String(),
	}
}
