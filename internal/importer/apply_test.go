package importer

import (
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/media"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

type site struct {
	store  storage.Store
	target Target
	admin  publish.Actor
	events []events.Event
}

func newSite(t *testing.T, mediaDir string) *site {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "site.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := &site{store: store}
	bus := events.NewBus()
	bus.OnEvent(func(e events.Event) { s.events = append(s.events, e) })
	admin := &domain.User{Author: domain.Author{Name: "Site Admin"}, Email: "admin@example.org", Role: domain.RoleAdministrator}
	if err := store.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	s.admin = publish.Actor{User: admin}
	s.target = Target{Store: store, Publisher: &publish.Service{Store: store, Events: bus}}
	if mediaDir != "" {
		s.target.Media = media.New(media.Options{Blobs: media.NewDir(filepath.Join(dir, "content", "images"))})
		s.target.MediaDir = mediaDir
	}
	return s
}

func (s *site) apply(t *testing.T, name string, o ApplyOptions) *Result {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := Open(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Apply(context.Background(), s.target, s.admin, im, o)
	if err != nil {
		t.Fatalf("apply %s: %v", name, err)
	}
	return res
}

func writeJPEG(t *testing.T, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(1, 1, color.White)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	jpeg.Encode(f, img, nil)
}

func TestApplyGhost5(t *testing.T) {
	mediaDir := t.TempDir()
	writeJPEG(t, filepath.Join(mediaDir, "2024", "03", "lead.jpg"))
	s := newSite(t, mediaDir)
	ctx := context.Background()

	dry := s.apply(t, "ghost-5.x.json", ApplyOptions{DryRun: true})
	if n, _ := s.store.CountPosts(ctx, storage.PostQuery{}); n != 0 || dry.Posts.Created == 0 {
		t.Fatalf("dry run: %d posts written, report %+v", n, dry.Posts)
	}
	if len(s.events) != 0 {
		t.Fatalf("a dry run sent events: %+v", s.events)
	}

	res := s.apply(t, "ghost-5.x.json", ApplyOptions{})
	if res.Posts.Created != dry.Posts.Created || res.Posts.Created < 4 {
		t.Fatalf("created %d (dry run said %d)", res.Posts.Created, dry.Posts.Created)
	}
	if len(s.events) != 1 || s.events[0].Type != events.SiteImported {
		t.Fatalf("events: %+v; want one site.imported", s.events)
	}

	every, err := s.store.PostBySlug(ctx, "every-card")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(every.Image.URL, "/content/images/") || every.Image.Width != 64 {
		t.Errorf("lead image not brought in through the media library: %+v", every.Image)
	}
	if len(every.Authors) == 0 || every.Authors[0].Slug != "olena" {
		t.Errorf("authors: %+v", every.Authors)
	}
	olena, err := s.store.UserByID(ctx, every.Authors[0].ID)
	if err != nil || olena.PasswordHash != "" || olena.Pending {
		t.Errorf("imported author: %+v, %v; want a public author without a password", olena, err)
	}
	// Ghost's "tiers" post stays gated: published and listed, its public
	// part the body before the paywall card.
	if every.Visibility != domain.VisibilityTiers || every.Status != domain.StatusPublished {
		t.Errorf("every-card: visibility %q, status %q; want tiers, published", every.Visibility, every.Status)
	}
	if html, _ := every.PublicBody(); !strings.Contains(html, "The council met on") || strings.Contains(html, "Only for members") {
		t.Errorf("every-card's public part: %q", html)
	}
	if !strings.Contains(every.BodyHTML, "Only for members") {
		t.Error("every-card lost its members' part")
	}
	if res.GatedCount != 1 || len(res.Gated) != 1 || res.Gated[0].Slug != "every-card" || res.Gated[0].Visibility != domain.VisibilityTiers ||
		dry.GatedCount != 1 {
		t.Errorf("gated posts in the result: %d %+v (dry run %d)", res.GatedCount, res.Gated, dry.GatedCount)
	}
	var report strings.Builder
	res.WriteTo(&report)
	if !strings.Contains(report.String(), "for members only: 1") || !strings.Contains(report.String(), "/every-card/") {
		t.Errorf("the report does not list the members-only post:\n%s", report.String())
	}
	page, err := s.store.PostBySlug(ctx, "opening-hours")
	if err != nil || page.Type != domain.TypePage {
		t.Errorf("page: %+v, %v", page, err)
	}
	// "search" is a site path: renamed, with a redirect from the old one.
	if _, err := s.store.PostBySlug(ctx, "search-2"); err != nil {
		t.Errorf("the post with slug search: %v", err)
	}
	// No redirect from /search/: it would shadow the site's search page.
	if rules, _ := s.store.ExactRedirects(ctx, "/search", ""); len(rules) != 0 {
		t.Errorf("a redirect shadows the search page: %+v", rules)
	}

	// Running the same file again creates nothing.
	before, _ := s.store.CountPosts(ctx, storage.PostQuery{})
	users, _ := s.store.ListUsers(ctx)
	tags, _ := s.store.ListTags(ctx)
	again := s.apply(t, "ghost-5.x.json", ApplyOptions{})
	after, _ := s.store.CountPosts(ctx, storage.PostQuery{})
	users2, _ := s.store.ListUsers(ctx)
	tags2, _ := s.store.ListTags(ctx)
	if again.Posts.Created != 0 || after != before || len(users2) != len(users) || len(tags2) != len(tags) {
		t.Fatalf("second run: created %d, posts %d -> %d, users %d -> %d, tags %d -> %d",
			again.Posts.Created, before, after, len(users), len(users2), len(tags), len(tags2))
	}
}

func TestApplyWordPress(t *testing.T) {
	mediaDir := t.TempDir()
	writeJPEG(t, filepath.Join(mediaDir, "2023", "05", "bridge.jpg"))
	s := newSite(t, mediaDir)
	ctx := context.Background()
	res := s.apply(t, "wxr-1.2.xml", ApplyOptions{})
	if res.Posts.Created != 8 {
		t.Fatalf("created %d posts and pages, want 8: %+v", res.Posts.Created, res.Posts)
	}
	p, err := s.store.PostBySlug(ctx, "council-votes")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Image.URL, "/content/images/") || p.Image.Credit != "Ann Lee / Courier" {
		t.Errorf("featured image: %+v", p.Image)
	}
	if len(p.Tags) != 3 || p.Tags[0].Slug != "news" || !p.Featured {
		t.Errorf("tags %+v featured %v", p.Tags, p.Featured)
	}
	for _, from := range []struct{ path, query string }{{"/2023/05/council-votes/", ""}, {"/", "p=101"}} {
		key, _ := domain.RedirectKey(from.path)
		rules, err := s.store.ExactRedirects(ctx, key, from.query)
		if err != nil || len(rules) != 1 || rules[0].To != "/council-votes/" || !rules[0].Permanent {
			t.Errorf("redirect from %s?%s: %+v, %v", from.path, from.query, rules, err)
		}
	}
	about, err := s.store.PostBySlug(ctx, "about")
	if err != nil || about.Type != domain.TypePage {
		t.Errorf("about page: %+v, %v", about, err)
	}
	// Drafts, pending and future posts keep their place out of public view.
	for slug, st := range map[string]domain.Status{"waiting-for-review": domain.StatusDraft, "coming-monday": domain.StatusScheduled} {
		q, err := s.store.PostBySlug(ctx, slug)
		if err != nil || q.Status != st {
			t.Errorf("%s: %+v, %v; want %s", slug, q, err, st)
		}
	}
}

// A file cut short changes nothing.
func TestApplyTruncatedChangesNothing(t *testing.T) {
	s := newSite(t, "")
	b, err := os.ReadFile(filepath.Join("testdata", "ghost-5.x.json"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.json")
	os.WriteFile(cut, b[:len(b)*2/3], 0o644)
	f, _ := os.Open(cut)
	defer f.Close()
	if _, err := Open(f, Options{}); err == nil {
		t.Fatal("a truncated file opened")
	}
	if n, _ := s.store.CountPosts(context.Background(), storage.PostQuery{}); n != 0 {
		t.Fatalf("%d posts after a refused file", n)
	}
}
