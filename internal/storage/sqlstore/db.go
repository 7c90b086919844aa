// Package sqlstore implements storage.Store on SQLite (modernc.org/sqlite,
// pure Go) and PostgreSQL (pgx). Both run the same schema and queries, written
// with "?" placeholders; the dialect rewrites them and handles the few
// differences (case-insensitive matching, error codes).
package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver

	"newsdesk/internal/storage"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Dialect names the database flavour.
type Dialect int

// The supported dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Store is the SQL implementation of storage.Store.
type Store struct {
	db      *sql.DB
	dialect Dialect
	dsn     string
	log     *slog.Logger
	// unsafeBulk: see SetUnsafeBulkLoad.
	unsafeBulk atomic.Bool
	// checkpointing is set while a background checkpoint runs (see
	// inBatchTx); Close waits for it.
	checkpointing atomic.Bool
	background    sync.WaitGroup
	// backfilling is set while the search index's first migration fills
	// it, before the columns later migrations add exist (writeDocs).
	backfilling bool
	// names: see nameRelations (PostgreSQL).
	names nameCatalogue
}

var _ storage.Store = (*Store)(nil)

// SQLite's memory. The pure-Go driver keeps each connection's page cache
// in the process's own memory, so 64 MiB per connection times 8
// connections made a server reading a large archive grow past 1 GB.
// Instead the database file is memory-mapped: pages are read straight
// from the operating system's file cache, which every connection (and
// every process) shares and which the kernel can reclaim, and each
// connection keeps only a small cache for the pages beyond the map and
// for writes. A handful of connections keeps two cores busy: SQLite in
// pure Go does not wait on I/O when the file is in the OS cache.
const (
	// sqliteCacheKiB is each connection's page cache (PRAGMA cache_size).
	sqliteCacheKiB = 2048
	// sqliteMmapBytes maps the whole file: mmap.go lifts the build's 2 GiB
	// cap on 64-bit systems (elsewhere SQLite lowers the request to it).
	sqliteMmapBytes = sqliteMmapMax
	// sqliteConns bounds the pool.
	sqliteConns = 4
	// pgConns bounds the pool on PostgreSQL, per instance.
	pgConns = 20
)

// Options change how Open treats the database.
type Options struct {
	// AllowNewerSchema starts on a database that has migrations this
	// binary does not know, which a newer version applied; without it
	// Open refuses, since this version may misread or damage its data.
	AllowNewerSchema bool
}

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else
// is a SQLite file path. It runs pending migrations before returning.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	return OpenWith(ctx, dsn, log, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, log *slog.Logger, opts Options) (*Store, error) {
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	s := &Store{log: log, dsn: dsn}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.dialect = Postgres
		s.db, err = openDB("pgx", withConnectTimeout(dsn))
		if err == nil {
			s.db.SetMaxOpenConns(pgConns)
			s.db.SetMaxIdleConns(pgConns)
			s.db.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		s.dialect = SQLite
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		// WAL lets readers run beside the single writer; immediate
		// transactions take the write lock up front so two writers queue on
		// busy_timeout instead of failing with SQLITE_BUSY mid-transaction.
		// synchronous=FULL syncs the WAL at every commit: a published story
		// survives a power cut, and newsroom write rates make the cost moot.
		// Memory: see sqliteCacheKiB and sqliteMmapBytes.
		s.db, err = openDB("sqlite", "file:"+dsn+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)"+
			"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"+
			fmt.Sprintf("&_pragma=cache_size(-%d)&_pragma=mmap_size(%d)", sqliteCacheKiB, sqliteMmapBytes)+
			"&_txlock=immediate")
		if err == nil {
			s.db.SetMaxOpenConns(sqliteConns)
			s.db.SetMaxIdleConns(sqliteConns)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", s.dialect, err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.dialect, err)
	}
	if err := s.migrate(ctx, opts.AllowNewerSchema); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// withConnectTimeout bounds each connection attempt to PostgreSQL at five
// seconds unless the URL says otherwise: a server that went silent answers
// requests with 503 in seconds instead of hanging them for minutes.
func withConnectTimeout(dsn string) string {
	if strings.Contains(dsn, "connect_timeout=") {
		return dsn
	}
	if strings.Contains(dsn, "?") {
		return dsn + "&connect_timeout=5"
	}
	return dsn + "?connect_timeout=5"
}

// Conns is the most connections the store's pool opens at once.
func (s *Store) Conns() int {
	if s.dialect == Postgres {
		return pgConns
	}
	return sqliteConns
}

// Dialect reports which database the store talks to.
func (s *Store) Dialect() Dialect { return s.dialect }

// DSN is what the store was opened with: the PostgreSQL URL or the SQLite path.
func (s *Store) DSN() string { return s.dsn }

