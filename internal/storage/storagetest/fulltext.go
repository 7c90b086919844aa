package storagetest

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("FullTextWordsInBodies", testFullTextWords)
	register("FullTextWhoSeesWhat", testFullTextVisibility)
	register("FullTextFollowsWrites", testFullTextFollowsWrites)
	register("FullTextFilters", testFullTextFilters)
	register("FullTextPagesThroughWindows", testFullTextPaging)
}

// story is a post with a body; its plain text is what the index reads.
func story(u *domain.User, title, standfirst, body string, tags ...*domain.Tag) *domain.Post {
	p := newPost(title, u, tags...)
	p.Standfirst, p.BodyMD, p.Plaintext = standfirst, body, body
	p.BodyHTML = "<p>" + body + "</p>"
	return p
}

func searchSlugs(t *testing.T, s storage.Store, q storage.SearchQuery) []string {
	t.Helper()
	page, err := s.SearchPosts(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	var out []string
	for _, p := range page.Posts {
		out = append(out, p.Slug)
	}
	return out
}

func sameSet(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	g, w := append([]string(nil), got...), append([]string(nil), want...)
	sort.Strings(g)
	sort.Strings(w)
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func create(t *testing.T, s storage.Store, posts ...*domain.Post) {
	t.Helper()
	for _, p := range posts {
		if err := s.CreatePost(context.Background(), p); err != nil {
			t.Fatalf("create %q: %v", p.Title, err)
		}
	}
}

// Words are found in any of headline, standfirst and body, in any of
// their forms, in English and Ukrainian, whichever way a post was saved.
func testFullTextWords(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	flood := story(u, "River bursts its banks", "Hundreds leave their homes.",
		"Flooding closed the old bridge on Tuesday, and the council's engineers inspected it.")
	povin := story(u, "Вода прийшла вночі", "Мешканців евакуювали.",
		"Після повені у Києві рятувальники працювали до ранку. Міст через річку закрито.")
	budget := story(u, "Council approves the budget", "", "The vote was close.")
	create(t, s, flood, povin)
	if err := s.CreatePosts(ctx, []*domain.Post{budget}); err != nil { // the bulk path indexes too
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"flood":             {flood.Slug},
		"FLOODS":            {flood.Slug},
		"bridges":           {flood.Slug},
		"homes":             {flood.Slug},
		"council":           {flood.Slug, budget.Slug},
		"councils approved": {budget.Slug},
		"повінь":            {povin.Slug},
		"ПОВІНЬ Київ":       {povin.Slug},
		"рятувальників":     {povin.Slug},
		"мешканці":          {povin.Slug},
		"\"old bridge\"":    {flood.Slug},
		"“bridge old”":      nil, // a phrase keeps its order
		"«у Києві»":         {povin.Slug},
		"earthquake":        nil,
		"flood землетрус":   nil, // every word must match
		"  \"\" ,.; ":       nil, // no words at all
	} {
		sameSet(t, "search "+q, searchSlugs(t, s, storage.SearchQuery{Text: q}), want...)
	}
	// The headline outranks the body.
	a := story(u, "Storm hits the coast", "", "Winds of 120 km/h.")
	b := story(u, "Coast guard drill", "", "The drill went as planned despite a storm warning.")
	create(t, s, b, a)
	if got := searchSlugs(t, s, storage.SearchQuery{Text: "storm"}); len(got) != 2 || got[0] != a.Slug {
		t.Errorf("search storm: got %v, want %s first", got, a.Slug)
	}
}

// Readers find only what they may read; the newsroom finds drafts too.
func testFullTextVisibility(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Now()
	public := story(u, "Dam inspection published", "", "The dam is safe.")
	draft := story(u, "Dam inspection draft", "", "The dam is safe.")
	draft.Status, draft.PublishedAt = domain.StatusDraft, time.Time{}
	scheduled := story(u, "Dam inspection scheduled", "", "The dam is safe.")
	scheduled.Status, scheduled.PublishedAt = domain.StatusScheduled, now.Add(time.Hour)
	future := story(u, "Dam inspection embargoed", "", "The dam is safe.")
	future.PublishedAt = now.Add(time.Hour)
	gated := story(u, "Dam inspection for members", "", "The dam is safe. Secret: the spillway cracked.")
	gated.Visibility, gated.PublicPlaintext = domain.VisibilityMembers, "The dam is safe."
	create(t, s, public, draft, scheduled, future, gated)

	sameSet(t, "readers: dam", searchSlugs(t, s, storage.SearchQuery{Text: "dam"}), public.Slug, gated.Slug)
	sameSet(t, "readers: spillway", searchSlugs(t, s, storage.SearchQuery{Text: "spillway"}))
	sameSet(t, "staff: dam", searchSlugs(t, s, storage.SearchQuery{Text: "dam", Staff: true}),
		public.Slug, draft.Slug, scheduled.Slug, future.Slug, gated.Slug)
	sameSet(t, "staff: spillway", searchSlugs(t, s, storage.SearchQuery{Text: "spillway", Staff: true}), gated.Slug)
	sameSet(t, "readers an hour later", searchSlugs(t, s, storage.SearchQuery{Text: "dam", Now: now.Add(2 * time.Hour)}),
		public.Slug, gated.Slug, future.Slug)

	// The scheduled post goes out: readers find it then.
	if _, err := s.PublishDue(ctx, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "after publishing", searchSlugs(t, s, storage.SearchQuery{Text: "dam", Now: now.Add(2 * time.Hour)}),
		public.Slug, gated.Slug, future.Slug, scheduled.Slug)
}

// Edits, unpublishing and deletes change what is found at once.
func testFullTextFollowsWrites(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := story(u, "Bridge reopens", "", "Traffic flows again over the bridge.")
	create(t, s, p)
	p.Plaintext = "Трамваї знову їздять мостом."
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p}}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "old word after edit", searchSlugs(t, s, storage.SearchQuery{Text: "traffic"}))
	sameSet(t, "new word after edit", searchSlugs(t, s, storage.SearchQuery{Text: "трамвай"}), p.Slug)
	p.Status = domain.StatusDraft
	if err := s.UpdatePost(ctx, p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "unpublished, readers", searchSlugs(t, s, storage.SearchQuery{Text: "трамвай"}))
	sameSet(t, "unpublished, staff", searchSlugs(t, s, storage.SearchQuery{Text: "трамвай", Staff: true}), p.Slug)
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "deleted, staff", searchSlugs(t, s, storage.SearchQuery{Text: "трамвай", Staff: true}))
}

