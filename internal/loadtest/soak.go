package loadtest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// SoakConfig says what load a soak puts on a running server and what
// counts as a failure.
type SoakConfig struct {
	URL         string // the site
	MetricsAddr string // the server's --metrics-addr, for goroutines and heap
	PID         int    // the server's process, for RSS and RssAnon (/proc)
	AdminKey    string // an Administrator integration's id:secret
	ContentKey  string

	Duration    time.Duration // the whole run
	Warmup      time.Duration // samples before this are not compared
	SampleEvery time.Duration
	// Readers, Publishers and Streams: zero takes the default, a
	// negative count means none.
	Readers      int           // goroutines reading pages, feeds and the Content API
	ReaderPause  time.Duration // between one reader's requests
	Publishers   int           // goroutines writing through the Admin API
	PublishEvery time.Duration // between one publisher's writes
	Streams      int           // /live/ streams held open, each reconnecting
	StreamLife   time.Duration // the longest a stream is held before the client reconnects

	// A run fails when the median of the last third of the samples after
	// warm-up exceeds the first third's by more than both the growth
	// ratio and the slack.
	MemGrowth       float64 // e.g. 0.25: 25 %
	MemSlack        int64   // bytes
	GoroutineGrowth float64
	GoroutineSlack  float64
}

// Defaults fills the zero fields of c with the soak's defaults.
func (c *SoakConfig) Defaults() {
	if c.Duration == 0 {
		c.Duration = 30 * time.Minute
	}
	if c.Warmup == 0 {
		c.Warmup = min(5*time.Minute, c.Duration/6)
	}
	if c.SampleEvery == 0 {
		c.SampleEvery = 5 * time.Second
		if c.Duration < 5*time.Minute {
			c.SampleEvery = time.Second
		}
	}
	if c.Readers == 0 {
		c.Readers = 6
	}
	if c.ReaderPause == 0 {
		c.ReaderPause = 20 * time.Millisecond
	}
	if c.Publishers == 0 {
		c.Publishers = 2
	}
	if c.PublishEvery == 0 {
		c.PublishEvery = 3 * time.Second
	}
	if c.Streams == 0 {
		c.Streams = 16
	}
	c.Readers, c.Publishers, c.Streams = max(c.Readers, 0), max(c.Publishers, 0), max(c.Streams, 0)
	if c.StreamLife == 0 {
		c.StreamLife = 90 * time.Second
	}
	if c.MemGrowth == 0 {
		c.MemGrowth = 0.25
	}
	if c.MemSlack == 0 {
		c.MemSlack = 24 << 20
	}
	if c.GoroutineGrowth == 0 {
		c.GoroutineGrowth = 0.20
	}
	if c.GoroutineSlack == 0 {
		c.GoroutineSlack = 10
	}
}

// Sample is one reading of the server's resources.
type Sample struct {
	At         time.Duration // since the start
	RSS        int64         // VmRSS, bytes
	RssAnon    int64         // the heap and stacks part of RSS, bytes
	HeapInuse  int64         // go_memstats_heap_inuse_bytes
	Goroutines float64       // go_goroutines
}

// SoakReport is what a soak found.
type SoakReport struct {
	Config   SoakConfig
	Took     time.Duration
	Requests map[string]*Counter // by kind: home, article, feed, ...
	Samples  []Sample
	Streams  StreamStats
	Errors   []string // the first few failures, for the report
	Failures []string // why the run failed; empty when it passed
}

// Counter counts one kind of request.
type Counter struct {
	N         int64
	ByStatus  map[int]int64
	Transport int64 // no answer (connection refused, reset, timeout)
	lat       []time.Duration
}

// StreamStats sums up the /live/ streams.
type StreamStats struct {
	Connects   int64
	Refused    int64 // answered but not 200
	Failed     int64 // no answer or a broken stream
	Events     int64 // post, update and remove events received
	ServerEnds int64 // streams the server ended (its lifetime bound)
}

type soak struct {
	cfg     SoakConfig
	start   time.Time
	http    *http.Client
	admin   *Admin
	mu      sync.Mutex
	report  *SoakReport
	slugs   slugSet
	streams struct{ connects, refused, failed, events, serverEnds atomic.Int64 }
}

