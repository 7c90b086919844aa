package demo

import (
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

func testGenerator(t *testing.T) *Generator {
	t.Helper()
	authors := []domain.Author{{ID: domain.NewID(), Name: "A"}, {ID: domain.NewID(), Name: "B"}}
	var tags []domain.Tag
	for _, s := range sections {
		tags = append(tags, domain.Tag{ID: domain.NewID(), Name: s.Name, Slug: domain.Slugify(s.Name)})
	}
	return NewGenerator(42, authors, tags)
}

// TestSyntheticPostsAreValid checks generated posts pass validation and
// that the derived fields the generator writes itself are exactly what the
// Markdown renderer would produce.
func TestSyntheticPostsAreValid(t *testing.T) {
	g := testGenerator(t)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	kinds := map[domain.Kind]int{}
	slugs := map[string]bool{}
	const n = 2000
	for i := 0; i < n; i++ {
		p := g.Post(at.Add(-time.Duration(i) * time.Hour))
		slug := p.Slug
		if err := p.Validate(); err != nil {
			t.Fatalf("post %d invalid: %v", i, err)
		}
		if p.Slug != slug || !domain.ValidSlug(slug) || slugs[slug] {
			t.Fatalf("post %d: slug %q invalid or repeated", i, slug)
		}
		slugs[slug] = true
		if !domain.ValidID(p.ID) {
			t.Fatalf("post %d: id %q is not a valid id", i, p.ID)
		}
		kinds[p.Kind]++
		if len(p.Tags) < 1 || len(p.Tags) > 3 || len(p.Authors) < 1 || len(p.Authors) > 2 {
			t.Fatalf("post %d: %d tags, %d authors", i, len(p.Tags), len(p.Authors))
		}
		if p.Kind == domain.KindVideo && !strings.HasPrefix(p.VideoURL, "https://www.youtube.com/watch?v=") {
			t.Fatalf("video post without a video URL: %q", p.VideoURL)
		}
		if p.Kind == domain.KindArticle && (p.WordCount < 300 || p.WordCount > 1600) {
			t.Fatalf("article of %d words, want 300–1500", p.WordCount)
		}
		if i%50 == 0 {
			r := markdown.Render(p.BodyMD)
			if r.HTML != p.BodyHTML {
				j := 0
				for j < len(r.HTML) && j < len(p.BodyHTML) && r.HTML[j] == p.BodyHTML[j] {
					j++
				}
				t.Fatalf("post %d: HTML differs from the renderer's at byte %d\n got: %.80q\nwant: %.80q", i, j, p.BodyHTML[max(0, j-30):], r.HTML[max(0, j-30):])
			}
			if r.Plaintext != p.Plaintext || r.WordCount != p.WordCount {
				t.Fatalf("post %d: plaintext/word count differ: %d vs renderer %d", i, p.WordCount, r.WordCount)
			}
		}
	}
	// About 70/25/5; wide bounds keep the test about the mix, not luck.
	if a := kinds[domain.KindArticle]; a < n*60/100 || a > n*80/100 {
		t.Errorf("%d articles of %d", a, n)
	}
	if b := kinds[domain.KindBrief]; b < n*18/100 || b > n*32/100 {
		t.Errorf("%d briefs of %d", b, n)
	}
	if v := kinds[domain.KindVideo]; v < n*2/100 || v > n*9/100 {
		t.Errorf("%d videos of %d", v, n)
	}
}

// TestSyntheticKeysFollowTime checks the ids and uuids of posts generated
// newest first decrease with their dates, so a bulk load fills the id and
// uuid indexes at one end, and that the uuids are RFC 9562 version 7 UUIDs
// carrying the post's time.
func TestSyntheticKeysFollowTime(t *testing.T) {
	g := testGenerator(t)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var prev *domain.Post
	for i := 0; i < 500; i++ {
		p := g.Post(at.Add(-time.Duration(i) * 90 * time.Second))
		if !domain.ValidID(p.ID) {
			t.Fatalf("post %d: id %q invalid", i, p.ID)
		}
		u := strings.ReplaceAll(p.UUID, "-", "")
		if len(p.UUID) != 36 || len(u) != 32 || u[12] != '7' || !strings.ContainsRune("89ab", rune(u[16])) {
			t.Fatalf("post %d: uuid %q is not a version 7 RFC 9562 UUID", i, p.UUID)
		}
		var ms int64
		for _, c := range u[:12] {
			ms = ms<<4 | int64(strings.IndexRune("0123456789abcdef", c))
		}
		if ms != p.PublishedAt.UnixMilli() {
			t.Fatalf("post %d: uuid %q carries %d ms, published %d", i, p.UUID, ms, p.PublishedAt.UnixMilli())
		}
		if prev != nil && (p.ID >= prev.ID || p.UUID >= prev.UUID) {
			t.Fatalf("post %d (%s, %s) does not sort before the newer %s, %s", i, p.ID, p.UUID, prev.ID, prev.UUID)
		}
		prev = p
	}
}

func BenchmarkGeneratorPost(b *testing.B) {
	g := NewGenerator(1, []domain.Author{{ID: domain.NewID()}}, []domain.Tag{{ID: domain.NewID()}})
	at := time.Now()
	for i := 0; i < b.N; i++ {
		g.Post(at)
	}
}
