// Package demo loads the demo newsroom (the Riverton Courier, a bilingual
// independent paper of an invented riverside city) and, for benchmarks,
// synthetic bulk content. All text is original and all pictures are
// painted at load time, so the demo needs no network and no assets.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// Settings are the demo site's settings.
var Settings = domain.Settings{
	Title:       "Riverton Courier",
	Description: "Independent news from Riverton and the Verna valley, in English and Ukrainian.",
	Language:    "en",
	Timezone:    "Europe/Kyiv",
	Accent:      "#b3261e",
	Dateline:    "Riverton",
}

// gaps are the hours between consecutive demo stories, newest first; they
// repeat, spreading about sixty stories over five weeks unevenly, as news is.
var gaps = []int{4, 6, 10, 15, 5, 19, 8, 12, 23, 7, 17, 21}

// Load fills a database that has no posts with the demo newsroom: settings,
// authors with avatars, tags, and stories dated over the last five weeks
// relative to now, with painted lead images written under mediaDir/demo.
// A database that already has posts is left alone.
func Load(ctx context.Context, store storage.Store, mediaDir string, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	n, err := store.CountPosts(ctx, storage.PostQuery{})
	if err != nil {
		return fmt.Errorf("count posts: %w", err)
	}
	if n > 0 {
		log.Info("database already has posts; demo content not loaded", "posts", n)
		return nil
	}
	start := time.Now()
	settings := Settings
	// A publisher needs a logo: the masthead shows it, and NewsArticle
	// JSON-LD names it as the publisher's.
	logo, err := writeLogo(mediaDir, settings.Title, settings.Accent)
	if err != nil {
		return err
	}
	settings.Logo = logo
	settings.SecondaryNavigation = footerMenu
	if err := store.SaveSettings(ctx, settings); err != nil {
		return fmt.Errorf("save demo settings: %w", err)
	}
	tagList, err := ensureTags(ctx, store, append(append([]tagSpec{}, sections...), topicTags...))
	if err != nil {
		return err
	}
	tags := make(map[string]domain.Tag, len(tagList))
	for _, t := range tagList {
		tags[t.Name] = t
	}
	if err := writeLeadImages(mediaDir, leadImages); err != nil {
		return err
	}
	authors := make(map[string]domain.Author, len(people))
	for i, pp := range people {
		a, err := ensureAuthor(ctx, store, mediaDir, pp, uint64(i))
		if err != nil {
			return err
		}
		authors[pp.Key] = a
	}
	loc, err := time.LoadLocation(Settings.Timezone)
	if err != nil {
		loc = time.UTC
	}
	now := time.Now()
	at := now.Add(-2*time.Hour - 13*time.Minute)
	posts := make([]*domain.Post, 0, len(stories))
	for i, st := range stories {
		if i > 0 {
			at = at.Add(-time.Duration(gaps[i%len(gaps)])*time.Hour - time.Duration(i*37%60)*time.Minute)
		}
		p, err := st.post(at.In(loc), authors, tags)
		if err != nil {
			return fmt.Errorf("demo story %d %q: %w", i, st.Title, err)
		}
		posts = append(posts, p)
	}
	// Pages come after the stories so that posts[i] stays stories[i].
	standing, err := pages(at.Add(-24*time.Hour).In(loc), authors)
	if err != nil {
		return err
	}
	posts = append(posts, standing...)
	liveSpecs := []liveBlogSpec{floodBlog, electionBlog}
	blogs, err := liveBlogPosts(now, loc, liveSpecs, authors, tags)
	if err != nil {
		return err
	}
	posts = append(posts, blogs...)
	// One transaction for every story: a failed load leaves no half demo.
	if err := store.CreatePosts(ctx, posts); err != nil {
		return fmt.Errorf("store demo posts: %w", err)
	}
	for i, st := range stories {
		if st.Correction == "" {
			continue
		}
		c := &domain.Correction{PostID: posts[i].ID, Kind: "correction", Body: st.Correction,
			CreatedAt: minTime(posts[i].PublishedAt.Add(5*time.Hour), now)}
		if err := store.AddCorrection(ctx, c); err != nil {
			return fmt.Errorf("demo correction on %q: %w", posts[i].Slug, err)
		}
	}
	if err := loadLiveBlogs(ctx, store, now, liveSpecs, blogs, authors); err != nil {
		return err
	}
	if err := loadAssignments(ctx, store, now, authors); err != nil {
		return err
	}
	if err := optimize(ctx, store); err != nil {
		return err
	}
	log.Info("loaded demo content", "posts", len(stories), "pages", len(standing), "authors", len(people), "tags", len(tagList),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// ensureAuthor returns the author with the person's slug, creating the
// profile (no email, no password: a byline, not an account) if needed.
func ensureAuthor(ctx context.Context, store storage.Store, mediaDir string, pp person, seed uint64) (domain.Author, error) {
	slug := domain.Slugify(pp.Name)
	if a, err := store.AuthorBySlug(ctx, slug); err == nil {
		return *a, nil
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return domain.Author{}, err
	}
	avatar, err := writeAvatar(mediaDir, "avatar-"+slug, pp.Name, seed)
	if err != nil {
		return domain.Author{}, err
	}
	u := &domain.User{Role: domain.RoleAuthor, Author: domain.Author{
		Name: pp.Name, Slug: slug, Title: pp.Title, Bio: pp.Bio, Location: pp.Location, Avatar: avatar,
	}}
	if err := store.CreateUser(ctx, u); err != nil {
		return domain.Author{}, fmt.Errorf("demo author %q: %w", pp.Name, err)
	}
	return u.Author, nil
}

// post turns the story into a published post dated at.
func (st story) post(at time.Time, authors map[string]domain.Author, tags map[string]domain.Tag) (*domain.Post, error) {
	p := &domain.Post{
		Kind:        st.Kind,
		Status:      domain.StatusPublished,
		Title:       st.Title,
		Standfirst:  st.Standfirst,
		BodyMD:      st.Body,
		Language:    st.Lang,
		Featured:    st.Featured,
		PublishedAt: at,
		CreatedAt:   at.Add(-47 * time.Minute),
		UpdatedAt:   at,
	}
	if p.Language == "" {
		p.Language = "en"
	}
	if st.Video != "" {
		p.VideoURL = "https://www.youtube.com/watch?v=" + st.Video
	}
	for _, key := range strings.Split(st.Authors, ",") {
		a, ok := authors[key]
		if !ok {
			return nil, fmt.Errorf("unknown author %q", key)
		}
		p.Authors = append(p.Authors, a)
	}
	for _, name := range strings.Split(st.Tags, ",") {
		t, ok := tags[name]
		if !ok {
			return nil, fmt.Errorf("unknown tag %q", name)
		}
		p.Tags = append(p.Tags, t)
	}
	if st.Image != "" {
		im, ok := leadImageByName(st.Image)
		if !ok {
			return nil, fmt.Errorf("unknown lead image %q", st.Image)
		}
		p.Image = domain.Image{URL: im.URL(), Alt: st.Alt, Caption: st.Caption + ", " + captionDate(at, p.Language) + ".",
			Credit: st.Credit, Width: leadWidth, Height: leadHeight}
	}
	markdown.Apply(p)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func leadImageByName(name string) (leadImage, bool) {
	for _, im := range leadImages {
		if im.Name == name {
			return im, true
		}
	}
	return leadImage{}, false
}

// ukMonths are Ukrainian month names in the genitive, as dates are written.
var ukMonths = []string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
	"вересня", "жовтня", "листопада", "грудня"}

// captionDate is the day a photo was taken, as a caption prints it.
func captionDate(t time.Time, lang string) string {
	if lang == "uk" {
		return fmt.Sprintf("%d %s", t.Day(), ukMonths[t.Month()-1])
	}
	return t.Format("January 2")
}