type slugSet struct {
	mu                   sync.RWMutex
	posts, tags, authors []string
}

func (s *slugSet) pick(r *rand.Rand, which func(*slugSet) []string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	l := which(s)
	if len(l) == 0 {
		return ""
	}
	return l[r.IntN(len(l))]
}

// Soak runs the load described by cfg against a running server until
// cfg.Duration has passed or ctx ends, and reports.
func Soak(ctx context.Context, cfg SoakConfig) (*SoakReport, error) {
	cfg.Defaults()
	s := &soak{cfg: cfg, start: time.Now(),
		http:   &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}},
		report: &SoakReport{Config: cfg, Requests: map[string]*Counter{}}}
	s.admin = &Admin{URL: cfg.URL, Key: cfg.AdminKey, HTTP: s.http}
	if err := s.refreshSlugs(ctx); err != nil {
		return nil, fmt.Errorf("soak: list the site's content: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var wg sync.WaitGroup
	for i := range cfg.Readers {
		wg.Go(func() { s.reader(ctx, uint64(i)) })
	}
	for i := range cfg.Publishers {
		wg.Go(func() { s.publisher(ctx, uint64(i)) })
	}
	for i := range cfg.Streams {
		wg.Go(func() { s.stream(ctx, i) })
	}
	wg.Go(func() { s.sampler(ctx) })
	wg.Go(func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := s.refreshSlugs(ctx); err != nil && ctx.Err() == nil {
					s.fail("refresh slugs: %v", err)
				}
			}
		}
	})
	wg.Wait()
	r := s.report
	r.Took = time.Since(s.start)
	r.Streams = StreamStats{Connects: s.streams.connects.Load(), Refused: s.streams.refused.Load(),
		Failed: s.streams.failed.Load(), Events: s.streams.events.Load(), ServerEnds: s.streams.serverEnds.Load()}
	r.judge()
	return r, nil
}

// record counts one request's outcome; a transport error after the run
// ended is the run ending, not a failure.
func (s *soak) record(ctx context.Context, kind string, status int, took time.Duration, err error) {
	if err != nil && ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.report.Requests[kind]
	if c == nil {
		c = &Counter{ByStatus: map[int]int64{}}
		s.report.Requests[kind] = c
	}
	c.N++
	if status == 0 {
		c.Transport++
	} else {
		c.ByStatus[status]++
	}
	// Keep at most 100,000 latencies a kind: enough for percentiles.
	if len(c.lat) < 100000 {
		c.lat = append(c.lat, took)
	} else if i := rand.IntN(int(c.N)); i < len(c.lat) {
		c.lat[i] = took
	}
	if (status >= 500 || status == 0) && len(s.report.Errors) < 20 {
		s.report.Errors = append(s.report.Errors, fmt.Sprintf("%s at %s: %d %v", kind, time.Since(s.start).Round(time.Second), status, err))
	}
}

func (s *soak) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.report.Errors) < 20 {
		s.report.Errors = append(s.report.Errors, fmt.Sprintf(format, args...))
	}
}

// get fetches a path, reads the whole body and records the outcome.
func (s *soak) get(ctx context.Context, kind, path string) {
	t0 := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.URL+path, nil)
	if err != nil {
		s.record(ctx, kind, 0, 0, err)
		return
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := s.http.Do(req)
	if err != nil {
		s.record(ctx, kind, 0, time.Since(t0), err)
		return
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		s.record(ctx, kind, 0, time.Since(t0), fmt.Errorf("%s: reading the body: %w", path, err))
		return
	}
	var rerr error
	if res.StatusCode >= 500 {
		rerr = fmt.Errorf("GET %s", path)
	}
	s.record(ctx, kind, res.StatusCode, time.Since(t0), rerr)
}

var searchWords = []string{"kyiv", "city", "council", "rail", "water", "school", "market", "soak", "river", "energy"}