// DB exposes the pool for packages that add their own tables (sessions,
// media) through migrations here.
func (s *Store) DB() *sql.DB { return s.db }

// Ping implements storage.Store.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close implements storage.Store.
func (s *Store) Close() error {
	s.background.Wait()
	return s.db.Close()
}

// migrate applies embedded migrations in name order, each in its own
// transaction. A file named NNNN_x.postgres.sql or NNNN_x.sqlite.sql applies
// only to that dialect. A database that has migrations this binary does
// not know was upgraded by a newer version: it is refused unless
// allowNewer.
func (s *Store) migrate(ctx context.Context, allowNewer bool) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	known := map[string]bool{}
	for _, name := range names {
		known[filepath.Base(name)] = true
	}
	if err := s.checkNoNewer(ctx, known, allowNewer); err != nil {
		return err
	}
	for _, name := range names {
		base := filepath.Base(name)
		parts := strings.Split(base, ".")
		if len(parts) == 3 && parts[1] != s.dialect.String() {
			continue
		}
		if err := s.applyMigration(ctx, name, base); err != nil {
			return err
		}
	}
	return nil
}

// checkNoNewer refuses a database with applied migrations unknown to this
// binary: an older newsdesk started on a newer schema (a downgrade).
func (s *Store) checkNoNewer(ctx context.Context, known map[string]bool, allowNewer bool) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	var unknown []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if len(unknown) == 0 {
		return nil
	}
	if allowNewer {
		s.log.Warn("the database has migrations this version does not know; starting anyway (--allow-newer-schema)",
			"unknown", strings.Join(unknown, ", "))
		return nil
	}
	return fmt.Errorf("the %s database was migrated by a newer newsdesk: it has migrations this version does not know (%s). "+
		"Run the newer version, or start with --allow-newer-schema (NEWSDESK_ALLOW_NEWER_SCHEMA=1) if you are sure this version can use it",
		s.dialect, strings.Join(unknown, ", "))
}

func (s *Store) applyMigration(ctx context.Context, path, name string) error {
	body, err := migrationFS.ReadFile(path)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect == Postgres {
		// Several instances may start at once; one migrates, the others wait.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7203311)`); err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
		return fmt.Errorf("check migration %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	for _, stmt := range splitStatements(string(body)) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if step := migrationSteps[strings.SplitN(name, ".", 2)[0]]; step != nil {
		if err := step(ctx, s, tx); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`), name, time.Now().UnixMilli()); err != nil {
		return fmt.Errorf("record migration %s: %w", name, err)
	}
	s.log.Info("applied migration", "name", name, "dialect", s.dialect.String())
	return tx.Commit()
}

// migrationSteps are the parts of migrations SQL cannot do, run after
// the migration's statements in its transaction, by migration name
// without extensions.
var migrationSteps = map[string]func(ctx context.Context, s *Store, tx *sql.Tx) error{
	"20261127T1800_search":       backfillSearch,
	"20261128T0015_entry_search": reindexLiveBlogs,
}

// splitStatements splits a migration on semicolons at line ends, except
// inside a $$-quoted function body; migrations hold no semicolons inside
// strings.
func splitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	quoted := false // inside a $$-quoted function body, whose lines end in ";" too
	for _, line := range strings.Split(src, "\n") {
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "--") && !quoted {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.Count(line, "$$")%2 == 1 {
			quoted = !quoted
		}
		if strings.HasSuffix(trim, ";") && !quoted {
			if st := strings.TrimSpace(cur.String()); st != ";" {
				out = append(out, st)
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); st != "" {
		out = append(out, st)
	}
	return out
}

// q rewrites "?" placeholders to "$1, $2, ..." for PostgreSQL.
func (s *Store) q(query string) string {
	return rebind(s.dialect, query)
}

func rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// containsFold is the condition "col matches the LIKE pattern, ignoring
// case"; pass the pattern through foldPattern. PostgreSQL's ILIKE folds
// every letter; SQLite's LIKE folds ASCII only, so there the column goes
// through fold, Go's Unicode lower-casing, and the pattern is lower-cased
// too: "міська" finds "Міська рада".
func (s *Store) containsFold(col string) string {
	if s.dialect == Postgres {
		return col + ` ILIKE ? ESCAPE '\'`
	}
	return `fold(` + col + `) LIKE ? ESCAPE '\'`
}

// foldPattern lower-cases a LIKE pattern for containsFold.
func foldPattern(pattern string) string { return strings.ToLower(pattern) }

func init() {
	// Available to every SQLite connection opened after this.
	sqlite.MustRegisterDeterministicScalarFunction("fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
}

// inTx runs fn in a transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n).UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
