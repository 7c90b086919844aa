package newsroom

import (
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/ghost"
	"newsdesk/internal/notify"
)

// notifyLog records the events the newsroom hands its Notifier.
type notifyLog struct {
	mu     sync.Mutex
	events []notify.Event
}

func (l *notifyLog) Notify(_ context.Context, e notify.Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
	return nil
}

func (l *notifyLog) all() []notify.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]notify.Event(nil), l.events...)
}

// An editor notes a passage of an author's draft and mentions her; she
// is told, with a link to the note; she sees the passage and replies; the
// editor resolves the thread; text stays text; readers see nothing of it.
func TestNotesThread(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	log := &notifyLog{}
	e.nr.Notifier = log
	author, editor := e.users[domain.RoleAuthor], e.users[domain.RoleEditor]
	p := e.post(author, domain.StatusDraft, "Dam holds after storm")
	ed, au := e.as(domain.RoleEditor), e.as(domain.RoleAuthor)

	res := ed.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{
		"note":    {"@" + author.Slug + " is 12 m right? <script>alert(1)</script> See https://example.org/report?a=1&b=2."},
		"passage": {"Body of Dam"},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add note: %d %s", res.StatusCode, snippet(res.body))
	}
	notes, _ := e.store.NotesOf(ctx, p.ID)
	if len(notes) != 1 || notes[0].AuthorID != editor.ID || notes[0].Passage != "Body of Dam" {
		t.Fatalf("stored notes = %+v", notes)
	}
	root := notes[0]
	if loc := res.Header.Get("Location"); loc != "/newsroom/posts/"+p.ID+"?done=noted#note-"+root.ID {
		t.Fatalf("redirect = %q", loc)
	}
	got := log.all()
	if len(got) != 1 || got[0].Kind != notify.Mentioned || len(got[0].Recipients) != 1 || got[0].Recipients[0] != author.ID ||
		got[0].ActorID != editor.ID || got[0].Path != "/newsroom/posts/"+p.ID+"#note-"+root.ID || !strings.Contains(got[0].Note, "12 m right?") {
		t.Fatalf("notifications = %+v", got)
	}

	page := au.get("/newsroom/posts/" + p.ID)
	for _, want := range []string{`id="note-` + root.ID + `"`, `<blockquote class="passage">Body of Dam</blockquote>`,
		`<span class="mention" title="The Author">@` + author.Slug + `</span>`, "&lt;script&gt;alert(1)&lt;/script&gt;",
		`<a href="https://example.org/report?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">https://example.org/report?a=1&amp;b=2</a>.`,
		`Open: 1`} {
		if !strings.Contains(page.body, want) {
			t.Fatalf("author's editor lacks %q", want)
		}
	}
	if strings.Contains(page.body, "<script>alert(1)") {
		t.Fatal("note text became markup")
	}

	res = au.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"Yes: the dam authority says 12 m."}, "parent": {root.ID}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.StatusCode, snippet(res.body))
	}
	// The author may not resolve the editor's thread, nor delete it.
	if res := au.postForm("/newsroom/posts/"+p.ID+"/notes/"+root.ID+"/resolve", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("author resolving the editor's thread: %d", res.StatusCode)
	}
	if res := ed.postForm("/newsroom/posts/"+p.ID+"/notes/"+root.ID+"/resolve", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.StatusCode, snippet(res.body))
	}
	page = au.get("/newsroom/posts/" + p.ID)
	if !strings.Contains(page.body, `<details class="thread resolved" id="note-`+root.ID+`"`) || !strings.Contains(page.body, "Resolved by The Editor") ||
		!strings.Contains(page.body, "Yes: the dam authority says 12 m.") || !strings.Contains(page.body, "Open: 0") {
		t.Fatalf("resolved thread not shown collapsed: %s", snippet(page.body))
	}

	// Bad input saves nothing and says why.
	for _, v := range []url.Values{{"note": {"   "}}, {"note": {strings.Repeat("x", domain.MaxNoteLen+1)}},
		{"note": {"Reply"}, "parent": {"nope"}}, {"note": {"Reply"}, "parent": {root.ID}, "passage": {"quote"}}} {
		res := ed.postForm("/newsroom/posts/"+p.ID+"/notes", v)
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusNotFound {
			t.Fatalf("bad note %v: %d", v, res.StatusCode)
		}
	}
	if all, _ := e.store.NotesOf(ctx, p.ID); len(all) != 2 {
		t.Fatalf("bad input saved notes: %d", len(all))
	}

	// Readers see nothing of it, nor does the preview of the public page.
	if prev := ed.get("/newsroom/posts/" + p.ID + "/preview"); prev.StatusCode != http.StatusOK || strings.Contains(prev.body, "dam authority") ||
		strings.Contains(prev.body, "12 m right") {
		t.Fatalf("preview shows notes: %d", prev.StatusCode)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range e.events {
		if ev.PostID == p.ID {
			t.Fatalf("notes sent a content event: %+v", ev)
		}
	}
}

