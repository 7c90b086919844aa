package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/testsupport"
)

// BenchmarkPublishToReader measures what a reader waits for after the
// Admin API answers 201 to a published story: until the home page shows
// it and until an open /live/ stream has pushed it. On one instance, and
// (with NEWSDESK_TEST_POSTGRES) across two instances sharing PostgreSQL,
// writing to one and reading from the other. Reported: the median and
// the worst of the iterations, in milliseconds (goal: under 100 ms).
//
//	go test -run '^$' -bench PublishToReader -benchtime 50x ./internal/app/
func BenchmarkPublishToReader(b *testing.B) {
	b.Run("one-instance", func(b *testing.B) {
		a, srv := benchApp(b, "")
		publishToReader(b, a, srv, srv)
	})
	b.Run("two-instances-postgres", func(b *testing.B) {
		dsn := testsupport.PostgresDB(b)
		a, writer := benchApp(b, dsn)
		_, reader := benchApp(b, dsn)
		publishToReader(b, a, writer, reader)
	})
}

// benchApp runs an instance with its background jobs (the PostgreSQL
// relay among them) on SQLite, or on the database at dsn.
func benchApp(b *testing.B, dsn string) (*App, *httptest.Server) {
	b.Helper()
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Config{Data: b.TempDir(), DB: dsn, SiteURL: "http://" + srv.Listener.Addr().String(),
		Addr: srv.Listener.Addr().String(), LogFormat: "text"}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	a.startJobs(ctx)
	srv.Config.Handler = h
	srv.Start()
	b.Cleanup(func() {
		for _, f := range a.onShutdown {
			f()
		}
		srv.Close()
		stop()
		a.Close()
	})
	return a, srv
}

func publishToReader(b *testing.B, a *App, writer, reader *httptest.Server) {
	ctx := context.Background()
	in, _ := domain.NewIntegration("Bench", "")
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		b.Fatal(err)
	}
	token := adminToken(b, in)
	u := &domain.User{Email: "bench@example.org", Role: domain.RoleEditor, Author: domain.Author{Name: "Bench Reporter", Slug: "bench-reporter"}}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}

	// One reader with the live stream open for the whole run.
	req, _ := http.NewRequest("GET", reader.URL+"/live/", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		b.Fatalf("open /live/: %v %v", err, res)
	}
	defer res.Body.Close()
	pushed := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				pushed <- line
			}
		}
	}()
	get(b, reader.URL+"/") // warm the cache, as a busy site's is

	publish := func(title string) time.Time {
		body := `{"posts":[{"title":"` + title + `","status":"published","html":"<p>KYIV — News.</p>",` +
			`"authors":[{"slug":"bench-reporter"}]}]}`
		req, _ := http.NewRequest("POST", writer.URL+"/ghost/api/admin/posts/?source=html", strings.NewReader(body))
		req.Header.Set("Authorization", "Ghost "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		answer, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			b.Fatalf("publish: %d %s", res.StatusCode, answer)
		}
		return time.Now()
	}
	// The relay between instances connects in the background: wait until
	// a story published on one shows on the other.
	for i := 0; ; i++ {
		title := fmt.Sprintf("Warm-up story %d", i)
		publish(title)
		time.Sleep(200 * time.Millisecond)
		if strings.Contains(get(b, reader.URL+"/"), title) {
			break
		}
		if i == 50 {
			b.Fatal("the reading instance never showed a story")
		}
	}
	for len(pushed) > 0 {
		<-pushed
	}

	var home, live []float64
	b.ResetTimer()
	for i := range b.N {
		title := fmt.Sprintf("Bench story %d-%d", i, time.Now().UnixNano())
		created := publish(title)
		deadline := created.Add(5 * time.Second)
		onHome, onLive := time.Duration(0), time.Duration(0)
		for onHome == 0 || onLive == 0 {
			if time.Now().After(deadline) {
				b.Fatalf("%q: home %v, live %v after 5 s", title, onHome, onLive)
			}
			if onHome == 0 && strings.Contains(get(b, reader.URL+"/"), title) {
				onHome = time.Since(created)
			}
			for onLive == 0 {
				select {
				case msg := <-pushed:
					if strings.Contains(msg, title) {
						onLive = time.Since(created)
					}
					continue
				default:
				}
				break
			}
			if onHome == 0 || onLive == 0 {
				time.Sleep(200 * time.Microsecond)
			}
		}
		home = append(home, float64(onHome.Microseconds())/1000)
		live = append(live, float64(onLive.Microseconds())/1000)
	}
	b.StopTimer()
	slices.Sort(home)
	slices.Sort(live)
	b.ReportMetric(home[len(home)/2], "home-p50-ms")
	b.ReportMetric(home[len(home)-1], "home-max-ms")
	b.ReportMetric(live[len(live)/2], "live-p50-ms")
	b.ReportMetric(live[len(live)-1], "live-max-ms")
}

func get(b *testing.B, url string) string {
	res, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return string(body)
}
