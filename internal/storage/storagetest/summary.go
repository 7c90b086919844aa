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
	// Two authors and three tags, named against their order, so that the
	// summary's relations must come back in the post's order.
	u2 := &domain.User{Author: domain.Author{Name: "Andrii Bondar"}}
	if err := s.CreateUser(ctx, u2); err != nil {
		t.Fatal(err)
	}
	tags := []*domain.Tag{{Name: "Zoning"}, tag, {Name: "#live"}}
	for _, tg := range []*domain.Tag{tags[0], tags[2]} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	art := newPost("An article", u, tags...)
	art.Authors = append(art.Authors, u2.Author)
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
			p.WordCount != f.WordCount || len(p.Authors) != len(f.Authors) || p.Authors[0].ID != u.ID || len(p.Tags) != len(f.Tags) {
			t.Errorf("summary of %q differs from the full post:\n%+v\n%+v", f.Title, p, f)
		}
		for j, a := range p.Authors {
			if j >= len(f.Authors) || a.ID != f.Authors[j].ID || a.Name != f.Authors[j].Name || a.Slug != f.Authors[j].Slug {
				t.Errorf("summary of %q: author %d is %+v, want %+v", f.Title, j, a, f.Authors)
			}
		}
		for j, tg := range p.Tags {
			if j >= len(f.Tags) || tg.ID != f.Tags[j].ID || tg.Name != f.Tags[j].Name || tg.Slug != f.Tags[j].Slug {
				t.Errorf("summary of %q: tag %d is %+v, want %+v", f.Title, j, tg, f.Tags)
			}
		}
		if p.Kind == domain.KindBrief && p.BodyHTML != "<p>The brief's body.</p>" {
			t.Errorf("summary of the brief has body %q", p.BodyHTML)
		}
	}
}
