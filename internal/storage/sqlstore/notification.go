package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// AddNotifications implements storage.Notifications.
func (s *Store) AddNotifications(ctx context.Context, ns []*domain.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, n := range ns {
			if n.ID == "" {
				n.ID = domain.NewID()
			}
			if n.CreatedAt.IsZero() {
				n.CreatedAt = time.Now().UTC()
			}
			n.CreatedAt = n.CreatedAt.UTC().Truncate(time.Millisecond)
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO notifications
				(id, user_id, kind, actor_id, post_id, post_title, note, path, created_at, read_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), n.ID, n.UserID, n.Kind, n.ActorID, n.PostID, n.PostTitle,
				n.Note, n.Path, ms(n.CreatedAt), ms(n.ReadAt))
			if err != nil {
				return storage.Wrap(err, "store notification for %s", n.UserID)
			}
		}
		return nil
	})
}

const notificationColumns = `n.id, n.user_id, n.kind, n.actor_id, COALESCE(u.name, ''), COALESCE(u.avatar, ''),
	n.post_id, n.post_title, n.note, n.path, n.created_at, n.read_at`

func scanNotification(row interface{ Scan(...any) error }) (*domain.Notification, error) {
	var n domain.Notification
	var created, read int64
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.ActorID, &n.ActorName, &n.ActorAvatar, &n.PostID, &n.PostTitle,
		&n.Note, &n.Path, &created, &read)
	n.CreatedAt, n.ReadAt = fromMS(created), fromMS(read)
	return &n, err
}

// Notifications implements storage.Notifications.
func (s *Store) Notifications(ctx context.Context, userID string, limit int) ([]*domain.Notification, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+notificationColumns+` FROM notifications n
		LEFT JOIN users u ON u.id = n.actor_id WHERE n.user_id = ?
		ORDER BY n.created_at DESC, n.id DESC LIMIT `+strconv.Itoa(limit)), userID)
	if err != nil {
		return nil, storage.Wrap(err, "list notifications")
	}
	defer rows.Close()
	var out []*domain.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan notification")
		}
		out = append(out, n)
	}
	return out, storage.Wrap(rows.Err(), "list notifications")
}

// UnreadNotifications implements storage.Notifications.
func (s *Store) UnreadNotifications(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at = 0`), userID).Scan(&n)
	return n, storage.Wrap(err, "count unread notifications")
}

// ReadNotification implements storage.Notifications.
func (s *Store) ReadNotification(ctx context.Context, userID, id string) (*domain.Notification, error) {
	var out *domain.Notification
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at = 0`),
			ms(time.Now()), id, userID); err != nil {
			return storage.Wrap(err, "mark notification read")
		}
		n, err := scanNotification(tx.QueryRowContext(ctx, s.q(`SELECT `+notificationColumns+` FROM notifications n
			LEFT JOIN users u ON u.id = n.actor_id WHERE n.id = ? AND n.user_id = ?`), id, userID))
		if isNoRows(err) {
			return domain.Errorf(domain.ENOTFOUND, "There is no such notification.")
		}
		if err != nil {
			return storage.Wrap(err, "load notification")
		}
		out = n
		return nil
	})
	return out, err
}

// ReadAllNotifications implements storage.Notifications.
func (s *Store) ReadAllNotifications(ctx context.Context, userID string) (int, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0`),
		ms(time.Now()), userID)
	if err != nil {
		return 0, storage.Wrap(err, "mark notifications read")
	}
	n, err := res.RowsAffected()
	return int(n), storage.Wrap(err, "mark notifications read")
}

// The mail settings' keys in the settings table. Settings() ignores them,
// so exports, which write Settings(), never carry the password; backups
// copy the table and keep it, as they keep the other secrets.
var mailKeys = []string{"smtp_host", "smtp_port", "smtp_username", "smtp_password", "smtp_from", "smtp_security"}

// MailSettings implements storage.Notifications.
func (s *Store) MailSettings(ctx context.Context) (domain.MailSettings, error) {
	var m domain.MailSettings
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'smtp_%'`)
	if err != nil {
		return m, storage.Wrap(err, "load mail settings")
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return m, storage.Wrap(err, "scan mail setting")
		}
		switch k {
		case "smtp_host":
			m.Host = v
		case "smtp_port":
			m.Port, _ = strconv.Atoi(v)
		case "smtp_username":
			m.Username = v
		case "smtp_password":
			m.Password = v
		case "smtp_from":
			m.From = v
		case "smtp_security":
			m.Security = v
		}
	}
	return m, storage.Wrap(rows.Err(), "load mail settings")
}

// SaveMailSettings implements storage.Notifications.
func (s *Store) SaveMailSettings(ctx context.Context, m domain.MailSettings) error {
	if err := m.Validate(); err != nil {
		return err
	}
	port := ""
	if m.Port != 0 {
		port = strconv.Itoa(m.Port)
	}
	values := []string{m.Host, port, m.Username, m.Password, m.From, m.Security}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i, k := range mailKeys {
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`), k, values[i])
			if err != nil {
				return storage.Wrap(err, "save setting %s", k)
			}
		}
		return nil
	})
}
