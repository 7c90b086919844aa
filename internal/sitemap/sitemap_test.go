package sitemap

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/pagecache"
	"newsdesk/internal/storage/sqlstore"
)

const base = "https://news.example.org"

const hostileTitle = "<b>Tom & \"Jerry\"</b> 'quoted' \x01 🗞️ خبر عاجل עדכון"

type fixture struct {
	store *sqlstore.Store
	bus   *events.Bus
	svc   *Service
	srv   *httptest.Server
	user  *domain.User
	tag   *domain.Tag
	now   time.Time
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "sitemap.db"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	settings := domain.DefaultSettings()
	settings.Title = "Kyiv & Co <Daily>"
	settings.Language = "uk"
	if err := store.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, bus: events.NewBus(), now: time.Now().UTC().Truncate(time.Second)}
	f.user = &domain.User{Author: domain.Author{Name: "Olena Kravets"}}
	if err := store.CreateUser(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	f.tag = &domain.Tag{Name: "Politics"}
	if err := store.CreateTag(ctx, f.tag); err != nil {
		t.Fatal(err)
	}
	hidden := &domain.Tag{Name: "#homepage"}
	if err := store.CreateTag(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	f.svc = New(store, f.bus, slog.New(slog.NewTextHandler(io.Discard, nil)), base)
	f.svc.indexMinAge = 0
	mux := http.NewServeMux()
	f.svc.Register(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// addPosts creates n public posts, one an hour back from now, every third
// with a lead image.
func (f *fixture) addPosts(t testing.TB, n int) []*domain.Post {
	return f.addPostsBy(t, n, true)
}

// addPostsBy is addPosts; without relations (no author or tag rows) bulk
// loading is three times faster, and post sitemaps do not need them.
func (f *fixture) addPostsBy(t testing.TB, n int, relations bool) []*domain.Post {
	t.Helper()
	posts := make([]*domain.Post, n)
	for i := range posts {
		p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished,
			Title: fmt.Sprintf("Story number %d", i), Slug: fmt.Sprintf("story-%d", i),
			Authors: []domain.Author{f.user.Author}, Tags: []domain.Tag{*f.tag}, Language: "uk",
			PublishedAt: f.now.Add(-time.Duration(i) * time.Hour)}
		if !relations {
			p.Authors, p.Tags = nil, nil
		}
		if i%3 == 0 {
			p.Image.URL = fmt.Sprintf("/content/images/%d.jpg", i)
		}
		posts[i] = p
	}
	if err := f.store.CreatePosts(context.Background(), posts); err != nil {
		t.Fatal(err)
	}
	return posts
}

func (f *fixture) get(t testing.TB, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	path = strings.TrimPrefix(path, base)
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (f *fixture) getXML(t testing.TB, path string, v any) []byte {
	t.Helper()
	resp, b := f.get(t, path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := xml.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: invalid XML: %v\n%s", path, err, b)
	}
	return b
}

// Parsed forms, namespaces spelled out as a crawler resolves them.
type parsedIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type parsedURLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Images  []struct {
			Loc string `xml:"http://www.google.com/schemas/sitemap-image/1.1 loc"`
		} `xml:"http://www.google.com/schemas/sitemap-image/1.1 image"`
		News *struct {
			Name            string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
			Language        string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
			PublicationDate string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title           string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

// crawl reads the index and every posts sitemap it lists, checking each
// file against the limits, and returns the post URLs seen.
func (f *fixture) crawl(t *testing.T) (files int, urls map[string]string) {
	t.Helper()
	var idx parsedIndex
	f.getXML(t, "/sitemap.xml", &idx)
	urls = map[string]string{}
	for _, sm := range idx.Sitemaps {
		if sm.LastMod == "" {
			t.Errorf("sitemap %s has no lastmod", sm.Loc)
		}
		if !strings.Contains(sm.Loc, "/sitemap-posts.xml") {
			continue
		}
		files++
		var set parsedURLSet
		body := f.getXML(t, sm.Loc, &set)
		if len(set.URLs) > f.svc.maxURLs || len(body) > f.svc.maxBytes {
			t.Errorf("%s holds %d URLs in %d bytes; limits %d and %d", sm.Loc, len(set.URLs), len(body), f.svc.maxURLs, f.svc.maxBytes)
		}
		if len(set.URLs) == 0 {
			t.Errorf("%s is empty", sm.Loc)
		}
		for _, u := range set.URLs {
			if _, dup := urls[u.Loc]; dup {
				t.Errorf("%s listed twice", u.Loc)
			}
			img := ""
			if len(u.Images) > 0 {
				img = u.Images[0].Loc
			}
			urls[u.Loc] = img
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s lastmod %q: %v", u.Loc, u.LastMod, err)
			}
		}
	}
	return files, urls
}

func TestPostSitemapsSplitByCount(t *testing.T) {
	f := newFixture(t)
	f.svc.maxURLs = 7
	posts := f.addPosts(t, 30)
	files, urls := f.crawl(t)
	if files != 5 {
		t.Errorf("%d post sitemaps for 30 posts at 7 a file, want 5", files)
	}
	if len(urls) != 30 {
		t.Fatalf("crawled %d post URLs, want 30", len(urls))
	}
	for i, p := range posts {
		img, ok := urls[base+"/"+p.Slug+"/"]
		if !ok {
			t.Fatalf("post %s missing", p.Slug)
		}
		if want := ""; i%3 == 0 {
			want = base + p.Image.URL
			if img != want {
				t.Errorf("post %s image %q, want %q", p.Slug, img, want)
			}
		} else if img != want {
			t.Errorf("post %s has image %q", p.Slug, img)
		}
	}

	// A new post changes only the last file; the first ones keep their URLs.
	var before, after parsedIndex
	f.getXML(t, "/sitemap.xml", &before)
	p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "Newest", Slug: "newest",
		Authors: []domain.Author{f.user.Author}}
	if err := f.store.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostPublished, PostID: p.ID})
	f.getXML(t, "/sitemap.xml", &after)
	for i := 0; i < 5; i++ {
		if before.Sitemaps[i].Loc != after.Sitemaps[i].Loc {
			t.Errorf("file %d moved from %s to %s", i, before.Sitemaps[i].Loc, after.Sitemaps[i].Loc)
		}
	}
	if _, urls := f.crawl(t); len(urls) != 31 {
		t.Errorf("after publishing: %d URLs, want 31", len(urls))
	}
}

