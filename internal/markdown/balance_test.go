package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// checkBalanced fails unless every element in s that needs an end tag has
// one, in order, and no end tag closes what s did not open.
func checkBalanced(t testing.TB, s string) {
	t.Helper()
	if err := balanced(s); err != "" {
		t.Fatalf("%s in %q", err, shorten(s))
	}
}

func shorten(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

func balanced(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				return "unclosed <" + strings.Join(open, "><") + ">"
			}
			return ""
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return "stray </" + string(name) + ">"
			}
			open = open[:len(open)-1]
		}
	}
}

// Sanitized HTML is a balanced fragment whatever the author left open or
// closed: it cannot close the page's containers or swallow what follows.
func TestSanitizeBalances(t *testing.T) {
	for in, want := range map[string]string{
		`<a href="https://evil.example/">unclosed`: `<a href="https://evil.example/">unclosed</a>`,
		`text</div></article></main> more`:         `text more`,
		`<b>bold <i>both</b> italic`:               `<b>bold <i>both</i></b><i> italic</i>`,
		`<p>one<p>two`:                             `<p>one</p><p>two</p>`,
		`<table><tr><td>cell`:                      `<table><tbody><tr><td>cell</td></tr></tbody></table>`,
		`a &lt;b&gt; c`:                            `a &lt;b&gt; c`,
		`<ul><li>a<li>b</ul></li></ul> after`:      `<ul><li>a</li><li>b</li></ul> after`,
		"<pre>\ncode\n</pre>":                      "<pre>code\n</pre>", // browsers drop that newline too
		`<img src="/x.png" alt="x"><br>`:           `<img src="/x.png" alt="x"><br>`,
	} {
		got := Sanitize(in)
		if got != want {
			t.Errorf("Sanitize(%q)\n got %q\nwant %q", in, got, want)
		}
		checkBalanced(t, got)
	}
	r := Render("<a href=\"https://evil.example/\">unclosed\n\n</div></article>\n\nand <b>bold")
	checkBalanced(t, r.HTML)
	if strings.Count(r.HTML, "</a>") != strings.Count(r.HTML, "<a ") {
		t.Errorf("links not closed: %q", r.HTML)
	}
}

// Text that reads like markup, sent as HTML entities, comes back as that
// text: escaped again for a page it shows literally and is never a tag.
func TestPlainTextOfEscapedMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"a &lt;b&gt; c":                      "a <b> c",
		"&lt;img src=x onerror=alert(1)&gt;": "<img src=x onerror=alert(1)>",
		"a <b>bold</b> &amp; c":              "a bold & c",
		"<p>one</p><p>two<br>three</p>":      "one\n\ntwo\nthree", // a <br> is one line break, as in Ghost's plain text
	} {
		got := PlainText(Sanitize(in))
		if got != want {
			t.Errorf("PlainText(Sanitize(%q)) = %q, want %q", in, got, want)
		}
		nodes, _ := html.ParseFragment(strings.NewReader(html.EscapeString(got)), nil)
		for _, n := range nodes {
			for d := range n.Descendants() {
				if d.Type == html.ElementNode && d.Data != "html" && d.Data != "head" && d.Data != "body" {
					t.Errorf("%q escaped for a page holds <%s>", got, d.Data)
				}
			}
		}
	}
}
