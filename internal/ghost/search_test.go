package ghost

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// The Content API's search extension finds words in bodies, public posts
// only, pages by cursor, and refuses what it cannot do with a 422.
func TestContentSearch(t *testing.T) {
	e := newEnv(t)
	code, out, _ := e.content("posts/?search=" + url.QueryEscape("stories Kyiv") + "&limit=8&fields=title")
	if code != http.StatusOK {
		t.Fatalf("search: %d %v", code, out)
	}
	seen := map[string]bool{}
	for pages := 0; ; pages++ {
		for _, p := range out["posts"].([]any) {
			title := p.(map[string]any)["title"].(string)
			if seen[title] {
				t.Fatalf("%s twice", title)
			}
			seen[title] = true
		}
		next := out["meta"].(map[string]any)["search"].(map[string]any)["next"]
		if next == nil || pages > 5 {
			break
		}
		code, out, _ = e.content("posts/?search=" + url.QueryEscape("stories Kyiv") + "&limit=8&fields=title&after=" + url.QueryEscape(next.(string)))
		if code != http.StatusOK {
			t.Fatalf("next page: %d %v", code, out)
		}
	}
	if len(seen) != 20 || seen["Secret draft"] {
		t.Errorf("search found %d posts (draft: %v), want the 20 published", len(seen), seen["Secret draft"])
	}
	code, out, _ = e.content(`posts/?search=%22story+19%22`)
	if posts := out["posts"].([]any); code != http.StatusOK || len(posts) != 1 {
		t.Errorf("phrase search: %d, %d posts", code, len(posts))
	}
	for _, q := range []string{"search=x&filter=tag:world", "search=x&page=2", "search=x&after=nonsense",
		"search=" + url.QueryEscape(fmt.Sprintf("%0201d", 0))} {
		if code, out, _ := e.content("posts/?" + q); code != http.StatusUnprocessableEntity || errType(out) != "ValidationError" {
			t.Errorf("%s: %d %v", q, code, out)
		}
	}
}
