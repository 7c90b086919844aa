package storagetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("ListFilters", testListFilters)
	register("UpdateReplacesRelations", testUpdateReplacesRelations)
	register("DeleteCascades", testDeleteCascades)
	register("Corrections", testCorrections)
	register("PublishDueExactlyOnce", testPublishDueExactlyOnce)
	register("Users", testUsers)
	register("Tags", testTags)
	register("Settings", testSettings)
	register("HostileContent", testHostileContent)
	register("UnknownRelations", testUnknownRelations)
}

func slugs(posts []*domain.Post) []string {
	out := make([]string, len(posts))
	for i, p := range posts {
		out[i] = p.Slug
	}
	return out
}

func list(t *testing.T, s storage.Store, q storage.PostQuery) []string {
	t.Helper()
	q.Limit = 100
	page, err := s.ListPosts(context.Background(), q)
	if err != nil {
		t.Fatalf("ListPosts(%+v): %v", q, err)
	}
	n, err := s.CountPosts(context.Background(), q)
	if err != nil {
		t.Fatalf("CountPosts: %v", err)
	}
	if n != len(page.Posts) {
		t.Errorf("CountPosts = %d, ListPosts returned %d", n, len(page.Posts))
	}
	return slugs(page.Posts)
}

func equal(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func testListFilters(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	v := &domain.User{Author: domain.Author{Name: "Second Writer"}}
	if err := s.CreateUser(ctx, v); err != nil {
		t.Fatal(err)
	}
	city := &domain.Tag{Name: "City"}
	if err := s.CreateTag(ctx, city); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	mk := func(slug string, kind domain.Kind, st domain.Status, ago time.Duration, authors []*domain.User, tags ...*domain.Tag) {
		p := newPost(slug, authors[0], tags...)
		p.Slug, p.Kind, p.Status = slug, kind, st
		if kind == domain.KindVideo {
			p.VideoURL = "https://example.org/v.mp4"
		}
		p.Authors = nil
		for _, a := range authors {
			p.Authors = append(p.Authors, a.Author)
		}
		p.PublishedAt = now.Add(-ago)
		if st == domain.StatusDraft {
			p.PublishedAt = time.Time{}
			p.CreatedAt = now.Add(-ago)
		}
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatalf("create %s: %v", slug, err)
		}
	}
	mk("a-article", domain.KindArticle, domain.StatusPublished, 1*time.Hour, []*domain.User{u}, politics)
	mk("b-brief", domain.KindBrief, domain.StatusPublished, 2*time.Hour, []*domain.User{v}, city)
	mk("c-video", domain.KindVideo, domain.StatusPublished, 3*time.Hour, []*domain.User{u, v}, city, politics)
	mk("d-draft", domain.KindArticle, domain.StatusDraft, 30*time.Minute, []*domain.User{u}, politics)
	mk("e-future", domain.KindArticle, domain.StatusScheduled, -1*time.Hour, []*domain.User{u}, politics)
	mk("f-100-percent", domain.KindBrief, domain.StatusPublished, 4*time.Hour, []*domain.User{v})

	equal(t, "public", list(t, s, storage.PostQuery{Public: true}), "a-article", "b-brief", "c-video", "f-100-percent")
	equal(t, "all", list(t, s, storage.PostQuery{}), "e-future", "d-draft", "a-article", "b-brief", "c-video", "f-100-percent")
	equal(t, "drafts", list(t, s, storage.PostQuery{Statuses: []domain.Status{domain.StatusDraft}}), "d-draft")
	equal(t, "kind brief", list(t, s, storage.PostQuery{Public: true, Kind: domain.KindBrief}), "b-brief", "f-100-percent")
	equal(t, "author u", list(t, s, storage.PostQuery{Public: true, AuthorID: u.ID}), "a-article", "c-video")
	equal(t, "author u all", list(t, s, storage.PostQuery{AuthorID: u.ID}), "e-future", "d-draft", "a-article", "c-video")
	equal(t, "tag city", list(t, s, storage.PostQuery{Public: true, TagID: city.ID}), "b-brief", "c-video")
	equal(t, "tag+author", list(t, s, storage.PostQuery{Public: true, TagID: politics.ID, AuthorID: v.ID}), "c-video")
	equal(t, "exclude", list(t, s, storage.PostQuery{Public: true, ExcludeID: mustSlug(t, s, "a-article").ID}), "b-brief", "c-video", "f-100-percent")
	equal(t, "language", list(t, s, storage.PostQuery{Public: true, Language: "uk"}))
	// Search is case-insensitive and treats % and _ literally.
	equal(t, "search", list(t, s, storage.PostQuery{Search: "A-ART"}), "a-article")
	equal(t, "search percent", list(t, s, storage.PostQuery{Search: "%"}))
	equal(t, "search underscore", list(t, s, storage.PostQuery{Search: "_"}))
}

