package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer"
)

// The rich-text editor's browser tests: it writes the Markdown the form
// has always posted, leaves unedited bodies byte for byte as they were,
// and cleans what word processors put on the clipboard.

// editorReady waits until the editor has mounted over the textarea.
var editorReady = chromedp.WaitVisible(chromedp.CSS(`#nd-body`))

// typeKeys types into whatever has the focus, "\r" as the Enter key.
func typeKeys(s string) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for i, part := range strings.Split(s, "\r") {
		if i > 0 {
			steps = append(steps, enter)
		}
		if part != "" {
			steps = append(steps, chromedp.KeyEvent(part))
		}
	}
	return chromedp.Steps(steps...)
}

// enter presses Enter as a keyboard does: one keydown carrying the text,
// which the page may cancel. (chromedp's own Enter adds a separate char
// event that types a second line break after the editor handled the key.)
var enter = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, k := range []input.DispatchKeyEventParams{down, up} {
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, k); err != nil {
			return err
		}
	}
	return nil
})

// typeBody types into the body's rich-text editor at the end of the
// text, "\n" as Enter.
func typeBody(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		editorReady,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("body").ndEditor.focusEnd()`),
		typeKeys(strings.ReplaceAll(text, "\n", "\r")),
	)
}

// chord presses key with modifiers (Ctrl+B and so on).
func chord(key string, mods ...kb.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))
}

// TestBrowserRichTextEditor: a reporter types and formats a story with the
// keyboard, adds a link and an uploaded picture with caption and credit,
// switches to the Markdown view and back, and saves: the post holds the
// Markdown newsdesk renders as figures, headings, lists and quotes.
func TestBrowserRichTextEditor(t *testing.T) {
	a, srv := startApp(t)
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	b := browserFor(t, 3*time.Minute)
	const headline = "Council votes to reopen the river bridge"
	err := chromedp.Do(b,
		signIn(srv.URL, "olena@example.org"),
		chromedp.Navigate(srv.URL+"/newsroom/posts/new"),
		editorReady,
		chromedp.SendKeys(chromedp.CSS(`#title`), headline),
		chromedp.Click(chromedp.CSS(`#nd-body`)),
		typeKeys("KYIV — The council met "),
		chord("b", kb.ModifierCtrl), typeKeys("tonight"), chord("b", kb.ModifierCtrl),
		typeKeys(" and "), chord("i", kb.ModifierCtrl), typeKeys("voted"), chord("i", kb.ModifierCtrl), typeKeys(".\r"),
		chord("2", kb.ModifierCtrl, kb.ModifierAlt), typeKeys("What was decided\r"),
		typeKeys("- First reading\rSecond reading\r\r"),
		typeKeys("> We waited a year for this, said a driver.\r\r"),
		typeKeys("See "),
		chord("k", kb.ModifierCtrl),
		chromedp.WaitVisible(chromedp.CSS(`#nd-f-href`)),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-href`), "https://example.org/minutes"),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-text`), "the minutes"), enter,
		chromedp.WaitNotPresent(chromedp.CSS(`dialog`)),
		typeKeys(".\r"),
		chromedp.Click(chromedp.CSS(`[data-cmd=image]`)),
		chromedp.WaitVisible(chromedp.CSS(`#nd-f-file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#nd-f-file`), []string{pngFile(t)}),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-alt`), "Council"),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-caption`), "Kyiv: the vote, March 3."),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-credit`), "Olena Kravets / newsdesk"),
		chromedp.Click(chromedp.CSS(`dialog button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.nd-figure img[src^="/content/images/"]`)),
	)
	if err != nil {
		t.Fatalf("write the story: %v", err)
	}
	// A double click on the picture edits its alt text.
	err = chromedp.Do(b,
		chromedp.DoubleClick(chromedp.CSS(`.nd-figure img`)),
		chromedp.WaitVisible(chromedp.CSS(`#nd-f-alt`)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("nd-f-alt").select()`),
		chromedp.SendKeys(chromedp.CSS(`#nd-f-alt`), "The council chamber"), enter,
		chromedp.WaitNotPresent(chromedp.CSS(`dialog`)),
	)
	if err != nil {
		t.Fatalf("alt text: %v", err)
	}
	md, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^KYIV — The council met \*\*tonight\*\* and \*voted\*\.

