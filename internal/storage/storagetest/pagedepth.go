package storagetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

func init() {
	register("GhostPageDepth", testGhostPageDepth)
}

// testGhostPageDepth: page numbers reach storage.MaxPageDepth posts and no
// further (OFFSET would scan); a published_at range, which seeks, reads on.
func testGhostPageDepth(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var posts []*domain.Post
	for i := 0; i < 12; i++ {
		p := newPost(fmt.Sprintf("Depth story %02d", i), u, tag)
		p.PublishedAt = base.Add(time.Duration(i) * time.Hour)
		posts = append(posts, p)
	}
	draft := newPost("Depth draft", u, tag)
	draft.Status = domain.StatusDraft
	draft.CreatedAt = base.Add(-time.Hour)
	if err := s.CreatePosts(ctx, append(posts, draft)); err != nil {
		t.Fatal(err)
	}

	for _, q := range []storage.GhostQuery{
		{Public: true, Limit: 100, Page: storage.MaxPageDepth/100 + 1},
		{Public: true, Limit: 15, Page: storage.MaxPageDepth/15 + 1},
		{Limit: 1, Page: storage.MaxPageDepth + 1},
	} {
		_, _, err := s.GhostPosts(ctx, q)
		var de *domain.Error
		if domain.ErrorCode(err) != domain.EINVALID || !errors.As(err, &de) || de.Field != "page" ||
			!strings.Contains(de.Message, "published_at:<") {
			t.Errorf("limit %d page %d: %v, want EINVALID on page saying how to read on", q.Limit, q.Page, err)
		}
	}
	for _, q := range []storage.GhostQuery{
		{Public: true, Limit: 100, Page: storage.MaxPageDepth / 100},
		{Public: true, Limit: 15, Page: storage.MaxPageDepth / 15},
	} {
		if got, total, err := s.GhostPosts(ctx, q); err != nil || len(got) != 0 || total != 12 {
			t.Errorf("limit %d page %d, the deepest allowed: %d posts of %d, %v", q.Limit, q.Page, len(got), total, err)
		}
	}

	// Reading on by date: each page starts before the last post seen, and
	// together they visit every public post once, newest first; by tag too.
	for _, scope := range []string{"", "tag:" + tag.Slug + "+"} {
		var seen []string
		src := ""
		for range 10 {
			q := storage.GhostQuery{Public: true, Limit: 5, Page: 1}
			if src != "" {
				e, err := filter.Parse(scope + src)
				if err != nil {
					t.Fatal(err)
				}
				q.Filter = e
			}
			got, _, err := s.GhostPosts(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			for _, p := range got {
				seen = append(seen, p.Title)
			}
			last := got[len(got)-1].PublishedAt
			src = "published_at:<'" + last.UTC().Format("2006-01-02T15:04:05.000Z") + "'"
		}
		if len(seen) != 12 || seen[0] != "Depth story 11" || seen[11] != "Depth story 00" {
			t.Errorf("%q: reading on by date saw %v", scope, seen)
		}
	}

	// Posts never published have no publication date (Ghost's null): no
	// date range holds them, though a null test finds them.
	for src, want := range map[string]int{
		"published_at:<'2030-01-01'": 12,
		"published_at:>'2000-01-01'": 12,
		"published_at:null":          1,
	} {
		e, err := filter.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, total, err := s.GhostPosts(ctx, storage.GhostQuery{Limit: 100, Page: 1, Filter: e}); err != nil || total != want {
			t.Errorf("all statuses, %s: %d posts, %v; want %d", src, total, err, want)
		}
	}
}
