package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("PublicTags", testPublicTags)
	register("PendingAuthors", testPendingAuthors)
}

// testPublicTags: a tag is public only while one of its posts is; a tag
// used by drafts or scheduled posts alone must not name an embargoed story's
// topic.
func testPublicTags(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, live := fixture(t, s)
	now := time.Now().UTC().Truncate(time.Millisecond)
	embargo := &domain.Tag{Name: "Merger talks"}
	drafted := &domain.Tag{Name: "Draft topic"}
	unused := &domain.Tag{Name: "Unused"}
	internal := &domain.Tag{Name: "#wire"}
	for _, tg := range []*domain.Tag{embargo, drafted, unused, internal} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	published := newPost("Public story", u, live, internal)
	published.PublishedAt = now.Add(-time.Hour)
	scheduled := newPost("Embargoed story", u, embargo)
	scheduled.Status, scheduled.PublishedAt = domain.StatusScheduled, now.Add(time.Hour)
	draft := newPost("Draft story", u, drafted, live)
	draft.Status = domain.StatusDraft
	for _, p := range []*domain.Post{published, scheduled, draft} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	slugs := func(at time.Time) []string {
		t.Helper()
		list, err := s.ListPublicTags(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tg := range list {
			out = append(out, tg.Slug)
		}
		return out
	}
	if got := slugs(now); len(got) != 1 || got[0] != live.Slug {
		t.Errorf("public tags now = %v, want only %q", got, live.Slug)
	}
	for _, tg := range []*domain.Tag{embargo, drafted, unused, internal} {
		if _, err := s.PublicTagBySlug(ctx, tg.Slug, now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("PublicTagBySlug(%q) = %v, want ENOTFOUND", tg.Slug, err)
		}
		if _, err := s.PublicTagByID(ctx, tg.ID, now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("PublicTagByID(%q) = %v, want ENOTFOUND", tg.Slug, err)
		}
		// Staff still see every tag.
		if _, err := s.TagBySlug(ctx, tg.Slug); err != nil {
			t.Errorf("TagBySlug(%q): %v", tg.Slug, err)
		}
	}
	if got, err := s.PublicTagBySlug(ctx, live.Slug, now); err != nil || got.ID != live.ID || got.Name != live.Name {
		t.Errorf("PublicTagBySlug(%q) = %+v, %v", live.Slug, got, err)
	}
	if got, err := s.PublicTagByID(ctx, live.ID, now); err != nil || got.Slug != live.Slug {
		t.Errorf("PublicTagByID(%q) = %+v, %v", live.Slug, got, err)
	}

	// The embargo lifts when the scheduled time comes, with or without
	// the scheduler having flipped the status: until then it stays hidden.
	later := now.Add(2 * time.Hour)
	if got := slugs(later); len(got) != 1 {
		t.Errorf("public tags after the embargo, not yet published = %v", got)
	}
	if _, err := s.PublishDue(ctx, later); err != nil {
		t.Fatal(err)
	}
	if got := slugs(later); len(got) != 2 || got[0] != embargo.Slug || got[1] != live.Slug {
		t.Errorf("public tags after publishing = %v, want [%s %s]", got, embargo.Slug, live.Slug)
	}
	if _, err := s.PublicTagBySlug(ctx, embargo.Slug, later); err != nil {
		t.Errorf("published embargo tag: %v", err)
	}

	// Unpublishing the only post hides its tag again.
	published.Status = domain.StatusDraft
	if err := s.UpdatePost(ctx, published, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublicTagBySlug(ctx, live.Slug, later); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("tag of an unpublished post: %v", err)
	}
}

// testPendingAuthors: an invitation not yet accepted is no public author;
// a byline without an account (no password, not invited) is.
func testPendingAuthors(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	invited := &domain.User{Author: domain.Author{Name: "Invited Person"}, Email: "invited@example.org", Pending: true}
	imported := &domain.User{Author: domain.Author{Name: "Imported Byline"}}
	for _, x := range []*domain.User{invited, imported} {
		if err := s.CreateUser(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.UserByID(ctx, invited.ID)
	if err != nil || !got.Pending {
		t.Fatalf("invited user = %+v, %v; want pending", got, err)
	}
	if _, err := s.PublicAuthorBySlug(ctx, invited.Slug); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("PublicAuthorBySlug(pending) = %v, want ENOTFOUND", err)
	}
	if _, err := s.AuthorBySlug(ctx, invited.Slug); err != nil {
		t.Errorf("AuthorBySlug(pending), for staff and slug checks: %v", err)
	}
	for _, x := range []*domain.User{u, imported} {
		if a, err := s.PublicAuthorBySlug(ctx, x.Slug); err != nil || a.ID != x.ID {
			t.Errorf("PublicAuthorBySlug(%q) = %+v, %v", x.Slug, a, err)
		}
	}

	// Even with a byline on a public post, a pending user stays out of
	// the authors sitemap.
	now := time.Now().UTC().Truncate(time.Millisecond)
	p := newPost("Co-written", u, tag)
	p.Authors = append(p.Authors, invited.Author, imported.Author)
	p.PublishedAt = now.Add(-time.Minute)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	profiles, err := s.PublicAuthors(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 2 {
		t.Errorf("public authors = %+v, want %s and %s", profiles, u.Slug, imported.Slug)
	}
	for _, pr := range profiles {
		if pr.Slug == invited.Slug {
			t.Errorf("pending invitation %q in the authors sitemap", pr.Slug)
		}
	}

	// Setting a password accepts the invitation.
	got.PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"
	if err := s.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.UserByID(ctx, invited.ID); again.Pending {
		t.Error("still pending after setting a password")
	}
	if _, err := s.PublicAuthorBySlug(ctx, invited.Slug); err != nil {
		t.Errorf("accepted invitation: %v", err)
	}
}