func TestPostSitemapsSplitByBytes(t *testing.T) {
	f := newFixture(t)
	f.addPosts(t, 40)
	// Room for five entries of the largest possible size per file.
	f.svc.maxBytes = docOverhead + 5*f.svc.postEntryMax()
	files, urls := f.crawl(t)
	if len(urls) != 40 {
		t.Fatalf("crawled %d URLs, want 40", len(urls))
	}
	if files != 8 {
		t.Errorf("%d files; the byte limit should make 8 of at most 5 entries", files)
	}
}

// TestRealLimit generates one URL more than a sitemap file may hold under
// the protocol's own limit and checks the split.
func TestRealLimit(t *testing.T) {
	f := newFixture(t)
	if f.svc.maxURLs != 50_000 || f.svc.maxBytes != 50*1024*1024 {
		t.Fatalf("default limits %d URLs / %d bytes", f.svc.maxURLs, f.svc.maxBytes)
	}
	f.addPostsBy(t, MaxURLs+1, false)
	files, urls := f.crawl(t)
	if files != 2 || len(urls) != MaxURLs+1 {
		t.Fatalf("%d files with %d URLs, want 2 files with %d", files, len(urls), MaxURLs+1)
	}
}

func TestProfileSitemaps(t *testing.T) {
	f := newFixture(t)
	f.addPosts(t, 3)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		tg := &domain.Tag{Name: fmt.Sprintf("Topic %d", i)}
		if err := f.store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
		p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "On " + tg.Name,
			Authors: []domain.Author{f.user.Author}, Tags: []domain.Tag{*tg}, PublishedAt: f.now.Add(-time.Minute)}
		p.Validate()
		if err := f.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	var authors parsedURLSet
	f.getXML(t, "/sitemap-authors.xml", &authors)
	if len(authors.URLs) != 1 || authors.URLs[0].Loc != base+"/author/olena-kravets/" || authors.URLs[0].LastMod != w3c(f.now) {
		t.Errorf("authors sitemap: %+v", authors.URLs)
	}
	f.svc.maxURLs = 4
	f.svc.cache.Invalidate(pagecache.All)
	var idx parsedIndex
	f.getXML(t, "/sitemap.xml", &idx)
	var tagFiles []string
	for _, sm := range idx.Sitemaps {
		if strings.Contains(sm.Loc, "sitemap-tags") {
			tagFiles = append(tagFiles, sm.Loc)
		}
	}
	if len(tagFiles) != 2 || tagFiles[1] != base+"/sitemap-tags.xml?page=2" {
		t.Fatalf("tag sitemaps %v, want two files for 6 tags at 4 a file", tagFiles)
	}
	seen := 0
	for _, loc := range tagFiles {
		var set parsedURLSet
		f.getXML(t, loc, &set)
		for _, u := range set.URLs {
			seen++
			if strings.Contains(u.Loc, "hash") {
				t.Errorf("internal tag listed: %s", u.Loc)
			}
		}
	}
	if seen != 6 {
		t.Errorf("%d tags listed, want 6", seen)
	}
	for path, want := range map[string]int{
		"/sitemap-tags.xml?page=0":                                        400,
		"/sitemap-tags.xml?page=x":                                        400,
		"/sitemap-tags.xml?page=3":                                        404,
		"/sitemap-posts.xml?from=garbage":                                 400,
		"/sitemap-posts.xml?from=99999999999999-aaaaaaaaaaaaaaaaaaaaaaaa": 404,
	} {
		if resp, body := f.get(t, path); resp.StatusCode != want {
			t.Errorf("GET %s: %d %s, want %d", path, resp.StatusCode, body, want)
		}
	}
}

