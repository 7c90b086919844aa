package newsroom

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"golang.org/x/net/html"

	"newsdesk/internal/domain"
)

// The catalogue test fails when a newsroom string has no Ukrainian: a key
// used in a template or in Go, text or a user-visible attribute left in a
// template outside $.L.T, a flash, an error message the newsroom can
// show, a label of a kind, status or role. Its failure lists the strings,
// ready to paste into ukrainianMessages (i18n_uk.go).

// untranslatable are texts that read the same in both languages: names,
// symbols, examples. Keep it short.
var untranslatable = map[string]bool{
	"newsdesk": true, "Ghost": true, "Markdown": true, "RSS": true, "JSON": true, "CSV": true,
	"URL": true, "API": true, "Admin API": true, "Content API": true, "HTML": true, "ID": true,
	"English": true, "Українська": true, "YouTube": true, "Vimeo": true, "X": true, "Telegram": true,
	"Instagram": true, "Facebook": true, "Webhook": true, "%d ms": true, "%.1f s": true, "Email": false,
	"/author/…/": true, "/tag/…/": true, "B": true, "I": true, "H2": true, "H3": true, "UTC": true,
	"%s · %s": true, "%s (%s)": true, "https://": true, "OK": true, "Ctrl/Cmd+S": true, "%s": true, "HTTP": true, "Ctrl/Cmd+Enter": true, "/author/": true, "%s %s.": true,
	"redirects.json": true, "WordPress": true, "smtp.example.org": true, "Newsroom <newsroom@example.org>": true,
}

// errorSources are the packages whose domain errors the newsroom shows.
var errorSources = []string{"../domain", "../storage", "../publish", "../auth", "../media", "../redirect", "../webhooks", "."}

var (
	goString   = `("(?:[^"\\\n]|\\.)*"|` + "`[^`]*`" + `)`
	goTCall    = regexp.MustCompile(`\.T\(\s*` + goString)
	goNCall    = regexp.MustCompile(`\.N\([^,()]+(?:\([^()]*\))?,\s*` + goString + `,\s*` + goString)
	goTitle    = regexp.MustCompile(`(?:"(?:PageTitle|Error|FileError|Flash)":\s*|\["(?:PageTitle|Error|FileError|Flash)"\]\s*=\s*|n\.fail\([^"\n]*|\b(?:refuse|fail)\()` + goString)
	goErrorf   = regexp.MustCompile(`(?:\bErrorf\(\s*[\w.]+,\s*|\bFieldError\(\s*(?:"[^"]*"|[\w.]+),\s*|\bforbidden\(\s*)` + goString)
	goMessage  = regexp.MustCompile(`Message:\s*` + goString)
	fmtErrorf  = regexp.MustCompile(`(?:fmt|errors)\.(?:Errorf|New)\(\s*$`)
	formatVerb = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)
)

func unquote(t *testing.T, lit string) string {
	s, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatalf("unquote %s: %v", lit, err)
	}
	return s
}

