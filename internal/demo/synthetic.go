package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Synthetic bulk content exists to measure the platform at scale: a million
// posts of realistic size, kinds, tags and authors. Its bodies are built as
// plain paragraphs, so the generator writes BodyMD and the matching
// BodyHTML, Plaintext and WordCount itself instead of running a Markdown
// renderer a million times (the unit tests check they match what
// markdown.Render produces).

// SyntheticBatch is how many generated posts go to the store per call.
const SyntheticBatch = 5000

// SyntheticOptions tunes LoadSynthetic.
type SyntheticOptions struct {
	// Seed makes the content deterministic; 0 picks one from the clock.
	Seed uint64
	// Span is how far back publication times reach; 0 means eight years.
	Span time.Duration
	// MediaDir, when set, receives avatars for the synthetic authors.
	MediaDir string
	// Progress, when set, is called after each stored batch with the total.
	Progress func(done int)
}

// LoadSynthetic adds n synthetic posts to store. Authors and section tags it
// needs are created on first use and reused by later runs.
func LoadSynthetic(ctx context.Context, store storage.Store, n int, opt SyntheticOptions) error {
	if n <= 0 {
		return nil
	}
	seed := opt.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	tags, err := ensureTags(ctx, store, sections)
	if err != nil {
		return err
	}
	authors, err := ensureSyntheticAuthors(ctx, store, opt.MediaDir, seed)
	if err != nil {
		return err
	}
	span := opt.Span
	if span <= 0 {
		span = 8 * 365 * 24 * time.Hour
	}
	g := NewGenerator(seed, authors, tags)
	newest := time.Now().Add(-time.Hour)
	step := span / time.Duration(n)

	// One goroutine generates while the caller's goroutine writes: on two
	// cores text generation then hides behind the database.
	batches := make(chan []*domain.Post, 2)
	genCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		at := newest
		for made := 0; made < n; {
			size := min(SyntheticBatch, n-made)
			batch := make([]*domain.Post, size)
			for i := range batch {
				// Jitter keeps gaps irregular; the stream stays in order.
				at = at.Add(-step/2 - time.Duration(g.rng.Int64N(int64(step)+1)))
				batch[i] = g.Post(at)
			}
			made += size
			select {
			case batches <- batch:
			case <-genCtx.Done():
				return
			}
		}
	}()
	done := 0
	store1 := func(create func([]*domain.Post) error) error {
		for batch := range batches {
			if err := create(batch); err != nil {
				return fmt.Errorf("store synthetic posts %d-%d: %w", done, done+len(batch), err)
			}
			done += len(batch)
			if opt.Progress != nil {
				opt.Progress(done)
			}
		}
		return nil
	}
	// A store that can keep its bulk set-up across batches gets them all
	// in one session.
	if bl, ok := store.(bulkLoader); ok {
		err = bl.BulkLoad(ctx, store1)
	} else {
		err = store1(func(posts []*domain.Post) error { return store.CreatePosts(ctx, posts) })
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return optimize(ctx, store)
}

// bulkLoader is a store that writes many batches of posts in one bulk
// session (sqlstore.Store.BulkLoad).
type bulkLoader interface {
	BulkLoad(ctx context.Context, load func(create func([]*domain.Post) error) error) error
}

// optimize refreshes planner statistics when the store can: a bulk load
// changes the shape of the data the planner last saw.
func optimize(ctx context.Context, store storage.Store) error {
	if o, ok := store.(interface{ Optimize(context.Context) error }); ok {
		if err := o.Optimize(ctx); err != nil {
			return fmt.Errorf("optimize after bulk load: %w", err)
		}
	}
	return nil
}

// ensureTags returns the tags named by specs, creating missing ones.
func ensureTags(ctx context.Context, store storage.Store, specs []tagSpec) ([]domain.Tag, error) {
	out := make([]domain.Tag, 0, len(specs))
	for _, sp := range specs {
		slug := domain.Slugify(sp.Name)
		t, err := store.TagBySlug(ctx, slug)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			t = &domain.Tag{Name: sp.Name, Slug: slug, Description: sp.Description}
			err = store.CreateTag(ctx, t)
		}
		if err != nil {
			return nil, fmt.Errorf("tag %q: %w", sp.Name, err)
		}
		out = append(out, *t)
	}
	return out, nil
}

// syntheticAuthorCount is how many bylines the bulk content spreads over.
const syntheticAuthorCount = 50

