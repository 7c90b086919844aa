package markdown

import (
	"strings"
	"testing"
)

// Ordinary news text, however long, reaches goldmark exactly as written.
func TestBoundLeavesOrdinaryTextAlone(t *testing.T) {
	bodies := []string{
		"KYIV — The council met on *Tuesday*. It's the city's “largest” project since '90s.\n\n> \"We will rebuild,\" she said.\n> — *Mayor*\n\n- one\n- two\n  - nested **bold**\n    1. deeper\n\n1) first\n2) second\n\n---\n\n* * *\n",
		"See [the report](https://example.org/report?id=1&x=(2)) and [this one][ref], or <https://example.org>.\n\n[ref]: https://example.org/ref \"Title\"\n",
		"| Party | Seats |\n|:------|------:|\n| A | 12 |\n| B | 7 |\n",
		"```go\nfunc main() { fmt.Println(\"a `b` c\") }\n```\n\nInline `code` and ``co`de``, ~~struck~~, www.example.org and http://example.org/path.\n",
		"<figure><img src=\"/x.jpg\" alt=\"x\"><figcaption>Caption</figcaption></figure>\n\n# Heading\n\nSetext\n======\n",
		strings.Repeat("A long paragraph with *emphasis*, _more_, **strong**, a [link](/a/), \"quotes\" and it's apostrophes. ", 2000),
		strings.Repeat("> A quote line with [a link](https://example.org/x) and *em*.\n", 500),
		strings.Repeat("- item with `code` and [link](/x)\n", 2000),
	}
	for _, b := range bodies {
		if got := bound(b); got != b {
			t.Errorf("bound changed ordinary text:\n%q\n->\n%q", shorten(b), shorten(got))
		}
	}
}

// Each rule rewrites what it must and the words stay.
func TestBoundRules(t *testing.T) {
	deep := strings.Repeat("> ", 20) + "text"
	got := bound(deep)
	if !strings.Contains(got, `\>`) || !strings.HasSuffix(got, "text") {
		t.Errorf("20 nested quotes: %q", got)
	}
	r := Render(deep)
	if n := strings.Count(r.HTML, "<blockquote>"); n != maxNesting {
		t.Errorf("%d blockquotes, want %d", n, maxNesting)
	}
	if strings.Count(bound(strings.Repeat("- ", 30)+"\n"), `\`) != 0 {
		t.Error("a thematic break of 30 dashes was rewritten")
	}
	long := strings.Repeat("[a](", 5000)
	if r := Render(long); r.Plaintext != strings.TrimSpace(long) {
		t.Errorf("unclosed links lose text: %q", shorten(r.Plaintext))
	}
	quotes := strings.Repeat(`"`, 100)
	if r := Render(quotes); r.Plaintext != quotes {
		t.Errorf("quotes: %q", r.Plaintext)
	}
}

// Imported HTML bodies are one HTML block: bound copies them untouched,
// links to www. sites included.
func TestBoundLeavesHTMLBlocksAlone(t *testing.T) {
	body := "<div>\n" + strings.Repeat("<p>See <a href=\"https://www.example.org/a_b\">www.example.org</a> and [x](y) *a_ ``</p>\n", 400) + "</div>"
	if got := bound(body); got != body {
		t.Errorf("bound changed an HTML block:\n%q", shorten(got))
	}
}
