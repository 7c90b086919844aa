package loadtest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSoak is scripts/soak cut to a minute: a real "newsdesk serve
// --demo" under readers, Admin API publishers and reconnecting live
// streams, with no 5xx, no unanswered request and flat memory and
// goroutines allowed.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("a one-minute soak; -short skips it")
	}
	ctx := context.Background()
	dir := t.TempDir()
	bin, err := Build(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	st := Storage{Data: filepath.Join(dir, "data")}
	keys, err := AddIntegration(ctx, bin, st, "Soak")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Start(ctx, bin, st, ServerOptions{Metrics: true, Args: []string{"--demo"}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
		if t.Failed() {
			t.Logf("server log (end):\n%s", srv.Tail(4000))
		}
	}()
	// Streams live 20 s at most here, so each reconnects a few times.
	cfg := SoakConfig{URL: srv.URL, MetricsAddr: srv.MetricsAddr, PID: srv.PID(), AdminKey: keys.AdminKey, ContentKey: keys.ContentKey,
		Duration: 60 * time.Second, Warmup: 15 * time.Second, StreamLife: 20 * time.Second, PublishEvery: 2 * time.Second}
	report, err := Soak(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	report.WriteTo(&out)
	t.Log("\n" + out.String())
	for _, f := range report.Failures {
		t.Error(f)
	}
	if srv.Exited() {
		t.Fatal("the server died during the soak")
	}
	// The load really was mixed: every kind ran, writes went through and
	// streams received them.
	for _, kind := range []string{"home", "article", "tag", "author", "feed", "search", "content-api", "admin-create", "admin-edit", "live"} {
		if c := report.Requests[kind]; c == nil || c.N == 0 {
			t.Errorf("no %s requests were made", kind)
		}
	}
	if report.Streams.Connects <= int64(cfg.Streams) || report.Streams.Events == 0 {
		t.Errorf("live streams: %+v; want reconnections and events", report.Streams)
	}
}

// TestSoakJudges checks the verdict itself: growth beyond the tolerance,
// a 5xx and a lost request each fail a run; warm-up is not compared.
func TestSoakJudges(t *testing.T) {
	cfg := SoakConfig{Duration: 90 * time.Second, Warmup: 30 * time.Second}
	cfg.Defaults()
	flat := func(rss func(i int) int64, g func(i int) float64) []Sample {
		var out []Sample
		for i := range 90 {
			out = append(out, Sample{At: time.Duration(i) * time.Second, RSS: rss(i), RssAnon: rss(i) / 2, Goroutines: g(i)})
		}
		return out
	}
	ok := map[string]*Counter{"home": {N: 10, ByStatus: map[int]int64{200: 10}}, "admin-create": {N: 1, ByStatus: map[int]int64{201: 1}}}
	cases := []struct {
		name    string
		samples []Sample
		reqs    map[string]*Counter
		fail    string
	}{
		{"flat after a warm-up spike", flat(func(i int) int64 {
			if i < 30 {
				return 400 << 20
			}
			return 100 << 20
		}, func(int) float64 { return 50 }), ok, ""},
		{"memory leak", flat(func(i int) int64 { return 100<<20 + int64(i)<<21 }, func(int) float64 { return 50 }), ok, "RSS grew"},
		{"goroutine leak", flat(func(int) int64 { return 100 << 20 }, func(i int) float64 { return 50 + float64(i) }), ok, "goroutines grew"},
		{"a 502", flat(func(int) int64 { return 100 << 20 }, func(int) float64 { return 50 }),
			map[string]*Counter{"home": {N: 2, ByStatus: map[int]int64{200: 1, 502: 1}}, "admin-create": ok["admin-create"]}, "1 answers 5xx"},
		{"a lost request", flat(func(int) int64 { return 100 << 20 }, func(int) float64 { return 50 }),
			map[string]*Counter{"home": {N: 2, ByStatus: map[int]int64{200: 1}, Transport: 1}, "admin-create": ok["admin-create"]}, "got no answer"},
	}
	for _, c := range cases {
		r := &SoakReport{Config: cfg, Samples: c.samples, Requests: c.reqs}
		r.judge()
		got := strings.Join(r.Failures, "; ")
		if c.fail == "" && got != "" || c.fail != "" && !strings.Contains(got, c.fail) {
			t.Errorf("%s: failures %q, want %q", c.name, got, c.fail)
		}
	}
}
