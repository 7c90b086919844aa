package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// cardProjection is what post_cards must hold for every post: the
// migration's backfill, written against posts.
const cardProjection = `SELECT id, uuid, kind, status, slug, title, standfirst,
	CASE WHEN kind <> 'article' THEN body_html ELSE '' END, word_count, image_count, language, featured,
	image_url, image_alt, image_caption, image_credit, image_width, image_height, video_url, meta_title,
	meta_description, published_at, created_at, updated_at, breaking_until, type, visibility,
	CASE WHEN kind <> 'article' THEN public_html ELSE '' END, tiers FROM posts`

// checkCards fails unless post_cards is exactly the projection of posts.
func checkCards(t *testing.T, s *Store, when string) {
	t.Helper()
	var n, extra, missing int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM post_cards`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM (SELECT * FROM post_cards EXCEPT ` + cardProjection + `)`).Scan(&extra); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM (` + cardProjection + ` EXCEPT SELECT * FROM post_cards)`).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if extra != 0 || missing != 0 {
		t.Fatalf("%s: post_cards (%d rows) has %d stale or extra cards and lacks %d", when, n, extra, missing)
	}
}

// TestPostCardsFollowEveryWrite: the cards a SQLite listing reads stay
// what posts say through every kind of write, and the migration fills
// them for a database that had posts before it.
func TestPostCardsFollowEveryWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cards.db")
	s, err := Open(ctx, path, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if s != nil {
			s.Close()
		}
	}()
	u := &domain.User{Author: domain.Author{Name: "Card Writer"}}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tag := &domain.Tag{Name: "Cards"}
	if err := s.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	base := time.Now().Add(-100 * time.Hour).UTC().Truncate(time.Millisecond)
	var bulk []*domain.Post
	for i := range 40 {
		p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Title: fmt.Sprintf("Bulk %d", i),
			Slug: fmt.Sprintf("bulk-%d", i), Standfirst: "Standfirst", BodyMD: "Body", BodyHTML: "<p>Body</p>",
			Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}, PublishedAt: base.Add(time.Duration(i) * time.Minute)}
		if i%3 == 0 {
			p.Kind, p.BodyHTML = domain.KindBrief, fmt.Sprintf("<p>Brief %d</p>", i)
		}
		bulk = append(bulk, p)
	}
	if err := s.CreatePosts(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after a bulk load")

	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusDraft, Title: "One", Slug: "one",
		BodyMD: "Text", BodyHTML: "<p>Text</p>", Authors: []domain.Author{u.Author}, Tags: []domain.Tag{*tag}}
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after a create")

	// An edit of what an item shows, and of a kind whose item shows its body.
	prev := p.UpdatedAt
	p.Title, p.Kind, p.BodyHTML, p.Status, p.PublishedAt = "One, edited", domain.KindBrief, "<p>Now a brief</p>", domain.StatusPublished, base
	p.Image = domain.Image{URL: "/content/images/x.jpg", Alt: "Alt", Width: 10, Height: 20}
	if err := s.UpdatePost(ctx, p, prev); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after an edit")
	page, err := s.ListPosts(ctx, storage.PostQuery{Public: true, Summary: true, TagID: tag.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, q := range page.Posts {
		if q.ID == p.ID {
			found = q.Title == "One, edited" && q.BodyHTML == "<p>Now a brief</p>" && q.Image.URL == "/content/images/x.jpg"
		}
	}
	if !found || len(page.Posts) != 41 {
		t.Fatalf("the tag's summary listing has %d posts and the edit shows: %v", len(page.Posts), found)
	}

	if err := s.AddCorrection(ctx, &domain.Correction{PostID: bulk[0].ID, Kind: "correction", Body: "Fixed."}); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after a correction")
	if err := s.TrashPost(ctx, &storage.Trash{PostID: bulk[1].ID, TrashedAt: time.Now(), UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after trashing")
	if _, err := s.RestorePost(ctx, bulk[1].ID); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after restoring")
	sched := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusScheduled, Title: "Later", Slug: "later",
		Authors: []domain.Author{u.Author}, PublishedAt: time.Now().Add(time.Second)}
	if err := s.CreatePost(ctx, sched); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishDue(ctx, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after publishing what was due")
	if err := s.DeletePost(ctx, bulk[2].ID); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after a delete")

	// A database from before the migration: its posts get their cards.
	for _, drop := range []string{`DROP TABLE post_cards`, `DROP TRIGGER post_cards_insert`, `DROP TRIGGER post_cards_update`, `DROP TRIGGER post_cards_delete`} {
		if _, err := s.db.Exec(drop); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`DELETE FROM schema_migrations WHERE name LIKE '%post_cards%'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path, quiet); err != nil {
		t.Fatal(err)
	}
	checkCards(t, s, "after the migration on an existing database")
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM post_cards`).Scan(&n); err != nil || n != 41 {
		t.Fatalf("backfill made %d cards (%v), want 41", n, err)
	}
}
