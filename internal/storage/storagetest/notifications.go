package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("Notifications", testNotifications)
	register("MailSettings", testMailSettings)
}

func testNotifications(t *testing.T, s storage.Store) {
	ctx := context.Background()
	actor := &domain.User{Author: domain.Author{Name: "Ed Itor", Avatar: "/content/images/ed.png"}, Email: "ed@example.org", Role: domain.RoleEditor}
	reader := &domain.User{Author: domain.Author{Name: "Rita Porter"}, Email: "rita@example.org", Role: domain.RoleAuthor}
	other := &domain.User{Author: domain.Author{Name: "Otto Other"}, Email: "otto@example.org", Role: domain.RoleAuthor}
	for _, u := range []*domain.User{actor, reader, other} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	older := &domain.Notification{UserID: reader.ID, Kind: "review.sent_back", ActorID: actor.ID, PostID: "p1",
		PostTitle: "Bridge «closed»", Note: "Check the quote.", Path: "/newsroom/posts/p1", CreatedAt: base}
	newer := &domain.Notification{UserID: reader.ID, Kind: "note.mentioned", ActorID: actor.ID, PostID: "p2",
		PostTitle: "Budget", Path: "/newsroom/posts/p2", CreatedAt: base.Add(time.Minute)}
	theirs := &domain.Notification{UserID: other.ID, Kind: "assignment.assigned", ActorID: actor.ID, Path: "/newsroom/"}
	if err := s.AddNotifications(ctx, []*domain.Notification{older, newer, theirs}); err != nil {
		t.Fatal(err)
	}
	if older.ID == "" || theirs.CreatedAt.IsZero() {
		t.Fatalf("ids and times not assigned: %+v %+v", older, theirs)
	}
	list, err := s.Notifications(ctx, reader.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != newer.ID || list[1].ID != older.ID {
		t.Fatalf("reader's notifications, newest first: %+v", list)
	}
	got := list[1]
	if got.Kind != "review.sent_back" || got.ActorName != "Ed Itor" || got.ActorAvatar != "/content/images/ed.png" ||
		got.PostTitle != "Bridge «closed»" || got.Note != "Check the quote." || got.Path != "/newsroom/posts/p1" ||
		!got.CreatedAt.Equal(base) || !got.Unread() {
		t.Fatalf("stored notification: %+v", got)
	}
	if l, _ := s.Notifications(ctx, reader.ID, 1); len(l) != 1 || l[0].ID != newer.ID {
		t.Fatalf("limit 1: %+v", l)
	}
	if n, err := s.UnreadNotifications(ctx, reader.ID); err != nil || n != 2 {
		t.Fatalf("unread = %d, %v; want 2", n, err)
	}
	// Nobody reads another's notifications.
	if _, err := s.ReadNotification(ctx, other.ID, older.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("reading another user's notification: %v", err)
	}
	read, err := s.ReadNotification(ctx, reader.ID, older.ID)
	if err != nil || read.Unread() || read.Path != "/newsroom/posts/p1" {
		t.Fatalf("read: %+v, %v", read, err)
	}
	if n, _ := s.UnreadNotifications(ctx, reader.ID); n != 1 {
		t.Fatalf("unread after reading one = %d", n)
	}
	if n, err := s.ReadAllNotifications(ctx, reader.ID); err != nil || n != 1 {
		t.Fatalf("read all = %d, %v; want 1", n, err)
	}
	if n, _ := s.UnreadNotifications(ctx, reader.ID); n != 0 {
		t.Fatalf("unread after reading all = %d", n)
	}
	if n, _ := s.UnreadNotifications(ctx, other.ID); n != 1 {
		t.Fatalf("another user's unread changed: %d", n)
	}
	// A failing batch stores nothing: the second row names no user.
	bad := []*domain.Notification{{UserID: other.ID, Kind: "x"}, {UserID: "nobody", Kind: "x"}}
	if err := s.AddNotifications(ctx, bad); err == nil {
		t.Fatal("a notification for a missing user was stored")
	}
	if n, _ := s.UnreadNotifications(ctx, other.ID); n != 1 {
		t.Fatalf("a failed batch left %d unread (want 1)", n)
	}
}

func testMailSettings(t *testing.T, s storage.Store) {
	ctx := context.Background()
	m, err := s.MailSettings(ctx)
	if err != nil || m.Enabled() {
		t.Fatalf("new store's mail settings: %+v, %v", m, err)
	}
	want := domain.MailSettings{Host: "smtp.example.org", Port: 587, Username: "desk", Password: "s3cret pass",
		From: "Newsroom <desk@example.org>", Security: domain.MailStartTLS}
	if err := s.SaveMailSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MailSettings(ctx); got != want {
		t.Fatalf("mail settings = %+v, want %+v", got, want)
	}
	// The site settings do not carry them (exports write those).
	if err := s.SaveSettings(ctx, domain.DefaultSettings()); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MailSettings(ctx); got != want {
		t.Fatalf("saving site settings changed mail settings: %+v", got)
	}
	for _, bad := range []domain.MailSettings{
		{Host: "smtp.example.org", Port: 0, From: "a@example.org", Security: domain.MailTLS},
		{Host: "smtp.example.org", Port: 25, From: "not an address", Security: domain.MailTLS},
		{Host: "smtp.example.org", Port: 25, From: "a@example.org", Security: domain.MailNone},
		{Host: "smtp.example.org", Port: 25, From: "a@example.org", Security: "ssl3"},
	} {
		if err := s.SaveMailSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("saved invalid %+v: %v", bad, err)
		}
	}
	if got, _ := s.MailSettings(ctx); got != want {
		t.Fatalf("a refused save changed the settings: %+v", got)
	}
	local := domain.MailSettings{Host: "127.0.0.1", Port: 1025, From: "a@example.org", Security: domain.MailNone}
	if err := s.SaveMailSettings(ctx, local); err != nil {
		t.Fatalf("no encryption to localhost: %v", err)
	}
	if err := s.SaveMailSettings(ctx, domain.MailSettings{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MailSettings(ctx); got.Enabled() || got.Password != "" {
		t.Fatalf("cleared settings: %+v", got)
	}
}