// reader reads what a reader and a front end would, in a random order.
func (s *soak) reader(ctx context.Context, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	key := url.QueryEscape(s.cfg.ContentKey)
	posts := func(x *slugSet) []string { return x.posts }
	tags := func(x *slugSet) []string { return x.tags }
	authors := func(x *slugSet) []string { return x.authors }
	for ctx.Err() == nil {
		switch n := r.IntN(20); {
		case n < 3:
			s.get(ctx, "home", "/")
		case n < 8:
			if slug := s.slugs.pick(r, posts); slug != "" {
				s.get(ctx, "article", "/"+slug+"/")
			}
		case n < 10:
			if slug := s.slugs.pick(r, tags); slug != "" {
				s.get(ctx, "tag", "/tag/"+slug+"/")
			}
		case n < 11:
			if slug := s.slugs.pick(r, authors); slug != "" {
				s.get(ctx, "author", "/author/"+slug+"/")
			}
		case n < 13:
			feeds := []string{"/rss/", "/atom/", "/feed.json"}
			path := feeds[r.IntN(len(feeds))]
			if slug := s.slugs.pick(r, tags); slug != "" && r.IntN(2) == 0 {
				path = "/tag/" + slug + path
			}
			s.get(ctx, "feed", path)
		case n < 15:
			s.get(ctx, "search", "/search/?q="+searchWords[r.IntN(len(searchWords))])
		case n < 17:
			s.get(ctx, "content-api", "/ghost/api/content/posts/?key="+key+"&include=tags,authors&limit=15&page="+strconv.Itoa(1+r.IntN(3)))
		case n < 18:
			if slug := s.slugs.pick(r, posts); slug != "" {
				s.get(ctx, "content-api", "/ghost/api/content/posts/slug/"+slug+"/?key="+key+"&include=tags,authors")
			}
		case n < 19:
			s.get(ctx, "content-api", "/ghost/api/content/tags/?key="+key+"&include=count.posts&limit=50")
		default:
			s.get(ctx, "content-api", "/ghost/api/content/authors/?key="+key+"&limit=50")
		}
		sleep(ctx, s.cfg.ReaderPause)
	}
}

// publisher creates published posts and edits its own through the Admin
// API, one write every PublishEvery (with jitter): a third are creates.
func (s *soak) publisher(ctx context.Context, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0xad31))
	var mine []*Post
	tagNames := []string{"Soak", "City", "Politics", "Economy", "Breaking"}
	for n := 0; ctx.Err() == nil; n++ {
		sleep(ctx, s.cfg.PublishEvery/2+time.Duration(r.Int64N(int64(s.cfg.PublishEvery))))
		if ctx.Err() != nil {
			return
		}
		t0 := time.Now()
		if len(mine) == 0 || r.IntN(3) == 0 {
			title := fmt.Sprintf("Soak story %d-%d about the %s", seed, n, searchWords[r.IntN(len(searchWords))])
			status, p, err := s.admin.Publish(ctx, title, strings.Repeat("Kyiv — the city council met again. ", 1+r.IntN(40)),
				[]string{tagNames[r.IntN(len(tagNames))], tagNames[r.IntN(len(tagNames))]})
			s.record(ctx, "admin-create", status, time.Since(t0), err)
			if err == nil && p != nil {
				mine = append(mine, p)
				s.slugs.mu.Lock()
				s.slugs.posts = append(s.slugs.posts, p.Slug)
				s.slugs.mu.Unlock()
			}
			continue
		}
		i := r.IntN(len(mine))
		p := mine[i]
		edit := map[string]any{"updated_at": p.UpdatedAt, "title": p.Title + ".",
			"html": fmt.Sprintf("<p>Updated at %s. %s</p>", time.Now().Format(time.TimeOnly), strings.Repeat("More detail. ", 1+r.IntN(30)))}
		if len(p.Title) > 200 {
			edit["title"] = p.Title[:100]
		}
		status, np, err := s.admin.Call(ctx, http.MethodPut, "posts/"+p.ID+"/?source=html", map[string]any{"posts": []any{edit}})
		s.record(ctx, "admin-edit", status, time.Since(t0), err)
		if err == nil && np != nil {
			mine[i] = np
		}
	}
}

