package demo

import (
	"context"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

func openStore(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// decodeMedia opens the file a /content/images/demo/ URL points at and
// returns its size.
func decodeMedia(t *testing.T, mediaDir, url string) image.Point {
	t.Helper()
	if !strings.HasPrefix(url, URLPrefix) {
		t.Fatalf("image URL %q is not under %s", url, URLPrefix)
	}
	f, err := os.Open(filepath.Join(mediaDir, "demo", strings.TrimPrefix(url, URLPrefix)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		t.Fatalf("decode %s: %v", url, err)
	}
	return image.Pt(cfg.Width, cfg.Height)
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	media := t.TempDir()
	start := time.Now()
	if err := Load(ctx, s, media, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %s", time.Since(start))

	settings, err := s.Settings(ctx)
	if err != nil || settings.Title != "Riverton Courier" || settings.Timezone != "Europe/Kyiv" {
		t.Fatalf("settings = %+v, %v", settings, err)
	}
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Limit: storage.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	posts := page.Posts
	if len(posts) < 60 {
		t.Fatalf("%d public posts, want at least 60", len(posts))
	}
	now := time.Now()
	newest, oldest := posts[0].PublishedAt, posts[len(posts)-1].PublishedAt
	if age := now.Sub(newest); age < time.Hour || age > 6*time.Hour {
		t.Errorf("newest post is %s old, want a few hours", age)
	}
	if span := newest.Sub(oldest); span < 25*24*time.Hour || span > 45*24*time.Hour {
		t.Errorf("posts span %s, want about five weeks", span)
	}
	kinds := map[domain.Kind]int{}
	featured, withImage, ukrainian, updated := 0, 0, 0, 0
	for _, p := range posts {
		kinds[p.Kind]++
		if p.Featured {
			featured++
		}
		if p.Language == "uk" {
			ukrainian++
			if !domain.ValidSlug(p.Slug) {
				t.Errorf("Ukrainian post slug %q is not transliterated", p.Slug)
			}
		}
		if len(p.Tags) < 1 || len(p.Tags) > 3 || len(p.Authors) < 1 {
			t.Errorf("%s: %d tags, %d authors", p.Slug, len(p.Tags), len(p.Authors))
		}
		if p.Updated() {
			updated++
		}
		switch p.Kind {
		case domain.KindArticle:
			if !strings.Contains(p.Plaintext, "RIVERTON — ") && !strings.Contains(p.Plaintext, "РІВЕРТОН — ") {
				t.Errorf("%s: no dateline", p.Slug)
			}
			if p.Image.URL != "" {
				withImage++
				if p.Image.Alt == "" || p.Image.Credit == "" || !strings.HasSuffix(p.Image.Caption, ".") || !strings.Contains(p.Image.Caption, ": ") {
					t.Errorf("%s: lead image text %+v", p.Slug, p.Image)
				}
				if got := decodeMedia(t, media, p.Image.URL); got != image.Pt(p.Image.Width, p.Image.Height) || got.X < 1200 {
					t.Errorf("%s: image is %v, post says %dx%d", p.Slug, got, p.Image.Width, p.Image.Height)
				}
			}
		case domain.KindVideo:
			if !strings.HasPrefix(p.VideoURL, "https://www.youtube.com/watch?v=") || p.Plaintext == "" {
				t.Errorf("%s: video item %q without description or URL", p.Slug, p.VideoURL)
			}
		}
	}
	if kinds[domain.KindArticle] < 20 || kinds[domain.KindBrief] < 10 || kinds[domain.KindVideo] < 3 {
		t.Errorf("kinds = %v", kinds)
	}
	if featured != 1 || ukrainian < 3 || withImage < kinds[domain.KindArticle]*2/3 {
		t.Errorf("featured %d, Ukrainian %d, with image %d of %d articles", featured, ukrainian, withImage, kinds[domain.KindArticle])
	}

	users, err := s.ListUsers(ctx)
	if err != nil || len(users) < 5 {
		t.Fatalf("%d users, %v; want at least 5", len(users), err)
	}
	for _, u := range users {
		if u.Email != "" || u.PasswordHash != "" || u.Title == "" || strings.Count(u.Bio, "\n\n") < 1 {
			t.Errorf("author %s: email %q, title %q, bio paragraphs %d", u.Name, u.Email, u.Title, strings.Count(u.Bio, "\n\n")+1)
		}
		if got := decodeMedia(t, media, u.Avatar); got != image.Pt(avatarSize, avatarSize) {
			t.Errorf("avatar of %s is %v", u.Name, got)
		}
	}
	tags, err := s.ListTags(ctx)
	if err != nil || len(tags) < 8 {
		t.Fatalf("%d tags, %v; want at least 8", len(tags), err)
	}
	for _, tg := range tags {
		if tg.Description == "" {
			t.Errorf("tag %s has no description", tg.Name)
		}
	}
	corrected := 0
	for _, p := range posts {
		full, err := s.PostByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		corrected += len(full.Corrections)
	}
	if corrected < 2 {
		t.Errorf("%d corrections, want at least 2", corrected)
	}
	// Only corrected posts count as updated: loading is not editing.
	if updated != corrected {
		t.Errorf("%d posts show as updated, want the %d corrected ones", updated, corrected)
	}

	// A second load changes nothing.
	if err := Load(ctx, s, media, nil); err != nil {
		t.Fatal(err)
	}
	// The public posts and the assignment stubs (drafts), once each.
	n, err := s.CountPosts(ctx, storage.PostQuery{})
	if err != nil || n != len(posts)+len(assignmentSpecs) {
		t.Fatalf("after second load: %d posts, %v; want %d", n, err, len(posts)+len(assignmentSpecs))
	}
	open, err := s.ListAssignments(ctx, storage.AssignmentQuery{Open: true})
	if err != nil || len(open) != len(assignmentSpecs) || !open[0].Overdue(now) || open[1].Overdue(now) ||
		open[0].AssignedByName != "Iryna Savchuk" || open[0].Brief == "" {
		t.Fatalf("demo assignments: %+v, %v; want %d open, the first overdue", open, err, len(assignmentSpecs))
	}
	users2, _ := s.ListUsers(ctx)
	if len(users2) != len(users) {
		t.Fatalf("second load added users: %d, want %d", len(users2), len(users))
	}
}

// TestLoadSynthetic adds synthetic posts after the demo, as "newsdesk demo
// --posts N" does, and checks they land with their authors and tags.
func TestLoadSynthetic(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	media := t.TempDir()
	if err := Load(ctx, s, media, nil); err != nil {
		t.Fatal(err)
	}
	before, _ := s.CountPosts(ctx, storage.PostQuery{})
	var progress []int
	if err := LoadSynthetic(ctx, s, 1200, SyntheticOptions{Seed: 7, MediaDir: media, Progress: func(d int) { progress = append(progress, d) }}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.CountPosts(ctx, storage.PostQuery{})
	if after-before != 1200 {
		t.Fatalf("added %d posts, want 1200", after-before)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 1200 {
		t.Errorf("progress = %v", progress)
	}
	users, _ := s.ListUsers(ctx)
	if len(users) < len(people)+syntheticAuthorCount {
		t.Errorf("%d users, want demo and %d synthetic authors", len(users), syntheticAuthorCount)
	}
	// A second run reuses authors and tags and still adds posts.
	if err := LoadSynthetic(ctx, s, 10, SyntheticOptions{Seed: 8}); err != nil {
		t.Fatal(err)
	}
	users2, _ := s.ListUsers(ctx)
	if len(users2) != len(users) {
		t.Errorf("second synthetic run created authors: %d, want %d", len(users2), len(users))
	}
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Kind: domain.KindVideo, Limit: 5})
	if err != nil || len(page.Posts) == 0 {
		t.Fatalf("video stream: %v", err)
	}
}

// The demo's footer links to its standing pages; each must be a published
// page (not news) so the link works and the page stays out of the streams.
func TestLoadStandingPages(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if err := Load(ctx, s, t.TempDir(), nil); err != nil {
		t.Fatal(err)
	}
	settings, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(settings.SecondaryNavigation) != len(staticPages) {
		t.Fatalf("footer menu = %+v, want one item per standing page", settings.SecondaryNavigation)
	}
	for _, item := range settings.SecondaryNavigation {
		slug := strings.Trim(item.URL, "/")
		p, err := s.PostBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("footer link %s: %v", item.URL, err)
		}
		if !p.IsPage() || p.Status != domain.StatusPublished || p.BodyHTML == "" {
			t.Errorf("%s: type %q status %q, html %d bytes; want a published page", item.URL, p.Type, p.Status, len(p.BodyHTML))
		}
	}
	news, err := s.CountPosts(ctx, storage.PostQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(stories) + 2 + len(assignmentSpecs); news != want { // and the two live blogs, and the assignment stubs
		t.Errorf("posts counted = %d, want the %d stories, live blogs and assignment stubs (pages excluded)", news, want)
	}
}

// TestLoadLiveBlogs: the flood blog runs with 40+ entries over two days,
// key points, a pinned entry, pictures and a correction; the election
// blog has ended.
func TestLoadLiveBlogs(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if err := Load(ctx, s, t.TempDir(), nil); err != nil {
		t.Fatal(err)
	}
	live, err := s.ListPosts(ctx, storage.PostQuery{Kind: domain.KindLive, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Posts) != 2 {
		t.Fatalf("%d live blogs", len(live.Posts))
	}
	var running, ended *domain.Post
	for _, p := range live.Posts {
		if p.IsLiveNow() {
			running = p
		} else {
			ended = p
		}
	}
	if running == nil || ended == nil || ended.Live.EndedAt.IsZero() {
		t.Fatalf("want one running and one ended blog: %+v", live.Posts)
	}
	page, err := s.ListEntries(ctx, storage.EntryQuery{PostID: running.ID, Public: true, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	n, pics, corrected := len(page.Entries), 0, 0
	for _, e := range page.Entries {
		if strings.Contains(e.BodyHTML, "<img") {
			pics++
		}
		if e.Correction != "" {
			corrected++
		}
	}
	span := page.Entries[0].PublishedAt.Sub(page.Entries[n-1].PublishedAt)
	if n < 40 || pics < 3 || corrected != 1 || span < 36*time.Hour || len(running.Live.KeyPoints) < 3 || running.Live.PinnedEntryID == "" {
		t.Fatalf("flood blog: %d entries over %v, %d pictures, %d corrected, blog %+v", n, span, pics, corrected, running.Live)
	}
}
