package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// TestGatedPostEverywhere publishes a members-only brief through the
// publishing service and reads it back through the whole handler: every
// public surface (page, feeds, search, /live/) carries its public part and
// never the rest, the feeds with the site's note; the sitemap lists it.
func TestGatedPostEverywhere(t *testing.T) {
	a := newTestApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	get := func(path string) string {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/live/", nil)
	live, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Body.Close()
	stream := readSSE(live.Body)

	ed := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleEditor, "Reporter")
	const secret = "Secret council minutes"
	p := &domain.Post{Kind: domain.KindBrief, Title: "Council budget leaks", Visibility: domain.VisibilityMembers,
		BodyMD:  "The council met on Tuesday.\n\n" + domain.MembersOnlyMarker + "\n\n" + secret + " follow.",
		Authors: []domain.Author{ed.Author}}
	if err := a.Publisher.Create(context.Background(), publish.Actor{User: ed}, p, publish.Options{Action: publish.Publish}); err != nil {
		t.Fatal(err)
	}

	e, ok := nextSSE(t, stream, 5*time.Second)
	var m struct{ ID, HTML string }
	if !ok || json.Unmarshal([]byte(e.Data), &m) != nil || m.ID != p.ID {
		t.Fatalf("live event %+v", e)
	}
	if strings.Contains(m.HTML, secret) || !strings.Contains(m.HTML, "The council met on Tuesday.") || !strings.Contains(m.HTML, "members-only") {
		t.Errorf("/live/ item: %s", m.HTML)
	}
	for _, path := range []string{"/", "/" + p.Slug + "/", "/search/?q=council", "/rss/", "/atom/", "/feed.json"} {
		// Search highlights the words it matched.
		body := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(get(path))
		if strings.Contains(body, secret) || !strings.Contains(body, "The council met on Tuesday.") {
			t.Errorf("%s: shows the members' part, or not the public part", path)
		}
		if !strings.Contains(body, "The rest of this story is for members of ") {
			t.Errorf("%s: no members-only note", path)
		}
	}
	if !strings.Contains(get("/sitemap-posts.xml"), "/"+p.Slug+"/") {
		t.Error("the sitemap leaves the members-only post out")
	}
}
