package export_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"newsdesk/internal/export"
	"newsdesk/internal/importer"
)

// TestImporterReadsExport reads newsdesk's export with the importer's
// Ghost reader, as `newsdesk import` will: every post arrives with its
// Markdown and the values of Ghost's columns. Two things the reader does
// today are allowed for, as they concern every Ghost file, not this one:
// it trims the newline that ends a Markdown card, and it leaves Ghost's
// __GHOST_URL__ placeholder in URLs. What only the "newsdesk" objects
// carry (kind, credit split, image size, video, corrections, breaking
// pins, whole long text) is TestExportRoundTrip's business.
func TestImporterReadsExport(t *testing.T) {
	s, _ := sharedSite(t)
	file := writeExport(t, s)
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want, err := db.Site()
	if err != nil {
		t.Fatal(err)
	}
	im, err := importer.Open(bytes.NewReader(file), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.Format != importer.FormatGhost || im.PostCount != len(want.Posts) || len(im.Users) != len(want.Users) || len(im.Tags) != len(want.Tags) {
		t.Fatalf("importer read %s with %d posts, %d users, %d tags; want %d, %d, %d", im.Format, im.PostCount,
			len(im.Users), len(im.Tags), len(want.Posts), len(want.Users), len(want.Tags))
	}
	bySlug := map[string]int{}
	for i, p := range want.Posts {
		bySlug[p.Slug] = i
	}
	n := 0
	for p, err := range im.Posts() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		w := want.Posts[bySlug[p.Slug]]
		if strings.TrimRight(p.BodyMD, "\n") != strings.TrimRight(w.BodyMD, "\n") {
			t.Errorf("%s: body\n got %q\nwant %q", p.Slug, p.BodyMD, w.BodyMD)
		}
		if p.Status != w.Status || !p.PublishedAt.Equal(w.PublishedAt) || !p.CreatedAt.Equal(w.CreatedAt) || p.Featured != w.Featured {
			t.Errorf("%s: status %s %v, want %s %v", p.Slug, p.Status, p.PublishedAt, w.Status, w.PublishedAt)
		}
		url := strings.TrimPrefix(p.Image.URL, export.GhostURL)
		if url != w.Image.URL || (p.Image.Alt != w.Image.Alt && len(w.Image.Alt) <= 191) ||
			p.Image.Caption != w.Image.Caption || p.Image.Credit != w.Image.Credit {
			t.Errorf("%s: image %+v, want %+v", p.Slug, p.Image, w.Image)
		}
		var wa, wt []string
		for _, a := range w.Authors {
			wa = append(wa, "ghost:"+a.ID)
		}
		for _, tg := range w.Tags {
			wt = append(wt, "ghost:"+tg.ID)
		}
		if !slices.Equal(p.Authors, wa) || !slices.Equal(p.Tags, wt) {
			t.Errorf("%s: authors %v tags %v, want %v and %v in order", p.Slug, p.Authors, p.Tags, wa, wt)
		}
	}
	if n != len(want.Posts) {
		t.Errorf("importer yielded %d posts, want %d", n, len(want.Posts))
	}
}
