package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/export"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// TestExportImportExport is the promise: export a site, import
// the file into an empty database with `newsdesk import`'s importer, and
// export again: both files hold the same content. Ids differ (the import
// makes its own), so content is compared by slug; only the times a user
// or tag row was made in each database may differ.
func TestExportImportExport(t *testing.T) {
	ctx := context.Background()
	src, _ := sharedSite(t)
	first := writeExport(t, src)

	dst := openStore(t)
	im, err := importer.Open(bytes.NewReader(first), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	admin := publish.Actor{User: &domain.User{Author: domain.Author{ID: "import", Name: "Import"}, Role: domain.RoleAdministrator}}
	target := importer.Target{Store: dst, Publisher: &publish.Service{Store: dst, Events: events.NewBus()}}
	res, err := importer.Apply(ctx, target, admin, im, importer.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Posts.Skipped > 0 || len(res.Posts.Renamed) > 0 {
		t.Fatalf("import skipped %d posts and renamed %d: %+v", res.Posts.Skipped, len(res.Posts.Renamed), res.Posts)
	}
	second := writeExport(t, dst)

	// The demo's live blogs arrived with their entries and key points.
	live, err := dst.ListPosts(ctx, storage.PostQuery{Kind: domain.KindLive, Limit: 10})
	if err != nil || len(live.Posts) != 2 {
		t.Fatalf("imported live blogs: %d, %v", len(live.Posts), err)
	}
	for _, p := range live.Posts {
		page, err := dst.ListEntries(ctx, storage.EntryQuery{PostID: p.ID, Public: true, Limit: 100})
		if err != nil || len(page.Entries) < 8 || p.Live == nil || len(p.Live.KeyPoints) < 3 || page.Entries[0].BodyHTML == "" ||
			page.Entries[0].Author.Name == "" {
			t.Fatalf("imported %q: %d entries, blog %+v, %v", p.Slug, len(page.Entries), p.Live, err)
		}
	}

	// The demo desk's assignments arrived, open, for the same reporters.
	assigned, err := dst.ListAssignments(ctx, storage.AssignmentQuery{Open: true})
	if err != nil || len(assigned) != 3 || assigned[0].AssigneeName != "Daniel Weber" || assigned[0].AssignedByName != "Iryna Savchuk" ||
		assigned[0].Brief == "" || assigned[0].Status != domain.StatusDraft {
		t.Fatalf("imported assignments: %+v, %v", assigned, err)
	}

	a, b := content(t, first), content(t, second)
	if a != b {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := 0; i < min(len(al), len(bl)); i++ {
			if al[i] != bl[i] {
				lo := max(0, i-8)
				t.Fatalf("content differs at line %d:\nfirst:  %s\nsecond: %s\ncontext:\n%s", i+1, al[i], bl[i], strings.Join(al[lo:i], "\n"))
			}
		}
		t.Fatalf("content differs in length: %d and %d lines", len(al), len(bl))
	}
}

// content is an export's content without row ids, keyed by slug: posts
// with their meta row, authors and tags by slug; users with their role;
// tags; settings.
func content(t *testing.T, file []byte) string {
	t.Helper()
	db, err := export.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	d := db.Data
	userSlug, tagSlug, roleName := map[string]string{}, map[string]string{}, map[string]string{}
	for _, u := range d.Users {
		userSlug[u.ID] = u.Slug
	}
	for _, tg := range d.Tags {
		tagSlug[tg.ID] = tg.Slug
	}
	for _, r := range d.Roles {
		roleName[r.ID] = r.Name
	}
	userRole := map[string]string{}
	for _, ru := range d.RolesUsers {
		userRole[userSlug[ru.UserID]] = roleName[ru.RoleID]
	}
	meta := map[string]export.PostMeta{}
	for _, m := range d.PostsMeta {
		id := m.PostID
		m.ID, m.PostID = "", ""
		meta[id] = m
	}
	rel := func(rows []export.Relation, name func(export.Relation) string) map[string][]string {
		out := map[string][]string{}
		for _, r := range rows {
			out[r.PostID] = append(out[r.PostID], name(r))
		}
		return out
	}
	authors := rel(d.PostsAuthors, func(r export.Relation) string { return userSlug[r.AuthorID] })
	tags := rel(d.PostsTags, func(r export.Relation) string { return tagSlug[r.TagID] })

	type post struct {
		Row     export.Post
		Meta    *export.PostMeta
		Authors []string
		Tags    []string
	}
	posts := map[string]post{}
	for _, p := range d.Posts {
		id := p.ID
		p.ID, p.CommentID = "", nil
		if p.Newsdesk != nil {
			for i := range p.Newsdesk.Corrections {
				p.Newsdesk.Corrections[i].ID = ""
			}
			if a := p.Newsdesk.Assignment; a != nil {
				a.Assignee, a.AssignedBy = userSlug[a.Assignee], userSlug[a.AssignedBy]
			}
			if l := p.Newsdesk.Live; l != nil {
				// Entries keep their ids; their authors are users of each
				// database, named here by slug.
				for i := range l.Entries {
					l.Entries[i].AuthorID = userSlug[l.Entries[i].AuthorID]
				}
			}
		}
		pp := post{Row: p, Authors: authors[id], Tags: tags[id]}
		if m, ok := meta[id]; ok {
			pp.Meta = &m
		}
		posts[p.Slug] = pp
	}
	users := map[string]any{}
	for _, u := range d.Users {
		u.ID, u.CreatedAt, u.UpdatedAt = "", "", nil
		users[u.Slug] = map[string]any{"row": u, "role": userRole[u.Slug]}
	}
	tagRows := map[string]export.Tag{}
	for _, tg := range d.Tags {
		tg.ID, tg.CreatedAt, tg.UpdatedAt = "", "", nil
		tagRows[tg.Slug] = tg
	}
	settings := map[string]*string{}
	for _, s := range d.Settings {
		settings[s.Key] = s.Value
	}
	out, err := json.MarshalIndent(map[string]any{"posts": posts, "users": users, "tags": tagRows, "settings": settings}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
