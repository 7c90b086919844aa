package loadtest

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// HammerResult is what one Hammer run measured.
type HammerResult struct {
	Requests int           // answered 200 or 206
	Errors   int           // anything else, or no answer
	Bytes    int64         // body bytes read
	Elapsed  time.Duration // wall time of the run
	P50, P99 time.Duration // latency to the end of the body
}

// ReqPerSec is the rate of good answers.
func (r HammerResult) ReqPerSec() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Hammer requests urls in turn (round robin over all connections) from conns connections for d (a closed
// loop: each connection sends its next request when the last answer is
// read), as wrk does, and records every latency for exact percentiles.
func Hammer(ctx context.Context, urls []string, conns int, d time.Duration) HammerResult {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu  sync.Mutex
		all []time.Duration
		res HammerResult
		wg  sync.WaitGroup
		seq atomic.Int64 // the next URL, shared so every connection walks all of them
	)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var ok, bad int
			var n int64
			for ctx.Err() == nil {
				t := time.Now()
				req, _ := http.NewRequestWithContext(ctx, "GET", urls[int(seq.Add(1)-1)%len(urls)], nil)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				m, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if ctx.Err() != nil {
					break // cut off by the end of the run: not a measurement
				}
				n += m
				if err != nil || (resp.StatusCode != 200 && resp.StatusCode != 206) {
					bad++
					continue
				}
				ok++
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			all = append(all, lat...)
			res.Requests += ok
			res.Errors += bad
			res.Bytes += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(all)
	if len(all) > 0 {
		res.P50 = all[len(all)*50/100]
		res.P99 = all[min(len(all)-1, len(all)*99/100)]
	}
	return res
}
