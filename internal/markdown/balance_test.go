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