## What was decided

- First reading
- Second reading

> We waited a year for this, said a driver\.

See \[the minutes\]\(https://example\.org/minutes\)\.

!\[The council chamber\]\(/content/images/[^)\s]+\.png\)
\*Kyiv: the vote, March 3\. \(Olena Kravets / newsdesk\)\*
$`)
	if !want.MatchString(md) {
		t.Fatalf("the textarea holds:\n%s", md)
	}

	// The Markdown view shows the same text, and what is typed there
	// comes back into the rich text.
	err = chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-cmd=source]`)),
		chromedp.WaitVisible(chromedp.CSS(`#body`)),
		chromedp.Evaluate[chromedp.Void](`(() => { const ta = document.getElementById("body"); ta.focus(); ta.setSelectionRange(ta.value.length, ta.value.length); })()`),
		typeKeys("\rTyped in **Markdown**.\r"),
		chromedp.Click(chromedp.CSS(`[data-cmd=source]`)),
		chromedp.WaitVisible(chromedp.CSS(`#nd-body p strong`)),
	)
	if err != nil {
		t.Fatalf("Markdown view: %v", err)
	}
	pressed, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("[data-cmd=source]").getAttribute("aria-pressed") + " " + (document.getElementById("body").offsetParent === null ? "hidden" : "shown")`))
	if err != nil || pressed != "false hidden" {
		t.Fatalf("after leaving the Markdown view: %q (%v)", pressed, err)
	}
	err = chromedp.Do(b, chromedp.Click(chromedp.CSS(`button[value=save]`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	p, err := a.Store.PostBySlug(context.Background(), domain.Slugify(headline))
	if err != nil {
		t.Fatal(err)
	}
	if !want.MatchString(strings.TrimSuffix(p.BodyMD, "\nTyped in **Markdown**.\n")) || !strings.HasSuffix(p.BodyMD, "*\n\nTyped in **Markdown**.\n") {
		t.Fatalf("stored body:\n%s", p.BodyMD)
	}
	if !strings.Contains(p.BodyHTML, `<figure class="figure"><img src="/content/images/`) || !strings.Contains(p.BodyHTML, `<span class="credit">(Olena Kravets / newsdesk)</span>`) {
		t.Fatalf("rendered body has no figure with its credit:\n%s", p.BodyHTML)
	}
	if dir := os.Getenv("NEWSDESK_SCREENSHOTS"); dir != "" {
		editorScreenshots(t, a, b, srv.URL, p, dir)
	}
}

