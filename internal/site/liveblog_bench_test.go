package site_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
	"newsdesk/internal/publish"
	"newsdesk/internal/site"
	"newsdesk/internal/storage"
)

// bigLiveBlog makes a published live blog with n entries (every tenth a
// key event, a pinned one and key points), written in one transaction.
func bigLiveBlog(b *testing.B, e *env, n int) *domain.Post {
	b.Helper()
	ctx := context.Background()
	by := e.fix.Authors["olena"].Author
	p := &domain.Post{Kind: domain.KindLive, Status: domain.StatusPublished, Title: "Flood on the Dnipro: live",
		Standfirst: "Water is rising.", BodyMD: "Our live coverage.", Authors: []domain.Author{by},
		PublishedAt: time.Now().Add(-72 * time.Hour)}
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	markdown.Apply(p)
	start := p.PublishedAt
	entries := make([]*domain.LiveEntry, n)
	for i := range entries {
		md := fmt.Sprintf("**%02d:%02d** Update %d from the embankment: the river gauge reads %d.%02d m, volunteers are "+
			"filling sandbags at School No. %d and the [transport office](/tag/transport/) says trams run to Station Square only. "+
			"Residents of Quay Street are asked to move cars to higher ground.", i/60%24, i%60, i, 3+i%2, i%100, i%9+1)
		r := markdown.Render(md)
		at := start.Add(time.Duration(i) * 2 * time.Minute)
		entries[i] = &domain.LiveEntry{ID: domain.NewID(), Status: domain.EntryPublished, BodyMD: md, BodyHTML: r.HTML,
			Plaintext: r.Plaintext, KeyEvent: i%10 == 0, Author: by, PublishedAt: at, CreatedAt: at, UpdatedAt: at}
		if i%50 == 0 {
			entries[i].Title = fmt.Sprintf("Key moment %d", i)
		}
	}
	live := &domain.LiveBlog{KeyPoints: []string{"The river peaked at 4.6 m", "1,900 people evacuated", "The bridge is closed"},
		PinnedEntryID: entries[n/2].ID, StartedAt: start}
	if err := e.store.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, Live: live, Entries: entries}}); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkLiveBlogPage renders a live blog of 2,000 entries uncached
// (an event drops the cached page before each request): the first page
// (key points, key events, the pinned entry, the newest 20), a page deep
// in the archive by keyset, and, for reference in the same run, an
// article page.
func BenchmarkLiveBlogPage(b *testing.B) {
	e := newEnv(b)
	p := bigLiveBlog(b, e, 2000)
	page, err := e.store.ListEntries(context.Background(), storage.EntryQuery{PostID: p.ID, Public: true, Limit: 200})
	if err != nil {
		b.Fatal(err)
	}
	deep := storage.EntryCursor(page.Entries[len(page.Entries)-1]).String()
	// Any change (a post saved, the settings) drops every page and what
	// pages share (the rail, the masthead); a new entry of the blog, what
	// drops a live page most often, drops the blog's pages only.
	anyChange := events.Event{Type: events.PostUpdated}
	newEntry := events.Event{Type: events.EntryPublished, PostID: p.ID, Slug: p.Slug, EntryID: page.Entries[0].ID,
		Public: true, Where: publish.WhereOf(nil, p, time.Now())}
	paths := []struct {
		name, path string
		drop       events.Event
	}{
		{"live-2000-entries", "/" + p.Slug + "/", anyChange},
		{"live-2000-entries-after-entry", "/" + p.Slug + "/", newEntry},
		{"live-older-page", "/" + p.Slug + "/?after=" + deep, anyChange},
		{"article-reference", "/" + e.fix.Posts["rescue"].Slug + "/", anyChange},
	}
	for _, pp := range paths {
		b.Run(pp.name, func(b *testing.B) {
			size, n := 0, 0
			cpu := cpuTime()
			for b.Loop() {
				n++
				e.bus.Publish(pp.drop)
				rec := httptest.NewRecorder()
				e.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, pp.path, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				size = rec.Body.Len()
			}
			// CPU time (user + system, GC included) says more than wall
			// time on a shared machine.
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(n), "cpu-ns/op")
			b.SetBytes(int64(size))
		})
	}
}

// cpuTime is the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLiveEntryToReaders measures an entry saved through the
// publishing service reaching every reader of its blog over real
// /live/?post= connections: ns/op is the time from AddEntry's call until
// the last reader has read the "entry" event (rendered HTML included).
func BenchmarkLiveEntryToReaders(b *testing.B) {
	for _, readers := range []int{1, 100} {
		b.Run(strconv.Itoa(readers)+"-readers", func(b *testing.B) {
			// Readers are told apart by a header, as if each had an
			// address of its own (the per-address cap holds otherwise).
			e := newEnvWith(b, func(d *site.Deps) {
				d.ClientAddr = func(r *http.Request) string { return r.Header.Get("X-Test-Client") }
			})
			p := bigLiveBlog(b, e, 2000) // its search document holds 500 entries, rebuilt per entry
			ed := &domain.User{Author: domain.Author{Name: "Bench Editor"}, Role: domain.RoleEditor, Email: "bench@example.org"}
			if err := e.store.CreateUser(context.Background(), ed); err != nil {
				b.Fatal(err)
			}
			svc := &publish.Service{Store: e.store, Events: e.bus}
			srv := httptest.NewServer(e.handler)
			got := make(chan struct{}, readers)
			var bodies []io.Closer
			for n := range readers {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+"/live/?post="+p.ID, nil)
				req.Header.Set("X-Test-Client", "reader-"+strconv.Itoa(n))
				res, err := http.DefaultClient.Do(req)
				if err != nil || res.StatusCode != http.StatusOK {
					b.Fatalf("reader %d: %v", len(bodies), err)
				}
				bodies = append(bodies, res.Body)
				go func() {
					sc := bufio.NewScanner(res.Body)
					sc.Buffer(make([]byte, 64<<10), 1<<20)
					for sc.Scan() {
						if sc.Text() == "event: entry" {
							got <- struct{}{}
						}
					}
				}()
			}
			time.Sleep(50 * time.Millisecond) // every reader subscribed
			i := 0
			for b.Loop() {
				i++
				if err := svc.AddEntry(context.Background(), publish.Actor{User: ed}, p,
					&domain.LiveEntry{BodyMD: "Benchmark update " + strconv.Itoa(i) + ": the water is falling."}); err != nil {
					b.Fatal(err)
				}
				for range readers {
					<-got
				}
			}
			b.StopTimer()
			for _, c := range bodies {
				c.Close()
			}
			srv.Close()
		})
	}
}
