package storagetest

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// Seed fills an empty store with n public posts for benchmarks: 20
// authors, 50 tags, one post a minute back from now, short bodies and a
// lead image on every other post. It loads in batches, so a million posts
// take minutes, not hours.
func Seed(ctx context.Context, s storage.Store, n int, progress func(done int)) error {
	authors := make([]domain.Author, 20)
	for i := range authors {
		u := &domain.User{Author: domain.Author{Name: fmt.Sprintf("Reporter %02d", i), Title: "Reporter",
			Bio: "Writes about the city.", Avatar: fmt.Sprintf("/content/images/avatar-%02d.jpg", i)}}
		if err := s.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("seed author: %w", err)
		}
		authors[i] = u.Author
	}
	tags := make([]domain.Tag, 50)
	for i := range tags {
		t := &domain.Tag{Name: fmt.Sprintf("Topic %02d", i)}
		if err := s.CreateTag(ctx, t); err != nil {
			return fmt.Errorf("seed tag: %w", err)
		}
		tags[i] = *t
	}
	now := time.Now().UTC().Truncate(time.Minute)
	const batch = 10_000
	for start := 0; start < n; start += batch {
		posts := make([]*domain.Post, 0, batch)
		for i := start; i < min(start+batch, n); i++ {
			title := fmt.Sprintf("Seeded story number %d about the city council", i)
			p := &domain.Post{
				Kind: domain.KindArticle, Status: domain.StatusPublished, Title: title,
				Slug:       fmt.Sprintf("seeded-story-%d", i),
				Standfirst: "What happened, in one sentence.",
				BodyMD:     "KYIV — The council met on Tuesday.\n\n> We will rebuild.\n\nMore to follow.",
				BodyHTML:   "<p>KYIV — The council met on Tuesday.</p>\n<blockquote><p>We will rebuild.</p></blockquote>\n<p>More to follow.</p>",
				Plaintext:  "KYIV — The council met on Tuesday.\n\nWe will rebuild.\n\nMore to follow.",
				WordCount:  13, Language: "en",
				Authors:     []domain.Author{authors[i%len(authors)]},
				Tags:        []domain.Tag{tags[i%len(tags)], tags[(i/7)%len(tags)]},
				PublishedAt: now.Add(-time.Duration(i) * time.Minute),
			}
			if p.Tags[0].ID == p.Tags[1].ID {
				p.Tags = p.Tags[:1]
			}
			if i%2 == 0 {
				p.Image = domain.Image{URL: fmt.Sprintf("/content/images/seed/%d.jpg", i), Alt: "A street", Width: 1600, Height: 900}
			}
			posts = append(posts, p)
		}
		if err := s.CreatePosts(ctx, posts); err != nil {
			return fmt.Errorf("seed posts from %d: %w", start, err)
		}
		if progress != nil {
			progress(start + len(posts))
		}
	}
	return nil
}
