package feed

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
	htmlatom "golang.org/x/net/html/atom"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage/sqlstore"
)

const base = "https://news.example.org"

// hostileTitle carries markup, quotes, a control character, emoji and
// right-to-left text; feeds must deliver it intact minus the control.
const hostileTitle = "<b>Tom & \"Jerry\"</b> 'quoted' \x01 🗞️ خبر عاجل עדכון"

var hostileClean = strings.ReplaceAll(hostileTitle, "\x01", "")

type fixture struct {
	store  *sqlstore.Store
	bus    *events.Bus
	svc    *Service
	srv    *httptest.Server
	olena  *domain.User
	petro  *domain.User
	tag    *domain.Tag
	hidden *domain.Tag
	posts  []*domain.Post // newest first
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newFixture(t *testing.T, hub string) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "feed.db"), quietLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, bus: events.NewBus()}
	settings := domain.DefaultSettings()
	settings.Title = "Kyiv Daily"
	settings.Logo = "/content/images/logo.png"
	if err := store.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	f.olena = &domain.User{Author: domain.Author{Name: "Olena Kravets", Title: "Reporter", Bio: "Covers the city.", Avatar: "/content/images/olena.jpg"}}
	f.petro = &domain.User{Author: domain.Author{Name: "Petro Shevchuk"}}
	for _, u := range []*domain.User{f.olena, f.petro} {
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	f.tag = &domain.Tag{Name: "Politics"}
	f.hidden = &domain.Tag{Name: "#homepage"}
	for _, tg := range []*domain.Tag{f.tag, f.hidden} {
		if err := store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	mk := func(title string, age time.Duration, kind domain.Kind, authors []*domain.User, tags ...*domain.Tag) *domain.Post {
		p := &domain.Post{Kind: kind, Status: domain.StatusPublished, Title: title,
			BodyMD:      "First paragraph of " + title + ".\n\n![chart](/content/images/chart.png)\n\n[More](/other-story/)",
			PublishedAt: now.Add(-age)}
		if kind == domain.KindVideo {
			p.VideoURL = "https://video.example.org/v/123"
		}
		for _, a := range authors {
			p.Authors = append(p.Authors, a.Author)
		}
		for _, tg := range tags {
			p.Tags = append(p.Tags, *tg)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("fixture %q: %v", title, err)
		}
		markdown.Apply(p)
		return p
	}
	lead := mk("Rescuers clear the square", time.Hour, domain.KindArticle, []*domain.User{f.olena, f.petro}, f.tag, f.hidden)
	lead.Image = domain.Image{URL: "/content/images/square.jpg", Alt: "The square", Caption: "Kyiv: rescuers at work.", Credit: "A. Photographer / Agency", Width: 1200, Height: 800}
	brief := mk("Metro reopens", 2*time.Hour, domain.KindBrief, []*domain.User{f.petro})
	video := mk("Watch: the bridge at night", 3*time.Hour, domain.KindVideo, []*domain.User{f.olena}, f.tag)
	draft := mk("Unfinished draft", 30*time.Minute, domain.KindArticle, []*domain.User{f.olena}, f.tag)
	draft.Status = domain.StatusDraft
	draft.PublishedAt = time.Time{}
	future := mk("Embargoed story", -time.Hour, domain.KindArticle, []*domain.User{f.olena}, f.tag)
	for _, p := range []*domain.Post{lead, brief, video, draft, future} {
		if err := store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	f.posts = []*domain.Post{lead, brief, video}
	f.svc = New(store, f.bus, quietLog(), base, hub)
	mux := http.NewServeMux()
	f.svc.Register(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (f *fixture) body(t *testing.T, path string) string {
	t.Helper()
	resp := f.get(t, path)
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}

func (f *fixture) parse(t *testing.T, path string) *gofeed.Feed {
	t.Helper()
	feed, err := gofeed.NewParser().ParseString(f.body(t, path))
	if err != nil {
		t.Fatalf("gofeed cannot parse %s: %v", path, err)
	}
	return feed
}

func TestFeedsParseWithGofeed(t *testing.T) {
	f := newFixture(t, "")
	lead := f.posts[0]
	for _, format := range Formats {
		cases := []struct {
			scope Scope
			want  []*domain.Post
		}{
			{Scope{}, f.posts},
			{Scope{Kind: "author", Slug: f.olena.Slug}, []*domain.Post{f.posts[0], f.posts[2]}},
			{Scope{Kind: "author", Slug: f.petro.Slug}, []*domain.Post{f.posts[0], f.posts[1]}},
			{Scope{Kind: "tag", Slug: f.tag.Slug}, []*domain.Post{f.posts[0], f.posts[2]}},
		}
		for _, tc := range cases {
			path := tc.scope.Path(format)
			t.Run(strings.Trim(path, "/"), func(t *testing.T) {
				feed := f.parse(t, path)
				wantType := map[Format]string{RSS: "rss", Atom: "atom", JSON: "json"}[format]
				if feed.FeedType != wantType {
					t.Fatalf("feed type %q, want %q", feed.FeedType, wantType)
				}
				if !strings.Contains(feed.Title, "Kyiv Daily") {
					t.Errorf("feed title %q", feed.Title)
				}
				if len(feed.Items) != len(tc.want) {
					t.Fatalf("%d items, want %d", len(feed.Items), len(tc.want))
				}
				for i, it := range feed.Items {
					p := tc.want[i]
					if it.Title != p.Title {
						t.Errorf("item %d title %q, want %q", i, it.Title, p.Title)
					}
					if it.Link != base+"/"+p.Slug+"/" {
						t.Errorf("item %d link %q", i, it.Link)
					}
					if it.PublishedParsed == nil || !it.PublishedParsed.Equal(p.PublishedAt.Truncate(time.Second)) {
						t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, p.PublishedAt)
					}
					if it.UpdatedParsed == nil || it.UpdatedParsed.Before(p.PublishedAt.Truncate(time.Second)) {
						t.Errorf("item %d updated %v", i, it.UpdatedParsed)
					}
					wantAuthors := len(p.Authors)
					if format == RSS {
						wantAuthors = 1 // gofeed keeps the first dc:creator; all are checked below
					}
					if len(it.Authors) != wantAuthors || it.Authors[0].Name != p.Authors[0].Name {
						t.Errorf("item %d authors %v, want %v", i, it.Authors, p.Authors)
					}
					for _, c := range it.Categories {
						if strings.HasPrefix(c, "#") {
							t.Errorf("internal tag %q leaked into %s", c, path)
						}
					}
					if !strings.Contains(it.Content, "First paragraph of") ||
						!strings.Contains(it.Content, `src="`+base+`/content/images/chart.png"`) ||
						!strings.Contains(it.Content, `href="`+base+`/other-story/"`) {
						t.Errorf("item %d content lacks the body with absolute URLs: %s", i, it.Content)
					}
				}
				first := feed.Items[0] // the lead story everywhere
				if strings.Join(first.Categories, ",") != "Politics" {
					t.Errorf("categories %v, want [Politics]", first.Categories)
				}
				imageURL := base + lead.Image.URL
				switch format {
				case RSS:
					if first.Image == nil || first.Image.URL != imageURL {
						t.Errorf("RSS image %+v", first.Image)
					}
					if len(first.Enclosures) != 1 || first.Enclosures[0].URL != imageURL || first.Enclosures[0].Type != "image/jpeg" || first.Enclosures[0].Length != "0" {
						t.Errorf("RSS enclosure %+v", first.Enclosures)
					}
				case Atom:
					if len(first.Enclosures) != 1 || first.Enclosures[0].URL != imageURL || first.Enclosures[0].Type != "image/jpeg" {
						t.Errorf("Atom enclosure %+v", first.Enclosures)
					}
				case JSON:
					if first.Image == nil || first.Image.URL != imageURL {
						t.Errorf("JSON Feed image %+v", first.Image)
					}
				}
			})
		}
	}
	// Format-specific details gofeed's universal model drops.
	var rf rss.Feed
	if p, err := (&rss.Parser{}).Parse(strings.NewReader(f.body(t, "/rss/"))); err != nil {
		t.Fatal(err)
	} else {
		rf = *p
	}
	if c := rf.Items[0].DublinCoreExt.Creator; strings.Join(c, "|") != "Olena Kravets|Petro Shevchuk" {
		t.Errorf("dc:creator %v, want both authors in order", c)
	}
	media := rf.Items[0].Extensions["media"]["content"][0]
	if media.Attrs["width"] != "1200" || media.Attrs["height"] != "800" || media.Attrs["medium"] != "image" {
		t.Errorf("media:content attrs %v", media.Attrs)
	}
	if rf.Image == nil || rf.Image.URL != base+"/content/images/logo.png" {
		t.Errorf("channel image %+v", rf.Image)
	}
	af, err := (&atom.Parser{}).Parse(strings.NewReader(f.body(t, "/atom/")))
	if err != nil {
		t.Fatal(err)
	}
	if got := af.Entries[0].Authors[0].URI; got != base+"/author/"+f.olena.Slug+"/" {
		t.Errorf("atom author uri %q", got)
	}
	if id := af.Entries[0].ID; !strings.HasPrefix(id, "tag:news.example.org,") || !strings.HasSuffix(id, lead.ID) {
		t.Errorf("atom id %q is not a tag: URI of the post id", id)
	}
	var jf map[string]any
	if err := json.Unmarshal([]byte(f.body(t, "/feed.json")), &jf); err != nil {
		t.Fatal(err)
	}
	if jf["version"] != "https://jsonfeed.org/version/1.1" || jf["language"] != "en" || jf["feed_url"] != base+"/feed.json" {
		t.Errorf("JSON Feed header: %v %v %v", jf["version"], jf["language"], jf["feed_url"])
	}
	item := jf["items"].([]any)[0].(map[string]any)
	if item["date_modified"] == nil || item["authors"].([]any)[0].(map[string]any)["url"] != base+"/author/"+f.olena.Slug+"/" {
		t.Errorf("JSON Feed item: %v", item)
	}
}

func TestFeedNotFound(t *testing.T) {
	f := newFixture(t, "")
	for _, path := range []string{"/author/nobody/rss/", "/tag/nothing/atom/", "/tag/" + f.hidden.Slug + "/feed.json", "/author/Bad%20Slug/rss/"} {
		if resp := f.get(t, path); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	f := newFixture(t, "")
	for _, format := range Formats {
		path := Scope{}.Path(format)
		first := f.get(t, path)
		io.Copy(io.Discard, first.Body)
		etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		if first.StatusCode != 200 || etag == "" || lastMod == "" {
			t.Fatalf("%s: status %d etag %q last-modified %q", path, first.StatusCode, etag, lastMod)
		}
		if cc := first.Header.Get("Cache-Control"); cc != "public, max-age=60" {
			t.Errorf("Cache-Control %q", cc)
		}
		if resp := f.get(t, path, "If-None-Match", etag); resp.StatusCode != 304 {
			t.Errorf("%s If-None-Match: %d, want 304", path, resp.StatusCode)
		}
		if resp := f.get(t, path, "If-None-Match", `"other", `+etag); resp.StatusCode != 304 {
			t.Errorf("%s If-None-Match list: %d, want 304", path, resp.StatusCode)
		}
		if resp := f.get(t, path, "If-Modified-Since", lastMod); resp.StatusCode != 304 {
			t.Errorf("%s If-Modified-Since: %d, want 304", path, resp.StatusCode)
		}
		if resp := f.get(t, path, "If-None-Match", `"stale"`); resp.StatusCode != 200 {
			t.Errorf("%s stale ETag: %d, want 200", path, resp.StatusCode)
		}
	}

	// Publishing a post and its event invalidates: the old validators
	// no longer match and the new post is in the feed.
	first := f.get(t, "/rss/")
	io.Copy(io.Discard, first.Body)
	etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	time.Sleep(1100 * time.Millisecond) // Last-Modified has one-second resolution
	p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "Fresh news",
		BodyMD: "Just in.", Authors: []domain.Author{f.olena.Author}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	markdown.Apply(p)
	if err := f.store.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostPublished, PostID: p.ID, Slug: p.Slug})
	if resp := f.get(t, "/rss/", "If-None-Match", etag); resp.StatusCode != 200 {
		t.Errorf("after publish, old ETag: %d, want 200", resp.StatusCode)
	}
	if resp := f.get(t, "/rss/", "If-Modified-Since", lastMod); resp.StatusCode != 200 {
		t.Errorf("after publish, old If-Modified-Since: %d, want 200", resp.StatusCode)
	}
	if feed := f.parse(t, "/rss/"); feed.Items[0].Title != "Fresh news" {
		t.Errorf("newest item %q, want Fresh news", feed.Items[0].Title)
	}
}

func TestHostileContentRoundTrips(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	p := f.posts[0]
	// Imports can store what the editor's validation refuses.
	p.Title = hostileTitle
	p.Tags = []domain.Tag{*f.tag}
	if err := f.store.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostUpdated, PostID: p.ID})
	for _, format := range Formats {
		path := Scope{}.Path(format)
		feed := f.parse(t, path)
		if got := feed.Items[0].Title; got != hostileClean {
			t.Errorf("%s title\n got %q\nwant %q", path, got, hostileClean)
		}
	}
	raw := f.body(t, "/rss/")
	if strings.Contains(raw, "\x01") || strings.Contains(raw, "<b>Tom") {
		t.Errorf("RSS carries a raw control character or unescaped markup")
	}
}

