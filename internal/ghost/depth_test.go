package ghost

import (
	"net/url"
	"strings"
	"testing"
)

// TestPageDepthBound: pages past storage.MaxPageDepth posts are a 400
// that says how to read on, on both APIs.
func TestPageDepthBound(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"posts/?limit=15&page=667", "posts/?limit=100&page=101", "posts/?page=1000000"} {
		code, out, _ := e.content(path)
		if code != 400 || errType(out) != "ValidationError" || !strings.Contains(errMessage(out), "published_at:<") {
			t.Errorf("content %s: %d %v", path, code, out)
		}
		code, out = e.adminAPI("GET", path, nil)
		if code != 400 || errType(out) != "ValidationError" {
			t.Errorf("admin %s: %d %v", path, code, out)
		}
	}
	// The deepest allowed page is an ordinary, empty page.
	if code, out, _ := e.content("posts/?limit=15&page=666"); code != 200 || len(out["posts"].([]any)) != 0 {
		t.Errorf("deepest page: %d %v", code, out)
	}
	// Reading on by date from the last post of page 1.
	_, out, _ := e.content("posts/?limit=15")
	list := out["posts"].([]any)
	last := list[len(list)-1].(map[string]any)["published_at"].(string)
	code, out, _ := e.content("posts/?limit=15&filter=" + url.QueryEscape("published_at:<'"+last+"'"))
	if code != 200 || len(out["posts"].([]any)) != 5 {
		t.Errorf("read on from %s: %d %v", last, code, out)
	}
}
