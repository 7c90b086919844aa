package storagetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("PendingVersions", testPendingVersions)
	register("Trash", testTrash)
	register("TrashPurgeOnce", testTrashPurgeOnce)
	register("TrashImported", testTrashImported)
}

// A published post keeps one pending version beside the live one; saves
// of it are checked against the version read; a live write can mark it
// stale or drop it in its own transaction.
func testPendingVersions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	draft := newPost("Still a draft", u, tag)
	draft.Status = domain.StatusDraft
	live := newPost("Dam holds after storm", u, tag)
	for _, p := range []*domain.Post{draft, live} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SavePending(ctx, &storage.Pending{PostID: draft.ID, Title: "x", Fields: "{}"}, false, time.Time{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("pending version of a draft: %v", err)
	}
	if _, err := s.PendingOf(ctx, live.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("no pending yet: %v", err)
	}
	p := &storage.Pending{PostID: live.ID, Title: "Dam holds after storm, engineers say", Standfirst: "S", BodyMD: "New body",
		Fields: `{"k":1}`, UserID: u.ID, BaseUpdatedAt: live.UpdatedAt, BaseTitle: live.Title, BaseBodyMD: live.BodyMD}
	if err := s.SavePending(ctx, p, true, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingOf(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != p.Title || got.BodyMD != "New body" || got.Fields != `{"k":1}` || got.UserName != u.Name ||
		!got.SavedAt.Equal(p.SavedAt) || !got.BaseUpdatedAt.Equal(live.UpdatedAt.Truncate(time.Millisecond)) ||
		got.BaseTitle != live.Title || got.Stale() {
		t.Fatalf("pending read back = %+v", got)
	}
	// The live post is untouched.
	if cur, _ := s.PostByID(ctx, live.ID); cur.Title != live.Title || cur.BodyMD != live.BodyMD {
		t.Fatalf("live post changed: %q", cur.Title)
	}
	// A save from a form that read no pending version, or an older one, is refused.
	second := *p
	second.Title = "Someone else's take"
	if err := s.SavePending(ctx, &second, true, time.Time{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("save over an unseen pending version: %v", err)
	}
	if err := s.SavePending(ctx, &second, true, got.SavedAt.Add(-time.Second)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("save over a newer pending version: %v", err)
	}
	if err := s.SavePending(ctx, &second, true, got.SavedAt); err != nil {
		t.Fatal(err)
	}
	if !second.SavedAt.After(got.SavedAt) {
		t.Fatalf("saved_at did not move on: %v then %v", got.SavedAt, second.SavedAt)
	}
	if m, err := s.PendingPosts(ctx, []string{live.ID, draft.ID}); err != nil || !m[live.ID] || m[draft.ID] {
		t.Fatalf("PendingPosts = %v, %v", m, err)
	}
	// A live edit with StalePending marks it, in the same write.
	cp := *live
	cp.Title = "Dam holds after storm (API edit)"
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: &cp, StalePending: true}}); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.PendingOf(ctx, live.ID); !got.Stale() || got.Title != second.Title {
		t.Fatalf("after a live edit: %+v", got)
	}
	// A write that publishes it drops it.
	cp.Title = second.Title
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: &cp, DropPending: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PendingOf(ctx, live.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("after publishing: %v", err)
	}
	if err := s.SavePending(ctx, p, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePending(ctx, live.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PendingOf(ctx, live.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("after discarding: %v", err)
	}
	// Deleting the post takes its pending version with it.
	if err := s.SavePending(ctx, p, false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePost(ctx, live.ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.PendingPosts(ctx, []string{live.ID}); m[live.ID] {
		t.Fatal("pending version outlived its post")
	}
}

// A trashed post leaves every listing, search and public query, keeps
// its slug, and comes back with the status it had.
func testTrash(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	other := &domain.User{Author: domain.Author{Name: "Mykola Bondar"}}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	p := newPost("Ferry timetable changes", u, tag)
	q := newPost("Second story", other, tag)
	for _, x := range []*domain.Post{p, q} {
		if err := s.CreatePost(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	tr := &storage.Trash{PostID: p.ID, UserID: other.ID}
	if err := s.TrashPost(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if tr.Status != domain.StatusPublished || tr.TrashedAt.IsZero() {
		t.Fatalf("trash entry = %+v", tr)
	}
	if err := s.TrashPost(ctx, &storage.Trash{PostID: p.ID}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("trashing twice: %v", err)
	}
	got, err := s.PostBySlug(ctx, p.Slug)
	if err != nil || got.Status != domain.StatusTrashed {
		t.Fatalf("by slug: %v %v", got, err)
	}
	for name, q := range map[string]storage.PostQuery{
		"public": {Public: true}, "every status": {}, "tag stream": {Public: true, TagID: tag.ID},
		"author": {AuthorID: u.ID}, "published": {Statuses: []domain.Status{domain.StatusPublished}},
	} {
		page, err := s.ListPosts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range page.Posts {
			if x.ID == p.ID {
				t.Errorf("%s listing shows the trashed post", name)
			}
		}
		if n, _ := s.CountPosts(ctx, q); name == "every status" && n != 1 {
			t.Errorf("count of every status = %d, want 1", n)
		}
	}
	if page, _ := s.ListPosts(ctx, storage.PostQuery{Statuses: []domain.Status{domain.StatusTrashed}}); len(page.Posts) != 1 {
		t.Errorf("listing the trashed status: %d posts", len(page.Posts))
	}
	for _, staff := range []bool{true, false} {
		res, err := s.SearchPosts(ctx, storage.SearchQuery{Text: "ferry timetable", Staff: staff})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Posts) != 0 {
			t.Errorf("search (staff %v) finds the trashed post", staff)
		}
	}
	var sitemap []string
	s.SitemapKeys(ctx, time.Now(), func(k storage.SitemapKey) error { sitemap = append(sitemap, k.Cursor.ID); return nil })
	if len(sitemap) != 1 || sitemap[0] != q.ID {
		t.Errorf("sitemap keys = %v", sitemap)
	}
	// The slug stays taken until the purge.
	dup := newPost("Ferry timetable changes", u)
	dup.Slug = p.Slug
	if err := s.CreatePost(ctx, dup); domain.ErrorCode(err) != domain.ECONFLICT && domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("a new post took a trashed post's slug: %v", err)
	}
	te, err := s.TrashOf(ctx, p.ID)
	if err != nil || te.Status != domain.StatusPublished || te.UserName != other.Name || !te.TrashedAt.Equal(tr.TrashedAt) {
		t.Fatalf("TrashOf = %+v, %v", te, err)
	}
	if _, err := s.TrashOf(ctx, q.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("TrashOf a live post: %v", err)
	}
	all, err := s.ListTrash(ctx, "", 50)
	if err != nil || len(all) != 1 || all[0].Post.ID != p.ID || all[0].Post.Title != p.Title {
		t.Fatalf("ListTrash = %+v, %v", all, err)
	}
	if mine, _ := s.ListTrash(ctx, other.ID, 50); len(mine) != 0 {
		t.Fatalf("ListTrash of another author = %d entries", len(mine))
	}
	back, err := s.RestorePost(ctx, p.ID)
	if err != nil || back.Status != domain.StatusPublished {
		t.Fatalf("restore: %v %v", back, err)
	}
	if _, err := s.RestorePost(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("restoring twice: %v", err)
	}
	if page, _ := s.ListPosts(ctx, storage.PostQuery{Public: true, TagID: tag.ID}); len(page.Posts) != 2 {
		t.Fatalf("restored post not back in its stream: %d posts", len(page.Posts))
	}
	if res, _ := s.SearchPosts(ctx, storage.SearchQuery{Text: "ferry timetable"}); len(res.Posts) != 1 {
		t.Fatal("restored post not found by search")
	}
	// Expired entries are purged; fresh ones stay.
	if err := s.TrashPost(ctx, &storage.Trash{PostID: p.ID, TrashedAt: time.Now().Add(-31 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.TrashPost(ctx, &storage.Trash{PostID: q.ID}); err != nil {
		t.Fatal(err)
	}
	purged, err := s.PurgeTrash(ctx, time.Now().Add(-30*24*time.Hour), 10)
	if err != nil || len(purged) != 1 || purged[0].ID != p.ID || purged[0].Slug != p.Slug || len(purged[0].Tags) != 1 {
		t.Fatalf("purge = %v, %v", purged, err)
	}
	if _, err := s.PostByID(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("purged post still there: %v", err)
	}
	if _, err := s.TrashOf(ctx, q.ID); err != nil {
		t.Fatalf("fresh trash purged: %v", err)
	}
	// The slug is free again.
	if err := s.CreatePost(ctx, dup); err != nil {
		t.Fatalf("slug not freed by the purge: %v", err)
	}
}

// Instances purging at once purge each post exactly once.
func testTrashPurgeOnce(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	old := time.Now().Add(-40 * 24 * time.Hour)
	const n = 12
	for i := 0; i < n; i++ {
		p := newPost("Old story "+string(rune('a'+i)), u, tag)
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.TrashPost(ctx, &storage.Trash{PostID: p.ID, TrashedAt: old}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			purged, err := s.PurgeTrash(ctx, time.Now().Add(-30*24*time.Hour), 100)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			for _, p := range purged {
				seen[p.ID]++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("purged %d posts, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("post %s purged %d times", id, c)
		}
	}
}

// A post written with a Trash entry (an import) arrives in the trash
// with its date and comes back with its status.
func testTrashImported(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Imported then binned", u, tag)
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, Trash: &storage.Trash{TrashedAt: at}}}); err != nil {
		t.Fatal(err)
	}
	te, err := s.TrashOf(ctx, p.ID)
	if err != nil || !te.TrashedAt.Equal(at) || te.Status != domain.StatusPublished {
		t.Fatalf("TrashOf = %+v, %v", te, err)
	}
	if page, _ := s.ListPosts(ctx, storage.PostQuery{Public: true}); len(page.Posts) != 0 {
		t.Fatal("imported trash is public")
	}
	if back, err := s.RestorePost(ctx, p.ID); err != nil || back.Status != domain.StatusPublished {
		t.Fatalf("restore: %v, %v", back, err)
	}
}
