package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"

	"newsdesk/internal/storage"
)

// Page kinds RandomPaths can pick.
const (
	// Articles are article, brief and video pages: "/{slug}/".
	Articles = "article"
	// Tags are section pages at random depths: "/tag/{slug}/?after=…",
	// the page of the section's stream after a random post of it.
	Tags = "tag"
	// Authors are author pages at random depths, as Tags.
	Authors = "author"
)

// RandomPaths returns n distinct site paths of one kind, spread evenly over
// the archive, for benchmarks of pages that are not cached: each path is
// requested once. Posts are found by seeking the stream index to random
// times between the oldest and newest post, so picking costs one index
// seek each on SQLite and PostgreSQL alike.
func (e *Env) RandomPaths(ctx context.Context, kind string, n int, seed uint64) ([]string, error) {
	db := e.App.Store.DB()
	q := e.rebind
	var lo, hi int64
	if err := db.QueryRowContext(ctx, `SELECT MIN(sort_at), MAX(sort_at) FROM posts WHERE status = 'published' AND type = 'post'`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("range of the stream: %w", err)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	seen := make(map[string]bool, n)
	var out []string
	for tries := 0; len(out) < n && tries < 4*n+100; tries++ {
		at := lo + rng.Int64N(hi-lo+1)
		var id, slug string
		var sortAt int64
		err := db.QueryRowContext(ctx, q(`SELECT id, slug, sort_at FROM posts WHERE status = 'published' AND type = 'post'
			AND sort_at <= ? ORDER BY sort_at DESC, id DESC LIMIT 1`), at).Scan(&id, &slug, &sortAt)
		if err != nil {
			return nil, fmt.Errorf("pick a post: %w", err)
		}
		var path string
		switch kind {
		case Articles:
			path = "/" + slug + "/"
		case Tags, Authors:
			// Internal tags (#live) have no page.
			table, join := "posts_tags", "tags t ON t.id = j.tag_id AND t.name NOT LIKE '#%'"
			if kind == Authors {
				table, join = "posts_authors", "users t ON t.id = j.author_id"
			}
			var owner string
			err := db.QueryRowContext(ctx, q(`SELECT t.slug FROM `+table+` j JOIN `+join+` WHERE j.post_id = ?
				ORDER BY j.sort_order LIMIT 1`), id).Scan(&owner)
			if err != nil {
				continue // a post without tags
			}
			cur := storage.Cursor{Time: time.UnixMilli(sortAt).UTC(), ID: id}
			path = "/" + kind + "/" + owner + "/?after=" + url.QueryEscape(cur.String())
		default:
			return nil, fmt.Errorf("unknown page kind %q", kind)
		}
		if !seen[path] {
			seen[path] = true
			out = append(out, path)
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("found only %d distinct %s pages of %d", len(out), kind, n)
	}
	return out, nil
}