func ensureSyntheticAuthors(ctx context.Context, store storage.Store, mediaDir string, seed uint64) ([]domain.Author, error) {
	out := make([]domain.Author, 0, syntheticAuthorCount)
	for i := 0; i < syntheticAuthorCount; i++ {
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i*7+3)%len(lastNames)]
		name := first + " " + last
		slug := domain.Slugify(name) + "-staff"
		if a, err := store.AuthorBySlug(ctx, slug); err == nil {
			out = append(out, *a)
			continue
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
		role := roleTitles[i%len(roleTitles)]
		section := sections[i%len(sections)].Name
		u := &domain.User{Author: domain.Author{
			Name:  name,
			Slug:  slug,
			Title: role,
			Bio: fmt.Sprintf("%s is a %s on the %s desk, covering the people and decisions that shape the city.\n\n"+
				"Before joining the paper, %s spent several years at regional outlets. Tips are always welcome.",
				name, strings.ToLower(role), section, first),
			Location: "Riverton",
		}}
		if mediaDir != "" {
			url, err := writeAvatar(mediaDir, "staff-"+slug, name, seed+uint64(i))
			if err != nil {
				return nil, err
			}
			u.Avatar = url
		}
		if err := store.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("synthetic author %q: %w", name, err)
		}
		out = append(out, u.Author)
	}
	return out, nil
}

// Generator builds synthetic posts. It is not safe for concurrent use.
type Generator struct {
	rng     *rand.Rand
	authors []domain.Author
	tags    []domain.Tag
	buf     strings.Builder
	// pool holds pre-built sentences: bodies are drawn from it, so a
	// million posts cost string copies rather than template filling.
	pool      []string
	poolWords []int
}

// sentencePool is how many distinct body sentences a generator builds.
const sentencePool = 8192

// NewGenerator returns a generator drawing bylines from authors and
// sections from tags (the first tags are used as sections).
func NewGenerator(seed uint64, authors []domain.Author, tags []domain.Tag) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), authors: authors, tags: tags}
	g.pool = make([]string, sentencePool)
	g.poolWords = make([]int, sentencePool)
	for i := range g.pool {
		g.pool[i] = g.sentence()
		g.poolWords[i] = countWords(g.pool[i])
	}
	return g
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// Post returns a published synthetic post dated at.
func (g *Generator) Post(at time.Time) *domain.Post {
	r := g.rng
	p := &domain.Post{Status: domain.StatusPublished, Language: "en", PublishedAt: at, CreatedAt: at.Add(-time.Duration(r.IntN(90)+5) * time.Minute)}
	// Ghost-shaped id: the time in seconds, then randomness, so ids of a
	// bulk load arrive roughly in index order.
	p.ID = fmt.Sprintf("%08x%016x", uint32(at.Unix()), r.Uint64())
	p.UUID = g.uuid(at)
	switch k := r.IntN(100); {
	case k < 70:
		p.Kind = domain.KindArticle
	case k < 95:
		p.Kind = domain.KindBrief
	default:
		p.Kind = domain.KindVideo
	}
	p.Title = g.title()
	p.Slug = slugWithSuffix(p.Title, p.ID[16:])
	var words int
	switch p.Kind {
	case domain.KindArticle:
		// 300–1500 words, most of them short as news is: the cube skews
		// lengths towards the low end (mean near 600).
		u := r.Float64()
		words = 300 + int(1200*u*u*u)
		p.Standfirst = g.pool[r.IntN(len(g.pool))]
		if r.IntN(10) < 7 {
			img := leadImages[r.IntN(len(leadImages))]
			p.Image = domain.Image{URL: img.URL(), Alt: img.Alt, Caption: img.Caption + ", " + at.Format("January 2") + ".",
				Credit: g.pick(photoCredits), Width: leadWidth, Height: leadHeight}
		}
	case domain.KindBrief:
		words = 40 + r.IntN(90)
	case domain.KindVideo:
		words = 30 + r.IntN(40)
		p.VideoURL = "https://www.youtube.com/watch?v=" + g.videoID()
	}
	p.BodyMD, p.BodyHTML, p.WordCount = g.body(words)
	p.Plaintext = p.BodyMD
	// One to three tags, the section first.
	nt := min(1+r.IntN(3), len(g.tags))
	first := r.IntN(min(len(g.tags), len(sections)))
	p.Tags = append(p.Tags, g.tags[first])
	for len(p.Tags) < nt {
		t := g.tags[r.IntN(len(g.tags))]
		if !hasTag(p.Tags, t.ID) {
			p.Tags = append(p.Tags, t)
		}
	}
	p.Authors = append(p.Authors, g.authors[r.IntN(len(g.authors))])
	if r.IntN(8) == 0 {
		a := g.authors[r.IntN(len(g.authors))]
		if a.ID != p.Authors[0].ID {
			p.Authors = append(p.Authors, a)
		}
	}
	p.UpdatedAt = at
	return p
}

