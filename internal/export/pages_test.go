package export_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// TestExportPagesAndMenus: static pages leave as Ghost's type "page" and
// the menus as its navigation settings, and both come back whole.
func TestExportPagesAndMenus(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets"}, Email: "olena@example.org", Role: domain.RoleAdministrator}
	if err := src.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	page := &domain.Post{Type: domain.TypePage, Status: domain.StatusPublished, Title: "About us", BodyMD: "Who we are.",
		Authors: []domain.Author{u.Author}}
	post := &domain.Post{Status: domain.StatusPublished, Title: "News", BodyMD: "What happened.", Authors: []domain.Author{u.Author}}
	for _, p := range []*domain.Post{page, post} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		markdown.Apply(p)
	}
	if err := src.CreatePosts(ctx, []*domain.Post{page, post}); err != nil {
		t.Fatal(err)
	}
	st, _ := src.Settings(ctx)
	st.Navigation = []domain.NavItem{{Label: "Home", URL: "/"}, {Label: "About", URL: "/about-us/"}}
	st.SecondaryNavigation = []domain.NavItem{{Label: "Ghost", URL: "https://ghost.org/"}}
	st.Dateline = "Lower Quay" // no Ghost key: rides in meta.newsdesk
	if err := src.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	file := writeExport(t, src)
	if !strings.Contains(string(file), `"type": "page"`) && !strings.Contains(string(file), `"type":"page"`) {
		t.Errorf("the export has no post of type page")
	}
	if !strings.Contains(string(file), `[{\"label\":\"Home\",\"url\":\"/\"},{\"label\":\"About\",\"url\":\"/about-us/\"}]`) {
		t.Errorf("the export lacks the menu as Ghost stores it")
	}

	dst := openStore(t)
	if err := importExport(ctx, dst, file); err != nil {
		t.Fatal(err)
	}
	got, err := dst.PostBySlug(ctx, "about-us")
	if err != nil || got.Type != domain.TypePage {
		t.Errorf("imported page: %+v, %v", got, err)
	}
	if got, err := dst.PostBySlug(ctx, "news"); err != nil || got.Type != domain.TypePost {
		t.Errorf("imported post: %+v, %v", got, err)
	}
	back, _ := dst.Settings(ctx)
	if !reflect.DeepEqual(back.Navigation, st.Navigation) || !reflect.DeepEqual(back.SecondaryNavigation, st.SecondaryNavigation) {
		t.Errorf("menus came back as %v / %v", back.Navigation, back.SecondaryNavigation)
	}
	if back.Dateline != st.Dateline {
		t.Errorf("dateline came back as %q, want %q", back.Dateline, st.Dateline)
	}
}
