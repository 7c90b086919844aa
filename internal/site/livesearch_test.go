package site_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// A live blog's entries are search results of their own: each links to
// its entry page under the blog's headline, with a marked passage of the
// entry, also an entry hundreds back and by a phrase; drafts are not found.
func TestSearchFindsLiveEntries(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	by := e.fix.Authors["olena"].Author
	p := &domain.Post{Kind: domain.KindLive, Status: domain.StatusPublished, Title: "Flood on the Dnipro: live",
		BodyMD: "Our live coverage.", Authors: []domain.Author{by}, PublishedAt: time.Now().Add(-30 * time.Hour)}
	sitetestApply(p)
	var entries []*domain.LiveEntry
	for i := range 600 {
		md := fmt.Sprintf("Update %d: sandbags at the school.", i)
		if i == 0 {
			md = "Volunteers at the **old mill weir** report the water rising."
		}
		r := markdown.Render(md)
		at := p.PublishedAt.Add(time.Duration(i) * time.Minute)
		entries = append(entries, &domain.LiveEntry{ID: domain.NewID(), Status: domain.EntryPublished, BodyMD: md,
			BodyHTML: r.HTML, Plaintext: r.Plaintext, Author: by, PublishedAt: at, CreatedAt: at, UpdatedAt: at})
	}
	entries[0].Title = "Weir watch"
	draft := &domain.LiveEntry{ID: domain.NewID(), Status: domain.EntryDraft, BodyMD: "Unchecked: the weir broke.",
		BodyHTML: "<p>Unchecked: the weir broke.</p>", Plaintext: "Unchecked: the weir broke.", Author: by}
	if err := e.store.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, Live: &domain.LiveBlog{},
		Entries: append(entries, draft)}}); err != nil {
		t.Fatal(err)
	}
	link := `href="/` + p.Slug + `/entries/` + entries[0].ID + `/"`
	for _, q := range []string{"weir", `"old mill weir"`, "mills"} {
		_, body, _ := e.get(t, "/search/?q="+url.QueryEscape(q))
		if n := strings.Count(body, `/entries/`); n != 1 || !strings.Contains(body, link) {
			t.Errorf("%s: %d entry links, want the one to %s:\n%s", q, n, link, body)
			continue
		}
		if !strings.Contains(body, `Flood on the Dnipro: live — <mark>Weir</mark> watch`) && q != "mills" {
			t.Errorf("%s: no blog headline and marked entry title", q)
		}
		if !strings.Contains(body, `<p class="snippet">`) || !strings.Contains(body, `<mark>weir</mark>`) && q != "mills" {
			t.Errorf("%s: no marked passage of the entry", q)
		}
	}
	if _, body, _ := e.get(t, "/search/?q=broke"); strings.Contains(body, "/entries/") {
		t.Errorf("a draft entry was found")
	}
	if _, body, _ := e.get(t, "/search/?q=sandbags"); strings.Count(body, "/entries/") < 10 {
		t.Errorf("sandbags: want a page of entries")
	}
}