// catalogueKeys is every newsroom string that must have Ukrainian, with
// where it was found.
func catalogueKeys(t *testing.T) (keys map[string]string, untranslated []string) {
	keys = map[string]string{}
	add := func(k, where string) {
		if k = strings.TrimSpace(k); k != "" && !untranslatable[k] && keys[k] == "" {
			keys[k] = where
		}
	}
	// Templates: the keys of $.L.T and $.L.N, and literal text.
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, _ := fs.ReadFile(templateFS, p)
		k, u := templateStrings(t, p, string(src))
		for _, s := range k {
			add(s, p)
		}
		untranslated = append(untranslated, u...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Go: locale calls and page titles in the newsroom; domain errors in
	// every package whose errors reach it.
	for _, dir := range errorSources {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		if dir == "../storage" {
			more, _ := filepath.Glob("../storage/sqlstore/*.go")
			files = append(files, more...)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := string(b)
			res := []*regexp.Regexp{goErrorf, goMessage}
			if dir == "." {
				res = append(res, goTCall, goTitle)
			}
			for _, re := range res {
				for _, m := range re.FindAllStringSubmatchIndex(src, -1) {
					if re == goErrorf && (fmtErrorf.MatchString(src[max(0, m[0]-12):m[0]+1]) || strings.HasPrefix(src[max(0, m[0]-4):m[0]], "fmt")) {
						continue
					}
					add(unquote(t, src[m[2]:m[3]]), f)
				}
			}
			if dir == "." {
				for _, m := range goNCall.FindAllStringSubmatch(src, -1) {
					add(unquote(t, m[1]), f)
				}
			}
		}
	}
	// The error page's title is the status's name.
	for _, code := range []int{400, 401, 403, 404, 409, 413, 429, 500, 503} {
		add(http.StatusText(code), "http.StatusText (error page title)")
	}
	for _, k := range jsMessages {
		add(k, "jsMessages (newsroom.js)")
	}
	for _, k := range editorMessages {
		add(k, "editorMessages (web/editor)")
	}
	for k, where := range editorKeys(t) {
		add(k, where)
	}
	for _, msg := range flashes {
		add(msg, "flashes")
	}
	for _, k := range domain.Kinds {
		add(k.Label(), "domain.Kind.Label")
	}
	for _, s := range []domain.Status{domain.StatusDraft, domain.StatusScheduled, domain.StatusPublished} {
		add(strings.ToUpper(string(s)[:1])+string(s)[1:], "status (title)")
	}
	for _, r := range domain.Roles {
		add(strings.ToUpper(string(r)[:1])+string(r)[1:], "role (title)")
	}
	return keys, untranslated
}

// jsTCall is a call of the editor's t with a literal key.
var jsTCall = regexp.MustCompile(`\bt\(\s*("(?:[^"\\\n]|\\.)*")`)

// editorKeys are the keys the rich-text editor's sources (web/editor/src)
// translate with t("…"), with the file each is in.
func editorKeys(t *testing.T) map[string]string {
	files, err := filepath.Glob("../../web/editor/src/*.js")
	if err != nil || len(files) == 0 {
		t.Fatalf("no editor sources in ../../web/editor/src (%v)", err)
	}
	keys := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range jsTCall.FindAllStringSubmatch(string(b), -1) {
			if k := unquote(t, m[1]); keys[k] == "" {
				keys[k] = f
			}
		}
	}
	return keys
}

// TestEditorMessages: every string the editor translates reaches it, that
// is, is in editorMessages, which the layout's JSON block carries.
func TestEditorMessages(t *testing.T) {
	keys := editorKeys(t)
	if len(keys) < 40 {
		t.Fatalf("found only %d t(\"…\") keys in the editor's sources", len(keys))
	}
	var missing []string
	for k, where := range keys {
		if !slices.Contains(editorMessages, k) && !untranslatable[k] {
			missing = append(missing, fmt.Sprintf("%q, // %s", k, where))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("%d editor strings are not in editorMessages (i18n.go), so the editor never gets their translation:\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
	for _, k := range editorMessages {
		if _, ok := keys[k]; !ok {
			t.Errorf("editorMessages has %q, which the editor no longer uses", k)
		}
	}
	js := newsroomUkrainian.JS()["messages"].(map[string]string)
	if js["Bold"] != "Жирний" || js["Cancel"] != "Скасувати" {
		t.Errorf("the Ukrainian JSON block lacks the editor's strings: Bold %q, Cancel %q", js["Bold"], js["Cancel"])
	}
}

// visibleAttrs are the attributes people read or hear.
var visibleAttrs = map[string]bool{"title": true, "aria-label": true, "placeholder": true, "alt": true, "data-confirm": true}

// templateStrings returns the keys a template translates and the text it
// leaves untranslated. Actions become a placeholder in the HTML, so what
// is left between tags and in attributes is literal template text.
func templateStrings(t *testing.T, name, src string) (keys, untranslated []string) {
	trees, err := parse.Parse(name, src, "{{", "}}", map[string]any{})
	if err != nil {
		// Functions are not known here; parse without checking them.
		tr := parse.New(name)
		tr.Mode = parse.SkipFuncCheck | parse.ParseComments
		trees = map[string]*parse.Tree{}
		if _, err := tr.Parse(src, "{{", "}}", trees); err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
	}
	const hole = "\x00"
	var b strings.Builder
	var walk func(parse.Node)
	walkList := func(l *parse.ListNode) {
		if l != nil {
			for _, n := range l.Nodes {
				walk(n)
			}
		}
	}
	command := func(c *parse.CommandNode) {
		if len(c.Args) == 0 {
			return
		}
		var ident []string
		switch f := c.Args[0].(type) {
		case *parse.FieldNode:
			ident = f.Ident
		case *parse.VariableNode:
			ident = f.Ident
		}
		if len(ident) < 2 || ident[len(ident)-2] != "L" {
			return
		}
		var strs []string
		for _, a := range c.Args[1:] {
			if s, ok := a.(*parse.StringNode); ok {
				strs = append(strs, s.Text)
			}
		}
		switch ident[len(ident)-1] {
		case "T":
			if len(strs) > 0 {
				keys = append(keys, strs[0])
			}
		case "N": // the one form keys all three
			if len(strs) > 0 {
				keys = append(keys, strs[0])
			}
		}
	}
	var pipe func(p *parse.PipeNode)
	pipe = func(p *parse.PipeNode) {
		if p == nil {
			return
		}
		for _, c := range p.Cmds {
			command(c)
			for _, a := range c.Args {
				if pn, ok := a.(*parse.PipeNode); ok {
					pipe(pn)
				}
			}
		}
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.TextNode:
			b.Write(n.Text)
		case *parse.ActionNode:
			b.WriteString(hole)
			pipe(n.Pipe)
		case *parse.IfNode:
			b.WriteString(hole)
			pipe(n.Pipe)
			walkList(n.List)
			b.WriteString(hole)
			walkList(n.ElseList)
			b.WriteString(hole)
		case *parse.RangeNode:
			b.WriteString(hole)
			pipe(n.Pipe)
			walkList(n.List)
			b.WriteString(hole)
			walkList(n.ElseList)
			b.WriteString(hole)
		case *parse.WithNode:
			b.WriteString(hole)
			pipe(n.Pipe)
			walkList(n.List)
			b.WriteString(hole)
			walkList(n.ElseList)
			b.WriteString(hole)
		case *parse.TemplateNode:
			b.WriteString(hole)
			pipe(n.Pipe)
		case *parse.ListNode:
			walkList(n)
		}
	}
	for _, tr := range trees {
		walkList(tr.Root)
		b.WriteString("\n")
	}
	hasWords := func(s string) bool {
		s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, hole, " "), "\uFFFD", " "))
		if s == "" || untranslatable[s] || strings.ContainsAny(s[:1], "/^#@") || strings.HasPrefix(s, "http") {
			return false
		}
		return strings.IndexFunc(s, unicode.IsLetter) >= 0
	}
	z := html.NewTokenizer(strings.NewReader(b.String()))
	var raw string // inside <script>, <style> or <code>
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if raw == "" && hasWords(tok.Data) {
				untranslated = append(untranslated, fmt.Sprintf("%s: text %q", name, strings.TrimSpace(strings.ReplaceAll(tok.Data, hole, "{{…}}"))))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if tok.Data == "script" || tok.Data == "style" || tok.Data == "code" {
				raw = tok.Data
			}
			submit := tok.Data == "input" && slices.ContainsFunc(tok.Attr, func(a html.Attribute) bool {
				return a.Key == "type" && (a.Val == "submit" || a.Val == "button")
			})
			for _, a := range tok.Attr {
				if (visibleAttrs[a.Key] || submit && a.Key == "value") && hasWords(a.Val) {
					untranslated = append(untranslated, fmt.Sprintf("%s: <%s %s=%q>", name, tok.Data, a.Key, strings.ReplaceAll(strings.ReplaceAll(a.Val, hole, "{{…}}"), "\uFFFD", "{{…}}")))
				}
			}
		case html.EndTagToken:
			if tok.Data == raw {
				raw = ""
			}
		}
	}
	return keys, untranslated
}

