package sqlstore

import (
	"context"
	"database/sql"
	"hash/fnv"

	"newsdesk/internal/storage"
)

// Exclusive runs fn while holding the lock called name, shared by every
// instance on the database: on PostgreSQL a transaction-scoped advisory
// lock on a 64-bit hash of the name, released when fn returns (or the
// connection dies with its instance). Callers use it for work that must
// happen once across instances, such as writing an image variant to a
// shared object store. On SQLite, which one machine's processes share, it
// runs fn as it is: the lock would be SQLite's one write lock, and holding
// it during fn would stall every write.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(context.Context) error) error {
	if s.dialect != Postgres {
		return fn(ctx)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(name)); err != nil {
			return storage.Wrap(err, "take lock "+name)
		}
		return fn(ctx)
	})
}

func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("newsdesk lock\x00" + name))
	return int64(h.Sum64())
}
