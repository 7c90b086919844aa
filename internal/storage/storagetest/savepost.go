package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("SavePostsAtomic", testSavePostsAtomic)
	register("SavePostsNewTags", testSavePostsNewTags)
}

// A failing write in a batch saves nothing: no post, no tag, no revision.
func testSavePostsAtomic(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	taken := newPost("Taken slug", u)
	if err := s.CreatePost(ctx, taken); err != nil {
		t.Fatal(err)
	}
	good := newPost("Good post", u)
	tag := &domain.Tag{ID: domain.NewID(), Name: "Fresh tag"}
	good.Tags = []domain.Tag{*tag}
	bad := newPost("Bad post", u)
	bad.Slug = taken.Slug
	err := s.SavePosts(ctx, []*storage.PostWrite{
		{Post: good, Create: true, NewTags: []*domain.Tag{tag}, Revision: &storage.Revision{Title: good.Title}},
		{Post: bad, Create: true, Revision: &storage.Revision{Title: bad.Title}},
	})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("a batch with a taken slug: got %v, want EINVALID", err)
	}
	if _, err := s.PostByID(ctx, good.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the good post of a failed batch was saved: %v", err)
	}
	if _, err := s.TagBySlug(ctx, "fresh-tag"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the new tag of a failed batch was saved: %v", err)
	}
	if revs, err := s.ListRevisions(ctx, good.ID, 10); err != nil || len(revs) != 0 {
		t.Fatalf("revisions of a failed batch: %d, %v", len(revs), err)
	}

	// A stale update saves neither the post nor its revision.
	before, _ := s.PostByID(ctx, taken.ID)
	edit := *before
	edit.Title = "Edited"
	err = s.SavePosts(ctx, []*storage.PostWrite{{Post: &edit, IfUpdatedAt: before.UpdatedAt.Add(-1), Revision: &storage.Revision{Title: "Edited"}}})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale update: got %v, want ECONFLICT", err)
	}
	if revs, _ := s.ListRevisions(ctx, taken.ID, 10); len(revs) != 0 {
		t.Fatalf("a refused update kept %d revisions", len(revs))
	}
	err = s.SavePosts(ctx, []*storage.PostWrite{{Post: &edit, IfUpdatedAt: before.UpdatedAt, Revision: &storage.Revision{Title: "Edited"}}})
	if err != nil {
		t.Fatal(err)
	}
	revs, _ := s.ListRevisions(ctx, taken.ID, 10)
	if len(revs) != 1 || !revs[0].CreatedAt.Equal(edit.UpdatedAt) {
		t.Fatalf("revision of the update: %+v (post saved at %v)", revs, edit.UpdatedAt)
	}
}

// A new tag whose slug exists by the time of the write is not created
// twice: the post gets the existing tag.
func testSavePostsNewTags(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, existing := fixture(t, s)
	p := newPost("Racing tags", u)
	racer := &domain.Tag{ID: domain.NewID(), Name: existing.Name, Slug: existing.Slug}
	fresh := &domain.Tag{ID: domain.NewID(), Name: "#wire"}
	p.Tags = []domain.Tag{*racer, *fresh}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, NewTags: []*domain.Tag{racer, fresh}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tags) != 2 || got.Tags[0].ID != existing.ID || got.Tags[1].Slug != "hash-wire" || !got.Tags[1].Internal() {
		t.Fatalf("tags = %+v; want the existing %s then hash-wire", got.Tags, existing.ID)
	}
	if racer.ID != existing.ID {
		t.Fatalf("the racing tag's id was not replaced by the existing one: %s", racer.ID)
	}
}
