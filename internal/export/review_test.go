package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/export"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// The export carries the review workflow: a draft waiting for review
// comes back in the queue, one sent back comes back sent back with its
// note, an approved post keeps its history, every transition with its
// time and user (mapped to the importing site's), and the site's
// "Require review for Authors" setting comes along. A second export says
// the same as the first.
func TestExportCarriesReview(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	svc := &publish.Service{Store: src, Events: events.NewBus()}
	mkUser := func(name, email string, role domain.Role) *domain.User {
		u := &domain.User{Author: domain.Author{Name: name}, Email: email, Role: role}
		if err := src.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	ed := mkUser("Iryna Savchuk", "iryna@example.org", domain.RoleEditor)
	co := mkUser("Taras Melnyk", "taras@example.org", domain.RoleContributor)
	st, _ := src.Settings(ctx)
	st.ReviewAuthors = true
	if err := src.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	c, e := publish.Actor{User: co}, publish.Actor{User: ed}
	mk := func(title string) *domain.Post {
		p := &domain.Post{Kind: domain.KindArticle, Title: title, BodyMD: "RIVERTON — " + title + ".", Authors: []domain.Author{co.Author}}
		if err := svc.Create(ctx, c, p, publish.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Submit(ctx, c, p.ID, ""); err != nil {
			t.Fatal(err)
		}
		return p
	}
	waiting, back, done := mk("Ferry timetable changes"), mk("Bridge repairs"), mk("Council meets")
	if _, _, err := svc.SendBack(ctx, e, back.ID, "Who said the bridge reopens in May?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Approve(ctx, e, done.ID, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}

	first := writeExport(t, src)
	db, err := export.Read(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if !db.Meta.Newsdesk.ReviewAuthors {
		t.Fatal("the export lost the review setting")
	}
	for _, row := range db.Data.Posts {
		rv := row.Newsdesk.Review
		switch row.Slug {
		case waiting.Slug:
			if rv == nil || rv.State != "submitted" || rv.SubmittedBy != co.ID || len(rv.History) != 1 || row.Status != "draft" {
				t.Fatalf("waiting row: %+v", rv)
			}
		case back.Slug:
			if rv == nil || rv.State != "sent_back" || rv.By != ed.ID || rv.Note != "Who said the bridge reopens in May?" || len(rv.History) != 2 {
				t.Fatalf("sent back row: %+v", rv)
			}
		case done.Slug:
			if rv == nil || rv.State != "" || len(rv.History) != 2 || rv.History[1].Action != "approved" || row.Status != "published" {
				t.Fatalf("approved row: %+v", rv)
			}
		}
	}

	dst := openStore(t)
	im, err := importer.Open(bytes.NewReader(first), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin := publish.Actor{User: &domain.User{Author: domain.Author{ID: "import", Name: "Import"}, Role: domain.RoleAdministrator}}
	if _, err := importer.Apply(ctx, importer.Target{Store: dst, Publisher: &publish.Service{Store: dst, Events: events.NewBus()}}, admin, im, importer.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := dst.Settings(ctx); !st.ReviewAuthors {
		t.Fatal("the import lost the review setting")
	}
	q, err := dst.ReviewQueue(ctx, 10)
	if err != nil || len(q) != 1 || q[0].Post.Slug != waiting.Slug || q[0].Review.SubmitterName != co.Name {
		t.Fatalf("imported queue: %+v %v", q, err)
	}
	got, _ := dst.PostBySlug(ctx, back.Slug)
	rv, err := dst.ReviewOf(ctx, got.ID)
	if err != nil || rv.State != storage.ReviewSentBack || rv.UserName != ed.Name || rv.Note != "Who said the bridge reopens in May?" {
		t.Fatalf("imported sent back: %+v %v", rv, err)
	}
	h, _ := dst.ReviewHistory(ctx, got.ID)
	if len(h) != 2 || h[0].UserName != co.Name || h[1].UserName != ed.Name || h[1].Action != storage.ReviewActionSentBack {
		t.Fatalf("imported history: %+v", h)
	}

	second := writeExport(t, dst)
	if a, b := reviewContent(t, first), reviewContent(t, second); a != b {
		t.Fatalf("review state differs:\nfirst:  %s\nsecond: %s", a, b)
	}
}

// reviewContent is each post's review object, users named by slug.
func reviewContent(t *testing.T, file []byte) string {
	t.Helper()
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	slug := map[string]string{}
	for _, u := range db.Data.Users {
		slug[u.ID] = u.Slug
	}
	out := map[string]any{}
	for _, p := range db.Data.Posts {
		rv := p.Newsdesk.Review
		if rv == nil {
			continue
		}
		rv.SubmittedBy, rv.By = slug[rv.SubmittedBy], slug[rv.By]
		for i := range rv.History {
			rv.History[i].By = slug[rv.History[i].By]
		}
		out[p.Slug] = rv
	}
	b, _ := json.Marshal(out)
	return string(b)
}
