// Command benchmedia is the load half of scripts/bench-media: it requests
// the same image paths from two newsdesk servers, one serving media from
// its data folder and one from an S3-compatible store, in alternating
// runs, and prints each run and the medians side by side.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"newsdesk/internal/loadtest"
)

func main() {
	local := flag.String("local", "", "base URL of the server on the data folder")
	store := flag.String("store", "", "base URL of the server on the object store")
	paths := flag.String("paths", "", "file of paths to request, one a line")
	rounds := flag.Int("rounds", 3, "runs against each server")
	dur := flag.Duration("d", 8*time.Second, "one run")
	conns := flag.Int("c", 32, "connections")
	flag.Parse()
	f, err := os.Open(*paths)
	if err != nil {
		log.Fatal(err)
	}
	var list []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			list = append(list, p)
		}
	}
	f.Close()
	if len(list) == 0 {
		log.Fatal("no paths")
	}
	urls := func(base string) []string {
		u := make([]string, len(list))
		for i, p := range list {
			u[i] = strings.TrimRight(base, "/") + p
		}
		return u
	}
	targets := []struct{ name, base string }{{"data folder", *local}, {"object store", *store}}
	results := make([][]loadtest.HammerResult, len(targets))
	for r := 1; r <= *rounds; r++ {
		for i, t := range targets {
			res := loadtest.Hammer(context.Background(), urls(t.base), *conns, *dur)
			results[i] = append(results[i], res)
			fmt.Printf("round %d  %-12s  %8.0f req/s  p50 %7s  p99 %7s  %6.1f MB/s  errors %d  load %s\n", r, t.name,
				res.ReqPerSec(), res.P50.Round(10*time.Microsecond), res.P99.Round(10*time.Microsecond),
				float64(res.Bytes)/res.Elapsed.Seconds()/1e6, res.Errors, loadavg())
		}
	}
	fmt.Printf("\nmedians of %d runs of %s, %d connections, %d paths:\n", *rounds, *dur, *conns, len(list))
	var rps, p99 [2]float64
	for i, t := range targets {
		rs := results[i]
		rps[i] = median(rs, func(r loadtest.HammerResult) float64 { return r.ReqPerSec() })
		p99[i] = median(rs, func(r loadtest.HammerResult) float64 { return float64(r.P99) })
		fmt.Printf("  %-12s  %8.0f req/s  p99 %s\n", t.name, rps[i], time.Duration(p99[i]).Round(10*time.Microsecond))
	}
	fmt.Printf("  object store / data folder: %.2fx the requests per second, %.2fx the p99\n", rps[1]/rps[0], p99[1]/p99[0])
}

func median(rs []loadtest.HammerResult, f func(loadtest.HammerResult) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