func verbs(s string) string {
	v := formatVerb.FindAllString(s, -1)
	for i := range v {
		v[i] = v[i][len(v[i])-1:] // %[2]s and %s take the same argument kind
	}
	sort.Strings(v)
	return strings.Join(v, "")
}

func TestCatalogue(t *testing.T) {
	keys, untranslated := catalogueKeys(t)
	if len(untranslated) > 0 {
		sort.Strings(untranslated)
		t.Errorf("%d texts in templates are not translated: write them as {{$.L.T \"English\"}} and add the Ukrainian to ukrainianMessages (i18n_uk.go):\n\t%s",
			len(untranslated), strings.Join(untranslated, "\n\t"))
	}
	var missing []string
	for k, where := range keys {
		if _, ok := ukrainianMessages[k]; !ok {
			missing = append(missing, fmt.Sprintf("%q: \"\", // %s", k, where))
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("%d newsroom strings have no Ukrainian in ukrainianMessages (i18n_uk.go):\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
	for k, v := range ukrainianMessages {
		forms := strings.Split(v, "|")
		switch {
		case strings.TrimSpace(v) == "":
			t.Errorf("empty Ukrainian for %q", k)
		case v == k && !untranslatable[k]:
			t.Errorf("the Ukrainian for %q is the English text; add it to untranslatable if that is right", k)
		case strings.Contains(v, "|") && (len(forms) != 3 || slices.Contains(forms, "")):
			t.Errorf("the Ukrainian for %q needs three forms, one|few|many: %q", k, v)
		}
		for _, f := range forms {
			if verbs(f) != verbs(k) {
				t.Errorf("the Ukrainian for %q has other format verbs (%q) than the English", k, f)
			}
		}
	}
}