// editorScreenshots saves the editor holding a full story (every form it
// models, and an HTML block it keeps as written) at phone and laptop widths.
func editorScreenshots(t *testing.T, a *App, b context.Context, base string, p *domain.Post, dir string) {
	t.Helper()
	img := regexp.MustCompile(`/content/images/[^)\s]+`).FindString(p.BodyMD)
	p.Title = "Council votes to reopen the river bridge after a year of repairs"
	p.Standfirst = "Drivers and ferry crews welcomed the decision; the first buses cross on Monday."
	p.BodyMD = "KYIV — The city council voted **42 to 3** on Tuesday night to reopen the Podilskyi bridge, closed since a barge struck one of its piers last spring. [The minutes](https://example.org/minutes) were published this morning.\n\n" +
		"![Cranes over the river at dusk](" + img + ")\n*Kyiv: repair crews on the central span, March 3. (Olena Kravets / newsdesk)*\n\n" +
		"## What was decided\n\n- Buses and trams cross from Monday, cars from 1 April\n- Lorries over 12 tonnes stay on the ring road\n- A weight sensor on every pier reports to the city\n\n" +
		"> We waited a year for this. Half my customers live on the other bank, said Iryna Melnyk, who runs a bakery by the bridge.\n\n" +
		"::: pullquote\nThe bridge is safer now than the day it opened.\n\nMykola Tkachenko, chief engineer\n:::\n\n" +
		"Engineers say the repaired pier is *stronger* than the original. The council's video of the load test:\n\n" +
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ\n*The load test, filmed from the left bank.*\n\n---\n\n" +
		"<table class=\"kg-table\"><tr><td>Closed</td><td>412 days</td></tr></table>\n"
	if err := a.Store.UpdatePost(context.Background(), p, p.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	for _, w := range []int64{1280, 390} {
		h := int64(900)
		if w < 500 {
			h = 844
		}
		err := chromedp.Do(b, chromedp.EmulateViewport(w, h), chromedp.Navigate(base+"/newsroom/posts/"+p.ID), editorReady,
			chromedp.Click(chromedp.CSS(`#nd-body h2`)), chromedp.Sleep(400*time.Millisecond))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		for _, shot := range []struct {
			name string
			act  chromedp.Action[[]byte]
		}{{"editor", chromedp.CaptureScreenshot()}, {"editor-full", chromedp.FullScreenshot(100)}} {
			png, err := chromedp.Run(b, shot.act)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", shot.name, w)), png, 0o644)
		}
	}
	// The same story in dark mode.
	dark := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return err
	})
	err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900), dark, chromedp.Navigate(base+"/newsroom/posts/"+p.ID), editorReady,
		chromedp.Click(chromedp.CSS(`#nd-body blockquote`)), chromedp.Sleep(400*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if png, err := chromedp.Run(b, chromedp.CaptureScreenshot()); err == nil {
		os.WriteFile(filepath.Join(dir, "editor-dark-1280.png"), png, 0o644)
	}
	light := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}})
		return err
	})
	if err := chromedp.Do(b, light); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int64{1280, 390} {
		err := chromedp.Do(b, chromedp.EmulateViewport(w, 844), chromedp.Navigate(base+"/newsroom/posts/new"), editorReady,
			chromedp.Click(chromedp.CSS(`#nd-body`)), chromedp.Sleep(300*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(b, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("editor-new-%d.png", w)), png, 0o644)
	}
	chromedp.Do(b, chromedp.EmulateViewport(1280, 900))
}

// importedBodies reads every importer fixture (the recorded real Ghost
// export among them) and returns the bodies converted to Markdown.
func importedBodies(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../importer/testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".json") && !strings.HasSuffix(f, ".xml") {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		im, err := importer.Open(r, importer.Options{})
		if err != nil {
			r.Close()
			t.Fatalf("%s: %v", f, err)
		}
		for ip, err := range im.Posts() {
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if strings.TrimSpace(ip.BodyMD) != "" {
				out[filepath.Base(f)+" "+ip.SourceID] = ip.BodyMD
			}
		}
		r.Close()
	}
	if len(out) < 10 {
		t.Fatalf("only %d imported bodies", len(out))
	}
	return out
}