func testFullTextFilters(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, politics := fixture(t, s)
	other := &domain.User{Author: domain.Author{Name: "Taras Melnyk"}}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	weather := &domain.Tag{Name: "Weather"}
	if err := s.CreateTag(ctx, weather); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	a := story(u, "Election day", "", "Polls opened at seven.", politics, weather)
	a.PublishedAt = day
	b := story(u, "Election video", "", "Watch the polls open.", weather, politics)
	b.Kind, b.VideoURL, b.PublishedAt = domain.KindVideo, "https://example.com/v.mp4", day.AddDate(0, 0, 5)
	c := story(u, "Election brief", "", "Polls close at eight.", politics)
	c.Kind, c.Authors, c.PublishedAt = domain.KindBrief, []domain.Author{other.Author}, day.AddDate(0, 1, 0)
	create(t, s, a, b, c)
	q := func(mod func(*storage.SearchQuery)) []string {
		sq := storage.SearchQuery{Text: "polls"}
		mod(&sq)
		return searchSlugs(t, s, sq)
	}
	sameSet(t, "kind video", q(func(q *storage.SearchQuery) { q.Kind = domain.KindVideo }), b.Slug)
	sameSet(t, "author", q(func(q *storage.SearchQuery) { q.AuthorID = other.ID }), c.Slug)
	sameSet(t, "section politics", q(func(q *storage.SearchQuery) { q.SectionID = politics.ID }), a.Slug, c.Slug)
	sameSet(t, "tag weather", q(func(q *storage.SearchQuery) { q.TagID = weather.ID }), a.Slug, b.Slug)
	sameSet(t, "from", q(func(q *storage.SearchQuery) { q.From = day.AddDate(0, 0, 1) }), b.Slug, c.Slug)
	sameSet(t, "to (inclusive)", q(func(q *storage.SearchQuery) { q.To = day.AddDate(0, 0, 5) }), a.Slug, b.Slug)
	sameSet(t, "unknown author", q(func(q *storage.SearchQuery) { q.AuthorID = "nonsense" }))
}

// Show More walks every match once, across ranking windows, and a
// common word costs no more per page than a rare one.
func testFullTextPaging(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Now().UTC()
	var posts []*domain.Post
	for i := range 450 {
		p := story(u, fmt.Sprintf("Budget story %d", i), "", "The city budget, line by line.")
		p.Slug = fmt.Sprintf("budget-%d", i)
		// Some share a millisecond, so their index keys collide.
		p.PublishedAt = now.Add(-time.Duration(i/3) * time.Minute)
		posts = append(posts, p)
	}
	if err := s.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var after *storage.SearchCursor
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("paging does not end")
		}
		page, err := s.SearchPosts(ctx, storage.SearchQuery{Text: "budgets", Limit: 40, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Posts {
			if seen[p.Slug] {
				t.Fatalf("page %d repeats %s", pages, p.Slug)
			}
			seen[p.Slug] = true
		}
		if page.Next == nil {
			break
		}
		c, err := storage.ParseSearchCursor(page.Next.String())
		if err != nil || *c != *page.Next {
			t.Fatalf("cursor %v does not round-trip: %v %v", page.Next, c, err)
		}
		after = c
	}
	if len(seen) != len(posts) {
		t.Errorf("paging found %d of %d posts", len(seen), len(posts))
	}
}
