package sqlstore

import (
	"context"
	"database/sql/driver"
	"sync"
)

// maxCachedStmts bounds the prepared statements one SQLite connection
// keeps. The site, the feeds and the APIs run a few dozen distinct reads;
// statements past the bound are prepared for their one use as before.
const maxCachedStmts = 128

// stmtCache keeps a connection's prepared read statements by their text.
// The pure-Go SQLite driver otherwise parses and plans every query on
// every call: on an uncached article page that was a seventh of the CPU.
// A statement serves one query at a time; a second query with the same
// text while the first is still being read (a nested loop over rows)
// prepares its own, as without the cache.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	st   driver.Stmt
	busy bool
}

// query runs query on c through a cached statement, preparing it on first
// use. ok is false when the cache cannot help (full, busy, or the driver
// lacks the interfaces), and the caller queries the plain way.
func (sc *stmtCache) query(ctx context.Context, c driver.Conn, query string, args []driver.NamedValue) (r driver.Rows, ok bool, err error) {
	sc.mu.Lock()
	cs := sc.stmts[query]
	if cs == nil {
		if len(sc.stmts) >= maxCachedStmts {
			sc.mu.Unlock()
			return nil, false, nil
		}
		p, isCtx := c.(driver.ConnPrepareContext)
		if !isCtx {
			sc.mu.Unlock()
			return nil, false, nil
		}
		st, err := p.PrepareContext(ctx, query)
		if err != nil {
			sc.mu.Unlock()
			return nil, true, err
		}
		if _, can := st.(driver.StmtQueryContext); !can {
			st.Close()
			sc.mu.Unlock()
			return nil, false, nil
		}
		if sc.stmts == nil {
			sc.stmts = make(map[string]*cachedStmt)
		}
		cs = &cachedStmt{st: st}
		sc.stmts[query] = cs
	}
	if cs.busy {
		sc.mu.Unlock()
		return nil, false, nil
	}
	cs.busy = true
	sc.mu.Unlock()
	r, err = cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		sc.release(cs)
		return nil, true, err
	}
	return &cachedRows{Rows: r, sc: sc, cs: cs}, true, nil
}

func (sc *stmtCache) release(cs *cachedStmt) {
	sc.mu.Lock()
	cs.busy = false
	sc.mu.Unlock()
}

// close finalizes every statement; the connection is closing.
func (sc *stmtCache) close() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for q, cs := range sc.stmts {
		cs.st.Close()
		delete(sc.stmts, q)
	}
}

// cachedRows hands its statement back to the cache when closed (the
// driver resets it then, so it holds no read lock while idle).
type cachedRows struct {
	driver.Rows
	sc   *stmtCache
	cs   *cachedStmt
	done bool
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if !r.done {
		r.done = true
		r.sc.release(r.cs)
	}
	return err
}
