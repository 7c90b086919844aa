package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"newsdesk/internal/domain"
)

// Failures to reach the database become domain.EUNAVAILABLE errors in one
// place, the driver connection, whichever query ran into them: the HTTP
// adapters answer 503 with Retry-After instead of a 500, or a 401 for a
// key that could not be looked up.

// unavailable reports whether err means the database could not be
// reached or is too busy: connection refused, reset or cut, a failed
// connection attempt, the server shutting down or out of connections, or
// SQLite still locked when its busy timeout ran out.
func unavailable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false // the client left: nothing is wrong with the database
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case strings.HasPrefix(pg.Code, "08"): // connection exception
			return true
		case pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03": // shutting down, starting up
			return true
		case pg.Code == "53300": // too many connections
			return true
		}
		return false
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED: the busy timeout ran out
			return true
		}
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone)
}

// classify turns err into an EUNAVAILABLE error when it is one, keeping it
// as the cause (database/sql still sees driver.ErrBadConn through it). The
// sentinels database/sql compares with == pass untouched.
func classify(err error) error {
	if err == nil || err == io.EOF || err == driver.ErrSkip || err == driver.ErrRemoveArgument {
		return err
	}
	if _, done := err.(*domain.Error); done {
		return err
	}
	if unavailable(err) {
		return domain.Unavailable(err)
	}
	return err
}

// openDB opens a pool whose connections classify their errors. SQLite
// connections also keep their prepared read statements (stmtCache);
// pgx has a statement cache of its own.
func openDB(driverName, dsn string) (*sql.DB, error) {
	probe, err := sql.Open(driverName, dsn) // connects to nothing yet
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	var c driver.Connector = dsnConnector{drv, dsn}
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(classifyingConnector{c, driverName == "sqlite"}), nil
}

type dsnConnector struct {
	drv driver.Driver
	dsn string
}

func (d dsnConnector) Connect(context.Context) (driver.Conn, error) { return d.drv.Open(d.dsn) }
func (d dsnConnector) Driver() driver.Driver                        { return d.drv }

type classifyingConnector struct {
	driver.Connector
	cacheStmts bool
}

func (c classifyingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, domain.Unavailable(err) // no connection in time
		}
		return nil, classify(err)
	}
	cn := &conn{Conn: dc}
	if c.cacheStmts {
		cn.stmts = &stmtCache{}
	}
	return cn, nil
}

// conn passes every call to the driver's connection and classifies the
// errors. It offers each optional interface database/sql looks for and
// falls back, as database/sql would, when the driver lacks it.
type conn struct {
	driver.Conn
	stmts *stmtCache // nil: every query prepares its statement
}

func (c *conn) Close() error {
	if c.stmts != nil {
		c.stmts.close()
	}
	return c.Conn.Close()
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	st, err := c.Conn.Prepare(query)
	if err != nil {
		return nil, classify(err)
	}
	return &stmt{st, c}, nil
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	p, ok := c.Conn.(driver.ConnPrepareContext)
	if !ok {
		return c.Prepare(query)
	}
	st, err := p.PrepareContext(ctx, query)
	if err != nil {
		return nil, classify(err)
	}
	return &stmt{st, c}, nil
}

func (c *conn) Begin() (driver.Tx, error) {
	t, err := c.Conn.Begin() //nolint:staticcheck // the driver's own fallback
	if err != nil {
		return nil, classify(err)
	}
	return tx{t}, nil
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.Conn.(driver.ConnBeginTx)
	if !ok {
		return c.Begin()
	}
	t, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, classify(err)
	}
	return tx{t}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := e.ExecContext(ctx, query, args)
	return res, classify(err)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.stmts != nil {
		r, ok, err := c.stmts.query(ctx, c.Conn, query, args)
		if err != nil {
			return nil, classify(err)
		}
		if ok {
			return rows{r}, nil
		}
	}
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := q.QueryContext(ctx, query, args)
	if err != nil {
		return nil, classify(err)
	}
	return rows{r}, nil
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return classify(p.Ping(ctx))
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return classify(r.ResetSession(ctx))
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

type stmt struct {
	driver.Stmt
	c *conn
}

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	res, err := s.Stmt.Exec(args) //nolint:staticcheck // the driver's own fallback
	return res, classify(err)
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	r, err := s.Stmt.Query(args) //nolint:staticcheck // the driver's own fallback
	if err != nil {
		return nil, classify(err)
	}
	return rows{r}, nil
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		vals, err := plainValues(args)
		if err != nil {
			return nil, err
		}
		return s.Exec(vals)
	}
	res, err := e.ExecContext(ctx, args)
	return res, classify(err)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		vals, err := plainValues(args)
		if err != nil {
			return nil, err
		}
		return s.Query(vals)
	}
	r, err := q.QueryContext(ctx, args)
	if err != nil {
		return nil, classify(err)
	}
	return rows{r}, nil
}

// CheckNamedValue: the statement's checker, else the connection's, as
// database/sql would pick them.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return s.c.CheckNamedValue(nv)
}

func plainValues(named []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(named))
	for i, nv := range named {
		if nv.Name != "" {
			return nil, errors.New("sqlstore: the driver does not support named parameters")
		}
		out[i] = nv.Value
	}
	return out, nil
}

type tx struct{ driver.Tx }

func (t tx) Commit() error   { return classify(t.Tx.Commit()) }
func (t tx) Rollback() error { return classify(t.Tx.Rollback()) }

type rows struct{ driver.Rows }

func (r rows) Next(dest []driver.Value) error { return classify(r.Rows.Next(dest)) }
