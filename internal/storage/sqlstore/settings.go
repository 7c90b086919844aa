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
	st := domain.DefaultSettings()
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings`)
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
		}
	}
	return st, storage.Wrap(rows.Err(), "load settings")
}

// SaveSettings implements storage.SettingsStore.
func (s *Store) SaveSettings(ctx context.Context, st domain.Settings) error {
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
		"logo": st.Logo, "timezone": st.Timezone, "accent": st.Accent,
		"navigation": encodeNav(st.Navigation), "secondary_navigation": encodeNav(st.SecondaryNavigation)}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`), k, v)
			if err != nil {
				return storage.Wrap(err, "save setting %s", k)
			}
		}
		return nil
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
