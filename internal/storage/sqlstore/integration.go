package sqlstore

import (
	"context"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const integrationColumns = `id, name, content_key, admin_key_id, admin_secret, role, created_at, revoked_at`

func scanIntegration(row scanner) (*domain.Integration, error) {
	var in domain.Integration
	var created, revoked int64
	if err := row.Scan(&in.ID, &in.Name, &in.ContentKey, &in.AdminKeyID, &in.AdminSecret, &in.Role, &created, &revoked); err != nil {
		return nil, err
	}
	in.CreatedAt, in.RevokedAt = fromMS(created), fromMS(revoked)
	return &in, nil
}

// CreateIntegration implements storage.Integrations.
func (s *Store) CreateIntegration(ctx context.Context, in *domain.Integration) error {
	if in.ID == "" || len(in.ContentKey) != 26 || len(in.AdminSecret) != 64 || !domain.ValidID(in.AdminKeyID) {
		return domain.Errorf(domain.EINVALID, "Integration keys are malformed; create integrations with domain.NewIntegration.")
	}
	if in.CreatedAt.IsZero() {
		in.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO integrations (`+integrationColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		in.ID, in.Name, in.ContentKey, in.AdminKeyID, in.AdminSecret, string(in.Role), ms(in.CreatedAt), ms(in.RevokedAt))
	if isUniqueViolation(err) {
		return domain.Errorf(domain.ECONFLICT, "An integration with these keys already exists.")
	}
	return storage.Wrap(err, "create integration %q", in.Name)
}

// ListIntegrations implements storage.Integrations.
func (s *Store) ListIntegrations(ctx context.Context) ([]*domain.Integration, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+integrationColumns+` FROM integrations ORDER BY created_at, id`)
	if err != nil {
		return nil, storage.Wrap(err, "list integrations")
	}
	defer rows.Close()
	var out []*domain.Integration
	for rows.Next() {
		in, err := scanIntegration(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan integration")
		}
		out = append(out, in)
	}
	return out, storage.Wrap(rows.Err(), "list integrations")
}

// RevokeIntegration implements storage.Integrations.
func (s *Store) RevokeIntegration(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE integrations SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END WHERE id = ?`),
		time.Now().UnixMilli(), id)
	if err != nil {
		return storage.Wrap(err, "revoke integration %s", id)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("Integration", id)
	}
	return nil
}

// IntegrationByContentKey implements storage.Integrations.
func (s *Store) IntegrationByContentKey(ctx context.Context, key string) (*domain.Integration, error) {
	return s.oneIntegration(ctx, `content_key = ?`, key)
}

// IntegrationByAdminKeyID implements storage.Integrations.
func (s *Store) IntegrationByAdminKeyID(ctx context.Context, id string) (*domain.Integration, error) {
	return s.oneIntegration(ctx, `admin_key_id = ?`, id)
}

func (s *Store) oneIntegration(ctx context.Context, where, key string) (*domain.Integration, error) {
	in, err := scanIntegration(s.db.QueryRowContext(ctx, s.q(`SELECT `+integrationColumns+` FROM integrations WHERE `+where), key))
	if isNoRows(err) {
		return nil, storage.NotFound("Integration", key)
	}
	return in, storage.Wrap(err, "load integration")
}
