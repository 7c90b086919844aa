package publish_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
	"newsdesk/internal/storage/sqlstore"
)

type env struct {
	store  storage.Store
	svc    *publish.Service
	mu     sync.Mutex
	events []events.Event
	users  map[domain.Role]*domain.User
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "test.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	bus := events.NewBus()
	e := &env{store: store, svc: &publish.Service{Store: store, Events: bus}, users: map[domain.Role]*domain.User{}}
	bus.OnEvent(func(ev events.Event) {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
	})
	for _, r := range []domain.Role{domain.RoleContributor, domain.RoleAuthor, domain.RoleEditor} {
		u := &domain.User{Author: domain.Author{Name: string(r) + " person"}, Role: r}
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		e.users[r] = u
	}
	return e
}

// take returns the events seen since the last call.
func (e *env) take() []events.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.events
	e.events = nil
	return out
}

func (e *env) actor(r domain.Role) publish.Actor { return publish.Actor{User: e.users[r]} }

func draft(title string, by *domain.User, tags ...domain.Tag) *domain.Post {
	return &domain.Post{Kind: domain.KindArticle, Title: title, BodyMD: "Some *text* for " + title + ".",
		Authors: []domain.Author{by.Author}, Tags: tags}
}

func oneEvent(t *testing.T, e *env, want events.Type, public bool) {
	t.Helper()
	got := e.take()
	if len(got) != 1 || got[0].Type != want || got[0].Public != public {
		t.Fatalf("events = %+v; want exactly one %s (public %v)", got, want, public)
	}
}

func revisions(t *testing.T, e *env, id string) []*storage.Revision {
	t.Helper()
	revs, err := e.store.ListRevisions(context.Background(), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

// Every change, drafts included, sends exactly one event and keeps one
// revision written with the post.
func TestOneEventAndRevisionPerChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.actor(domain.RoleEditor)
	p := draft("Bridge closes for repairs", e.users[domain.RoleEditor])
	if err := e.svc.Create(ctx, ed, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostAdded, false)
	if p.BodyHTML == "" || p.WordCount == 0 {
		t.Fatalf("the body was not rendered: %+v", p)
	}
	steps := []struct {
		action publish.Action
		edit   func(*domain.Post)
		want   events.Type
		public bool
	}{
		{publish.Save, func(p *domain.Post) { p.Title += " (draft 2)" }, events.PostUpdated, false},
		{publish.Publish, nil, events.PostPublished, true},
		{publish.Save, func(p *domain.Post) { p.BodyMD += "\n\nMore." }, events.PostUpdated, true},
		{publish.Unpublish, nil, events.PostUnpublished, true},
		{publish.Schedule, func(p *domain.Post) { p.PublishedAt = time.Now().Add(time.Hour) }, events.PostUpdated, false},
	}
	for i, st := range steps {
		old, err := e.store.PostByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		cp := *old
		if st.edit != nil {
			st.edit(&cp)
		}
		if err := e.svc.Update(ctx, ed, old, &cp, publish.Options{Action: st.action, IfUpdatedAt: old.UpdatedAt}); err != nil {
			t.Fatalf("step %d (%s): %v", i, st.action, err)
		}
		oneEvent(t, e, st.want, st.public)
		if n := len(revisions(t, e, p.ID)); n != i+2 {
			t.Fatalf("after step %d: %d revisions, want %d", i, n, i+2)
		}
	}
	if _, err := e.svc.Delete(ctx, ed, p.ID); err != nil {
		t.Fatal(err)
	}
	oneEvent(t, e, events.PostDeleted, false)
}

// Tags named in a post are found by id, slug or name, and missing ones are
// created, as Ghost does with {name}, {slug} and {name, slug}.
func TestTagsByReference(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	known := &domain.Tag{Name: "City Hall"}
	if err := e.store.CreateTag(ctx, known); err != nil {
		t.Fatal(err)
	}
	p := draft("Council votes", e.users[domain.RoleAuthor],
		domain.Tag{ID: known.ID},
		domain.Tag{Name: "Flood Watch"},
		domain.Tag{Slug: "river-levels"},
		domain.Tag{Name: "Transit News", Slug: "transit"},
		domain.Tag{Name: "city hall"}, // the same tag again, by name
		domain.Tag{Name: "#wire"},
	)
	if err := e.svc.Create(ctx, e.actor(domain.RoleAuthor), p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := e.store.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, slug string }{{"City Hall", "city-hall"}, {"Flood Watch", "flood-watch"},
		{"river-levels", "river-levels"}, {"Transit News", "transit"}, {"#wire", "hash-wire"}}
	if len(got.Tags) != len(want) {
		t.Fatalf("tags = %+v", got.Tags)
	}
	for i, w := range want {
		if got.Tags[i].Name != w.name || got.Tags[i].Slug != w.slug || got.Tags[i].ID == "" {
			t.Errorf("tag %d = %+v; want %s (%s)", i, got.Tags[i], w.name, w.slug)
		}
	}
	if got.Tags[0].ID != known.ID {
		t.Errorf("the known tag was not reused")
	}
	if err := e.svc.Create(ctx, e.actor(domain.RoleAuthor), draft("x", e.users[domain.RoleAuthor], domain.Tag{ID: domain.NewID()}), publish.Options{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("an unknown tag id: got %v, want EINVALID", err)
	}
}

// A refused save creates none of the tags it names (they would each get a
// public page).
func TestRefusedSaveCreatesNoTags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var tags []domain.Tag
	for i := 0; i < 30; i++ {
		tags = append(tags, domain.Tag{Name: fmt.Sprintf("Topic %d", i)})
	}
	err := e.svc.Create(ctx, e.actor(domain.RoleEditor), draft("Too many tags", e.users[domain.RoleEditor], tags...), publish.Options{})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("30 tags: got %v, want EINVALID", err)
	}
	noTitle := draft("", e.users[domain.RoleEditor], domain.Tag{Name: "Orphan"})
	if err := e.svc.Create(ctx, e.actor(domain.RoleEditor), noTitle, publish.Options{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("no title: got %v, want EINVALID", err)
	}
	all, err := e.store.ListTags(ctx)
	if err != nil || len(all) != 0 {
		t.Fatalf("refused saves created %d tags (%v)", len(all), err)
	}
	if ev := e.take(); len(ev) != 0 {
		t.Fatalf("refused saves sent events: %+v", ev)
	}
}

// The tag limit guards edits; a post that arrived with more tags (an
// import) can still be edited as long as the save does not add any.
func TestTagLimitGuardsEditsOnly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := draft("Archive piece", e.users[domain.RoleEditor])
	for i := 0; i < 25; i++ {
		tg := &domain.Tag{Name: fmt.Sprintf("Old tag %d", i)}
		if err := e.store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
		p.Tags = append(p.Tags, *tg)
	}
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	old, _ := e.store.PostByID(ctx, p.ID)
	cp := *old
	cp.Title = "Archive piece, retitled"
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), old, &cp, publish.Options{}); err != nil {
		t.Fatalf("editing a post with 25 tags, adding none: %v", err)
	}
	old, _ = e.store.PostByID(ctx, p.ID)
	cp = *old
	cp.Tags = append(append([]domain.Tag{}, old.Tags...), domain.Tag{Name: "One more"})
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), old, &cp, publish.Options{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("adding a 26th tag: got %v, want EINVALID", err)
	}
}

