package ghost

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// names returns the values of key in the list under name of a Ghost answer.
func names(out map[string]any, name, key string) map[string]bool {
	got := map[string]bool{}
	list, _ := out[name].([]any)
	for _, x := range list {
		if v, ok := x.(map[string]any)[key].(string); ok {
			got[v] = true
		}
	}
	return got
}

// TestContentAPIHidesEmbargoedTags: a tag used only by a scheduled post or
// a draft would name an embargoed story's topic; readers see none of it,
// staff see it all.
func TestContentAPIHidesEmbargoedTags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	embargo := &domain.Tag{Name: "Merger talks"}
	drafted := &domain.Tag{Name: "Draft topic"}
	for _, tg := range []*domain.Tag{embargo, drafted} {
		if err := e.store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	scheduled := &domain.Post{Title: "Embargoed merger story", Status: domain.StatusScheduled, BodyMD: "x",
		PublishedAt: time.Now().Add(time.Hour), Authors: []domain.Author{e.admin.Author}, Tags: []domain.Tag{*embargo}}
	draft := &domain.Post{Title: "Draft", Status: domain.StatusDraft, BodyMD: "x",
		Authors: []domain.Author{e.admin.Author}, Tags: []domain.Tag{*drafted}}
	for _, p := range []*domain.Post{scheduled, draft} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		markdown.Apply(p)
		if err := e.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	code, out, _ := e.content("tags/?limit=all")
	got := names(out, "tags", "slug")
	if code != 200 || !got["world"] || !got["politics"] {
		t.Fatalf("tags browse: %d %v", code, out)
	}
	for _, tg := range []*domain.Tag{embargo, drafted} {
		if got[tg.Slug] {
			t.Errorf("Content API tags list %q, which has no public post", tg.Slug)
		}
		for _, path := range []string{"tags/slug/" + tg.Slug + "/", "tags/" + tg.ID + "/"} {
			if code, out, _ := e.content(path); code != 404 || errType(out) != "NotFoundError" {
				t.Errorf("%s: %d %v, want 404", path, code, out)
			}
		}
	}
	if code, out, _ := e.content("tags/slug/world/?include=count.posts"); code != 200 || len(names(out, "tags", "slug")) != 1 {
		t.Errorf("public tag: %d %v", code, out)
	}
	// An internal tag on published posts shows, marked internal, as in Ghost.
	if code, out, _ := e.content("tags/slug/hash-live/"); code != 200 || out["tags"].([]any)[0].(map[string]any)["visibility"] != "internal" {
		t.Errorf("internal tag of public posts: %d %v", code, out)
	}
	// A filter naming the tag finds no posts, as for a tag that does not exist.
	if code, out, _ := e.content("posts/?filter=tag:" + embargo.Slug); code != 200 || len(out["posts"].([]any)) != 0 {
		t.Errorf("posts filtered by the embargoed tag: %d %v", code, out)
	}

	// Staff see every tag.
	code, out = e.adminAPI("GET", "tags/?limit=all", nil)
	got = names(out, "tags", "slug")
	if code != 200 || !got[embargo.Slug] || !got[drafted.Slug] {
		t.Errorf("Admin API tags: %d %v", code, got)
	}
	if code, _ := e.adminAPI("GET", "tags/slug/"+embargo.Slug+"/", nil); code != 200 {
		t.Errorf("Admin API tag read: %d", code)
	}
}