func hasTag(tags []domain.Tag, id string) bool {
	for _, t := range tags {
		if t.ID == id {
			return true
		}
	}
	return false
}

// slugWithSuffix slugifies title, trimmed to leave room for the suffix
// that keeps a million generated slugs unique.
func slugWithSuffix(title, suffix string) string {
	s := domain.Slugify(title)
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s + "-" + suffix
}

// uuid returns a time-ordered (RFC 9562 version 7) UUID for a post dated
// at: like the ids, a bulk load's uuids then arrive in index order and the
// unique uuid index grows at one end instead of dirtying random pages.
func (g *Generator) uuid(at time.Time) string {
	const hexd = "0123456789abcdef"
	// 48 bits of Unix milliseconds, version 7, 12 random bits, the
	// variant, 62 random bits.
	a := uint64(at.UnixMilli())<<16 | 0x7000 | g.rng.Uint64()&0x0fff
	b := g.rng.Uint64()&^(3<<62) | 2<<62
	var out [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			out[j] = '-'
			j++
		}
		var nib uint64
		if i < 16 {
			nib = a >> (60 - 4*i) & 0xf
		} else {
			nib = b >> (60 - 4*(i-16)) & 0xf
		}
		out[j] = hexd[nib]
		j++
	}
	return string(out[:])
}

func (g *Generator) videoID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var b [11]byte
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return string(b[:])
}

// title builds a headline: subject, verb, object and sometimes a qualifier.
func (g *Generator) title() string {
	t := g.pick(subjects) + " " + g.pick(verbs) + " " + g.pick(objects)
	if g.rng.IntN(2) == 0 {
		t += " " + g.pick(qualifiers)
	}
	return t
}

// sentence builds one sentence from a template with its slots filled.
func (g *Generator) sentence() string {
	b := &g.buf
	b.Reset()
	tpl := g.pick(templates)
	for i := 0; i < len(tpl); i++ {
		if tpl[i] != '{' {
			b.WriteByte(tpl[i])
			continue
		}
		end := strings.IndexByte(tpl[i:], '}')
		slot := tpl[i+1 : i+end]
		i += end
		switch slot {
		case "S":
			b.WriteString(g.pick(subjects))
		case "s":
			b.WriteString(strings.ToLower(g.pick(subjects)))
		case "V":
			b.WriteString(g.pick(verbs))
		case "O":
			b.WriteString(g.pick(objects))
		case "Q":
			b.WriteString(g.pick(qualifiers))
		case "N":
			b.WriteString(g.pick(firstNames) + " " + g.pick(lastNames))
		case "R":
			b.WriteString(g.pick(roles))
		case "P":
			b.WriteString(g.pick(places))
		case "n":
			b.WriteString(strconv.Itoa(2 + g.rng.IntN(480)))
		case "M":
			b.WriteString(g.pick(months))
		case "C":
			b.WriteString(g.pick(comments))
		}
	}
	return b.String()
}

// body returns the Markdown (also the plain text), the HTML and the word
// count of paragraphs of two to five pooled sentences, at least words
// words in all. Pooled text holds no characters Markdown or HTML treat
// specially, so the HTML is the paragraphs wrapped in <p>.
func (g *Generator) body(words int) (md, html string, count int) {
	var m, h strings.Builder
	m.Grow(words * 7)
	h.Grow(words*7 + words/8)
	for count < words {
		if count > 0 {
			m.WriteString("\n\n")
		}
		h.WriteString("<p>")
		ns := 2 + g.rng.IntN(4)
		for i := 0; i < ns && count < words; i++ {
			k := g.rng.IntN(len(g.pool))
			if i > 0 {
				m.WriteByte(' ')
				h.WriteByte(' ')
			}
			m.WriteString(g.pool[k])
			h.WriteString(g.pool[k])
			count += g.poolWords[k]
		}
		h.WriteString("</p>\n")
	}
	return m.String(), h.String(), count
}

// countWords counts words as markdown.CountWords does, for ASCII text with
// curly quotes.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		w := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\'' || c == '-'
		if c >= 0x80 {
			// Multi-byte: only the curly apostrophe (E2 80 99) joins words.
			w = strings.HasPrefix(s[i:], "’")
			if w {
				i += 2
			} else {
				for i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
					i++
				}
			}
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