// Ghost gives a post whose slug is taken the next free one; without
// UniqueSlug a taken slug is refused.
func TestSlugs(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.actor(domain.RoleEditor)
	first := draft("Election night", e.users[domain.RoleEditor])
	if err := e.svc.Create(ctx, ed, first, publish.Options{UniqueSlug: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"election-night-2", "election-night-3"} {
		p := draft("Election night", e.users[domain.RoleEditor])
		if err := e.svc.Create(ctx, ed, p, publish.Options{UniqueSlug: true}); err != nil || p.Slug != want {
			t.Fatalf("slug = %q, %v; want %s", p.Slug, err, want)
		}
	}
	p := draft("Election night", e.users[domain.RoleEditor])
	p.Slug = "election-night"
	if err := e.svc.Create(ctx, ed, p, publish.Options{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("a taken slug without UniqueSlug: got %v", err)
	}
	p = draft("Search", e.users[domain.RoleEditor])
	if err := e.svc.Create(ctx, ed, p, publish.Options{UniqueSlug: true}); err != nil || domain.ReservedSlug(p.Slug) {
		t.Fatalf("a title that is a site path got slug %q, %v", p.Slug, err)
	}
}

// Roles: contributors write drafts only; nobody drops themselves from a
// post's authors; stale saves are refused.
func TestRolesAndCollisions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	co := e.users[domain.RoleContributor]
	p := draft("Contributor copy", co)
	if err := e.svc.Create(ctx, e.actor(domain.RoleContributor), p, publish.Options{Action: publish.Publish}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a contributor publishing: got %v, want EFORBIDDEN", err)
	}
	p = draft("Contributor copy", co)
	if err := e.svc.Create(ctx, e.actor(domain.RoleContributor), p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	e.take()
	old, _ := e.store.PostByID(ctx, p.ID)
	cp := *old
	cp.Authors = []domain.Author{e.users[domain.RoleAuthor].Author}
	if err := e.svc.Update(ctx, e.actor(domain.RoleContributor), old, &cp, publish.Options{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a contributor removing themselves: got %v", err)
	}
	cp = *old
	cp.Status = domain.StatusPublished
	if err := e.svc.Update(ctx, e.actor(domain.RoleContributor), old, &cp, publish.Options{}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a contributor setting status published: got %v", err)
	}
	cp = *old
	cp.Title = "Stale"
	err := e.svc.Update(ctx, e.actor(domain.RoleEditor), old, &cp, publish.Options{IfUpdatedAt: old.UpdatedAt.Add(-time.Second)})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale save: got %v, want ECONFLICT", err)
	}
	if ev := e.take(); len(ev) != 0 {
		t.Fatalf("refused saves sent events: %+v", ev)
	}
	if n := len(revisions(t, e, p.ID)); n != 1 {
		t.Fatalf("refused saves kept revisions: %d", n)
	}
}
