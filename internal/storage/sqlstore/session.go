package sqlstore

import (
	"context"
	"database/sql"
	"hash/fnv"
	"slices"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// CreateSession implements storage.Sessions. Expired sessions of the same
// user are cleared on the way, so the table does not grow without bound.
func (s *Store) CreateSession(ctx context.Context, sess *storage.Session) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`),
		sess.UserID, ms(sess.CreatedAt)); err != nil {
		return storage.Wrap(err, "clear expired sessions")
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)`),
		sess.TokenHash, sess.UserID, ms(sess.CreatedAt), ms(sess.ExpiresAt), ms(sess.LastSeen))
	return storage.Wrap(err, "create session")
}

// SessionByHash implements storage.Sessions.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (*storage.Session, error) {
	var sess storage.Session
	var created, expires, seen int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT token_hash, user_id, created_at, expires_at, last_seen FROM sessions
		WHERE token_hash = ? AND expires_at > ?`), hash, now.UnixMilli()).
		Scan(&sess.TokenHash, &sess.UserID, &created, &expires, &seen)
	if isNoRows(err) {
		return nil, storage.NotFound("Session", "")
	}
	if err != nil {
		return nil, storage.Wrap(err, "load session")
	}
	sess.CreatedAt, sess.ExpiresAt, sess.LastSeen = fromMS(created), fromMS(expires), fromMS(seen)
	return &sess, nil
}

// TouchSession implements storage.Sessions.
func (s *Store) TouchSession(ctx context.Context, hash string, lastSeen, expiresAt time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE sessions SET last_seen = ?, expires_at = ? WHERE token_hash = ?`),
		ms(lastSeen), ms(expiresAt), hash)
	return storage.Wrap(err, "touch session")
}

// DeleteSession implements storage.Sessions.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE token_hash = ?`), hash)
	return storage.Wrap(err, "delete session")
}

// DeleteUserSessions implements storage.Sessions.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_id = ?`), userID)
	return storage.Wrap(err, "delete user sessions")
}

