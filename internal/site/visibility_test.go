package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
)

// TestEmbargoedTagHasNoPage: a tag used only by a scheduled post or a draft
// answers 404 until one of its posts is public, so its page does not name an
// embargoed story's topic.
func TestEmbargoedTagHasNoPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	embargo := &domain.Tag{Name: "Merger talks", Description: "The secret merger."}
	if err := e.store.CreateTag(ctx, embargo); err != nil {
		t.Fatal(err)
	}
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusScheduled, Title: "Embargoed merger story", BodyMD: "x",
		PublishedAt: time.Now().Add(time.Hour), Authors: []domain.Author{e.fix.Authors["marta"].Author}, Tags: []domain.Tag{*embargo}}
	markdown.Apply(p)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	after := cursorString(e.fix.Stream[3])
	for _, path := range []string{"/tag/merger-talks/", "/tag/merger-talks/?after=" + after, "/tag/merger-talks/?after=" + after + "&partial=1"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusNotFound || strings.Contains(body, "Merger talks") || strings.Contains(body, "secret merger") {
			t.Errorf("%s: status %d, want 404 naming nothing", path, status)
		}
	}
	if _, body, _ := e.get(t, "/"); strings.Contains(body, "/tag/merger-talks/") {
		t.Error("masthead links the embargoed tag")
	}

	// Published, the tag has its page.
	p.Status, p.PublishedAt = domain.StatusPublished, time.Now().Add(-time.Minute)
	if err := e.store.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	e.bus.Publish(events.Event{Type: events.PostPublished, PostID: p.ID, Slug: p.Slug})
	if status, body, _ := e.get(t, "/tag/merger-talks/"); status != http.StatusOK || !strings.Contains(body, "Embargoed merger story") {
		t.Errorf("published tag: status %d", status)
	}
}

// TestPendingInvitationHasNoAuthorPage: someone invited but not signed up
// has no page, even with a byline on a public story; a byline without an
// account (an imported author) has one.
func TestPendingInvitationHasNoAuthorPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	invited := &domain.User{Author: domain.Author{Name: "Invited Person", Bio: "Joins next month."}, Email: "invited@example.org",
		Role: domain.RoleAuthor, Pending: true}
	imported := &domain.User{Author: domain.Author{Name: "Imported Byline"}, Role: domain.RoleAuthor}
	for _, u := range []*domain.User{invited, imported} {
		if err := e.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: "Written together", BodyMD: "x",
		PublishedAt: time.Now().Add(-time.Minute), Authors: []domain.Author{imported.Author, invited.Author}}
	markdown.Apply(p)
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := e.get(t, "/author/invited-person/"); status != http.StatusNotFound || strings.Contains(body, "Joins next month") {
		t.Errorf("pending invitation's page: status %d, want 404", status)
	}
	if status, _, _ := e.get(t, "/author/imported-byline/"); status != http.StatusOK {
		t.Errorf("imported author's page: status %d, want 200", status)
	}
}
