package storagetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("LiveEntries", testLiveEntries)
	register("LiveEntryEdits", testLiveEntryEdits)
	register("LiveBlogState", testLiveBlogState)
	register("LiveEntriesConcurrent", testLiveEntriesConcurrent)
	register("LiveSitemapLastmod", testLiveSitemapLastmod)
	register("LiveSearch", testLiveSearch)
}

// A live blog is found by the words of its published entries, not of
// its drafts, and no longer by those of an entry deleted.
func testLiveSearch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	pub := entry(p, u, "Sandbags handed out at the gymnasium", domain.EntryPublished, time.Time{})
	draft := entry(p, u, "Unconfirmed rumour about the reservoir", domain.EntryDraft, time.Time{})
	for _, e := range []*domain.LiveEntry{pub, draft} {
		if err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	sameSet(t, "published entry", searchSlugs(t, s, storage.SearchQuery{Text: "gymnasium"}), p.Slug)
	sameSet(t, "draft entry", searchSlugs(t, s, storage.SearchQuery{Text: "reservoir"}))
	ed := *draft
	ed.Status = domain.EntryPublished
	if err := s.UpdateEntry(ctx, &ed, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "entry published later", searchSlugs(t, s, storage.SearchQuery{Text: "reservoir"}), p.Slug)
	if err := s.DeleteEntry(ctx, p.ID, pub.ID); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "deleted entry", searchSlugs(t, s, storage.SearchQuery{Text: "gymnasium"}))
}

