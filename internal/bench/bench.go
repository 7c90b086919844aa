// Package bench holds newsdesk's end-to-end benchmarks: whole requests
// through app.Handler (home page, article page, "Show More" near the top
// and 10,000 pages deep) and the storage queries beneath them, on a SQLite
// data folder named by NEWSDESK_BENCH_DB (scripts/bench builds one with a
// million posts), a PostgreSQL database named by NEWSDESK_BENCH_DSN, or,
// without either, a small SQLite folder built for the run.
package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsdesk/internal/app"
	"newsdesk/internal/config"
	"newsdesk/internal/demo"
	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

// PageSize is the stream's page: what one "Show More" brings (the site
// shows 15 items per page).
const PageSize = 15

// DeepPage is how many "Show More" clicks deep the deep benchmarks go.
const DeepPage = 10_000

// SmallPosts is how many synthetic posts a data folder built for the run
// holds, on top of the demo.
const SmallPosts = 5000

// Env is an opened data folder with the positions the benchmarks use.
type Env struct {
	App *app.App
	// Posts counts public posts.
	Posts int
	// Page1 and Deep are the cursors after the first page and after
	// DeepPage pages (or the deepest page there is, in a small folder).
	Page1, Deep *storage.Cursor
	DeepDepth   int
	// Article is the slug of the newest article.
	Article string
	// Built is the temporary folder built for the run, if any.
	Built string
}

// Open opens the data folder in NEWSDESK_BENCH_DB, or builds a small one
// in a temporary folder, and finds the cursors by walking the stream.
func Open(ctx context.Context) (*Env, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dir, dsn := os.Getenv("NEWSDESK_BENCH_DB"), os.Getenv("NEWSDESK_BENCH_DSN")
	env := &Env{}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "newsdesk-bench-")
		if err != nil {
			return nil, err
		}
		dir = tmp
		if dsn == "" {
			env.Built = tmp
		}
	} else if _, err := os.Stat(filepath.Join(dir, "newsdesk.db")); err != nil && dsn == "" {
		return nil, fmt.Errorf("NEWSDESK_BENCH_DB=%s: no newsdesk.db there (scripts/bench builds one): %w", dir, err)
	}
	// NEWSDESK_BENCH_DSN, a postgres:// URL, benchmarks a PostgreSQL
	// database loaded beforehand (newsdesk demo --db URL --posts N).
	// NEWSDESK_ALLOW_NEWER_SCHEMA=1 lets an older version benchmark a
	// folder a newer one migrated (comparing two versions on one folder).
	cfg := config.Config{Addr: "127.0.0.1:0", Data: dir, DB: dsn, LogFormat: "text",
		AllowNewerSchema: os.Getenv("NEWSDESK_ALLOW_NEWER_SCHEMA") == "1"}
	if err := cfg.Finish(); err != nil {
		return nil, err
	}
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	env.App = a
	if env.Built != "" {
		if err := demo.Load(ctx, a.Store, cfg.MediaDir(), log); err != nil {
			return nil, err
		}
		if err := demo.LoadSynthetic(ctx, a.Store, SmallPosts, demo.SyntheticOptions{Seed: 1, MediaDir: cfg.MediaDir()}); err != nil {
			return nil, err
		}
	}
	if env.Posts, err = a.Store.CountPosts(ctx, storage.PostQuery{Public: true}); err != nil {
		return nil, err
	}
	if err := env.walk(ctx); err != nil {
		return nil, err
	}
	page, err := a.Store.ListPosts(ctx, storage.PostQuery{Public: true, Kind: domain.KindArticle, Limit: 1})
	if err != nil || len(page.Posts) == 0 {
		return nil, fmt.Errorf("find an article: %v", err)
	}
	env.Article = page.Posts[0].Slug
	return env, nil
}

// walk pages through the public stream by keyset, PageSize at a time,
// reading only the keys, as far as DeepPage pages (or the last full page).
func (e *Env) walk(ctx context.Context) error {
	db := e.App.Store.DB()
	now := time.Now().UnixMilli()
	var cur, prev *storage.Cursor
	prevDepth := 0
	for depth := 1; depth <= DeepPage; depth++ {
		// One upper bound on sort_at, so each step seeks instead of
		// rescanning the pages already walked (as ListPosts does).
		q := `SELECT sort_at, id FROM posts WHERE status = 'published' AND type = 'post' AND sort_at <= ?`
		args := []any{now}
		if cur != nil {
			ms := cur.Time.UnixMilli()
			q += ` AND (sort_at < ? OR id < ?)`
			args = []any{ms, ms, cur.ID}
		}
		q += ` ORDER BY sort_at DESC, id DESC LIMIT ?`
		args = append(args, PageSize)
		rows, err := db.QueryContext(ctx, e.rebind(q), args...)
		if err != nil {
			return fmt.Errorf("walk stream: %w", err)
		}
		var last *storage.Cursor
		n := 0
		for rows.Next() {
			var ms int64
			var id string
			if err := rows.Scan(&ms, &id); err != nil {
				rows.Close()
				return err
			}
			last = &storage.Cursor{Time: time.UnixMilli(ms).UTC(), ID: id}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < PageSize {
			// A partial page: the deepest full "Show More" is the one
			// that brought the previous page.
			e.Deep, e.DeepDepth = prev, prevDepth
			break
		}
		prev, prevDepth = cur, depth-1
		cur = last
		if depth == 1 {
			e.Page1 = cur
		}
		e.Deep, e.DeepDepth = cur, depth
	}
	if e.Page1 == nil || e.DeepDepth < 2 {
		return fmt.Errorf("the stream has too few posts (%d) to page", e.Posts)
	}
	return nil
}

// Close closes the app and removes a folder built for the run.
func (e *Env) Close() {
	e.App.Close()
	if e.Built != "" {
		os.RemoveAll(e.Built)
	}
}

// rebind numbers "?" placeholders for PostgreSQL.
func (e *Env) rebind(q string) string {
	if e.App.Store.Dialect() != sqlstore.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
