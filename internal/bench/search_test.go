package bench

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/storage"
)

// searchQueries reads the committed queries: class and text.
func searchQueries(b *testing.B) [][2]string {
	data, err := os.ReadFile("testdata/search-queries.txt")
	if err != nil {
		b.Fatal(err)
	}
	var out [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		if class, q, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			out = append(out, [2]string{class, q})
		}
	}
	if len(out) != 100 {
		b.Fatalf("%d queries, want 100", len(out))
	}
	return out
}

// BenchmarkSearch runs the 100 committed queries (rare, median and top-1%
// words, one and two at a time) as a reader's first page of results,
// round and round, and reports the median, 95th and 99th percentile per
// query, overall and for each class of word. It asks as the Content API
// and the newsroom do (a live blog once, whichever of its entries
// matched); BenchmarkSearchSite as /search/ does (each entry a result).
func BenchmarkSearch(b *testing.B) { benchSearch(b, false) }

// BenchmarkSearchSite is BenchmarkSearch as the site's /search/ asks.
func BenchmarkSearchSite(b *testing.B) { benchSearch(b, true) }

func benchSearch(b *testing.B, entries bool) {
	e := open(b)
	ctx := context.Background()
	queries := searchQueries(b)
	byClass := map[string][]time.Duration{}
	var all []time.Duration
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		page, err := e.App.Store.SearchPosts(ctx, storage.SearchQuery{Text: q[1], Limit: PageSize, Entries: entries})
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Posts) == 0 && q[0] != "rare" {
			b.Fatalf("%q found nothing", q[1])
		}
		all = append(all, d)
		byClass[q[0]] = append(byClass[q[0]], d)
	}
	b.StopTimer()
	// CPU time (user + system) per query says more than wall time on a
	// shared machine.
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
	pct := func(ds []time.Duration, p int) float64 {
		slices.Sort(ds)
		return float64(ds[min(len(ds)-1, len(ds)*p/100)].Nanoseconds())
	}
	b.ReportMetric(pct(all, 50), "p50-ns")
	b.ReportMetric(pct(all, 95), "p95-ns")
	b.ReportMetric(pct(all, 99), "p99-ns")
	for class, ds := range byClass {
		b.ReportMetric(pct(ds, 95), strings.TrimSuffix(class, "%")+"-p95-ns")
	}
}