// TestContentAPIHidesPendingInvitations: someone invited but not yet
// signed up is no author; a byline without an account is.
func TestContentAPIHidesPendingInvitations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	invited := &domain.User{Author: domain.Author{Name: "Invited Person"}, Email: "invited@example.org",
		Role: domain.RoleAuthor, Pending: true}
	imported := &domain.User{Author: domain.Author{Name: "Imported Byline"}, Role: domain.RoleAuthor}
	for _, u := range []*domain.User{invited, imported} {
		if err := e.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// Authors are listed for their published posts (as in Ghost); both have one.
	for _, u := range []*domain.User{invited, imported} {
		p := &domain.Post{Title: "By " + u.Name, Status: domain.StatusPublished, BodyMD: "x",
			PublishedAt: time.Now().Add(-time.Hour), Authors: []domain.Author{u.Author}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		markdown.Apply(p)
		if err := e.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := e.content("authors/?limit=all")
	got := names(out, "authors", "slug")
	if code != 200 || !got[e.admin.Slug] || !got[imported.Slug] {
		t.Fatalf("authors browse: %d %v", code, got)
	}
	if got[invited.Slug] {
		t.Error("Content API lists a pending invitation")
	}
	for _, path := range []string{"authors/slug/" + invited.Slug + "/", "authors/" + invited.ID + "/"} {
		if code, out, _ := e.content(path); code != 404 || errType(out) != "NotFoundError" {
			t.Errorf("%s: %d %v, want 404", path, code, out)
		}
	}
	if code, _, _ := e.content("authors/slug/" + imported.Slug + "/"); code != 200 {
		t.Errorf("imported byline: %d", code)
	}
	// Staff see the invitation.
	code, out = e.adminAPI("GET", "users/?limit=all", nil)
	if code != 200 || !names(out, "users", "slug")[invited.Slug] {
		t.Errorf("Admin API users: %d %v", code, out)
	}
}

// TestAdminUsersEmails: the Admin API shows a staff member's email to
// those the newsroom's Staff page shows it to (domain.CanSeeEmail).
func TestAdminUsersEmails(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	author := &domain.User{Author: domain.Author{Name: "Anna Author"}, Email: "anna@example.org", Role: domain.RoleAuthor}
	editor := &domain.User{Author: domain.Author{Name: "Eva Editor"}, Email: "eva@example.org", Role: domain.RoleEditor}
	for _, u := range []*domain.User{author, editor} {
		if err := e.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	api := New(Deps{Store: e.store, Events: e.bus, SiteURL: testSite,
		Sessions: sessions{"contrib": e.contrib, "author": author, "editor": editor, "admin": e.admin}})
	mux := http.NewServeMux()
	api.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	e.srv = srv

	everyone := []*domain.User{e.admin, e.contrib, author, editor}
	// Who sees whose email.
	want := map[string][]*domain.User{
		"contrib": {e.contrib},
		"author":  {author},
		"editor":  {editor, author, e.contrib},
		"admin":   everyone,
	}
	for who, visible := range want {
		seen := map[string]bool{}
		for _, u := range visible {
			seen[u.Email] = true
		}
		code, out, _ := e.do("GET", "/ghost/api/admin/users/?limit=all", nil, map[string]string{"X-Test-User": who})
		if code != 200 {
			t.Fatalf("%s: users browse %d %v", who, code, out)
		}
		emails := map[string]any{}
		for _, x := range out["users"].([]any) {
			u := x.(map[string]any)
			emails[u["slug"].(string)] = u["email"]
		}
		for _, u := range everyone {
			got, ok := emails[u.Slug]
			if !ok {
				t.Errorf("%s: %s missing from users", who, u.Slug)
				continue
			}
			if seen[u.Email] && got != u.Email {
				t.Errorf("%s sees %s's email as %v, want %s", who, u.Slug, got, u.Email)
			}
			if !seen[u.Email] && got != nil {
				t.Errorf("%s sees %s's email %v", who, u.Slug, got)
			}
			code, one, _ := e.do("GET", "/ghost/api/admin/users/"+u.ID+"/", nil, map[string]string{"X-Test-User": who})
			if code != 200 {
				t.Fatalf("%s: read %s: %d", who, u.Slug, code)
			}
			if got := one["users"].([]any)[0].(map[string]any)["email"]; (got != nil) != seen[u.Email] {
				t.Errorf("%s reads %s's email as %v", who, u.Slug, got)
			}
		}
	}
}

// TestAdminAPIBylinesSkipPendingInvitations: a pending invitation is not
// a user yet, as in Ghost (where it is an invite): it is neither the
// default byline of an integration's post nor accepted when named.
func TestAdminAPIBylinesSkipPendingInvitations(t *testing.T) {
	e := newEnv(t)
	// Sorted first, and an Administrator: the default byline without the fix.
	invitee := &domain.User{Author: domain.Author{Name: "Anna Invited"}, Email: "anna@example.org", Role: domain.RoleAdministrator, Pending: true}
	if err := e.store.CreateUser(context.Background(), invitee); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		authors any
	}{
		{"no authors", nil},
		{"the invitee by email", []any{map[string]any{"email": invitee.Email}}},
		{"the invitee by id", []any{invitee.ID}},
	} {
		post := map[string]any{"title": "Byline check: " + c.name, "status": "published"}
		if c.authors != nil {
			post["authors"] = c.authors
		}
		code, out := e.adminAPI("POST", "posts/", map[string]any{"posts": []any{post}})
		if code != 201 {
			t.Fatalf("%s: %d %v", c.name, code, out)
		}
		authors := out["posts"].([]any)[0].(map[string]any)["authors"].([]any)
		for _, a := range authors {
			if a.(map[string]any)["id"] == invitee.ID {
				t.Errorf("%s: the post is bylined to a pending invitation", c.name)
			}
		}
	}
}
