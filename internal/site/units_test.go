package site

import (
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the host's zoneinfo
)

func TestSrcset(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/content/images/2026/11/a.jpg", "/content/images/size/w300/2026/11/a.jpg 300w, /content/images/size/w600/2026/11/a.jpg 600w, " +
			"/content/images/size/w1000/2026/11/a.jpg 1000w, /content/images/size/w2000/2026/11/a.jpg 2000w"},
		{"/content/images/size/w600/2026/11/a.jpg", ""},
		{"https://example.org/content/images/a.jpg", ""},
		{"/assets/a.jpg", ""},
		{"/content/images/", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := srcset(tc.in); got != tc.want {
			t.Errorf("srcset(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestVideoFor(t *testing.T) {
	tests := []struct {
		in, file, embed, watch string
	}{
		{"/content/media/a.mp4", "/content/media/a.mp4", "", "/content/media/a.mp4"},
		{"https://cdn.example.org/clip.webm", "https://cdn.example.org/clip.webm", "", "https://cdn.example.org/clip.webm"},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://youtu.be/dQw4w9WgXcQ", "", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ", "", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{"https://vimeo.com/76979871", "", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1", "https://vimeo.com/76979871"},
		// An id that is not one stays a plain link: nothing odd reaches an iframe.
		{`https://www.youtube.com/watch?v="><script>`, "", "", `https://www.youtube.com/watch?v="><script>`},
		{"https://example.org/story", "", "", "https://example.org/story"},
	}
	for _, tc := range tests {
		v := videoFor(tc.in, "T")
		if v.File != tc.file || v.Embed != tc.embed || v.Watch != tc.watch {
			t.Errorf("videoFor(%q) = file %q embed %q watch %q; want %q %q %q", tc.in, v.File, v.Embed, v.Watch, tc.file, tc.embed, tc.watch)
		}
	}
	if !videoFor("/content/media/a.mp4", "T").Local || videoFor("https://cdn.example.org/clip.webm", "T").Local || videoFor("//cdn.example.org/a.mp4", "T").Local {
		t.Error("only site paths are local")
	}
	if videoFor("", "T") != nil {
		t.Error("no URL should mean no player")
	}
}

func TestClock(t *testing.T) {
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC) // 15:00 in Kyiv
	c := clock{loc: kyiv, now: now}
	tests := []struct {
		at         time.Time
		short, iso string
	}{
		{time.Date(2026, 11, 27, 12, 5, 0, 0, time.UTC), "14:05", "2026-11-27T14:05:00+02:00"},
		// 23:30 UTC on the 26th is already the 27th in Kyiv: "today".
		{time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), "01:30", "2026-11-27T01:30:00+02:00"},
		{time.Date(2026, 11, 26, 12, 5, 0, 0, time.UTC), "26 Nov, 14:05", "2026-11-26T14:05:00+02:00"},
		{time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC), "1 Jul 2025, 12:00", "2025-07-01T12:00:00+03:00"},
	}
	for _, tc := range tests {
		w := c.short(tc.at)
		if w.Text != tc.short || w.ISO != tc.iso {
			t.Errorf("short(%v) = %q %q, want %q %q", tc.at, w.Text, w.ISO, tc.short, tc.iso)
		}
	}
	if got := c.long(time.Date(2026, 11, 27, 12, 5, 0, 0, time.UTC)).Text; got != "27 November 2026, 14:05" {
		t.Errorf("long = %q", got)
	}
}

func TestParagraphs(t *testing.T) {
	if got := paragraphs("One.\r\n\r\nTwo\nlines.\n\n\n\nThree.  "); len(got) != 3 || got[1] != "Two\nlines." || got[2] != "Three." {
		t.Errorf("paragraphs = %q", got)
	}
}

func TestLocales(t *testing.T) {
	at := time.Date(2026, 11, 27, 14, 5, 0, 0, time.UTC) // a Friday
	tests := []struct {
		lang                              string
		long, short, shortYear, day, full string
		reading, byline                   string
	}{
		{"en", "27 November 2026, 14:05", "27 Nov, 14:05", "27 Nov 2026, 14:05", "November 27", "Friday, 27 November 2026",
			"3 min read", "By A, B and C"},
		{"uk", "27 листопада 2026, 14:05", "27 лист., 14:05", "27 лист. 2026, 14:05", "27 листопада", "пʼятниця, 27 листопада 2026",
			"3 хв читання", "Автори: A, B і C"},
		{"uk-UA", "27 листопада 2026, 14:05", "27 лист., 14:05", "27 лист. 2026, 14:05", "27 листопада", "пʼятниця, 27 листопада 2026",
			"3 хв читання", "Автори: A, B і C"},
		{"de", "27 November 2026, 14:05", "27 Nov, 14:05", "27 Nov 2026, 14:05", "November 27", "Friday, 27 November 2026",
			"3 min read", "By A, B and C"},
	}
	for _, tc := range tests {
		l := localeFor(tc.lang)
		got := []string{l.dateTime(at), l.shortDateTime(at, false), l.shortDateTime(at, true), l.dayOfMonth(at), l.fullDate(at),
			l.ReadingTime(3), l.Byline([]string{"A", "B", "C"})}
		want := []string{tc.long, tc.short, tc.shortYear, tc.day, tc.full, tc.reading, tc.byline}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %q, want %q", tc.lang, got[i], want[i])
			}
		}
	}
	if got := localeFor("uk").Byline([]string{"A"}); got != "Автор: A" {
		t.Errorf("one Ukrainian author: %q", got)
	}
	if got := localeFor("uk").ReadingTime(0); got != "1 хв читання" {
		t.Errorf("zero minutes: %q", got)
	}
	if got := localeFor("uk").dayOfMonth(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); got != "1 лютого" {
		t.Errorf("February in Ukrainian: %q", got)
	}
}
