package storage

import (
	"context"

	"newsdesk/internal/domain"
)

// Notifications stores staff notifications and the mail settings that
// send them as email.
type Notifications interface {
	// AddNotifications stores each notification, assigning ID and
	// CreatedAt when empty; all or none.
	AddNotifications(ctx context.Context, ns []*domain.Notification) error
	// Notifications returns userID's newest notifications first, at most
	// limit, with the actor's name and avatar.
	Notifications(ctx context.Context, userID string, limit int) ([]*domain.Notification, error)
	// UnreadNotifications counts userID's unread notifications.
	UnreadNotifications(ctx context.Context, userID string) (int, error)
	// ReadNotification marks one of userID's notifications read and
	// returns it; another user's is ENOTFOUND.
	ReadNotification(ctx context.Context, userID, id string) (*domain.Notification, error)
	// ReadAllNotifications marks every one of userID's notifications
	// read and says how many were unread.
	ReadAllNotifications(ctx context.Context, userID string) (int, error)

	// MailSettings returns how email is sent (empty: it is not).
	MailSettings(ctx context.Context) (domain.MailSettings, error)
	// SaveMailSettings validates and stores m, replacing what was there.
	SaveMailSettings(ctx context.Context, m domain.MailSettings) error
}
