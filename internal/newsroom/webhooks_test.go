package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

func TestWebhooksInIntegrations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in, _ := domain.NewIntegration("Push service", "")
	if err := e.store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	c := e.as(domain.RoleAdministrator)
	if res := c.get("/newsroom/integrations"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, `action="/newsroom/integrations/`+in.ID+`/webhooks"`) ||
		!strings.Contains(res.body, `<option value="post.published.edited">`) || !strings.Contains(res.body, `live.entry.published`) {
		t.Fatalf("page: %d %s", res.StatusCode, snippet(res.body))
	}
	add := "/newsroom/integrations/" + in.ID + "/webhooks"
	for _, bad := range []struct {
		form url.Values
		msg  string
	}{
		{url.Values{"event": {"post.published"}, "target_url": {"http://127.0.0.1:8080/hook"}}, "loopback, private or link-local"},
		{url.Values{"event": {"post.published"}, "target_url": {"http://localhost/hook"}}, "localhost"},
		{url.Values{"event": {"member.added"}, "target_url": {"https://hooks.example.org/x"}}, "Pick an event"},
		{url.Values{"event": {"post.published"}, "target_url": {"hooks.example.org"}}, "absolute http"},
	} {
		res := c.postForm(add, bad.form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, bad.msg) {
			t.Errorf("%v: %d %s", bad.form, res.StatusCode, snippet(res.body))
		}
	}
	if list, _ := e.store.ListWebhooks(ctx, ""); len(list) != 0 {
		t.Fatal("a refused webhook was saved")
	}
	res := c.postForm(add, url.Values{"event": {"post.published"}, "target_url": {"https://hooks.example.org/<push>"}, "secret": {"shh"}, "name": {"Push"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := c.postForm(add, url.Values{"event": {"post.published"}, "target_url": {"https://hooks.example.org/<push>"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "already sends") {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	list, _ := e.store.ListWebhooks(ctx, in.ID)
	if len(list) != 1 || list[0].Secret != "shh" || list[0].Name != "Push" {
		t.Fatalf("stored: %+v", list)
	}
	hook := list[0]
	if res := c.get("/newsroom/integrations"); !strings.Contains(res.body, "https://hooks.example.org/&lt;push&gt;") || strings.Contains(res.body, "shh") {
		t.Fatalf("the list must show the escaped target and never the secret: %s", snippet(res.body))
	}

	// Publishing queues a delivery; the log shows it, pending.
	p := &domain.Post{Kind: domain.KindArticle, Title: "Hooked", BodyMD: "Text.", Authors: []domain.Author{e.users[domain.RoleEditor].Author}}
	if err := e.nr.Publisher.Create(ctx, publish.Actor{User: e.users[domain.RoleEditor]}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	ds, _ := e.store.ListDeliveries(ctx, hook.ID, 10)
	if len(ds) != 1 {
		t.Fatalf("deliveries: %d", len(ds))
	}
	d := ds[0]
	res = c.get("/newsroom/webhooks/" + hook.ID)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, d.ID) || !strings.Contains(res.body, "pending") || !strings.Contains(res.body, "not sent yet") {
		t.Fatalf("log: %d %s", res.StatusCode, snippet(res.body))
	}
	// Given up after a failure; "Send again" queues it under the same id.
	now := time.Now()
	if _, err := e.store.RecordAttempt(ctx, d, storage.Attempt{At: now, Code: 503, Duration: 42 * time.Millisecond, Error: "HTTP 503", Status: storage.DeliveryFailed}, "x", now); err != nil {
		t.Fatal(err)
	}
	res = c.get("/newsroom/webhooks/" + hook.ID)
	if !strings.Contains(res.body, "HTTP 503") || !strings.Contains(res.body, "42 ms") || !strings.Contains(res.body, "failed") {
		t.Fatalf("log after a failure: %s", snippet(res.body))
	}
	if res := c.postForm("/newsroom/webhooks/"+domain.NewID()+"/deliveries/"+d.ID+"/retry", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("retry under another webhook: %d", res.StatusCode)
	}
	if res := c.postForm("/newsroom/webhooks/"+hook.ID+"/deliveries/"+d.ID+"/retry", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", res.StatusCode, snippet(res.body))
	}
	if got, _ := e.store.DeliveryByID(ctx, d.ID); got.Status != storage.DeliveryPending {
		t.Fatalf("after send again: %+v", got)
	}
	if res := c.postForm("/newsroom/webhooks/"+hook.ID+"/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, err := e.store.WebhookByID(ctx, hook.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted webhook: %v", err)
	}
	if res := c.get("/newsroom/webhooks/" + hook.ID); res.StatusCode != http.StatusNotFound {
		t.Fatalf("log of a deleted webhook: %d", res.StatusCode)
	}
}
