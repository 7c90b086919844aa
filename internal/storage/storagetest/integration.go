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
	register("Integrations", testIntegrations)
	register("GhostPosts", testGhostPosts)
}

func testIntegrations(t *testing.T, s storage.Store) {
	ctx := context.Background()
	in, err := domain.NewIntegration("Zapier", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.IntegrationByContentKey(ctx, in.ContentKey)
	if err != nil || got.ID != in.ID || got.AdminSecret != in.AdminSecret || got.Role != domain.RoleAdministrator || got.Revoked() {
		t.Fatalf("by content key: %+v %v", got, err)
	}
	got, err = s.IntegrationByAdminKeyID(ctx, in.AdminKeyID)
	if err != nil || got.ID != in.ID {
		t.Fatalf("by admin key id: %+v %v", got, err)
	}
	if _, err := s.IntegrationByContentKey(ctx, "00000000000000000000000000"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("unknown key: %v", err)
	}
	other, _ := domain.NewIntegration("Editor bot", domain.RoleEditor)
	if err := s.CreateIntegration(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeIntegration(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeIntegration(ctx, in.ID); err != nil {
		t.Fatalf("second revoke: %v", err)
	}
	if err := s.RevokeIntegration(ctx, domain.NewID()); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("revoke unknown: %v", err)
	}
	list, err := s.ListIntegrations(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	byID := map[string]*domain.Integration{list[0].ID: list[0], list[1].ID: list[1]}
	if !byID[in.ID].Revoked() || byID[other.ID].Revoked() || byID[other.ID].Role != domain.RoleEditor {
		t.Fatalf("revocation or role not stored: %+v %+v", byID[in.ID], byID[other.ID])
	}
}

func testGhostPosts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	u2 := &domain.User{Author: domain.Author{Name: "Taras Bondar"}}
	world := &domain.Tag{Name: "World"}
	internal := &domain.Tag{Name: "#live"}
	for _, err := range []error{s.CreateUser(ctx, u2), s.CreateTag(ctx, world), s.CreateTag(ctx, internal)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var posts []*domain.Post
	for i := 0; i < 30; i++ {
		p := newPost(fmt.Sprintf("Story %02d", i), u)
		p.PublishedAt = base.Add(time.Duration(i) * time.Hour)
		p.WordCount = i * 10
		switch i % 3 {
		case 0:
			p.Tags = []domain.Tag{*politics, *world}
		case 1:
			p.Tags = []domain.Tag{*internal, *world}
			p.Authors = []domain.Author{u2.Author, u.Author}
		}
		p.Featured = i%5 == 0
		if i%10 == 0 {
			p.Standfirst = "Summary of the story"
			p.Image = domain.Image{URL: fmt.Sprintf("/content/images/%d.jpg", i)}
		}
		posts = append(posts, p)
	}
	draft := newPost("Draft story", u2, politics)
	draft.Status = domain.StatusDraft
	posts = append(posts, draft)
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	count := func(src string) int {
		t.Helper()
		q := storage.GhostQuery{Public: true, Limit: 100, Page: 1}
		if src != "" {
			e, err := filter.Parse(src)
			if err != nil {
				t.Fatalf("parse %q: %v", src, err)
			}
			q.Filter = e
		}
		got, total, err := s.GhostPosts(ctx, q)
		if err != nil {
			t.Fatalf("filter %q: %v", src, err)
		}
		if total != len(got) {
			t.Fatalf("filter %q: total %d but %d posts", src, total, len(got))
		}
		return total
	}
	tests := []struct {
		filter string
		want   int
	}{
		{"", 30},
		{"tag:politics", 10},
		{"tag:world", 20},
		{"tag.name:World", 20},
		{"tag.id:" + politics.ID, 10},
		{"tag:-politics", 20},
		{"tag:[politics,world]", 20},
		{"tag:-[politics,world]", 10},
		{"primary_tag:world", 0}, // "#live" is first and internal: no primary tag, as in Ghost
		{"primary_tag:politics", 10},
		{"primary_tag:-politics", 20},
		{"author:taras-bondar", 10},
		{"author:olena-kravets", 30},
		{"author.id:" + u2.ID, 10},
		{"author.name:~'bondar'", 10},
		{"standfirst:null", 27},
		{"standfirst:~'SUMMARY'", 3},
		{"image:-null", 3},
		{"image:'/content/images/10.jpg'", 1},
		{"primary_author:olena-kravets", 20},
		{"featured:true", 6},
		{"featured:true+tag:politics", 2},
		{"featured:true,tag:politics", 14},
		{"published_at:>='2026-03-02 00:00:00'", 18},
		{"published_at:<2026-03-02", 12},
		{"published_at:>'2026-03-01T23:00:00Z'+published_at:<='2026-03-02T01:00:00Z'", 2},
		{"published_at:<now-1d", 30},
		{"published_at:>'now+1d'", 0},
		{"word_count:>=250", 5},
		{"title:~'story 0'", 10},
		{"slug:story-07", 1},
		{"slug:~^'story-2'", 10},
		{"visibility:public", 30},
		{"visibility:paid", 0},
		{"(tag:politics,author:taras-bondar)+featured:false", 16},
		{"tag:no-such-tag", 0},
		{"tag:world+featured:true+published_at:>'2026-03-01 13:00:00'", 3},
		{"featured:true+author:taras-bondar", 2},
	}
	for _, tc := range tests {
		if got := count(tc.filter); got != tc.want {
			t.Errorf("filter %q: %d posts, want %d", tc.filter, got, tc.want)
		}
	}
	// A date the caller resolved itself compares as that instant.
	before := &filter.Cmp{Field: "published_at", Op: filter.Lt, At: 1,
		Values: []filter.Value{{Kind: filter.Time, Text: "five hours in", Time: base.Add(5 * time.Hour)}}}
	if _, total, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 100, Page: 1, Filter: before}); err != nil || total != 5 {
		t.Errorf("published_at before a resolved time: %d posts, %v; want 5", total, err)
	}
	// Paging by number: disjoint pages covering the whole result in order.
	seen := map[string]bool{}
	var last time.Time
	for page := 1; page <= 4; page++ {
		got, total, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 8, Page: page})
		if err != nil || total != 30 {
			t.Fatalf("page %d: total %d, %v", page, total, err)
		}
		for _, p := range got {
			if seen[p.ID] || (!last.IsZero() && p.PublishedAt.After(last)) || len(p.Authors) == 0 {
				t.Fatalf("page %d: %s repeated, out of order or without authors", page, p.Slug)
			}
			seen[p.ID], last = true, p.PublishedAt
		}
	}
	if len(seen) != 30 {
		t.Fatalf("pages covered %d posts, want 30", len(seen))
	}
	got, _, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 3, Page: 1,
		Order: []storage.GhostOrder{{Field: "title"}}})
	if err != nil || got[0].Title != "Story 00" || got[2].Title != "Story 02" {
		t.Fatalf("order by title: %v", err)
	}
	all, total, err := s.GhostPosts(ctx, storage.GhostQuery{Limit: 100, Page: 1, Statuses: []domain.Status{domain.StatusDraft}})
	if err != nil || total != 1 || all[0].Title != "Draft story" {
		t.Fatalf("drafts: %d %v", total, err)
	}
	// A flag that is not true or false and text in a flag or a date match
	// nothing; they are no error.
	for _, none := range []string{"featured:maybe", "featured:~'t'", "published_at:~'2026'"} {
		if got := count(none); got != 0 {
			t.Errorf("filter %q: %d posts, want 0", none, got)
		}
	}
	// Names of other vocabularies (Ghost's tags.slug), a date that is a
	// word and a number that is not are errors on the filter.
	for _, bad := range []string{"nope:x", "tags.slug:world", "custom_excerpt:null", "word_count:>many", "published_at:>yesterday"} {
		e, err := filter.Parse(bad)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 5, Filter: e})
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.EINVALID || de.Field != "filter" || !strings.HasPrefix(de.Message, "at character 1: ") {
			t.Errorf("filter %q: got %v, want EINVALID on filter at character 1", bad, err)
		}
	}
	if _, _, err := s.GhostPosts(ctx, storage.GhostQuery{Public: true, Limit: 5, Order: []storage.GhostOrder{{Field: "body_md"}}}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad order: %v", err)
	}
}