func TestWebSubPing(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	got := map[string]bool{}
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			http.Error(w, "hub is warming up", http.StatusServiceUnavailable)
			return
		}
		r.ParseForm()
		if r.PostForm.Get("hub.mode") != "publish" {
			http.Error(w, "bad mode", http.StatusBadRequest)
			return
		}
		got[r.PostForm.Get("hub.url")] = true
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	f := newFixture(t, hub.URL)
	f.svc.pinger.backoff = 10 * time.Millisecond

	// The hub is announced in every format.
	if feed := f.parse(t, "/rss/"); !strings.Contains(f.body(t, "/rss/"), `<atom:link rel="hub" href="`+hub.URL+`">`) || feed == nil {
		t.Error("RSS does not announce the hub")
	}
	if af, err := (&atom.Parser{}).Parse(strings.NewReader(f.body(t, "/atom/"))); err != nil || !hasLink(af.Links, "hub", hub.URL) {
		t.Errorf("Atom does not announce the hub (%v)", err)
	}
	if !strings.Contains(f.body(t, "/feed.json"), `"hubs": [`) {
		t.Error("JSON Feed does not announce the hub")
	}
	if links := f.get(t, "/tag/"+f.tag.Slug+"/atom/").Header.Values("Link"); len(links) != 2 ||
		links[0] != "<"+hub.URL+`>; rel="hub"` || links[1] != "<"+base+"/tag/"+f.tag.Slug+`/atom/>; rel="self"` {
		t.Errorf("Link headers %q", links)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.svc.Run(ctx)
	// A draft's edits change no feed: no ping for them.
	draft := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusDraft, Title: "Draft only", BodyMD: "x",
		Authors: []domain.Author{f.petro.Author}, Tags: []domain.Tag{*f.hidden}}
	if err := f.store.CreatePost(ctx, draft); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostUpdated, PostID: draft.ID})
	start := time.Now()
	f.bus.Publish(events.Event{Type: events.PostPublished, PostID: f.posts[0].ID})
	if time.Since(start) > 50*time.Millisecond {
		t.Errorf("publishing waited %v for the hub", time.Since(start))
	}
	want := []string{base + "/rss/", base + "/atom/", base + "/feed.json",
		base + "/author/" + f.olena.Slug + "/rss/", base + "/author/" + f.petro.Slug + "/feed.json",
		base + "/tag/" + f.tag.Slug + "/atom/"}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		missing := ""
		for _, w := range want {
			if !got[w] {
				missing = w
			}
		}
		leaked := got[base+"/tag/"+f.hidden.Slug+"/rss/"]
		mu.Unlock()
		if leaked {
			t.Fatal("pinged the feed of an internal tag")
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub never got %s (got %v)", missing, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// 12 topics (site, two authors, one public tag; three formats each)
	// plus the one refused attempt that was retried; nothing for the draft.
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if calls != 13 || len(got) != 12 {
		t.Errorf("hub got %d calls for %d topics, want 13 for 12", calls, len(got))
	}
}

