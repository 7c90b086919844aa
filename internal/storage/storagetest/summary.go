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
	register("SummaryListing", testSummaryListing)
	register("SummaryFollowsRelationChanges", testSummaryFollowsRelationChanges)
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

// testSummaryFollowsRelationChanges checks a Summary listing names each
// item's authors and tags as the full listing does after every kind of
// change to them: renames, a post's new tags, a merge, a deletion, a bulk
// load. A store may keep names or relation ids apart from the join
// tables (PostgreSQL does); this is where they must not go stale.
func testSummaryFollowsRelationChanges(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	u2 := &domain.User{Author: domain.Author{Name: "Andrii Bondar"}}
	if err := s.CreateUser(ctx, u2); err != nil {
		t.Fatal(err)
	}
	t2, t3 := &domain.Tag{Name: "Zoning"}, &domain.Tag{Name: "Transport"}
	for _, tg := range []*domain.Tag{t2, t3} {
		if err := s.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	p := newPost("A story", u2, t3, tag)
	p.Authors = append(p.Authors, u.Author)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	same := func(step string, wantAuthors, wantTags []string) {
		t.Helper()
		full, err := s.ListPosts(ctx, storage.PostQuery{Public: true})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Posts) != len(full.Posts) {
			t.Fatalf("%s: %d summary items, %d posts", step, len(sum.Posts), len(full.Posts))
		}
		for i, sp := range sum.Posts {
			fp := full.Posts[i]
			var got, want []string
			for _, a := range sp.Authors {
				got = append(got, "author "+a.ID+" "+a.Name+" "+a.Slug)
			}
			for _, a := range fp.Authors {
				want = append(want, "author "+a.ID+" "+a.Name+" "+a.Slug)
			}
			for _, tg := range sp.Tags {
				got = append(got, "tag "+tg.ID+" "+tg.Name+" "+tg.Slug)
			}
			for _, tg := range fp.Tags {
				want = append(want, "tag "+tg.ID+" "+tg.Name+" "+tg.Slug)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: summary of %q names\n%s\nthe post names\n%s", step, fp.Title, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if fp.ID != p.ID {
				continue
			}
			var names []string
			for _, a := range sp.Authors {
				names = append(names, a.Name)
			}
			if strings.Join(names, ", ") != strings.Join(wantAuthors, ", ") {
				t.Errorf("%s: authors %v, want %v", step, names, wantAuthors)
			}
			names = nil
			for _, tg := range sp.Tags {
				names = append(names, tg.Name)
			}
			if strings.Join(names, ", ") != strings.Join(wantTags, ", ") {
				t.Errorf("%s: tags %v, want %v", step, names, wantTags)
			}
		}
	}
	same("created", []string{"Andrii Bondar", "Olena Kravets"}, []string{"Transport", "Politics"})

	tag.Name, tag.Slug = "Government", "government"
	if err := s.UpdateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	u2.Name, u2.Slug = "Andrii Bondarenko", "andrii-bondarenko"
	if err := s.UpdateUser(ctx, u2); err != nil {
		t.Fatal(err)
	}
	same("renamed", []string{"Andrii Bondarenko", "Olena Kravets"}, []string{"Transport", "Government"})

	cur, err := s.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Tags = []domain.Tag{*t2, *tag}
	cur.Authors = []domain.Author{u.Author}
	if err := s.UpdatePost(ctx, cur, cur.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	same("retagged", []string{"Olena Kravets"}, []string{"Zoning", "Government"})

	if _, err := s.MergeTags(ctx, t2.ID, t3.ID); err != nil {
		t.Fatal(err)
	}
	same("merged", []string{"Olena Kravets"}, []string{"Transport", "Government"})

	if err := s.DeleteTag(ctx, t3.ID); err != nil {
		t.Fatal(err)
	}
	same("deleted", []string{"Olena Kravets"}, []string{"Government"})

	// A bulk load writes its rows its own way; a repeated tag counts once.
	var batch []*domain.Post
	for i := range 3 {
		bp := newPost(fmt.Sprintf("Loaded %d", i), u, tag, tag)
		bp.Authors = append(bp.Authors, u2.Author)
		bp.PublishedAt = time.Now().Add(-time.Duration(i+1) * time.Hour)
		batch = append(batch, bp)
	}
	if err := s.CreatePosts(ctx, batch); err != nil {
		t.Fatal(err)
	}
	same("bulk loaded", []string{"Olena Kravets"}, []string{"Government"})
	sum, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range sum.Posts {
		if sp.ID != p.ID && (len(sp.Authors) != 2 || len(sp.Tags) != 1) {
			t.Errorf("bulk-loaded %q lists %d authors and %d tags, want 2 and 1", sp.Title, len(sp.Authors), len(sp.Tags))
		}
	}
}
