// Command benchpaths writes random site paths, one a line, for load tests
// of pages that are not cached (scripts/bench-pages): articles, or tag or
// author pages at random depths, each path once.
//
//	NEWSDESK_BENCH_DB=DIR go run ./internal/bench/benchpaths -kind article -n 100000 > paths
//
// NEWSDESK_BENCH_DSN=postgres://... reads a PostgreSQL database instead.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"

	"newsdesk/internal/bench"
)

func main() {
	kind := flag.String("kind", bench.Articles, "article, tag or author")
	n := flag.Int("n", 10000, "how many distinct paths")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if err := run(*kind, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "benchpaths:", err)
		os.Exit(1)
	}
}

func run(kind string, n int, seed uint64) error {
	ctx := context.Background()
	env, err := bench.Open(ctx)
	if err != nil {
		return err
	}
	defer env.Close()
	// Random picks repeat as they approach the number of posts.
	n = min(n, env.Posts/2)
	paths, err := env.RandomPaths(ctx, kind, n, seed)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	for _, p := range paths {
		fmt.Fprintln(w, p)
	}
	return w.Flush()
}