// A live blog's lastmod in the sitemaps is its newest entry's time.
func testLiveSitemapLastmod(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	at := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	if err := s.AddEntry(ctx, entry(p, u, "Late news", domain.EntryPublished, at)); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(2 * time.Hour)
	posts, err := s.SitemapPosts(ctx, nil, 10, now)
	if err != nil {
		t.Fatal(err)
	}
	recent, err := s.RecentPosts(ctx, now.Add(-48*time.Hour), now, 10)
	if err != nil {
		t.Fatal(err)
	}
	var keys []storage.SitemapKey
	if err := s.SitemapKeys(ctx, now, func(k storage.SitemapKey) error { keys = append(keys, k); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || !posts[0].UpdatedAt.Equal(at) || len(recent) != 1 || !recent[0].UpdatedAt.Equal(at) ||
		len(keys) != 1 || !keys[0].UpdatedAt.Equal(at) {
		t.Fatalf("lastmod = %+v / %+v / %+v, want %v", posts, recent, keys, at)
	}
}

func newLivePost(t *testing.T, s storage.Store, u *domain.User) *domain.Post {
	t.Helper()
	p := newPost("Flood on the river: live", u)
	p.Kind = domain.KindLive
	if err := s.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func entry(p *domain.Post, u *domain.User, body string, st domain.EntryStatus, at time.Time) *domain.LiveEntry {
	return &domain.LiveEntry{PostID: p.ID, Status: st, BodyMD: body, BodyHTML: "<p>" + body + "</p>", Plaintext: body,
		Author: u.Author, PublishedAt: at, CreatedAt: at}
}

// Entries page newest first by keyset; drafts stay out of public pages;
// key events filter; the blog's last entry time follows.
func testLiveEntries(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	base := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	for i := range 25 {
		e := entry(p, u, fmt.Sprintf("Entry %02d", i), domain.EntryPublished, base.Add(time.Duration(i)*time.Minute))
		e.KeyEvent = i%10 == 0
		if err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	draft := entry(p, u, "Unchecked rumour", domain.EntryDraft, time.Time{})
	if err := s.AddEntry(ctx, draft); err != nil {
		t.Fatal(err)
	}
	if !draft.PublishedAt.IsZero() || draft.ID == "" {
		t.Fatalf("draft = %+v", draft)
	}
	var got []string
	var after *storage.Cursor
	for pages := 0; ; pages++ {
		page, err := s.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, After: after, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Entries {
			got = append(got, e.Plaintext)
			if e.Author.Name != u.Name {
				t.Fatalf("entry author = %+v", e.Author)
			}
		}
		if page.Next == nil {
			if pages != 2 {
				t.Fatalf("%d pages", pages+1)
			}
			break
		}
		after = page.Next
	}
	if len(got) != 25 || got[0] != "Entry 24" || got[24] != "Entry 00" {
		t.Fatalf("public entries = %v", got)
	}
	all, _ := s.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Limit: 100})
	if len(all.Entries) != 26 || all.Entries[0].ID != draft.ID {
		t.Fatalf("staff list starts with %+v (%d entries)", all.Entries[0], len(all.Entries))
	}
	keys, _ := s.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, KeyEvents: true})
	if len(keys.Entries) != 3 || keys.Entries[0].Plaintext != "Entry 20" {
		t.Fatalf("key events = %d", len(keys.Entries))
	}
	b, err := s.LiveBlog(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !b.LastEntryAt.Equal(base.Add(24 * time.Minute)) {
		t.Fatalf("last entry at %v", b.LastEntryAt)
	}
	if _, err := s.Entry(ctx, "000000000000000000000000", draft.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("entry through another post: %v", err)
	}
	if err := s.DeleteEntry(ctx, p.ID, draft.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEntry(ctx, p.ID, draft.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
	// Deleting the post takes its entries with it.
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.ListEntries(ctx, storage.EntryQuery{PostID: p.ID}); len(left.Entries) != 0 {
		t.Fatalf("%d entries outlived their post", len(left.Entries))
	}
}

// An edit keeps the text it replaces; a stale updated_at is a conflict;
// publishing a draft stamps its time once.
func testLiveEntryEdits(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	e := entry(p, u, "Water at 4.1 m", domain.EntryDraft, time.Time{})
	if err := s.AddEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	read := e.UpdatedAt
	ed := *e
	ed.BodyMD, ed.BodyHTML, ed.Status = "Water at 4.3 m", "<p>Water at 4.3 m</p>", domain.EntryPublished
	if err := s.UpdateEntry(ctx, &ed, read, "Olena Kravets"); err != nil {
		t.Fatal(err)
	}
	if ed.PublishedAt.IsZero() || !ed.UpdatedAt.After(read) {
		t.Fatalf("published entry = %+v", ed)
	}
	stale := *e
	stale.BodyMD = "Water at 5 m"
	if err := s.UpdateEntry(ctx, &stale, read, "Someone"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale edit: %v", err)
	}
	firstPub := ed.PublishedAt
	ed2 := ed
	ed2.Correction = "An earlier version gave the level as 4.1 m."
	ed2.KeyEvent = true
	if err := s.UpdateEntry(ctx, &ed2, ed.UpdatedAt, "Editor"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Entry(ctx, p.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.BodyMD != "Water at 4.3 m" || !got.KeyEvent || got.Correction == "" || got.CorrectedAt.IsZero() ||
		!got.PublishedAt.Equal(firstPub) || got.Author.ID != u.ID {
		t.Fatalf("entry = %+v", got)
	}
	revs, err := s.EntryRevisions(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].BodyMD != "Water at 4.1 m" || revs[0].UserName != "Olena Kravets" {
		t.Fatalf("revisions = %+v", revs)
	}
	if err := s.UpdateEntry(ctx, &domain.LiveEntry{ID: e.ID, PostID: p.ID, Status: "gone", BodyMD: "x"}, time.Time{}, ""); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("bad status: %v", err)
	}
}

// Key points, the pin and coverage times round-trip; posts carry the
// state; a pin must name an entry of the blog and goes with the entry.
func testLiveBlogState(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	b, _ := s.LiveBlog(ctx, p.ID)
	if b.PostID != p.ID || !b.UpdatedAt.IsZero() {
		t.Fatalf("new blog = %+v", b)
	}
	e := entry(p, u, "Evacuation ordered", domain.EntryPublished, time.Time{})
	if err := s.AddEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	b, _ = s.LiveBlog(ctx, p.ID)
	start := time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)
	b.KeyPoints = []string{" Water peaked at 4.3 m ", "", "Two districts evacuated"}
	b.PinnedEntryID, b.StartedAt = e.ID, start
	if err := s.SaveLiveBlog(ctx, b, b.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	old := b.UpdatedAt
	got, err := s.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Live == nil || len(got.Live.KeyPoints) != 2 || got.Live.KeyPoints[0] != "Water peaked at 4.3 m" ||
		got.Live.PinnedEntryID != e.ID || !got.Live.StartedAt.Equal(start) || !got.IsLiveNow() {
		t.Fatalf("post's blog = %+v", got.Live)
	}
	page, _ := s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
	if len(page.Posts) != 1 || page.Posts[0].Live == nil || page.Posts[0].Live.PinnedEntryID != e.ID {
		t.Fatalf("listed post's blog = %+v", page.Posts)
	}
	b.EndedAt = start.Add(48 * time.Hour)
	if err := s.SaveLiveBlog(ctx, b, time.Time{}); err != nil {
		t.Fatal(err)
	}
	stale := *b
	if err := s.SaveLiveBlog(ctx, &stale, old); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale save: %v", err)
	}
	if got, _ := s.PostByID(ctx, p.ID); got.IsLiveNow() {
		t.Fatal("an ended blog is still live")
	}
	b.PinnedEntryID = "000000000000000000000000"
	if err := s.SaveLiveBlog(ctx, b, time.Time{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("pin on a stranger: %v", err)
	}
	if err := s.DeleteEntry(ctx, p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.LiveBlog(ctx, p.ID); b.PinnedEntryID != "" || len(b.KeyPoints) != 2 {
		t.Fatalf("after deleting the pinned entry: %+v", b)
	}
}

// Several desks posting at once lose nothing.
func testLiveEntriesConcurrent(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newLivePost(t, s, u)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				errs <- s.AddEntry(ctx, entry(p, u, fmt.Sprintf("desk %d entry %d", w, i), domain.EntryPublished, time.Time{}))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	page, err := s.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 40 {
		t.Fatalf("%d of 40 entries saved", len(page.Entries))
	}
}