// Mentions reach only people who can see the post; the writer is told
// who was not reached. Editing a note tells only the newly mentioned.
func TestNoteMentions(t *testing.T) {
	e := newEnv(t)
	log := &notifyLog{}
	e.nr.Notifier = log
	author, contrib, admin := e.users[domain.RoleAuthor], e.users[domain.RoleContributor], e.users[domain.RoleAdministrator]
	p := e.post(author, domain.StatusDraft, "Ferry timetable")
	ed := e.as(domain.RoleEditor)
	res := ed.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"@" + contrib.Slug + " and @" + strings.ToUpper(admin.Slug) + ", mail me@" + author.Slug}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "unseen="+contrib.ID) {
		t.Fatalf("add: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	got := log.all()
	if len(got) != 1 || len(got[0].Recipients) != 1 || got[0].Recipients[0] != admin.ID {
		t.Fatalf("notified = %+v", got)
	}
	page := ed.get(res.Header.Get("Location"))
	if !strings.Contains(page.body, "Not told, as they cannot see this post: The Contributor") {
		t.Fatalf("writer not told who was not reached: %s", snippet(page.body))
	}
	notes, _ := e.store.NotesOf(context.Background(), p.ID)
	res = ed.postForm("/newsroom/posts/"+p.ID+"/notes/"+notes[0].ID, url.Values{"note": {notes[0].Body + " cc @" + author.Slug}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, snippet(res.body))
	}
	got = log.all()
	if len(got) != 2 || len(got[1].Recipients) != 1 || got[1].Recipients[0] != author.ID {
		t.Fatalf("after the edit, notified = %+v", got)
	}
}

// Without a session every notes route is refused and changes nothing.
func TestNotesAnonymous(t *testing.T) {
	e := newEnv(t)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusDraft, "Mine")
	n := e.note(p, e.users[domain.RoleEditor], "", "Keep")
	anon := e.client()
	for _, path := range []string{"/notes", "/notes/" + n.ID, "/notes/" + n.ID + "/delete", "/notes/" + n.ID + "/resolve", "/notes/" + n.ID + "/reopen"} {
		res := anon.postForm("/newsroom/posts/"+p.ID+path, url.Values{"note": {"Anonymous"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s: %d", path, res.StatusCode)
		}
	}
	all, _ := e.store.NotesOf(context.Background(), p.ID)
	if len(all) != 1 || all[0].Body != "Keep" || all[0].Resolved() {
		t.Fatalf("anonymous requests changed notes: %+v", all)
	}
}

func TestNoteHTML(t *testing.T) {
	names := map[string]string{"olena-kravets": "Olena Kravets", "ivan": "Ivan"}
	for in, want := range map[string]string{
		"Ask @olena-kravets.":              `Ask <span class="mention" title="Olena Kravets">@olena-kravets</span>.`,
		"@Олена-Кравець, and @ivan's":      `<span class="mention" title="Olena Kravets">@Олена-Кравець</span>, and <span class="mention" title="Ivan">@ivan</span>&#39;s`,
		"@olena: mail a@ivan.org":          `<span class="mention" title="Olena Kravets">@olena</span>: mail a@ivan.org`,
		"(see www.example.org/a_(b)) & go": `(see <a href="https://www.example.org/a_(b)" target="_blank" rel="noopener noreferrer nofollow">www.example.org/a_(b)</a>) &amp; go`,
		"javascript:alert(1)\nline two":    `javascript:alert(1)<br>line two`,
		"@nobody here":                     `@nobody here`,
	} {
		if got := string(noteHTML(in, names)); got != want {
			t.Errorf("noteHTML(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}

// Every string of the notes panel, and its confirmations, reads in
// Ukrainian too.
func TestNotesUkrainian(t *testing.T) {
	b, err := templateFS.ReadFile("templates/partials/notes.html")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`L\.T "([^"]+)"`).FindAllStringSubmatch(string(b), -1)
	for _, k := range []string{"noted", "noteedited", "notedeleted", "noteresolved", "notereopened"} {
		keys = append(keys, []string{"", flashes[k]})
	}
	if len(keys) < 30 {
		t.Fatalf("found %d strings", len(keys))
	}
	for _, k := range keys {
		if _, ok := ukrainianMessages[k[1]]; !ok {
			t.Errorf("no Ukrainian for %q", k[1])
		}
	}
	// And a newsroom in Ukrainian shows them.
	e := newEnv(t)
	ctx := context.Background()
	st, _ := e.store.Settings(ctx)
	st.Language = "uk"
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	p := e.post(e.users[domain.RoleEditor], domain.StatusDraft, "Дамба витримала")
	n := e.note(p, e.users[domain.RoleEditor], "", "Перевірте висоту")
	e.store.ResolveNote(ctx, n.ID, e.users[domain.RoleEditor].ID, time.Now())
	page := e.as(domain.RoleEditor).get("/newsroom/posts/" + p.ID)
	for _, want := range []string{"Редакторські нотатки", "Відкриті: 0", "Вирішено: The Editor, ", "Залишити нотатку"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the Ukrainian editor lacks %q", want)
		}
	}
}

// The post list counts each post's open threads, linking to them.
func TestNotesInPostList(t *testing.T) {
	e := newEnv(t)
	p := e.post(e.users[domain.RoleAuthor], domain.StatusDraft, "Ferry timetable")
	ed := e.users[domain.RoleEditor]
	e.note(p, ed, "", "One")
	e.note(p, ed, "", "Two")
	done := e.note(p, ed, "", "Three")
	e.store.ResolveNote(context.Background(), done.ID, ed.ID, time.Now())
	page := e.as(domain.RoleAuthor).get("/newsroom/")
	if !strings.Contains(page.body, `<a class="notes-badge" href="/newsroom/posts/`+p.ID+`#notes" title="Open notes: 2">`) {
		t.Fatalf("post list without the open notes: %s", snippet(page.body))
	}
}

// Neither Ghost API says anything of a post's notes: not the Content
// API's posts, nor the Admin API's (formats html, mobiledoc, lexical).
func TestNotesNotInGhostAPIs(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := e.post(e.users[domain.RoleEditor], domain.StatusPublished, "Dam holds")
	e.note(p, e.users[domain.RoleEditor], "", "SECRET-NOTE embargoed source")
	key, _ := domain.NewIntegration("Desk bot", domain.RoleAdministrator)
	if err := e.store.CreateIntegration(ctx, key); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ghost.New(ghost.Deps{Store: e.store, Events: events.NewBus(), SiteURL: "http://newsroom.test"}).Register(mux)
	api := httptest.NewServer(mux)
	defer api.Close()
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "aud": "/admin/"})
	tok.Header["kid"] = key.AdminKeyID
	secret, _ := hex.DecodeString(key.AdminSecret)
	signed, _ := tok.SignedString(secret)
	for _, path := range []string{
		"/ghost/api/content/posts/?key=" + key.ContentKey + "&include=authors,tags&formats=html,plaintext",
		"/ghost/api/content/posts/" + p.ID + "/?key=" + key.ContentKey,
		"/ghost/api/admin/posts/?formats=html,mobiledoc,lexical&include=authors,tags",
		"/ghost/api/admin/posts/" + p.ID + "/?formats=html,mobiledoc,lexical",
	} {
		req, _ := http.NewRequest("GET", api.URL+path, nil)
		if strings.Contains(path, "/admin/") {
			req.Header.Set("Authorization", "Ghost "+signed)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "Dam holds") {
			t.Fatalf("%s: %d %s", path, res.StatusCode, snippet(string(b)))
		}
		if strings.Contains(string(b), "SECRET-NOTE") {
			t.Fatalf("%s shows a note", path)
		}
	}
}
