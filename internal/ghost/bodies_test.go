package ghost

import (
	"strings"
	"testing"
)

// Bodies sent as HTML, Lexical or Mobiledoc are stored as readable
// Markdown, not as one block of raw HTML, and render to the same text.
func TestAdminBodiesBecomeMarkdown(t *testing.T) {
	e := newEnv(t)
	lexical := `{"root":{"type":"root","version":1,"children":[
		{"type":"heading","tag":"h2","version":1,"children":[{"type":"text","text":"From Lexical","format":0,"version":1}]},
		{"type":"paragraph","version":1,"children":[{"type":"text","text":"Bold words","format":1,"version":1},{"type":"text","text":" and plain.","format":0,"version":1}]}]}}`
	mobiledoc := `{"version":"0.3.1","atoms":[],"cards":[],"markups":[["em"]],"sections":[[1,"p",[[0,[],0,"Mobiledoc "],[0,[0],1,"italic"],[0,[],0," text."]]]]}`
	cases := []struct {
		name, query string
		post        map[string]any
		md, html    []string
	}{
		{"html", "?source=html", map[string]any{"html": "<h2>Council</h2><p>The <em>first</em> paragraph.</p><ul><li>one</li><li>two</li></ul><script>alert(1)</script>"},
			[]string{"## Council", "*first*", "- one"}, []string{"<h2", "<em>first</em>", "<li>two</li>"}},
		{"lexical", "", map[string]any{"lexical": lexical}, []string{"## From Lexical", "**Bold words**"}, []string{"<strong>Bold words</strong>"}},
		{"mobiledoc", "", map[string]any{"mobiledoc": mobiledoc}, []string{"*italic*"}, []string{"<em>italic</em>"}},
	}
	for _, c := range cases {
		c.post["title"] = "Body as " + c.name
		code, out := e.adminAPI("POST", "posts/"+c.query, map[string]any{"posts": []any{c.post}})
		if code != 201 {
			t.Fatalf("%s: %d %v", c.name, code, out)
		}
		id := out["posts"].([]any)[0].(map[string]any)["id"].(string)
		html := out["posts"].([]any)[0].(map[string]any)["html"].(string)
		p, err := e.store.PostByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range c.md {
			if !strings.Contains(p.BodyMD, want) {
				t.Errorf("%s: stored Markdown lacks %q:\n%s", c.name, want, p.BodyMD)
			}
		}
		if strings.Contains(p.BodyMD, "<p>") || strings.Contains(p.BodyMD, "script") {
			t.Errorf("%s: stored body is raw HTML or kept a script:\n%s", c.name, p.BodyMD)
		}
		for _, want := range c.html {
			if !strings.Contains(html, want) {
				t.Errorf("%s: rendered html lacks %q:\n%s", c.name, want, html)
			}
		}
	}
	code, out := e.adminAPI("POST", "posts/", map[string]any{"posts": []any{map[string]any{"title": "Bad", "lexical": "{not json"}}})
	if code != 422 {
		t.Fatalf("malformed lexical: %d %v", code, out)
	}
}