func mustSlug(t *testing.T, s storage.Store, slug string) *domain.Post {
	t.Helper()
	p, err := s.PostBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testUpdateReplacesRelations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	v := &domain.User{Author: domain.Author{Name: "Second Writer"}}
	city := &domain.Tag{Name: "City"}
	if err := s.CreateUser(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTag(ctx, city); err != nil {
		t.Fatal(err)
	}
	p := newPost("Order matters", u, politics)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Authors = []domain.Author{v.Author, u.Author}
	p.Tags = []domain.Tag{*city, *politics}
	p.Status = domain.StatusDraft
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got := mustSlug(t, s, p.Slug)
	if got.Authors[0].ID != v.ID || got.Authors[1].ID != u.ID || got.Tags[0].ID != city.ID || got.Tags[1].ID != politics.ID {
		t.Fatalf("order not kept: %+v %+v", got.Authors, got.Tags)
	}
	// The author and tag streams follow the post's new status.
	equal(t, "tag stream after unpublish", list(t, s, storage.PostQuery{Public: true, TagID: politics.ID}))
	equal(t, "author stream after unpublish", list(t, s, storage.PostQuery{Public: true, AuthorID: u.ID}))
	if err := s.UpdatePost(ctx, &domain.Post{ID: domain.NewID(), Title: "x", Slug: "x"}, time.Time{}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("update of missing post: %v", err)
	}
}

func testDeleteCascades(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Doomed", u, tag)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCorrection(ctx, &domain.Correction{PostID: p.ID, Kind: "correction", Body: "Fixed."}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePost(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
	equal(t, "tag stream after delete", list(t, s, storage.PostQuery{TagID: tag.ID}))
	// The slug is free again.
	if err := s.CreatePost(ctx, newPost("Doomed", u)); err != nil {
		t.Fatalf("reuse slug: %v", err)
	}
}

func testCorrections(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newPost("Corrected story", u)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	before := p.UpdatedAt
	time.Sleep(5 * time.Millisecond)
	for i, body := range []string{"First fix.", "Second fix."} {
		c := &domain.Correction{PostID: p.ID, Kind: "correction", Body: body, CreatedAt: time.Now().Add(time.Duration(i) * time.Second)}
		if err := s.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got := mustSlug(t, s, p.Slug)
	if len(got.Corrections) != 2 || got.Corrections[0].Body != "First fix." || got.Corrections[1].Body != "Second fix." {
		t.Fatalf("corrections = %+v", got.Corrections)
	}
	if !got.UpdatedAt.After(before) {
		t.Errorf("correction did not bump updated_at")
	}
	for _, bad := range []*domain.Correction{
		{PostID: p.ID, Kind: "correction", Body: "  "},
		{PostID: p.ID, Kind: "rumour", Body: "x"},
	} {
		if err := s.AddCorrection(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("AddCorrection(%+v) = %v, want EINVALID", bad, err)
		}
	}
	if err := s.AddCorrection(ctx, &domain.Correction{PostID: domain.NewID(), Kind: "update", Body: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("correction on missing post: %v", err)
	}
}

func testPublishDueExactlyOnce(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	now := time.Now().UTC()
	var due []string
	for i := 0; i < 8; i++ {
		p := newPost(fmt.Sprintf("Scheduled %d", i), u, tag)
		p.Status = domain.StatusScheduled
		p.PublishedAt = now.Add(-time.Duration(i+1) * time.Minute)
		if i == 7 {
			p.PublishedAt = now.Add(time.Hour) // not due yet
		}
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if i != 7 {
			due = append(due, p.ID)
		}
	}
	// Several "instances" race; every due post must be published by exactly one.
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			posts, err := s.PublishDue(ctx, now)
			if err != nil {
				t.Errorf("PublishDue: %v", err)
				return
			}
			mu.Lock()
			for _, p := range posts {
				counts[p.ID]++
				if p.Status != domain.StatusPublished {
					t.Errorf("returned post %s has status %s", p.Slug, p.Status)
				}
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, id := range due {
		if counts[id] != 1 {
			t.Errorf("post %s published %d times, want 1", id, counts[id])
		}
	}
	if len(counts) != len(due) {
		t.Errorf("published %d posts, want %d", len(counts), len(due))
	}
	if n := len(list(t, s, storage.PostQuery{Public: true, TagID: tag.ID})); n != len(due) {
		t.Errorf("tag stream has %d posts after publishing, want %d", n, len(due))
	}
}

func testUsers(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u := &domain.User{Author: domain.Author{Name: "Ірина Коваль", Title: "Editor", Links: []domain.Link{{Label: "Site", URL: "https://example.org"}}},
		Email: " Iryna@Example.org ", Role: domain.RoleEditor, PasswordHash: "hash"}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.Slug != "iryna-koval" {
		t.Errorf("slug = %q", u.Slug)
	}
	got, err := s.UserByEmail(ctx, "IRYNA@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.Role != domain.RoleEditor || got.PasswordHash != "hash" || len(got.Links) != 1 || got.Email != "iryna@example.org" {
		t.Fatalf("user = %+v", got)
	}
	dupEmail := &domain.User{Author: domain.Author{Name: "Other"}, Email: "iryna@example.org"}
	if err := s.CreateUser(ctx, dupEmail); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("duplicate email: %v", err)
	}
	dupSlug := &domain.User{Author: domain.Author{Name: "Other", Slug: "iryna-koval"}}
	if err := s.CreateUser(ctx, dupSlug); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("duplicate slug: %v", err)
	}
	// Authors without accounts may share the empty email.
	for _, name := range []string{"No Email One", "No Email Two"} {
		if err := s.CreateUser(ctx, &domain.User{Author: domain.Author{Name: name}}); err != nil {
			t.Errorf("user without email: %v", err)
		}
	}
	got.Suspended, got.Role = true, domain.RoleContributor
	if err := s.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.UserByID(ctx, u.ID)
	if !again.Suspended || again.Role != domain.RoleContributor {
		t.Errorf("update lost: %+v", again)
	}
	if a, err := s.AuthorBySlug(ctx, "iryna-koval"); err != nil || a.Name != u.Name {
		t.Errorf("AuthorBySlug = %+v, %v", a, err)
	}
	if _, err := s.AuthorBySlug(ctx, "nobody"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing author: %v", err)
	}
	all, err := s.ListUsers(ctx)
	if err != nil || len(all) != 3 {
		t.Errorf("ListUsers = %d, %v", len(all), err)
	}
	if err := s.CreateUser(ctx, &domain.User{Author: domain.Author{Name: "x"}, Role: "owner"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad role accepted: %v", err)
	}
}

func testTags(t *testing.T, s storage.Store) {
	ctx := context.Background()
	tg := &domain.Tag{Name: "Культура"}
	if err := s.CreateTag(ctx, tg); err != nil {
		t.Fatal(err)
	}
	internal := &domain.Tag{Name: "#wire"}
	if err := s.CreateTag(ctx, internal); err != nil {
		t.Fatal(err)
	}
	if tg.Slug != "kultura" || internal.Slug != "hash-wire" {
		t.Errorf("slugs %q %q", tg.Slug, internal.Slug)
	}
	if err := s.CreateTag(ctx, &domain.Tag{Name: "Kultura"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("duplicate tag slug: %v", err)
	}
	tg.Description = "Arts and culture."
	if err := s.UpdateTag(ctx, tg); err != nil {
		t.Fatal(err)
	}
	got, err := s.TagBySlug(ctx, "kultura")
	if err != nil || got.Description != "Arts and culture." {
		t.Errorf("TagBySlug = %+v, %v", got, err)
	}
	if _, err := s.TagByID(ctx, domain.NewID()); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing tag: %v", err)
	}
	all, err := s.ListTags(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("ListTags = %d, %v", len(all), err)
	}
}

func testSettings(t *testing.T, s storage.Store) {
	ctx := context.Background()
	st, err := s.Settings(ctx)
	if err != nil || !reflect.DeepEqual(st, domain.DefaultSettings()) {
		t.Fatalf("defaults = %+v, %v", st, err)
	}
	st.Title, st.Timezone, st.Language = "The Riverton Ledger", "Europe/Kyiv", "uk"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	st.Description = "changed"
	if err := s.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Settings(ctx)
	if !reflect.DeepEqual(got, st) {
		t.Errorf("settings = %+v, want %+v", got, st)
	}
	bad := st
	bad.Timezone = "Mars/Olympus"
	if err := s.SaveSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad time zone: %v", err)
	}
	if got, _ := s.Settings(ctx); !reflect.DeepEqual(got, st) {
		t.Errorf("rejected settings were partly saved: %+v", got)
	}
}

func testHostileContent(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newPost(`<script>alert("x")</script> & 'quotes' 🗞️ עברית مرحبا`, u)
	p.BodyMD = "Robert'); DROP TABLE posts;--\n\nText with ? and $1 placeholders"
	p.Image.Caption = `"Caption" <b>bold</b> & more`
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got := mustSlug(t, s, p.Slug)
	if got.Title != p.Title || got.BodyMD != p.BodyMD || got.Image.Caption != p.Image.Caption {
		t.Errorf("hostile content changed:\n got %q %q %q\nwant %q %q %q", got.Title, got.BodyMD, got.Image.Caption, p.Title, p.BodyMD, p.Image.Caption)
	}
	equal(t, "search with quote", list(t, s, storage.PostQuery{Search: "'quotes'"}), p.Slug)
}

func testUnknownRelations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newPost("Ghost author", u)
	p.Authors = []domain.Author{{ID: domain.NewID()}}
	if err := s.CreatePost(ctx, p); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("unknown author: %v", err)
	}
	// Nothing partial was saved.
	if _, err := s.PostBySlug(ctx, p.Slug); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("post saved despite failure: %v", err)
	}
	q := newPost("Ghost tag", u)
	q.Tags = []domain.Tag{{ID: domain.NewID()}}
	if err := s.CreatePost(ctx, q); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("unknown tag: %v", err)
	}
}
