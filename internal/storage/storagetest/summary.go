package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("SummaryListing", testSummaryListing)
}

// testSummaryListing checks a PostQuery.Summary listing brings every
// field a stream item shows, a brief's body among them, in the same order
// as the full listing.
func testSummaryListing(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	art := newPost("An article", u, tag)
	art.Standfirst = "What happened."
	art.Image = domain.Image{URL: "/content/images/a.jpg", Alt: "Alt", Caption: "Caption", Credit: "Credit", Width: 800, Height: 600}
	if err := s.CreatePost(ctx, art); err != nil {
		t.Fatal(err)
	}
	brief := newPost("A brief", u)
	brief.Kind = domain.KindBrief
	brief.BodyHTML = "<p>The brief's body.</p>"
	if err := s.CreatePost(ctx, brief); err != nil {
		t.Fatal(err)
	}
	full, err := s.ListPosts(ctx, storage.PostQuery{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Posts) != 2 || len(full.Posts) != 2 {
		t.Fatalf("listed %d and %d posts, want 2", len(sum.Posts), len(full.Posts))
	}
	for i, p := range sum.Posts {
		f := full.Posts[i]
		if p.ID != f.ID || p.Title != f.Title || p.Slug != f.Slug || p.Kind != f.Kind || p.Standfirst != f.Standfirst ||
			p.Image != f.Image || !p.PublishedAt.Equal(f.PublishedAt) || p.Language != f.Language || p.Visibility != f.Visibility ||
			p.WordCount != f.WordCount || len(p.Authors) != 1 || p.Authors[0].ID != u.ID || len(p.Tags) != len(f.Tags) {
			t.Errorf("summary of %q differs from the full post:\n%+v\n%+v", f.Title, p, f)
		}
		if p.Kind == domain.KindBrief && p.BodyHTML != "<p>The brief's body.</p>" {
			t.Errorf("summary of the brief has body %q", p.BodyHTML)
		}
	}
}