func TestNewsSitemap(t *testing.T) {
	f := newFixture(t)
	// One an hour back from the fixture's clock: 0..47 hours old are within
	// the two days before the service's (slightly later) clock.
	f.addPosts(t, 60)
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: hostileTitle, Slug: "hostile",
		Authors: []domain.Author{f.user.Author}, Language: "en-GB", PublishedAt: f.now.Add(-30 * time.Minute)}
	if err := f.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	var set parsedURLSet
	raw := f.getXML(t, "/sitemap-news.xml", &set)
	if len(set.URLs) != 49 {
		t.Fatalf("news sitemap lists %d posts, want 49", len(set.URLs))
	}
	// Newest first: story-0 (now), the hostile one (30 minutes ago), story-1.
	first := set.URLs[1]
	if set.URLs[0].Loc != base+"/story-0/" || first.Loc != base+"/hostile/" || first.News == nil {
		t.Fatalf("news entries %+v, %+v", set.URLs[0], first)
	}
	want := strings.ReplaceAll(hostileTitle, "\x01", "")
	if first.News.Title != want || first.News.Name != "Kyiv & Co <Daily>" || first.News.Language != "en" {
		t.Errorf("news entry: title %q name %q language %q", first.News.Title, first.News.Name, first.News.Language)
	}
	if d, err := time.Parse(time.RFC3339, first.News.PublicationDate); err != nil || !d.Equal(p.PublishedAt.Truncate(time.Second)) {
		t.Errorf("publication date %q", first.News.PublicationDate)
	}
	if set.URLs[2].News.Language != "uk" {
		t.Errorf("story-1 language %q", set.URLs[2].News.Language)
	}
	for _, u := range set.URLs {
		d, _ := time.Parse(time.RFC3339, u.News.PublicationDate)
		if f.now.Sub(d) > NewsWindow {
			t.Errorf("%s is older than two days", u.Loc)
		}
	}
	if strings.Contains(string(raw), "\x01") {
		t.Error("news sitemap carries a control character")
	}
}

func TestNewsSitemapCap(t *testing.T) {
	f := newFixture(t)
	posts := make([]*domain.Post, MaxNews+20)
	for i := range posts {
		posts[i] = &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: fmt.Sprintf("Brief %d", i),
			Slug: fmt.Sprintf("brief-%d", i), Authors: []domain.Author{f.user.Author}, PublishedAt: f.now.Add(-time.Duration(i) * time.Minute)}
	}
	if err := f.store.CreatePosts(context.Background(), posts); err != nil {
		t.Fatal(err)
	}
	var set parsedURLSet
	f.getXML(t, "/sitemap-news.xml", &set)
	if len(set.URLs) != MaxNews || set.URLs[0].Loc != base+"/brief-0/" {
		t.Fatalf("news sitemap lists %d posts starting %s, want the newest %d", len(set.URLs), set.URLs[0].Loc, MaxNews)
	}
}

