package site_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// ukrainianPost publishes a Ukrainian article with a picture, a correction
// and the fixtures' reporter as author.
func ukrainianPost(t *testing.T, e *env) *domain.Post {
	t.Helper()
	ctx := context.Background()
	p := &domain.Post{Kind: domain.KindArticle, Status: domain.StatusPublished, Language: "uk", Slug: "kyiv-mist",
		Title: "У Києві відкрили міст після ремонту", BodyMD: "КИЇВ — Міст відкрили для руху в неділю вранці.",
		Image: domain.Image{URL: "/content/images/2026/11/kyiv-rescue.jpg", Alt: "Міст на світанку",
			Caption: "Київ: міст на світанку, 26 листопада.", Credit: "Олена Кравець / News Feed", Width: 1600, Height: 1067},
		Authors: []domain.Author{e.fix.Authors["olena"].Author}, Tags: []domain.Tag{*e.fix.Tags["ukraine"]},
		PublishedAt: time.Now().Add(-time.Minute).Truncate(time.Minute)}
	sitetestApply(p)
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddCorrection(ctx, &domain.Correction{PostID: p.ID, Kind: "correction",
		Body: "Уточнено час відкриття.", CreatedAt: p.PublishedAt.Add(30 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	return p
}

// An article page speaks its post's language around the post, whatever
// the site's language; English articles keep English words.
func TestArticleSpeaksThePostsLanguage(t *testing.T) {
	e := newEnv(t)
	p := ukrainianPost(t, e)
	// The site's zone is UTC; months in the genitive, as in "14 листопада".
	months := []string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
		"серпня", "вересня", "жовтня", "листопада", "грудня"}
	at := p.PublishedAt.UTC()
	day := fmt.Sprintf("%d %s", at.Day(), months[at.Month()-1])
	status, body, _ := e.get(t, "/kyiv-mist/")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		`<html lang="uk">`,
		`<p class="feed-name"><a href="/">Стрічка новин</a></p>`,
		`<span class="reading-time">1 хв читання</span>`,
		">" + day + at.Format(" 2006, 15:04") + "</time>",
		"<strong>Виправлення, <time datetime=\"" + at.Add(30*time.Second).Format(time.RFC3339) + "\">" + day + "</time>:</strong>",
		`>Читати далі<span class="visually-hidden"> про автора: Olena Kravets</span></a>`,
		`aria-label="Про автора: Olena Kravets"`,
		`alt="Аватар"`,
		`>Показати більше</a>`,
		`data-loading="Завантаження…"`,
		`<h2 class="stream-heading" id="news-stream-heading"><a href="/">Стрічка новин</a></h2>`,
		`>Перейти до змісту</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Ukrainian article lacks %s", want)
		}
	}
	for _, unwanted := range []string{">Read more<", ">Show More<", " min read<", ">" + at.Format("2 January 2006, 15:04") + "</time>", ">Correction,"} {
		if strings.Contains(body, unwanted) {
			t.Errorf("Ukrainian article still says %q", unwanted)
		}
	}
	// The English items in the stream below keep their own words.
	if !strings.Contains(body, `<p class="byline">By Olena Kravets</p>`) {
		t.Error("an English stream item lost its English byline")
	}

	// An English article in the same site stays English.
	en := e.fix.Stream[1]
	_, body, _ = e.get(t, "/"+en.Slug+"/")
	for _, want := range []string{`<html lang="en">`, `>News Feed</a></p>`, ` min read</span>`, `>Show More</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("English article lacks %s", want)
		}
	}
}

// The home, author and tag pages use the site's language; a Ukrainian
// item on an English home page is marked and worded in Ukrainian.
func TestStreamPagesSpeakTheSitesLanguage(t *testing.T) {
	e := newEnv(t)
	ukrainianPost(t, e)
	_, body, _ := e.get(t, "/")
	if !strings.Contains(body, `<h1 class="page-title">News Feed</h1>`) || !strings.Contains(body, ">Show More</a>") {
		t.Fatal("English home page lost its English words")
	}

	ctx := context.Background()
	st, err := e.store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Language = "uk"
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	e.bus.Publish(events.Event{Type: events.SettingsUpdated})
	for _, path := range []string{"/", "/author/" + e.fix.Authors["olena"].Slug + "/", "/tag/ukraine/"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		for _, want := range []string{`<html lang="uk">`, `>Стрічка новин</a>`, `aria-label="Розділи"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Contains(body, ">Show More<") {
			t.Errorf("%s still says Show More", path)
		}
	}
	_, body, _ = e.get(t, "/")
	if !strings.Contains(body, `<h1 class="page-title">Стрічка новин</h1>`) || !strings.Contains(body, `>Показати більше</a>`) {
		t.Error("the Ukrainian home page lacks its heading or Show More")
	}
	// English posts on a Ukrainian home page carry lang="en" and English words.
	if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, `<p class="byline">By Olena Kravets</p>`) {
		t.Error("English items on the Ukrainian home page lost their language")
	}
	if !strings.Contains(body, `<p class="byline">Автор: Olena Kravets</p>`) {
		t.Error("the Ukrainian item lacks its Ukrainian byline")
	}
	status, body, _ := e.get(t, "/no-such-page/")
	if status != http.StatusNotFound || !strings.Contains(body, "Сторінку не знайдено") || !strings.Contains(body, "Помилка 404") {
		t.Errorf("Ukrainian 404 page: %d", status)
	}
}
