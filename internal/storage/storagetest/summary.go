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
	full, sum := listBoth(t, s)
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
	// same checks the Summary listing against the full one and returns it.
	same := func(step string, wantAuthors, wantTags string) storage.PostPage {
		t.Helper()
		full, sum := listBoth(t, s)
		if len(sum.Posts) != len(full.Posts) {
			t.Fatalf("%s: %d summary items, %d posts", step, len(sum.Posts), len(full.Posts))
		}
		for i, sp := range sum.Posts {
			fp := full.Posts[i]
			if got, want := relationsOf(sp), relationsOf(fp); got != want {
				t.Errorf("%s: summary of %q names\n%s\nthe post names\n%s", step, fp.Title, got, want)
			}
			if fp.ID != p.ID {
				continue
			}
			if authors, tags := namesOf(sp); authors != wantAuthors || tags != wantTags {
				t.Errorf("%s: authors %q and tags %q, want %q and %q", step, authors, tags, wantAuthors, wantTags)
			}
		}
		return sum
	}
	same("created", "Andrii Bondar, Olena Kravets", "Transport, Politics")

	tag.Name, tag.Slug = "Government", "government"
	if err := s.UpdateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	u2.Name, u2.Slug = "Andrii Bondarenko", "andrii-bondarenko"
	if err := s.UpdateUser(ctx, u2); err != nil {
		t.Fatal(err)
	}
	same("renamed", "Andrii Bondarenko, Olena Kravets", "Transport, Government")

	cur, err := s.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Tags = []domain.Tag{*t2, *tag}
	cur.Authors = []domain.Author{u.Author}
	if err := s.UpdatePost(ctx, cur, cur.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	same("retagged", "Olena Kravets", "Zoning, Government")

	if _, err := s.MergeTags(ctx, t2.ID, t3.ID); err != nil {
		t.Fatal(err)
	}
	same("merged", "Olena Kravets", "Transport, Government")

	if err := s.DeleteTag(ctx, t3.ID); err != nil {
		t.Fatal(err)
	}
	same("deleted", "Olena Kravets", "Government")

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
	for _, sp := range same("bulk loaded", "Olena Kravets", "Government").Posts {
		if sp.ID != p.ID && (len(sp.Authors) != 2 || len(sp.Tags) != 1) {
			t.Errorf("bulk-loaded %q lists %d authors and %d tags, want 2 and 1", sp.Title, len(sp.Authors), len(sp.Tags))
		}
	}
}

// listBoth lists the public posts in full and as a Summary.
func listBoth(t *testing.T, s storage.Store) (full, sum storage.PostPage) {
	t.Helper()
	ctx := context.Background()
	full, err := s.ListPosts(ctx, storage.PostQuery{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	sum, err = s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true})
	if err != nil {
		t.Fatal(err)
	}
	return full, sum
}

// relationsOf is what a stream item shows of p's authors and tags, a line
// each in order: id, name, slug.
func relationsOf(p *domain.Post) string {
	var b strings.Builder
	for _, a := range p.Authors {
		fmt.Fprintf(&b, "author %s %s %s\n", a.ID, a.Name, a.Slug)
	}
	for _, tg := range p.Tags {
		fmt.Fprintf(&b, "tag %s %s %s\n", tg.ID, tg.Name, tg.Slug)
	}
	return b.String()
}

// namesOf lists p's authors' names and its tags' names, comma-separated.
func namesOf(p *domain.Post) (authors, tags string) {
	var a, t []string
	for _, x := range p.Authors {
		a = append(a, x.Name)
	}
	for _, x := range p.Tags {
		t = append(t, x.Name)
	}
	return strings.Join(a, ", "), strings.Join(t, ", ")
}
