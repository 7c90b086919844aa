package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Settings implements storage.SettingsStore; missing keys take defaults.
func (s *Store) Settings(ctx context.Context) (domain.Settings, error) {
	return loadSettings(ctx, s.db)
}

func loadSettings(ctx context.Context, q querier) (domain.Settings, error) {
	st := domain.DefaultSettings()
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return st, storage.Wrap(err, "load settings")
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, storage.Wrap(err, "scan setting")
		}
		switch k {
		case "title":
			st.Title = v
		case "description":
			st.Description = v
		case "language":
			st.Language = v
		case "logo":
			st.Logo = v
		case "timezone":
			st.Timezone = v
		case "accent":
			st.Accent = v
		case "navigation":
			st.Navigation = decodeNav(v)
		case "secondary_navigation":
			st.SecondaryNavigation = decodeNav(v)
		case "share_image":
			st.ShareImage = v
		case "dateline":
			st.Dateline = v
		case "api_trash":
			st.APITrash = v == "1"
		case "review_authors":
			st.ReviewAuthors = v == "1"
		}
	}
	return st, storage.Wrap(rows.Err(), "load settings")
}

// servedSiteURLKey is where serve records its --site-url, beside the
// site's settings (Settings ignores it).
const servedSiteURLKey = "served_site_url"

// RememberSiteURL records the public URL a server runs under, so commands
// run later without --site-url (user add, integration add) print links
// that work.
func (s *Store) RememberSiteURL(ctx context.Context, url string) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), servedSiteURLKey, url)
	return storage.Wrap(err, "remember the site URL")
}

// ServedSiteURL returns the URL RememberSiteURL last recorded, or "".
func (s *Store) ServedSiteURL(ctx context.Context) (string, error) {
	var url string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM settings WHERE key = ?`), servedSiteURLKey).Scan(&url)
	if isNoRows(err) {
		return "", nil
	}
	return url, storage.Wrap(err, "load the site URL")
}

// SaveSettings implements storage.SettingsStore.
func (s *Store) SaveSettings(ctx context.Context, st domain.Settings, outbox ...*storage.OutboxEvent) error {
	if st.Title == "" {
		return domain.FieldError("title", "Site title is required.")
	}
	if _, err := time.LoadLocation(st.Timezone); err != nil || st.Timezone == "" {
		return domain.FieldError("timezone", "Unknown time zone %q.", st.Timezone)
	}
	if err := domain.ValidateNavigation("navigation", st.Navigation); err != nil {
		return err
	}
	if err := domain.ValidateNavigation("secondary_navigation", st.SecondaryNavigation); err != nil {
		return err
	}
	kv := map[string]string{"title": st.Title, "description": st.Description, "language": st.Language,
		"logo": st.Logo, "timezone": st.Timezone, "accent": st.Accent, "share_image": st.ShareImage,
		"dateline": st.Dateline, "api_trash": b2s(st.APITrash), "review_authors": b2s(st.ReviewAuthors),
		"navigation": encodeNav(st.Navigation), "secondary_navigation": encodeNav(st.SecondaryNavigation)}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`), k, v)
			if err != nil {
				return storage.Wrap(err, "save setting %s", k)
			}
		}
		return s.enqueue(ctx, tx, outbox)
	})
}

// encodeNav stores a menu as Ghost does: a JSON array of {label, url}.
func encodeNav(items []domain.NavItem) string {
	if len(items) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(items) // strings only: cannot fail
	return string(b)
}

// decodeNav reads a stored menu; an unreadable one reads as no menu, so
// the site falls back to its automatic sections rather than failing.
func decodeNav(v string) []domain.NavItem {
	var items []domain.NavItem
	if json.Unmarshal([]byte(v), &items) != nil || len(items) == 0 {
		return nil
	}
	return items
}

// b2s stores a yes/no setting.
func b2s(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
