package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// TestBrowserEditorNotes: an editor selects a passage of a reporter's
// draft in the rich-text editor, presses "Note on selection" and leaves a
// note mentioning her, picked from the suggestions with the keyboard; the
// reporter sees the note under the quoted passage and replies; the editor
// resolves the thread, which collapses. Readers never see any of it.
func TestBrowserEditorNotes(t *testing.T) {
	a, srv := startApp(t)
	ctx := context.Background()
	ed := addUser(t, a, "Iryna Savchuk", "iryna@example.org", domain.RoleEditor, "Editor")
	rep := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	p := &domain.Post{Kind: domain.KindArticle, Title: "Dam holds after the storm", Standfirst: "Engineers inspected the dam overnight.",
		BodyMD:  "RIVERTON — The river rose by 12 metres overnight, the highest in forty years.\n\nThe dam held, engineers said.",
		Authors: []domain.Author{rep.Author}, Tags: []domain.Tag{{Name: "City"}}}
	if err := a.Publisher.Create(ctx, publish.Actor{User: rep}, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	b := browserFor(t, 3*time.Minute)
	// Select "by 12 metres" in the rich text, as a mouse would.
	selectWords := chromedp.Evaluate[chromedp.Void](`(() => {
		const root = document.getElementById("nd-body");
		const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		let n; while ((n = walk.nextNode()) && !n.data.includes("by 12 metres")) {}
		const i = n.data.indexOf("by 12 metres"), r = document.createRange();
		r.setStart(n, i); r.setEnd(n, i + "by 12 metres".length);
		root.focus();
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
	})()`)
	err := chromedp.Do(b, signIn(srv.URL, "iryna@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		editorReady,
		chromedp.WaitVisible(chromedp.CSS(`[data-note-selection]`)),
		selectWords,
		chromedp.Sleep(100*time.Millisecond),
		chromedp.Click(chromedp.CSS(`[data-note-selection]`)),
		chromedp.WaitVisible(chromedp.CSS(`#note-text:focus`)),
		typeKeys("@olen"),
		chromedp.WaitVisible(chromedp.CSS(`.mention-pop [role=option][aria-selected=true]`)),
		enter,
		typeKeys("is this right? The agency said 11."),
	)
	if err != nil {
		t.Fatalf("write the note: %v", err)
	}
	passage, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#note-passage`)))
	note, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#note-text`)))
	if passage != "by 12 metres" || note != "@olena-kravets is this right? The agency said 11." {
		t.Fatalf("note form: passage %q, note %q", passage, note)
	}
	// Typing a note is not an edit of the story: no leave-page warning.
	if err := chromedp.Do(b, submit(`button[form=note-add]`, `.flash`)); err != nil {
		t.Fatalf("add the note: %v", err)
	}
	notes, _ := a.Store.NotesOf(ctx, p.ID)
	if len(notes) != 1 || notes[0].Passage != "by 12 metres" || notes[0].AuthorID != ed.ID {
		t.Fatalf("stored: %+v", notes)
	}
	root := notes[0]

	two := secondBrowser(t, b)
	err = chromedp.Do(two, signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID+"#note-"+root.ID),
		chromedp.WaitVisible(chromedp.CSS(`#note-`+root.ID+` blockquote.passage`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	quote, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`#note-`+root.ID+` blockquote.passage`)))
	mention, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`#note-`+root.ID+` .mention`)))
	count, _ := chromedp.Run(two, chromedp.Text(chromedp.CSS(`#notes-open`)))
	if quote != "by 12 metres" || mention != "@olena-kravets" || !strings.Contains(count, "1") {
		t.Fatalf("the reporter sees %q / %q / %q", quote, mention, count)
	}
	err = chromedp.Do(two,
		chromedp.Click(chromedp.CSS(`#note-`+root.ID+` details.reply summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#reply-`+root.ID)),
		chromedp.SendKeys(chromedp.CSS(`#reply-`+root.ID), "Checked with the agency: 12 m is right, their release had a typo."),
		submit(`button[form=note-reply-`+root.ID+`]`, `.flash`),
	)
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		a.Store.AddNote(ctx, &domain.Note{PostID: p.ID, AuthorID: ed.ID, Body: "Headline: say which dam. See https://example.org/style#headlines"})
		shootNotes(t, b, srv.URL+"/newsroom/posts/"+p.ID, "editor-notes", root.ID)
	}
	err = chromedp.Do(b, chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		chromedp.WaitVisible(chromedp.CSS(`#note-`+root.ID+` .replies`)),
		submit(`button[form=note-resolve-`+root.ID+`]`, `details.thread.resolved#note-`+root.ID),
	)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	open, _ := chromedp.Run(b, chromedp.Evaluate[bool](`document.querySelector("#note-`+root.ID+`").open`))
	if open {
		t.Fatal("a resolved thread is shown open")
	}
	if got, _ := a.Store.NoteByID(ctx, root.ID); !got.Resolved() || got.ResolvedBy != ed.ID {
		t.Fatalf("resolved: %+v", got)
	}
	if os.Getenv("NEWSDESK_SCREENSHOTS") != "" {
		shootNotes(t, b, srv.URL+"/newsroom/posts/"+p.ID, "editor-notes-resolved", root.ID)
	}
}

// shootNotes saves the editor at 1280 pixels (the whole page) and at 390
// (the screen a phone shows at the thread) into $NEWSDESK_SCREENSHOTS.
func shootNotes(t *testing.T, b context.Context, url, name, noteID string) {
	t.Helper()
	shootWorkflow(t, b, "", name, url)
	dir := os.Getenv("NEWSDESK_SCREENSHOTS")
	err := chromedp.Do(b, chromedp.EmulateViewport(390, 844), chromedp.Navigate(url+"#notes"), chromedp.WaitVisible(chromedp.CSS(`#notes`)),
		chromedp.Sleep(400*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dir+"/"+name+"-390.png", png, 0o644)
	chromedp.Do(b, chromedp.EmulateViewport(1280, 900))
}

// addA11yNotes gives p editors' notes of every kind, so the accessibility
// suite checks the notes panel: a thread on a passage with a reply, one
// with a link and a mention, and a resolved one.
func addA11yNotes(t *testing.T, a *App, p *domain.Post) {
	t.Helper()
	ctx := context.Background()
	by := p.Authors[0].ID
	first := &domain.Note{PostID: p.ID, AuthorID: by, Body: "Which agency gave this figure?", Passage: p.Title}
	if err := a.Store.AddNote(ctx, first); err != nil {
		t.Fatal(err)
	}
	for _, n := range []*domain.Note{
		{PostID: p.ID, ParentID: first.ID, AuthorID: by, Body: "The port authority; see https://example.org/release."},
		{PostID: p.ID, AuthorID: by, Body: "@" + p.Authors[0].Slug + " please add the time of the vote."},
		{PostID: p.ID, AuthorID: by, Body: "Headline checked."},
	} {
		if err := a.Store.AddNote(ctx, n); err != nil {
			t.Fatal(err)
		}
		if n.Body == "Headline checked." {
			a.Store.ResolveNote(ctx, n.ID, by, time.Now())
		}
	}
}
