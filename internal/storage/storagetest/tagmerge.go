package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("TagUseAndMerge", testTagUseAndMerge)
}

// Merging a misspelt tag into the right one moves its posts, keeps a
// section a section, leaves posts that had both with one, and deletes it.
func testTagUseAndMerge(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	typo := &domain.Tag{Name: "Politcs"}
	kyiv := &domain.Tag{Name: "Kyiv"}
	for _, tg := range []*domain.Tag{typo, kyiv} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	onlyTypo := newPost("Only the typo, as section", u, typo, kyiv)
	both := newPost("Both, typo second", u, kyiv, politics, typo)
	typoFirst := newPost("Both, typo first", u, typo, kyiv, politics)
	draft := newPost("A draft with the typo", u, typo)
	draft.Status = domain.StatusDraft
	for _, p := range []*domain.Post{onlyTypo, both, typoFirst, draft} {
		if err := s.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	use, err := s.TagUse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if use[typo.ID] != (storage.TagUse{Posts: 4, Published: 3}) || use[politics.ID] != (storage.TagUse{Posts: 2, Published: 2}) {
		t.Fatalf("tag use = %+v", use)
	}

	if _, err := s.MergeTags(ctx, typo.ID, typo.ID); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("merge into itself: %v", err)
	}
	if _, err := s.MergeTags(ctx, typo.ID, "000000000000000000000000"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("merge into a missing tag: %v", err)
	}
	moved, err := s.MergeTags(ctx, typo.ID, politics.ID)
	if err != nil {
		t.Fatal(err)
	}
	if moved != 2 {
		t.Errorf("moved = %d, want the 2 posts that had only the typo", moved)
	}
	if _, err := s.TagByID(ctx, typo.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("the merged tag still exists: %v", err)
	}
	for _, c := range []struct {
		p    *domain.Post
		want []string
	}{
		{onlyTypo, []string{"politics", "kyiv"}},
		{both, []string{"kyiv", "politics"}},
		{typoFirst, []string{"politics", "kyiv"}},
		{draft, []string{"politics"}},
	} {
		got, err := s.PostByID(ctx, c.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, tg := range got.Tags {
			slugs = append(slugs, tg.Slug)
		}
		if len(slugs) != len(c.want) || slugs[0] != c.want[0] || slugs[len(slugs)-1] != c.want[len(c.want)-1] {
			t.Errorf("%q tags = %v, want %v", c.p.Title, slugs, c.want)
		}
	}
	use, _ = s.TagUse(ctx)
	if use[politics.ID] != (storage.TagUse{Posts: 4, Published: 3}) {
		t.Errorf("after the merge, politics use = %+v", use[politics.ID])
	}
}
