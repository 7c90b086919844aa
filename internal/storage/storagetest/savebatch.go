package storagetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("SavePostsBatch", testSavePostsBatch)
	register("SavePostsBatchNamesTheBadPost", testSavePostsBatchNamesTheBadPost)
	register("SavePostsImportSizedBatch", testSavePostsImportSizedBatch)
}

// A batch as large as an import's (which SQLite writes on a connection of
// its own, see sqlstore) saves every post, indexed for search and with
// its source key; SyncImports then succeeds, and ordinary saves after it
// work as before.
func testSavePostsImportSizedBatch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	var ws []*storage.PostWrite
	var keys []string
	for i := range 250 {
		p := story(u, fmt.Sprintf("Harbour report %d", i), "", fmt.Sprintf("Ferries number%d sail again.", i), tag)
		key := fmt.Sprintf("test:large:%d", i)
		keys = append(keys, key)
		ws = append(ws, &storage.PostWrite{Post: p, Create: true, SourceKey: key,
			Revision: &storage.Revision{Title: p.Title, BodyMD: p.BodyMD, UserID: u.ID}})
	}
	if err := s.SavePosts(ctx, ws); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncImports(ctx); err != nil {
		t.Fatal(err)
	}
	ids, err := s.ImportedIDs(ctx, "post", keys)
	if err != nil || len(ids) != len(keys) {
		t.Fatalf("imported ids: %d of %d, %v", len(ids), len(keys), err)
	}
	for _, i := range []int{0, 137, 249} {
		if ids[keys[i]] != ws[i].Post.ID {
			t.Errorf("source %s: post %s, want %s", keys[i], ids[keys[i]], ws[i].Post.ID)
		}
		sameSet(t, "search", searchSlugs(t, s, storage.SearchQuery{Text: fmt.Sprintf("number%d", i)}), ws[i].Post.Slug)
	}
	if n, err := s.CountPosts(ctx, storage.PostQuery{TagID: tag.ID}); err != nil || n != len(ws) {
		t.Errorf("count: %d, %v; want %d", n, err, len(ws))
	}
	after := story(u, "After the batch", "", "An ordinary save.", tag)
	create(t, s, after)
	sameSet(t, "search after", searchSlugs(t, s, storage.SearchQuery{Text: "ordinary"}), after.Slug)
}

// A batch of new posts (an import) saves every post with its authors,
// tags, corrections, revision and source key, as one post at a time would.
func testSavePostsBatch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	updated := time.Date(2021, 3, 4, 5, 6, 7, 8_000_000, time.UTC)
	var ws []*storage.PostWrite
	var fresh []*domain.Tag
	for i := range 7 {
		p := newPost("Batch post "+string(rune('A'+i)), u, tag)
		p.UpdatedAt = updated.Add(time.Duration(i) * time.Hour)
		nt := &domain.Tag{ID: domain.NewID(), Name: "Fresh " + string(rune('A'+i))}
		fresh = append(fresh, nt)
		p.Tags = append(p.Tags, *nt)
		if i == 2 {
			p.Corrections = []domain.Correction{{Kind: "correction", Body: "An earlier version misspelt a name.", CreatedAt: updated}}
		}
		key := "test:" + string(rune('a'+i))
		if i == 6 {
			key = "test:a" // the same source twice: the later post is the one remembered
		}
		ws = append(ws, &storage.PostWrite{Post: p, Create: true, KeepUpdatedAt: true, SourceKey: key,
			NewTags: []*domain.Tag{nt}, Revision: &storage.Revision{Title: p.Title, BodyMD: p.BodyMD, UserID: u.ID}})
	}
	if err := s.SavePosts(ctx, ws); err != nil {
		t.Fatal(err)
	}
	for i, w := range ws {
		got, err := s.PostByID(ctx, w.Post.ID)
		if err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
		if got.Title != w.Post.Title || !got.UpdatedAt.Equal(updated.Add(time.Duration(i)*time.Hour)) {
			t.Errorf("post %d: %q updated %v", i, got.Title, got.UpdatedAt)
		}
		if len(got.Authors) != 1 || got.Authors[0].ID != u.ID || len(got.Tags) != 2 ||
			got.Tags[0].ID != tag.ID || got.Tags[1].Slug != fresh[i].Slug {
			t.Errorf("post %d: authors %+v tags %+v", i, got.Authors, got.Tags)
		}
		if want := 0; i == 2 {
			if len(got.Corrections) != 1 || !got.Corrections[0].CreatedAt.Equal(updated) {
				t.Errorf("post %d corrections: %+v", i, got.Corrections)
			}
		} else if len(got.Corrections) != want {
			t.Errorf("post %d has corrections: %+v", i, got.Corrections)
		}
		revs, err := s.ListRevisions(ctx, w.Post.ID, 10)
		if err != nil || len(revs) != 1 || revs[0].Title != w.Post.Title || !revs[0].CreatedAt.Equal(got.UpdatedAt) ||
			revs[0].UserID != u.ID || revs[0].Snapshot != "{}" {
			t.Errorf("post %d revisions: %+v, %v", i, revs, err)
		}
	}
	// A batch-saved (imported) post is found by search at once.
	found, err := s.SearchPosts(ctx, storage.SearchQuery{Text: "batch post", Staff: true, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Posts) != len(ws) {
		t.Errorf("search finds %d of the %d batch-saved posts", len(found.Posts), len(ws))
	}
	ids, err := s.ImportedIDs(ctx, "post", []string{"test:a", "test:b", "test:f", "test:g"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids["test:a"] != ws[6].Post.ID || ids["test:b"] != ws[1].Post.ID || ids["test:f"] != ws[5].Post.ID {
		t.Errorf("source keys: %v", ids)
	}
}

// A batch that breaks a rule saves nothing, and the error names the post
// and what it broke, as a single write's error would.
func testSavePostsBatchNamesTheBadPost(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	ghost := domain.Author{ID: domain.NewID(), Name: "Nobody"}
	batch := func(bad func(p *domain.Post)) []*storage.PostWrite {
		var ws []*storage.PostWrite
		for i := range 4 {
			p := newPost("Good "+string(rune('A'+i)), u)
			if i == 2 {
				bad(p)
			}
			ws = append(ws, &storage.PostWrite{Post: p, Create: true, SourceKey: "bad:" + p.Slug,
				Revision: &storage.Revision{Title: p.Title}})
		}
		return ws
	}
	for _, tc := range []struct {
		name, want string
		bad        func(p *domain.Post)
	}{
		{"unknown author", ghost.ID, func(p *domain.Post) { p.Authors = append(p.Authors, ghost) }},
		{"slug twice in the batch", `"good-a"`, func(p *domain.Post) { p.Slug = "good-a" }},
	} {
		ws := batch(tc.bad)
		err := s.SavePosts(ctx, ws)
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), tc.want) {
			t.Errorf("%s: got %v, want EINVALID naming %s", tc.name, err, tc.want)
		}
		for _, w := range ws {
			if _, err := s.PostByID(ctx, w.Post.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("%s: post %q of the failed batch was saved (%v)", tc.name, w.Post.Title, err)
			}
		}
		if ids, err := s.ImportedIDs(ctx, "post", []string{ws[0].SourceKey}); err != nil || len(ids) != 0 {
			t.Errorf("%s: source keys of the failed batch: %v %v", tc.name, ids, err)
		}
	}
}
