package webhooks

import (
	"fmt"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

func TestPostChangeEvents(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	later, later2 := now.Add(time.Hour), now.Add(2*time.Hour)
	city, sport := domain.Tag{ID: "t1", Slug: "city"}, domain.Tag{ID: "t2", Slug: "sport"}
	post := func(st domain.Status, at time.Time, tags ...domain.Tag) *domain.Post {
		return &domain.Post{Status: st, PublishedAt: at, Tags: tags}
	}
	page := &domain.Post{Type: domain.TypePage, Status: domain.StatusPublished}
	pinned := post(domain.StatusPublished, now)
	pinned.BreakingUntil = later
	for _, tc := range []struct {
		name   string
		old, p *domain.Post
		want   string
	}{
		{"new draft", nil, post(domain.StatusDraft, time.Time{}), "[post.added]"},
		{"new published with a tag", nil, post(domain.StatusPublished, now, city), "[post.added post.published post.tag.attached]"},
		{"new scheduled", nil, post(domain.StatusScheduled, later), "[post.added post.scheduled]"},
		{"publish", post(domain.StatusDraft, time.Time{}), post(domain.StatusPublished, now), "[post.edited post.published]"},
		{"edit published", post(domain.StatusPublished, now, city), post(domain.StatusPublished, now, sport), "[post.edited post.published.edited post.tag.attached post.tag.detached]"},
		{"unpublish", post(domain.StatusPublished, now), post(domain.StatusDraft, time.Time{}), "[post.edited post.unpublished]"},
		{"schedule", post(domain.StatusDraft, time.Time{}), post(domain.StatusScheduled, later), "[post.edited post.scheduled]"},
		{"unschedule", post(domain.StatusScheduled, later), post(domain.StatusDraft, time.Time{}), "[post.edited post.unscheduled]"},
		{"reschedule", post(domain.StatusScheduled, later), post(domain.StatusScheduled, later2), "[post.edited post.rescheduled]"},
		{"edit scheduled", post(domain.StatusScheduled, later), post(domain.StatusScheduled, later), "[post.edited]"},
		{"scheduled goes out", post(domain.StatusScheduled, later), post(domain.StatusPublished, later), "[post.edited post.published]"},
		{"delete published", post(domain.StatusPublished, now), nil, "[post.unpublished post.deleted]"},
		{"delete draft", post(domain.StatusDraft, time.Time{}), nil, "[post.deleted]"},
		{"page", nil, page, "[page.added page.published]"},
		{"pin breaking", post(domain.StatusPublished, now), pinned, "[post.edited post.published.edited breaking.pinned]"},
		{"still pinned", pinned, pinned, "[post.edited post.published.edited]"},
	} {
		var names []string
		for _, e := range PostChange(tc.old, tc.p, now) {
			names = append(names, e.Name)
		}
		if got := fmt.Sprint(names); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	for _, e := range Events() {
		if !Valid(e) {
			t.Errorf("%s not valid", e)
		}
	}
	if Valid("member.added") || Valid("") {
		t.Error("unknown events valid")
	}
}