func TestWebSubHubDown(t *testing.T) {
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	hubURL := hub.URL
	hub.Close() // nothing listens there now
	f := newFixture(t, hubURL)
	f.svc.pinger.backoff = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.svc.Run(ctx)
	start := time.Now()
	for i := 0; i < 1000; i++ { // more than the queue holds
		f.bus.Publish(events.Event{Type: events.PostUpdated, PostID: f.posts[0].ID})
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("publishing 1000 events with the hub down took %v", d)
	}
	if resp := f.get(t, "/rss/"); resp.StatusCode != 200 {
		t.Fatalf("feed with hub down: %d", resp.StatusCode)
	}
}

func hasLink(links []*atom.Link, rel, href string) bool {
	for _, l := range links {
		if l.Rel == rel && l.Href == href {
			return true
		}
	}
	return false
}

func TestAbsolutize(t *testing.T) {
	b := newBuilder(base)
	tests := []struct{ in, want string }{
		{`<p><a href="/x/">x</a></p>`, `<p><a href="` + base + `/x/">x</a></p>`},
		{`<img src="/i.jpg" alt="a"><a href="/y/">`, `<img src="` + base + `/i.jpg" alt="a"><a href="` + base + `/y/">`},
		{`<a href="//cdn.example/x">`, `<a href="//cdn.example/x">`},
		{`<a href="//cdn.example/x"><a href="/z/">`, `<a href="//cdn.example/x"><a href="` + base + `/z/">`},
		{`<a href="https://other.example/">`, `<a href="https://other.example/">`},
		{`<p>src="/not-an-attribute"</p>`, `<p>src="/not-an-attribute"</p>`},
	}
	for _, tc := range tests {
		if got := b.absolutize(tc.in); got != tc.want {
			t.Errorf("absolutize(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

// TestPlainTextIsEscapedForHTMLFields: RSS readers render <description>
// and <media:description> as HTML, so a standfirst or caption that reads
// like markup must arrive as text, never as a live element.
func TestPlainTextIsEscapedForHTMLFields(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	const attack = `<img src=x onerror=alert(1)> & "more"`
	p := f.posts[0]
	p.Standfirst = attack
	p.Image.Caption = attack
	p.Image.Credit = ""
	if err := f.store.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.bus.Publish(events.Event{Type: events.PostUpdated, PostID: p.ID})

	// asReader parses a field the way a feed reader shows it: as HTML.
	asReader := func(field, s string) {
		t.Helper()
		nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: htmlatom.Div})
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, n := range nodes {
			if n.Type != html.TextNode {
				t.Errorf("%s holds a live <%s> element: %q", field, n.Data, s)
				continue
			}
			text.WriteString(n.Data)
		}
		if text.String() != attack {
			t.Errorf("%s reads %q, want %q", field, text.String(), attack)
		}
	}
	feed := f.parse(t, "/rss/")
	item := feed.Items[0]
	asReader("RSS description", item.Description)
	media := item.Extensions["media"]["content"][0].Children["description"]
	if len(media) != 1 || media[0].Attrs["type"] != "html" {
		t.Fatalf("media:description = %+v, want one with type html", media)
	}
	asReader("media:description", media[0].Value)
	// The same text in the other formats' plain-text fields stays text.
	for _, path := range []string{"/atom/", "/feed.json"} {
		if got := f.parse(t, path).Items[0].Description; got != attack {
			t.Errorf("%s summary = %q, want the plain text %q", path, got, attack)
		}
	}
	// content:encoded and content_html carry the caption as figure text.
	for _, path := range []string{"/rss/", "/atom/", "/feed.json"} {
		content := f.parse(t, path).Items[0].Content
		doc, err := html.Parse(strings.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			for _, a := range n.Attr {
				if a.Key == "onerror" || a.Key == "src" && a.Val == "x" {
					t.Errorf("%s content carries the caption as markup: %q", path, content)
				}
			}
		}
	}
}
