package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// An author's body with an unclosed link, stray closing tags and an
// unclosed <b> stays inside its own story on the News Feed: the next
// story's byline and headline are not turned into links or bold text,
// and the stories stay siblings.
func TestUnbalancedBodyStaysInItsStory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var author domain.Author
	for _, u := range e.fix.Authors {
		author = u.Author
		break
	}
	p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Language: "en",
		Title:       "Council answers questions",
		BodyMD:      "The council <a href=\"https://evil.example/\">answered questions\n\n</div></article></main>\n\nand <b>then</b></b></p></li> left <b>early",
		PublishedAt: time.Now().Add(-time.Second), Authors: []domain.Author{author}}
	markdown.Apply(p)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	code, body, _ := e.get(t, "/")
	if code != 200 {
		t.Fatalf("home: %d", code)
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var stories []*html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "article" && hasClass(n, "item") {
			stories = append(stories, n)
		}
	}
	var hostile *html.Node
	for i, s := range stories {
		if attr(s, "data-id") == p.ID {
			hostile = s
			if i+1 >= len(stories) {
				t.Fatal("no story after the hostile one")
			}
			if next := stories[i+1]; next.Parent != s.Parent {
				t.Errorf("the next story is not a sibling of the hostile one: it sits in <%s>", next.Parent.Data)
			}
		}
	}
	if hostile == nil {
		t.Fatalf("the hostile story is not on the home page")
	}
	for _, s := range stories {
		if s == hostile {
			continue
		}
		for n := range s.Descendants() {
			if n.Type != html.ElementNode || !(hasClass(n, "byline") || hasClass(n, "headline")) {
				continue
			}
			for a := n.Parent; a != nil; a = a.Parent {
				if a.Type == html.ElementNode && (a.Data == "a" || a.Data == "b") {
					t.Errorf("%q of story %s sits inside <%s href=%q>", nodeText(n), attr(s, "data-id"), a.Data, attr(a, "href"))
				}
			}
		}
	}
	// The body keeps its words and its link, closed where the author's
	// paragraph ends.
	if !strings.Contains(nodeText(hostile), "left early") {
		t.Errorf("the body lost its words: %q", nodeText(hostile))
	}
}

func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
