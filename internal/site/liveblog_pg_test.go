package site_test

import (
	"bufio"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/events/pgrelay"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/testsupport"
)

// TestLiveBlogAcrossInstances runs two instances on one PostgreSQL
// database, their events relayed by LISTEN/NOTIFY: an entry posted on one
// reaches a reader of the other's /live/?post= stream, and the other's
// cached live page shows it.
func TestLiveBlogAcrossInstances(t *testing.T) {
	dsn := testsupport.PostgresDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	type instance struct {
		store *sqlstore.Store
		bus   *events.Bus
		srv   *httptest.Server
	}
	var inst [2]instance
	for i := range inst {
		store, err := sqlstore.Open(ctx, dsn, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		bus := events.NewBus()
		pgrelay.Start(ctx, dsn, bus, log)
		s, err := site.New(site.Deps{Store: store, Log: log, Events: bus, BaseURL: "https://news.example.org"})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		s.Register(mux)
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		inst[i] = instance{store, bus, srv}
	}
	a, b := inst[0], inst[1]
	ed := &domain.User{Author: domain.Author{Name: "Desk Editor"}, Role: domain.RoleEditor, Email: "desk@example.org"}
	if err := a.store.CreateUser(ctx, ed); err != nil {
		t.Fatal(err)
	}
	svc := &publish.Service{Store: a.store, Events: a.bus}
	actor := publish.Actor{User: ed}
	blog := &domain.Post{Kind: domain.KindLive, Title: "Flood live", BodyMD: "Coverage.", Authors: []domain.Author{ed.Author}}
	if err := svc.Create(ctx, actor, blog, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // both relays listen
	// B caches the live page before the entry.
	if res, err := http.Get(b.srv.URL + "/" + blog.Slug + "/"); err != nil || res.StatusCode != 200 {
		t.Fatalf("live page on B: %v", err)
	} else {
		res.Body.Close()
	}
	res, err := http.Get(b.srv.URL + "/live/?post=" + blog.ID)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("stream on B: %v", err)
	}
	defer res.Body.Close()
	got := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "data: ") {
				got <- sc.Text()
			}
		}
	}()
	time.Sleep(100 * time.Millisecond)
	sent := time.Now()
	en := &domain.LiveEntry{BodyMD: "The relay carries this across instances."}
	if err := svc.AddEntry(ctx, actor, blog, en); err != nil {
		t.Fatal(err)
	}
	select {
	case data := <-got:
		if !strings.Contains(data, en.ID) || !strings.Contains(data, "relay carries this") {
			t.Fatalf("B's reader got %s", data)
		}
		t.Logf("entry saved on A to B's reader: %v", time.Since(sent))
	case <-time.After(5 * time.Second):
		t.Fatal("the entry did not reach B's reader")
	}
	r2, err := http.Get(b.srv.URL + "/" + blog.Slug + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Body.Close()
	var body strings.Builder
	sc := bufio.NewScanner(r2.Body)
	for sc.Scan() {
		body.WriteString(sc.Text())
	}
	if !strings.Contains(body.String(), `id="entry-`+en.ID+`"`) {
		t.Fatal("B's cached live page missed the entry saved on A")
	}
}