// TestBrowserEditorKeepsImportedBodies: every imported body (raw HTML,
// cards, galleries, tables and all) opened in the editor, typed in, the
// typing undone, and saved is stored byte for byte as it was; a paragraph
// added at the end changes nothing before it.
func TestBrowserEditorKeepsImportedBodies(t *testing.T) {
	a, srv := startApp(t)
	author := addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleEditor, "Editor")
	bodies := importedBodies(t)
	b := browserFor(t, 6*time.Minute)
	if err := chromedp.Do(b, signIn(srv.URL, "olena@example.org")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := 0
	for name, body := range bodies {
		p := &domain.Post{Title: "Imported " + name, Status: domain.StatusDraft, BodyMD: body, Authors: []domain.Author{author.Author}}
		if err := p.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := a.Store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		// Type at the end, then undo: the textarea goes through the
		// editor's Markdown writer twice, and must come back to the bytes.
		err := chromedp.Do(b,
			chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
			typeBody("x"),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		typed, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
		if err != nil {
			t.Fatal(err)
		}
		if typed == body {
			t.Fatalf("%s: typing changed nothing in the textarea", name)
		}
		err = chromedp.Do(b,
			chord("z", kb.ModifierCtrl),
			chromedp.Click(chromedp.CSS(`button[value=save]`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := a.Store.PostByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.BodyMD != body {
			t.Errorf("%s: saving unedited changed the body\n--- was\n%q\n--- now\n%q", name, body, got.BodyMD)
		}
		n++
	}
	t.Logf("%d imported bodies typed in, undone and saved: byte for byte", n)

	// An edit at the end of the richest body leaves everything before it alone.
	var richest string
	for _, body := range bodies {
		if len(body) > len(richest) {
			richest = body
		}
	}
	p := &domain.Post{Title: "Imported, then edited", Status: domain.StatusDraft, BodyMD: richest, Authors: []domain.Author{author.Author}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/newsroom/posts/"+p.ID),
		editorReady,
		chromedp.Evaluate[chromedp.Void](`(() => { const ed = document.getElementById("body").ndEditor; ed.view.focus();
			const end = ed.view.state.doc.content.size; const tr = ed.view.state.tr.insert(end, ed.view.state.schema.nodes.paragraph.create(null, ed.view.state.schema.text("Added after the import.")));
			ed.view.dispatch(tr); })()`),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Store.PostByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimRight(richest, "\n") + "\n\nAdded after the import.\n"; got.BodyMD != want {
		t.Errorf("an added paragraph changed more than itself:\n--- want\n%q\n--- got\n%q", want, got.BodyMD)
	}
}

// TestBrowserEditorPaste pastes clipboard HTML as Google Docs, Word,
// LibreOffice and a web page put it there (testdata/clipboard/*.html,
// written from what those programs produce) and compares the Markdown
// with the .md file beside each.
func TestBrowserEditorPaste(t *testing.T) {
	a, srv := startApp(t)
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	files, err := filepath.Glob("testdata/clipboard/*.html")
	if err != nil || len(files) < 4 {
		t.Fatalf("clipboard fixtures: %v %v", files, err)
	}
	b := browserFor(t, 3*time.Minute)
	if err := chromedp.Do(b, signIn(srv.URL, "olena@example.org"), chromedp.Navigate(srv.URL+"/newsroom/posts/new"), editorReady); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		html, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".md")
		if err != nil {
			t.Fatal(err)
		}
		paste := `(async (html) => {
			const ta = document.getElementById("body");
			ta.value = ""; ta.dispatchEvent(new Event("change"));
			const ed = ta.ndEditor; ed.view.focus();
			const dt = new DataTransfer();
			dt.setData("text/html", html);
			dt.setData("text/plain", "plain text the paste must not use");
			ed.view.dom.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
			// Pictures pasted as data: URIs go to the media library first.
			for (let i = 0; i < 100 && /\(data:/.test(ta.value); i++) await new Promise((r) => setTimeout(r, 50));
			return ta.value;
		})(` + mustJSON(string(html)) + `)`
		got, err := chromedp.Run(b, chromedp.Evaluate[string](paste, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got = regexp.MustCompile(`/content/images/[^)\s]+`).ReplaceAllString(got, "/content/images/UPLOADED")
		if got != string(want) {
			t.Errorf("%s: pasted as\n%s\n--- want\n%s", filepath.Base(f), got, want)
		}
	}

	// A picture file on the clipboard (a screenshot, a copied image) is
	// uploaded and becomes a figure; plain Markdown text is read as such.
	pasteFile := `(async () => {
		const ta = document.getElementById("body");
		ta.value = ""; ta.dispatchEvent(new Event("change"));
		const ed = ta.ndEditor; ed.view.focus();
		const bytes = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4YWMDRww4OQArRg8Bc3oMDAAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], "screenshot.png", {type: "image/png"}));
		ed.view.dom.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		for (let i = 0; i < 100 && !/content\/images/.test(ta.value); i++) await new Promise((r) => setTimeout(r, 50));
		const dt2 = new DataTransfer();
		dt2.setData("text/plain", "## Timeline\n\n- 06:00 sirens\n- 06:40 all clear");
		ed.view.dom.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt2, bubbles: true, cancelable: true}));
		return ta.value + "|" + document.querySelectorAll("#nd-body h2, #nd-body li, #nd-body .nd-figure").length;
	})()`
	got, err := chromedp.Run(b, chromedp.Evaluate[string](pasteFile, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^!\[\]\(/content/images/[^)\s]+\.png\)\n\n## Timeline\n\n- 06:00 sirens\n- 06:40 all clear\n\|4$`).MatchString(got) {
		t.Errorf("pasted a picture file, then Markdown text: %q", got)
	}
}

// TestBrowserEditorKeyboard: the toolbar is one tab stop that arrow keys
// move inside, its toggles say their state, Esc moves between the text and
// the toolbar, and a heading and bold text can be made without a mouse.
func TestBrowserEditorKeyboard(t *testing.T) {
	a, srv := startApp(t)
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	b := browser(t)
	active := chromedp.Evaluate[string](`(() => { const e = document.activeElement; return e.id || e.getAttribute("data-cmd") || e.tagName; })()`)
	steps := []struct {
		name string
		do   chromedp.Action[chromedp.Void]
		want string
	}{
		{"title to standfirst", typeKeys("\t"), "standfirst"},
		{"standfirst to the toolbar", typeKeys("\t"), "p"},
		{"arrow right", chromedp.KeyEvent(kb.ArrowRight), "h2"},
		{"end", chromedp.KeyEvent(kb.End), "source"},
		{"home", chromedp.KeyEvent(kb.Home), "p"},
		{"toolbar to the text", typeKeys("\t"), "nd-body"},
		{"esc to the toolbar", chromedp.KeyEvent(kb.Escape), "p"},
		{"esc back to the text", chromedp.KeyEvent(kb.Escape), "nd-body"},
	}
	if err := chromedp.Do(b, signIn(srv.URL, "olena@example.org"), chromedp.Navigate(srv.URL+"/newsroom/posts/new"), editorReady, chromedp.Focus(chromedp.CSS(`#title`))); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if err := chromedp.Do(b, st.do); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := chromedp.Run(b, active)
		if err != nil || got != st.want {
			t.Fatalf("%s: focus on %q, want %q (%v)", st.name, got, st.want, err)
		}
	}
	err := chromedp.Do(b,
		chord("2", kb.ModifierCtrl, kb.ModifierAlt), typeKeys("Evacuation ordered\r"),
		chord("b", kb.ModifierCtrl), typeKeys("Leave now"),
	)
	if err != nil {
		t.Fatal(err)
	}
	pressed, err := chromedp.Run(b, chromedp.Evaluate[string](`["strong", "em", "h2"].map((c) => document.querySelector("[data-cmd=" + c + "]").getAttribute("aria-pressed")).join(" ")`))
	if err != nil || pressed != "true false false" {
		t.Fatalf("bold, italic, heading pressed: %q (%v)", pressed, err)
	}
	md, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
	if err != nil || md != "## Evacuation ordered\n\n**Leave now**\n" {
		t.Fatalf("body %q (%v)", md, err)
	}
}

// TestBrowserEditorEditsGitHubMarkdown: a paragraph with a bare URL and
// strikethrough, edited, is written back so the site reads the same link
// and the same struck text (not escaped underscores or lost tildes).
func TestBrowserEditorEditsGitHubMarkdown(t *testing.T) {
	a, srv := startApp(t)
	addUser(t, a, "Olena Kravets", "olena@example.org", domain.RoleAuthor, "Reporter")
	b := browser(t)
	err := chromedp.Do(b, signIn(srv.URL, "olena@example.org"), chromedp.Navigate(srv.URL+"/newsroom/posts/new"), editorReady,
		chromedp.Evaluate[chromedp.Void](`(() => { const ta = document.getElementById("body");
			ta.value = "| a | b |\n| - | - |\n| 1 | 2 |\n\nSee https://example.org/flood_map_v2 for the ~~old~~ new map.\n";
			ta.dispatchEvent(new Event("change")); })()`),
		typeBody(" Updated."),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`#body`)))
	if err != nil {
		t.Fatal(err)
	}
	if want := "| a | b |\n| - | - |\n| 1 | 2 |\n\nSee <https://example.org/flood_map_v2> for the ~~old~~ new map. Updated.\n"; got != want {
		t.Fatalf("edited body\n%q\nwant\n%q", got, want)
	}
}
