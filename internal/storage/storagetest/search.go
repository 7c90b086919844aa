package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/storage"
)

func init() {
	register("SearchFoldsCaseBeyondASCII", testSearchFoldsCase)
}

// The paper is bilingual: a reader typing "міська" must find "Міська
// рада ...", as one typing "council" finds "Council ...". SQLite's own
// LIKE folds ASCII only.
func testSearchFoldsCase(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	uk := newPost("Міська рада затвердила бюджет", u)
	en := newPost("City Council approves the budget", u)
	if err := s.CreatePost(ctx, uk); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePost(ctx, en); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"міська", "МІСЬКА", "Міська Рада", "бюджет"} {
		equal(t, "search "+q, list(t, s, storage.PostQuery{Search: q}), uk.Slug)
	}
	equal(t, "search COUNCIL", list(t, s, storage.PostQuery{Search: "COUNCIL"}), en.Slug)
	equal(t, "search ґ", list(t, s, storage.PostQuery{Search: "ґ"}))
}