// stream holds a /live/ stream open and reconnects: after a random part
// of StreamLife, when the server ends it, or after an error. Streams dial
// from several loopback addresses so the per-address bound (8) is not
// what the soak measures.
func (s *soak) stream(ctx context.Context, i int) {
	r := rand.New(rand.NewPCG(uint64(i), 0x11fe))
	local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+i/4))}
	client := &http.Client{Transport: &http.Transport{
		DialContext:        (&net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}).DialContext,
		DisableCompression: true,
	}}
	for ctx.Err() == nil {
		life := s.cfg.StreamLife/4 + time.Duration(r.Int64N(int64(s.cfg.StreamLife)*3/4))
		sctx, cancel := context.WithTimeout(ctx, life)
		ended, err := s.hold(sctx, client)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && sctx.Err() == nil:
			s.streams.failed.Add(1)
			s.fail("live stream %d: %v", i, err)
			sleep(ctx, time.Second)
		case ended:
			s.streams.serverEnds.Add(1)
		}
		sleep(ctx, time.Duration(100+r.IntN(900))*time.Millisecond)
	}
}

// hold reads one stream until ctx ends or the server closes it.
func (s *soak) hold(ctx context.Context, client *http.Client) (serverEnded bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.URL+"/live/", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	s.streams.connects.Add(1)
	if res.StatusCode != http.StatusOK {
		s.streams.refused.Add(1)
		s.record(ctx, "live", res.StatusCode, 0, fmt.Errorf("GET /live/: %d", res.StatusCode))
		return false, fmt.Errorf("answered %d", res.StatusCode)
	}
	s.record(ctx, "live", res.StatusCode, 0, nil)
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "event:") {
			s.streams.events.Add(1)
		}
	}
	if ctx.Err() != nil {
		return false, nil
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	return true, nil
}

// sampler reads the server's memory and goroutines every SampleEvery.
func (s *soak) sampler(ctx context.Context) {
	t := time.NewTicker(s.cfg.SampleEvery)
	defer t.Stop()
	for {
		smp, err := s.sample(ctx)
		if err != nil && ctx.Err() == nil {
			s.fail("sample: %v", err)
		} else if err == nil {
			s.mu.Lock()
			s.report.Samples = append(s.report.Samples, smp)
			s.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *soak) sample(ctx context.Context) (Sample, error) {
	smp := Sample{At: time.Since(s.start)}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cfg.PID))
	if err != nil {
		return smp, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			smp.RSS = kb << 10
		case "RssAnon":
			smp.RssAnon = kb << 10
		}
	}
	if s.cfg.MetricsAddr == "" {
		return smp, errors.New("no metrics address: goroutines are not sampled")
	}
	m, err := metrics(ctx, s.http, "http://"+s.cfg.MetricsAddr+"/metrics", "go_goroutines", "go_memstats_heap_inuse_bytes")
	if err != nil {
		return smp, err
	}
	smp.Goroutines = m["go_goroutines"]
	smp.HeapInuse = int64(m["go_memstats_heap_inuse_bytes"])
	return smp, nil
}

// metrics reads the named unlabelled values from a Prometheus text page.
func metrics(ctx context.Context, hc *http.Client, u string, names ...string) (map[string]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %d", u, res.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if ok && slices.Contains(names, name) {
			out[name], _ = strconv.ParseFloat(strings.TrimSpace(val), 64)
		}
	}
	for _, n := range names {
		if _, ok := out[n]; !ok {
			return nil, fmt.Errorf("%s has no %s", u, n)
		}
	}
	return out, sc.Err()
}