func TestRobotsAndConditionalGet(t *testing.T) {
	f := newFixture(t)
	f.addPosts(t, 3)
	resp, body := f.get(t, "/robots.txt")
	text := string(body)
	for _, want := range []string{"User-agent: *", "Disallow: /newsroom/", "Disallow: /ghost/", "Sitemap: " + base + "/sitemap.xml", "Sitemap: " + base + "/sitemap-news.xml"} {
		if !strings.Contains(text, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("robots.txt Content-Type %q", resp.Header.Get("Content-Type"))
	}
	resp, _ = f.get(t, "/sitemap.xml")
	etag := resp.Header.Get("ETag")
	if r, _ := f.get(t, "/sitemap.xml", "If-None-Match", etag); r.StatusCode != 304 {
		t.Errorf("If-None-Match: %d, want 304", r.StatusCode)
	}
	if r, _ := f.get(t, "/sitemap.xml", "If-Modified-Since", resp.Header.Get("Last-Modified")); r.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", r.StatusCode)
	}
}

// TestWorstCaseEntries fills files with the longest slugs and image URLs
// that escape the most, and checks no file passes the byte limit; an image
// URL past the bound is left out, the post itself is not.
func TestWorstCaseEntries(t *testing.T) {
	f := newFixture(t)
	f.svc.maxBytes = docOverhead + 3*f.svc.postEntryMax()
	posts := make([]*domain.Post, 10)
	for i := range posts {
		slug := fmt.Sprintf("s%03d-", i) + strings.Repeat("x", domain.MaxSlugLen-5)
		img := "/content/images/i.jpg?" + strings.Repeat("a=1&", 120)[:maxImageLoc/5]
		if i == 9 {
			img = "/content/images/i.jpg?" + strings.Repeat("a=1&", 400)
		}
		posts[i] = &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "Long", Slug: slug,
			Image: domain.Image{URL: img}, PublishedAt: f.now.Add(-time.Duration(i) * time.Minute)}
	}
	if err := f.store.CreatePosts(context.Background(), posts); err != nil {
		t.Fatal(err)
	}
	files, urls := f.crawl(t) // checks every file against the limits
	if files != 4 || len(urls) != 10 {
		t.Fatalf("%d files, %d URLs; want 4 files (3 a file) and 10 URLs", files, len(urls))
	}
	for loc, img := range urls {
		long := strings.HasPrefix(loc, base+"/s009-")
		if long && img != "" || !long && img == "" {
			t.Errorf("%s: image %q", loc, img)
		}
	}
}

// TestIndexRefreshThrottle: events refresh the costly index at most once
// per indexMinAge; other sitemaps follow at once.
func TestIndexRefreshThrottle(t *testing.T) {
	f := newFixture(t)
	f.svc.indexMinAge = time.Hour
	f.svc.maxURLs = 2 // the third post opens a second posts file
	f.addPosts(t, 2)
	var before, after parsedIndex
	f.getXML(t, "/sitemap.xml", &before)
	p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "Late", Slug: "late",
		Authors: []domain.Author{f.user.Author}, Language: "uk"}
	if err := f.store.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostPublished, PostID: p.ID})
	f.getXML(t, "/sitemap.xml", &after)
	if len(after.Sitemaps) != len(before.Sitemaps) {
		t.Errorf("index rebuilt within the minimum age")
	}
	var news parsedURLSet
	f.getXML(t, "/sitemap-news.xml", &news)
	if len(news.URLs) != 3 {
		t.Errorf("news sitemap has %d posts after the event, want 3", len(news.URLs))
	}
	f.svc.indexMinAge = 0
	var rebuilt parsedIndex
	f.getXML(t, "/sitemap.xml", &rebuilt)
	if len(rebuilt.Sitemaps) != len(before.Sitemaps)+1 {
		t.Errorf("index not rebuilt once the minimum age passed: %d files, before %d", len(rebuilt.Sitemaps), len(before.Sitemaps))
	}
}
