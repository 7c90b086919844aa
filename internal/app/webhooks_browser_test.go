package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
	"newsdesk/internal/webhooks"
)

// TestBrowserWebhooks: an Administrator adds a webhook in the newsroom in
// a real browser; publishing sends it (signed) to a receiver that fails
// first; the delivery log shows the attempts, and Send again sends the
// same delivery once more under its id.
func TestBrowserWebhooks(t *testing.T) {
	var mu sync.Mutex
	var got []string // delivery ids answered 2xx
	failures := 1
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if _, ok := webhooks.Verify(body, "browser-secret", r.Header.Get("X-Ghost-Signature")); !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if failures > 0 {
			failures--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got = append(got, r.Header.Get(webhooks.DeliveryHeader))
	}))
	defer rc.Close()
	a, srv := startAppWith(t, func(c *config.Config) {
		c.WebhooksAllowPrivate = true // the receiver is on 127.0.0.1
		c.WebhookRetry = 50 * time.Millisecond
	})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go a.Deliverer.Run(ctx)
	admin := addUser(t, a, "Ada Admin", "ada@example.org", domain.RoleAdministrator, "Editor-in-chief")
	in, _ := domain.NewIntegration("Push service", "")
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	err := chromedp.Do(b, signIn(srv.URL, "ada@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/integrations"),
		chromedp.WaitVisible(chromedp.CSS(`#target-`+in.ID)),
		chromedp.SetValue(chromedp.CSS(`#event-`+in.ID), "post.published"),
		chromedp.SendKeys(chromedp.CSS(`#target-`+in.ID), rc.URL+"/hook"),
		chromedp.SendKeys(chromedp.CSS(`#secret-`+in.ID), "browser-secret"),
		chromedp.SendKeys(chromedp.CSS(`#hookname-`+in.ID), "Push"),
		chromedp.Click(chromedp.CSS(`#target-`+in.ID+` ~ p button`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash, [role=status]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	hooks, _ := a.Store.ListWebhooks(ctx, in.ID)
	if len(hooks) != 1 || hooks[0].TargetURL != rc.URL+"/hook" || hooks[0].Secret != "browser-secret" {
		t.Fatalf("stored: %+v", hooks)
	}
	p := &domain.Post{Kind: domain.KindArticle, Title: "Council votes", BodyMD: "Kyiv — the council voted.", Authors: []domain.Author{admin.Author}}
	if err := a.Publisher.Create(ctx, publish.Actor{User: admin}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the delivery", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 1 })
	// The receiver answers before the deliverer records it.
	waitUntil(t, "the delivery recorded", func() bool {
		ds, _ := a.Store.ListDeliveries(ctx, hooks[0].ID, 10)
		return len(ds) == 1 && ds[0].Status == storage.DeliveryDelivered
	})
	ds, _ := a.Store.ListDeliveries(ctx, hooks[0].ID, 10)
	if len(ds) != 1 || ds[0].Attempts != 2 || got[0] != ds[0].ID {
		t.Fatalf("deliveries: %+v, received %v", ds, got)
	}
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/webhooks/"+hooks[0].ID), chromedp.WaitVisible(chromedp.CSS(`table.posts`)))
	if err != nil {
		t.Fatal(err)
	}
	log, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil || !strings.Contains(strings.ToLower(log), "delivered") || !strings.Contains(log, "HTTP 200") || !strings.Contains(log, ds[0].ID) {
		t.Fatalf("log page: %v %q", err, log)
	}
	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		for _, w := range []int64{1280, 390} {
			for _, page := range []struct{ name, path string }{{"integrations", "/newsroom/integrations"}, {"webhook-log", "/newsroom/webhooks/" + hooks[0].ID}} {
				if err := chromedp.Do(b, chromedp.EmulateViewport(w, 900), chromedp.Navigate(srv.URL+page.path),
					chromedp.WaitVisible(chromedp.CSS(`main`)), chromedp.Sleep(300*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, page.name+"-"+strconv.Itoa(int(w))+".png"), png, 0o644)
			}
		}
		chromedp.Do(b, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/newsroom/webhooks/"+hooks[0].ID), chromedp.WaitVisible(chromedp.CSS(`table.posts`)))
	}
	err = chromedp.Do(b, chromedp.Click(chromedp.CSS(`table.posts button`)), chromedp.WaitVisible(chromedp.CSS(`.flash, [role=status]`)))
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the delivery sent again", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 2 })
	waitUntil(t, "the second delivery recorded", func() bool { d, _ := a.Store.DeliveryByID(ctx, ds[0].ID); return d.Attempts == 3 })
	if got[1] != got[0] {
		t.Fatalf("sent again under another id: %v", got)
	}
	rec := httptest.NewRecorder()
	a.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{`newsdesk_webhook_attempt_duration_seconds_count{result="retry"} 1`, `newsdesk_webhook_attempt_duration_seconds_count{result="delivered"} 2`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
