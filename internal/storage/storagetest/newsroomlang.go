package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() { register("NewsroomLanguage", testNewsroomLanguage) }

// testNewsroomLanguage: the language a user picked for the newsroom is
// kept, read back by every way users are loaded, and only a language the
// newsroom speaks is accepted.
func testNewsroomLanguage(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	if got, _ := s.UserByID(ctx, u.ID); got.NewsroomLanguage != "" {
		t.Fatalf("new user's newsroom language = %q, want empty (the site's)", got.NewsroomLanguage)
	}
	u.Email = "olena@example.org"
	u.NewsroomLanguage = "uk"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if got, err := s.UserByEmail(ctx, u.Email); err != nil || got.NewsroomLanguage != "uk" {
		t.Fatalf("UserByEmail = %+v, %v; want newsroom language uk", got, err)
	}
	list, err := s.ListUsers(ctx)
	if err != nil || len(list) != 1 || list[0].NewsroomLanguage != "uk" {
		t.Fatalf("ListUsers = %+v, %v", list, err)
	}
	other := &domain.User{Author: domain.Author{Name: "Taras"}, NewsroomLanguage: "en"}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, other.ID); got.NewsroomLanguage != "en" {
		t.Errorf("created with en, read %q", got.NewsroomLanguage)
	}
	u.NewsroomLanguage = "de"
	if err := s.UpdateUser(ctx, u); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("newsroom language de: %v, want EINVALID", err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.NewsroomLanguage != "uk" {
		t.Errorf("a refused language changed the stored one to %q", got.NewsroomLanguage)
	}
}