// refreshSlugs lists the posts, tags and authors readers pick from.
func (s *soak) refreshSlugs(ctx context.Context) error {
	list := func(resource, extra string) ([]string, error) {
		u := s.cfg.URL + "/ghost/api/content/" + resource + "/?key=" + url.QueryEscape(s.cfg.ContentKey) + "&fields=slug&limit=100" + extra
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		res, err := s.http.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s: %d", resource, res.StatusCode)
		}
		var env map[string]json.RawMessage
		if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
			return nil, err
		}
		var items []struct {
			Slug string `json:"slug"`
		}
		if err := json.Unmarshal(env[resource], &items); err != nil {
			return nil, err
		}
		var out []string
		for _, it := range items {
			out = append(out, it.Slug)
		}
		return out, nil
	}
	posts, err := list("posts", "")
	if err != nil {
		return err
	}
	tags, err := list("tags", "")
	if err != nil {
		return err
	}
	authors, err := list("authors", "")
	if err != nil {
		return err
	}
	s.slugs.mu.Lock()
	s.slugs.posts, s.slugs.tags, s.slugs.authors = posts, tags, authors
	s.slugs.mu.Unlock()
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Thirds are the medians of the first and last thirds of the samples
// taken after warm-up.
type Thirds struct {
	N                   int // samples in each third
	FirstRSS, LastRSS   float64
	FirstAnon, LastAnon float64
	FirstHeap, LastHeap float64
	FirstG, LastG       float64
}

// Thirds compares the first and last thirds of the samples after warm-up.
func (r *SoakReport) Thirds() (Thirds, bool) {
	var after []Sample
	for _, s := range r.Samples {
		if s.At >= r.Config.Warmup {
			after = append(after, s)
		}
	}
	n := len(after) / 3
	if n == 0 {
		return Thirds{}, false
	}
	// Medians, not means: a burst of requests in one sample (goroutines
	// double for a moment) says nothing about a leak.
	median := func(l []Sample, f func(Sample) float64) float64 {
		v := make([]float64, len(l))
		for i, s := range l {
			v[i] = f(s)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	first, last := after[:n], after[len(after)-n:]
	rss := func(s Sample) float64 { return float64(s.RSS) }
	anon := func(s Sample) float64 { return float64(s.RssAnon) }
	heap := func(s Sample) float64 { return float64(s.HeapInuse) }
	g := func(s Sample) float64 { return s.Goroutines }
	return Thirds{N: n, FirstRSS: median(first, rss), LastRSS: median(last, rss), FirstAnon: median(first, anon), LastAnon: median(last, anon),
		FirstHeap: median(first, heap), LastHeap: median(last, heap), FirstG: median(first, g), LastG: median(last, g)}, true
}

// judge fills Failures.
func (r *SoakReport) judge() {
	kinds := slices.Sorted(maps.Keys(r.Requests))
	for _, k := range kinds {
		c := r.Requests[k]
		var fivexx int64
		for st, n := range c.ByStatus {
			if st >= 500 {
				fivexx += n
			}
		}
		if fivexx > 0 {
			r.Failures = append(r.Failures, fmt.Sprintf("%s: %d answers 5xx", k, fivexx))
		}
		if c.Transport > 0 {
			r.Failures = append(r.Failures, fmt.Sprintf("%s: %d requests got no answer", k, c.Transport))
		}
	}
	if r.Streams.Failed > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("live: %d streams broke or could not connect", r.Streams.Failed))
	}
	if r.Config.Publishers > 0 && (r.Requests["admin-create"] == nil || r.Requests["admin-create"].ByStatus[201] == 0) {
		r.Failures = append(r.Failures, "no post was published")
	}
	th, ok := r.Thirds()
	if !ok {
		r.Failures = append(r.Failures, fmt.Sprintf("too few samples after warm-up (%d in all) to compare memory and goroutines", len(r.Samples)))
		return
	}
	grew := func(what string, first, last, ratio, slack float64, unit func(float64) string) {
		if last > first*(1+ratio) && last-first > slack {
			r.Failures = append(r.Failures, fmt.Sprintf("%s grew from %s to %s (tolerance: %.0f%% and %s)", what, unit(first), unit(last), ratio*100, unit(slack)))
		}
	}
	grew("RSS", th.FirstRSS, th.LastRSS, r.Config.MemGrowth, float64(r.Config.MemSlack), mib)
	grew("RssAnon", th.FirstAnon, th.LastAnon, r.Config.MemGrowth, float64(r.Config.MemSlack), mib)
	grew("goroutines", th.FirstG, th.LastG, r.Config.GoroutineGrowth, r.Config.GoroutineSlack, func(v float64) string { return fmt.Sprintf("%.0f", v) })
}