// CreateToken implements storage.Sessions.
func (s *Store) CreateToken(ctx context.Context, t *storage.OneTimeToken) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO tokens (token_hash, kind, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`),
		t.TokenHash, t.Kind, t.UserID, ms(t.CreatedAt), ms(t.ExpiresAt))
	return storage.Wrap(err, "create token")
}

// UseToken implements storage.Sessions with DELETE ... RETURNING, which both
// SQLite and PostgreSQL run atomically: one of two racing uses gets the row.
func (s *Store) UseToken(ctx context.Context, hash, kind string, now time.Time) (*storage.OneTimeToken, error) {
	return s.scanToken(s.db.QueryRowContext(ctx, s.q(`DELETE FROM tokens WHERE token_hash = ? AND kind = ? AND expires_at > ?
		RETURNING token_hash, kind, user_id, created_at, expires_at`), hash, kind, now.UnixMilli()))
}

// PeekToken implements storage.Sessions.
func (s *Store) PeekToken(ctx context.Context, hash, kind string, now time.Time) (*storage.OneTimeToken, error) {
	return s.scanToken(s.db.QueryRowContext(ctx, s.q(`SELECT token_hash, kind, user_id, created_at, expires_at FROM tokens
		WHERE token_hash = ? AND kind = ? AND expires_at > ?`), hash, kind, now.UnixMilli()))
}

func (s *Store) scanToken(row scanner) (*storage.OneTimeToken, error) {
	var t storage.OneTimeToken
	var created, expires int64
	err := row.Scan(&t.TokenHash, &t.Kind, &t.UserID, &created, &expires)
	if isNoRows(err) {
		return nil, storage.NotFound("Link", "")
	}
	if err != nil {
		return nil, storage.Wrap(err, "load token")
	}
	t.CreatedAt, t.ExpiresAt = fromMS(created), fromMS(expires)
	return &t, nil
}

// DeleteUserTokens implements storage.Sessions.
func (s *Store) DeleteUserTokens(ctx context.Context, userID string) error {
	_, err := s.db.ExecContext(ctx, s.q(`DELETE FROM tokens WHERE user_id = ?`), userID)
	return storage.Wrap(err, "delete user tokens")
}

// RecordSignin implements storage.Sessions. Attempts older than a day are
// pruned for the account on the way; the rate-limit window is far shorter.
func (s *Store) RecordSignin(ctx context.Context, account, addr string, ok bool, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM signin_attempts WHERE account = ? AND at < ?`),
		account, at.Add(-24*time.Hour).UnixMilli()); err != nil {
		return storage.Wrap(err, "prune sign-in attempts")
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO signin_attempts (account, addr, ok, at) VALUES (?, ?, ?, ?)`),
		account, addr, b2i(ok), ms(at))
	return storage.Wrap(err, "record sign-in attempt")
}

// FailedSignins implements storage.Sessions.
func (s *Store) FailedSignins(ctx context.Context, account, addr string, since time.Time) (int, int, error) {
	var byAccount, byAddr int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM signin_attempts WHERE account = ? AND ok = 0 AND at >= ?`),
		account, since.UnixMilli()).Scan(&byAccount)
	if err != nil {
		return 0, 0, storage.Wrap(err, "count sign-in attempts")
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM signin_attempts WHERE addr = ? AND ok = 0 AND at >= ?`),
		addr, since.UnixMilli()).Scan(&byAddr)
	return byAccount, byAddr, storage.Wrap(err, "count sign-in attempts")
}

// ReserveSignin implements storage.Sessions. On SQLite every transaction
// takes the write lock when it begins (_txlock=immediate), so count and
// insert run one transaction at a time, across processes too. On
// PostgreSQL, where concurrent READ COMMITTED transactions would each see
// the same count, transaction-scoped advisory locks on the account and the
// address (taken in a fixed order, so two attempts never wait on each
// other crosswise) serialize the attempts that share either.
func (s *Store) ReserveSignin(ctx context.Context, account, addr string, at, since time.Time, limit int) (string, bool, error) {
	id := domain.NewID()
	allowed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if s.dialect == Postgres {
			keys := []int64{signinLockKey("account", account), signinLockKey("addr", addr)}
			slices.Sort(keys)
			for _, k := range slices.Compact(keys) {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, k); err != nil {
					return storage.Wrap(err, "lock sign-in attempts")
				}
			}
		}
		var byAccount, byAddr int
		err := tx.QueryRowContext(ctx, s.q(`SELECT
			(SELECT COUNT(*) FROM signin_attempts WHERE account = ? AND ok = 0 AND at >= ?),
			(SELECT COUNT(*) FROM signin_attempts WHERE addr = ? AND ok = 0 AND at >= ?)`),
			account, ms(since), addr, ms(since)).Scan(&byAccount, &byAddr)
		if err != nil {
			return storage.Wrap(err, "count sign-in attempts")
		}
		if byAccount >= limit || byAddr >= limit {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM signin_attempts WHERE account = ? AND at < ?`),
			account, at.Add(-24*time.Hour).UnixMilli()); err != nil {
			return storage.Wrap(err, "prune sign-in attempts")
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO signin_attempts (id, account, addr, ok, at) VALUES (?, ?, ?, 0, ?)`),
			id, account, addr, ms(at)); err != nil {
			return storage.Wrap(err, "record sign-in attempt")
		}
		allowed = true
		return nil
	})
	if err != nil || !allowed {
		return "", false, err
	}
	return id, true, nil
}

// SigninSucceeded implements storage.Sessions.
func (s *Store) SigninSucceeded(ctx context.Context, attempt string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE signin_attempts SET ok = 1 WHERE id = ?`), attempt)
	return storage.Wrap(err, "mark sign-in attempt")
}

// signinLockKey is the advisory lock for one account or address: a 64-bit
// hash, so keys of different accounts rarely share a lock (and sharing one
// only makes two attempts wait for each other).
func signinLockKey(kind, value string) int64 {
	h := fnv.New64a()
	h.Write([]byte("newsdesk signin\x00" + kind + "\x00" + value))
	return int64(h.Sum64())
}
