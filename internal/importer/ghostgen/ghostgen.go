// Package ghostgen writes synthetic Ghost 5 JSON exports: n posts with
// Lexical bodies at the lengths and words of newsdesk's synthetic content
// (internal/demo), for import benchmarks. The export is written as a
// stream, so a 100,000-post file costs no more memory than a small one.
package ghostgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"newsdesk/internal/demo"
	"newsdesk/internal/domain"
)

// Options tune Write.
type Options struct {
	// Seed makes the export deterministic; 0 means 1.
	Seed uint64
	// Newest is the newest post's publication time; zero means 2026-01-01.
	Newest time.Time
	// Span is how far back the posts reach; zero means eight years.
	Span time.Duration
}

var sectionNames = []string{"City", "Politics", "Economy", "Environment", "Culture", "Sport", "Transport", "Health", "Education", "Weather"}

// Write writes a Ghost 5.x export of n posts to w.
func Write(w io.Writer, n int, opt Options) error {
	seed := opt.Seed
	if seed == 0 {
		seed = 1
	}
	newest := opt.Newest
	if newest.IsZero() {
		newest = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	span := opt.Span
	if span <= 0 {
		span = 8 * 365 * 24 * time.Hour
	}
	authors := make([]domain.Author, 50)
	for i := range authors {
		authors[i] = domain.Author{ID: fmt.Sprintf("a%023x", i+1), Name: fmt.Sprintf("Staff Writer %d", i+1), Slug: fmt.Sprintf("staff-writer-%d", i+1)}
	}
	tags := make([]domain.Tag, len(sectionNames))
	for i, name := range sectionNames {
		tags[i] = domain.Tag{ID: fmt.Sprintf("t%023x", i+1), Name: name, Slug: domain.Slugify(name)}
	}
	g := demo.NewGenerator(seed, authors, tags)

	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	fmt.Fprintf(bw, `{"db":[{"meta":{"exported_on":%d,"version":"5.82.0"},"data":{"posts":[`, newest.UnixMilli())

	// The joins come after the posts, as in Ghost's files; they are kept
	// as small indexes meanwhile.
	type join struct {
		post    string
		authors []uint8
		tags    []uint8
		alt     string
		caption string
	}
	joins := make([]join, 0, n)
	step := span / time.Duration(max(n, 1))
	at := newest
	for i := 0; i < n; i++ {
		at = at.Add(-step)
		p := g.Post(at)
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := enc.Encode(post(p)); err != nil {
			return err
		}
		j := join{post: p.ID}
		for _, a := range p.Authors {
			j.authors = append(j.authors, index(authors, a.ID))
		}
		for _, t := range p.Tags {
			j.tags = append(j.tags, tagIndex(tags, t.ID))
		}
		if p.Image.URL != "" {
			j.alt, j.caption = p.Image.Alt, p.Image.CaptionWithCredit()
		}
		joins = append(joins, j)
	}
	bw.WriteString(`],"posts_authors":[`)
	k := 0
	for _, j := range joins {
		for order, a := range j.authors {
			comma(bw, k)
			k++
			fmt.Fprintf(bw, `{"id":"pa%022x","post_id":%q,"author_id":%q,"sort_order":%d}`, k, j.post, authors[a].ID, order)
		}
	}
	bw.WriteString(`],"posts_meta":[`)
	k = 0
	for _, j := range joins {
		if j.caption == "" {
			continue
		}
		comma(bw, k)
		k++
		fmt.Fprintf(bw, `{"id":"pm%022x","post_id":%q,"feature_image_alt":`, k, j.post)
		enc.Encode(j.alt)
		bw.WriteString(`,"feature_image_caption":`)
		enc.Encode(j.caption)
		bw.WriteString(`,"email_only":false}`)
	}
	bw.WriteString(`],"posts_tags":[`)
	k = 0
	for _, j := range joins {
		for order, t := range j.tags {
			comma(bw, k)
			k++
			fmt.Fprintf(bw, `{"id":"pt%022x","post_id":%q,"tag_id":%q,"sort_order":%d}`, k, j.post, tags[t].ID, order)
		}
	}
	bw.WriteString(`],"roles":[{"id":"r1","name":"Administrator"},{"id":"r2","name":"Editor"},{"id":"r3","name":"Author"}],"roles_users":[`)
	for i, a := range authors {
		comma(bw, i)
		role := "r3"
		if i == 0 {
			role = "r1"
		}
		fmt.Fprintf(bw, `{"id":"ru%022x","role_id":%q,"user_id":%q}`, i+1, role, a.ID)
	}
	bw.WriteString(`],"users":[`)
	for i, a := range authors {
		comma(bw, i)
		fmt.Fprintf(bw, `{"id":%q,"name":%q,"slug":%q,"email":"%s@riverton.example","bio":"Reporter.","status":"active"}`, a.ID, a.Name, a.Slug, a.Slug)
	}
	bw.WriteString(`],"tags":[`)
	for i, t := range tags {
		comma(bw, i)
		fmt.Fprintf(bw, `{"id":%q,"name":%q,"slug":%q,"description":null,"visibility":"public"}`, t.ID, t.Name, t.Slug)
	}
	bw.WriteString(`],"settings":[{"id":"s1","key":"title","value":"Riverton Courier"},{"id":"s2","key":"lang","value":"en"},{"id":"s3","key":"timezone","value":"Europe/Kyiv"}]}}]}` + "\n")
	return bw.Flush()
}

func comma(bw *bufio.Writer, i int) {
	if i > 0 {
		bw.WriteByte(',')
	}
}

func index(list []domain.Author, id string) uint8 {
	for i, a := range list {
		if a.ID == id {
			return uint8(i)
		}
	}
	return 0
}

func tagIndex(list []domain.Tag, id string) uint8 {
	for i, t := range list {
		if t.ID == id {
			return uint8(i)
		}
	}
	return 0
}

// ghostPost is a posts row as Ghost 5 writes it.
type ghostPost struct {
	ID            string  `json:"id"`
	UUID          string  `json:"uuid"`
	Title         string  `json:"title"`
	Slug          string  `json:"slug"`
	Mobiledoc     *string `json:"mobiledoc"`
	Lexical       string  `json:"lexical"`
	HTML          string  `json:"html"`
	CommentID     string  `json:"comment_id"`
	Plaintext     string  `json:"plaintext"`
	FeatureImage  *string `json:"feature_image"`
	Featured      bool    `json:"featured"`
	Type          string  `json:"type"`
	Status        string  `json:"status"`
	Locale        *string `json:"locale"`
	Visibility    string  `json:"visibility"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
	PublishedAt   string  `json:"published_at"`
	CustomExcerpt *string `json:"custom_excerpt"`
	CanonicalURL  *string `json:"canonical_url"`
}

type lexText struct {
	Detail  int    `json:"detail"`
	Format  int    `json:"format"`
	Mode    string `json:"mode"`
	Style   string `json:"style"`
	Text    string `json:"text"`
	Type    string `json:"type"`
	Version int    `json:"version"`
}

type lexBlock struct {
	Children  []lexText `json:"children"`
	Direction string    `json:"direction"`
	Format    string    `json:"format"`
	Indent    int       `json:"indent"`
	Type      string    `json:"type"`
	Version   int       `json:"version"`
}

func post(p *domain.Post) ghostPost {
	paras := strings.Split(p.BodyMD, "\n\n")
	blocks := make([]lexBlock, len(paras))
	var html strings.Builder
	for i, para := range paras {
		blocks[i] = lexBlock{Children: []lexText{{Mode: "normal", Text: para, Type: "extended-text", Version: 1}},
			Direction: "ltr", Type: "paragraph", Version: 1}
		html.WriteString("<p>" + para + "</p>")
	}
	children := make([]any, 0, len(blocks)+1)
	for _, b := range blocks {
		children = append(children, b)
	}
	if p.VideoURL != "" {
		// Video items carry their video as an embed card, as Ghost does.
		children = append(children, map[string]any{"type": "embed", "version": 1, "url": p.VideoURL, "embedType": "video", "html": "", "metadata": map[string]any{}, "caption": ""})
	}
	lex, _ := json.Marshal(map[string]any{"root": map[string]any{"children": children, "direction": "ltr", "format": "", "indent": 0, "type": "root", "version": 1}})
	const ts = "2006-01-02T15:04:05.000Z"
	out := ghostPost{
		ID: p.ID, UUID: p.UUID, Title: p.Title, Slug: p.Slug, Lexical: string(lex), HTML: html.String(), CommentID: p.ID,
		Plaintext: p.Plaintext, Featured: p.Featured, Type: "post", Status: "published", Visibility: "public",
		CreatedAt: p.CreatedAt.UTC().Format(ts), UpdatedAt: p.UpdatedAt.UTC().Format(ts), PublishedAt: p.PublishedAt.UTC().Format(ts),
	}
	if p.Image.URL != "" {
		out.FeatureImage = &p.Image.URL
	}
	if p.Standfirst != "" {
		out.CustomExcerpt = &p.Standfirst
	}
	return out
}