func mib(v float64) string { return fmt.Sprintf("%.1f MiB", v/(1<<20)) }

// WriteTo prints the report for people.
func (r *SoakReport) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	c := r.Config
	fmt.Fprintf(&b, "soak: %s (warm-up %s), %d readers, %d publishers every ~%s, %d live streams (held up to %s)\n",
		r.Took.Round(time.Second), c.Warmup, c.Readers, c.Publishers, c.PublishEvery, c.Streams, c.StreamLife)
	fmt.Fprintf(&b, "\n%-13s %9s %8s %8s %8s  %s\n", "requests", "count", "p50", "p99", "max", "statuses")
	var total int64
	for _, k := range slices.Sorted(maps.Keys(r.Requests)) {
		cn := r.Requests[k]
		total += cn.N
		lat := slices.Clone(cn.lat)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		pct := func(p float64) string {
			if len(lat) == 0 || k == "live" {
				return "-"
			}
			return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(100 * time.Microsecond).String()
		}
		var sts []string
		for _, st := range slices.Sorted(maps.Keys(cn.ByStatus)) {
			sts = append(sts, fmt.Sprintf("%d×%d", st, cn.ByStatus[st]))
		}
		if cn.Transport > 0 {
			sts = append(sts, fmt.Sprintf("no answer×%d", cn.Transport))
		}
		maxLat := "-"
		if len(lat) > 0 && k != "live" {
			maxLat = lat[len(lat)-1].Round(100 * time.Microsecond).String()
		}
		fmt.Fprintf(&b, "%-13s %9d %8s %8s %8s  %s\n", k, cn.N, pct(0.5), pct(0.99), maxLat, strings.Join(sts, " "))
	}
	fmt.Fprintf(&b, "%-13s %9d (%.0f/s)\n", "total", total, float64(total)/max(r.Took.Seconds(), 1))
	s := r.Streams
	fmt.Fprintf(&b, "\nlive streams: %d connections, %d events received, %d ended by the server, %d refused, %d broken\n",
		s.Connects, s.Events, s.ServerEnds, s.Refused, s.Failed)
	if th, ok := r.Thirds(); ok {
		fmt.Fprintf(&b, "\nafter warm-up, median of the first third vs the last third (%d samples each, every %s):\n", th.N, c.SampleEvery)
		fmt.Fprintf(&b, "  RSS         %10s -> %10s\n", mib(th.FirstRSS), mib(th.LastRSS))
		fmt.Fprintf(&b, "  RssAnon     %10s -> %10s\n", mib(th.FirstAnon), mib(th.LastAnon))
		fmt.Fprintf(&b, "  heap in use %10s -> %10s\n", mib(th.FirstHeap), mib(th.LastHeap))
		fmt.Fprintf(&b, "  goroutines  %10.0f -> %10.0f\n", th.FirstG, th.LastG)
	}
	if len(r.Samples) > 0 {
		var peak Sample
		for _, smp := range r.Samples {
			if smp.RSS > peak.RSS {
				peak = smp
			}
		}
		fmt.Fprintf(&b, "  peak RSS %s at %s; tolerance: memory +%.0f%% and +%s, goroutines +%.0f%% and +%.0f\n",
			mib(float64(peak.RSS)), peak.At.Round(time.Second), c.MemGrowth*100, mib(float64(c.MemSlack)), c.GoroutineGrowth*100, c.GoroutineSlack)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(&b, "\nfirst errors:\n")
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	if len(r.Failures) == 0 {
		fmt.Fprintf(&b, "\nPASS: no 5xx, no lost requests, memory and goroutines flat\n")
	} else {
		fmt.Fprintf(&b, "\nFAIL:\n")
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// WriteSamples writes the samples as CSV, for plotting.
func (r *SoakReport) WriteSamples(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "seconds,rss_bytes,rss_anon_bytes,heap_inuse_bytes,goroutines")
	for _, s := range r.Samples {
		fmt.Fprintf(bw, "%.1f,%d,%d,%d,%.0f\n", s.At.Seconds(), s.RSS, s.RssAnon, s.HeapInuse, s.Goroutines)
	}
	return bw.Flush()
}
