package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("LiveEntrySearch", testLiveEntrySearch)
	register("LiveEntrySearchFollowsBlog", testLiveEntrySearchFollowsBlog)
}

// entryHits is a search's results as "slug" for a post and "slug#text"
// for an entry (its text naming it), asking for entries.
func entryHits(t *testing.T, s storage.Store, q storage.SearchQuery) []string {
	t.Helper()
	q.Entries = true
	page, err := s.SearchPosts(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	if len(page.Entries) != len(page.Posts) {
		t.Fatalf("search %q: %d entries for %d posts", q.Text, len(page.Entries), len(page.Posts))
	}
	var out []string
	for i, p := range page.Posts {
		if e := page.Entries[i]; e != nil {
			if e.PostID != p.ID || !e.Published() {
				t.Fatalf("search %q: entry %+v with post %s", q.Text, e, p.ID)
			}
			out = append(out, p.Slug+"#"+e.Plaintext)
			continue
		}
		out = append(out, p.Slug)
	}
	return out
}

// Every published entry of a live blog is found on its own, however long
// the blog (the old index held its newest 500), by a phrase too, with the
// entry beside its blog; drafts are not, edits and deletes follow at once;
// without Entries an entry's match finds its blog once.
func testLiveEntrySearch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newLivePost(t, s, u)
	other := story(u, "Budget vote", "", "The council met.", tag)
	create(t, s, other)
	start := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Millisecond)
	var entries []*domain.LiveEntry
	for i := range 520 {
		body := fmt.Sprintf("Update %d: volunteers fill sandbags.", i)
		switch i {
		case 0:
			body = "The first gauge reading came from the old mill weir."
		case 1:
			body = "Ferry crossings were suspended near the weir, the mill said."
		}
		e := entry(p, u, body, domain.EntryPublished, start.Add(time.Duration(i)*time.Minute))
		entries = append(entries, e)
	}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Live: &domain.LiveBlog{}, Entries: entries}}); err != nil {
		t.Fatal(err)
	}
	draft := entry(p, u, "Unconfirmed: the weir gave way", domain.EntryDraft, time.Time{})
	if err := s.AddEntry(ctx, draft); err != nil {
		t.Fatal(err)
	}
	first, second := entries[0].Plaintext, entries[1].Plaintext

	// The oldest entries, 500 and more back, are found, each by itself.
	sameSet(t, "weir", entryHits(t, s, storage.SearchQuery{Text: "weir"}), p.Slug+"#"+first, p.Slug+"#"+second)
	sameSet(t, "phrase", entryHits(t, s, storage.SearchQuery{Text: `"old mill weir"`}), p.Slug+"#"+first)
	sameSet(t, "phrase across words", entryHits(t, s, storage.SearchQuery{Text: `"mill weir" gauge`}), p.Slug+"#"+first)
	sameSet(t, "no phrase", entryHits(t, s, storage.SearchQuery{Text: `"weir mill"`}))
	sameSet(t, "staff", entryHits(t, s, storage.SearchQuery{Text: "gave way", Staff: true}))
	sameSet(t, "kind", entryHits(t, s, storage.SearchQuery{Text: "weir", Kind: domain.KindArticle}))
	sameSet(t, "section", entryHits(t, s, storage.SearchQuery{Text: "weir", SectionID: tag.ID}))
	sameSet(t, "author", entryHits(t, s, storage.SearchQuery{Text: "ferry", AuthorID: u.ID}), p.Slug+"#"+second)
	sameSet(t, "dates", entryHits(t, s, storage.SearchQuery{Text: "weir", From: start.Add(30 * time.Second)}), p.Slug+"#"+second)
	// Without entries, the blog once.
	sameSet(t, "posts only", searchSlugs(t, s, storage.SearchQuery{Text: "weir"}), p.Slug)
	sameSet(t, "posts only, common word", searchSlugs(t, s, storage.SearchQuery{Text: "sandbags", Limit: 5}), p.Slug)
	if got := entryHits(t, s, storage.SearchQuery{Text: "sandbags", Limit: 5}); len(got) != 5 {
		t.Errorf("sandbags, entries: %d results, want a page of 5", len(got))
	}

	// An edit, a draft published, a delete.
	ed := *entries[0]
	ed.Plaintext, ed.BodyMD = "The first gauge reading came from the lock.", "The first gauge reading came from the lock."
	if err := s.UpdateEntry(ctx, &ed, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "after edit", entryHits(t, s, storage.SearchQuery{Text: "weir"}), p.Slug+"#"+second)
	sameSet(t, "edited words", entryHits(t, s, storage.SearchQuery{Text: `"from the lock"`}), p.Slug+"#"+ed.Plaintext)
	pub := *draft
	pub.Status = domain.EntryPublished
	if err := s.UpdateEntry(ctx, &pub, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "draft published", entryHits(t, s, storage.SearchQuery{Text: "gave way"}), p.Slug+"#"+draft.Plaintext)
	back := pub
	back.Status = domain.EntryDraft
	if err := s.UpdateEntry(ctx, &back, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "back to draft", entryHits(t, s, storage.SearchQuery{Text: "gave way"}))
	if err := s.DeleteEntry(ctx, p.ID, entries[1].ID); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "deleted", entryHits(t, s, storage.SearchQuery{Text: "ferry"}))
	// A new entry is found at once.
	if err := s.AddEntry(ctx, entry(p, u, "Ferry crossings resume.", domain.EntryPublished, time.Time{})); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "new entry", entryHits(t, s, storage.SearchQuery{Text: "ferry"}), p.Slug+"#Ferry crossings resume.")
}

// An entry is found by readers as its blog is: not while the blog is a
// draft or in the trash, by the blog's current tags; a headline edit
// keeps the entries found.
func testLiveEntrySearchFollowsBlog(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newLivePost(t, s, u)
	e := entry(p, u, "Pumps arrived at the hospital basement.", domain.EntryPublished, time.Time{})
	if err := s.AddEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	hit := []string{p.Slug + "#" + e.Plaintext}
	sameSet(t, "published", entryHits(t, s, storage.SearchQuery{Text: "pumps"}), hit...)

	p.Status = domain.StatusDraft
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "blog unpublished, readers", entryHits(t, s, storage.SearchQuery{Text: "pumps"}))
	sameSet(t, "blog unpublished, staff", entryHits(t, s, storage.SearchQuery{Text: "pumps", Staff: true}), hit...)

	p.Status, p.Tags = domain.StatusPublished, []domain.Tag{*tag}
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "republished with a section", entryHits(t, s, storage.SearchQuery{Text: "pumps", SectionID: tag.ID}), hit...)
	p.Title = "Flood on the river: the second day"
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "headline edited", entryHits(t, s, storage.SearchQuery{Text: "pumps", SectionID: tag.ID}), hit...)

	p.Status = domain.StatusTrashed
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "trashed, staff", entryHits(t, s, storage.SearchQuery{Text: "pumps", Staff: true}))
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "deleted, staff", entryHits(t, s, storage.SearchQuery{Text: "pumps", Staff: true}))
}
