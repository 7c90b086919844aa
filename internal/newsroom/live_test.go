package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// liveBlog creates a published live blog by u.
func (e *env) liveBlog(by *domain.User) *domain.Post {
	e.t.Helper()
	p := &domain.Post{Kind: domain.KindLive, Title: "Flood live " + domain.NewID()[:6], Status: domain.StatusPublished,
		BodyMD: "Our live coverage.", Authors: []domain.Author{by.Author}}
	if err := p.Validate(); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.CreatePost(context.Background(), p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// entry stores an entry by u on p directly.
func (e *env) entry(p *domain.Post, by *domain.User, st domain.EntryStatus) *domain.LiveEntry {
	e.t.Helper()
	en := &domain.LiveEntry{PostID: p.ID, Status: st, BodyMD: "Water at 3 m.", BodyHTML: "<p>Water at 3 m.</p>", Author: by.Author}
	if err := e.store.AddEntry(context.Background(), en); err != nil {
		e.t.Fatal(err)
	}
	return en
}

// entries lists p's entries, published only or all.
func (e *env) entries(p *domain.Post, public bool) []*domain.LiveEntry {
	e.t.Helper()
	page, err := e.store.ListEntries(context.Background(), storage.EntryQuery{PostID: p.ID, Public: public, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return page.Entries
}

// TestLiveDesk: post from the composer, see it listed, edit it with the
// updated_at it was read at, and have a stale edit refused with both
// versions kept in view; errors keep the text typed.
func TestLiveDesk(t *testing.T) {
	e := newEnv(t)
	ed := e.users[domain.RoleEditor]
	c := e.as(domain.RoleEditor)
	p := e.liveBlog(ed)
	base := "/newsroom/posts/" + p.ID + "/live"

	res := c.get(base)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `id="composer"`) || !strings.Contains(res.body, "Ctrl&#43;Enter") {
		t.Fatalf("desk: %d %s", res.StatusCode, snippet(res.body))
	}
	res = c.postForm(base+"/entries", url.Values{"title": {"Barriers up"}, "body": {"Crews raised the **barriers**."}, "key_event": {"1"}, "action": {"publish"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d %s", res.StatusCode, snippet(res.body))
	}
	es := e.entries(p, true)
	if len(es) != 1 || !es[0].KeyEvent || es[0].Title != "Barriers up" || es[0].Author.ID != ed.ID || !strings.Contains(es[0].BodyHTML, "<strong>barriers</strong>") {
		t.Fatalf("entries = %+v", es)
	}
	if !e.sawEvent(events.EntryPublished, p.ID) {
		t.Fatal("no entry.published event")
	}
	if res := c.get(base); !strings.Contains(res.body, "Crews raised the **barriers**.") {
		t.Fatal("the desk does not list the entry")
	}

	// An empty entry is refused and the title typed stays.
	res = c.postForm(base+"/entries", url.Values{"title": {"Keep me"}, "body": {"  "}, "action": {"publish"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, `value="Keep me"`) || !strings.Contains(res.body, "Write the entry") {
		t.Fatalf("empty entry: %d %s", res.StatusCode, snippet(res.body))
	}
	// An image without alt text is refused; with it, it becomes a figure.
	res = c.postMultipart(base+"/entries", url.Values{"body": {"The quay now."}}, "image_file", "q.png", pngBytes(t))
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Describe the image") {
		t.Fatalf("image without alt: %d", res.StatusCode)
	}
	res = c.postMultipart(base+"/entries", url.Values{"body": {"The quay now."}, "image_alt": {"Water on the quay"},
		"image_caption": {"Lower Quay at noon (Marko Bondar)"}, "action": {"publish"}}, "image_file", "q.png", pngBytes(t))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("image: %d %s", res.StatusCode, snippet(res.body))
	}
	if es := e.entries(p, true); len(es) != 2 || !strings.Contains(es[0].BodyHTML, `alt="Water on the quay"`) || !strings.Contains(es[0].BodyHTML, "<figcaption") {
		t.Fatalf("image entry = %q", es[0].BodyHTML)
	}

	// Two editors open the same entry; the second save is refused.
	en := e.entries(p, true)[1]
	read := en.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	if res := c.get(base + "/entries/" + en.ID); !strings.Contains(res.body, `value="`+read+`"`) {
		t.Fatalf("edit form lacks updated_at %s", read)
	}
	other := e.as(domain.RoleAdministrator)
	res = other.postForm(base+"/entries/"+en.ID, url.Values{"body": {"Crews raised the barriers at dawn."}, "updated_at": {read}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d %s", res.StatusCode, snippet(res.body))
	}
	res = c.postForm(base+"/entries/"+en.ID, url.Values{"body": {"Crews raised the barriers overnight."}, "updated_at": {read}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "at dawn") || !strings.Contains(res.body, "overnight") {
		t.Fatalf("stale edit: %d %s", res.StatusCode, snippet(res.body))
	}
	got, _ := e.store.Entry(context.Background(), p.ID, en.ID)
	if got.BodyMD != "Crews raised the barriers at dawn." {
		t.Fatalf("stored = %q", got.BodyMD)
	}
	if revs, _ := e.store.EntryRevisions(context.Background(), en.ID); len(revs) != 1 {
		t.Fatalf("%d revisions", len(revs))
	}

	// Key points and end of coverage.
	res = c.postForm(base+"/blog", url.Values{"key_points": {"Water at 4 m\r\n\r\nBridge closed"}, "status": {"ended"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("blog: %d %s", res.StatusCode, snippet(res.body))
	}
	b, _ := e.store.LiveBlog(context.Background(), p.ID)
	if len(b.KeyPoints) != 2 || !b.Ended() {
		t.Fatalf("blog = %+v", b)
	}
	// A desk for a post that is not a live blog does not exist.
	art := e.post(ed, domain.StatusDraft, "Plain article")
	if res := c.get("/newsroom/posts/" + art.ID + "/live"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("desk of an article: %d", res.StatusCode)
	}
	// Without the CSRF token nothing is posted.
	res = c.postForm(base+"/entries", url.Values{"body": {"Sneaky"}, "csrf": {"wrong"}})
	if res.StatusCode != http.StatusForbidden || len(e.entries(p, false)) != 2 {
		t.Fatalf("bad CSRF: %d", res.StatusCode)
	}
}

// TestLiveDeskConcurrentPosting: several desks posting at once lose no
// entry.
func TestLiveDeskConcurrentPosting(t *testing.T) {
	e := newEnv(t)
	p := e.liveBlog(e.users[domain.RoleEditor])
	clients := []*client{e.as(domain.RoleEditor), e.as(domain.RoleAuthor), e.as(domain.RoleAdministrator), e.as(domain.RoleContributor)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []int
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 8 {
				action := "publish"
				if i == 3 {
					action = "draft"
				}
				res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries", url.Values{"body": {"Desk update " + time.Now().String()}, "action": {action}})
				if res.StatusCode != http.StatusSeeOther {
					mu.Lock()
					bad = append(bad, res.StatusCode)
					mu.Unlock()
				}
				_ = j
			}
		}()
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("refused posts: %v", bad)
	}
	if n, pub := len(e.entries(p, false)), len(e.entries(p, true)); n != 32 || pub != 24 {
		t.Fatalf("%d entries, %d published; want 32 and 24", n, pub)
	}
}
