package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// balance parses sanitized HTML the way a browser parses it inside the
// article's <div>: unclosed elements are closed, stray end tags dropped,
// misnested ones repaired. Rendering the nodes back gives a fragment that
// opens and closes only its own elements, so an author's "</div></article>"
// or unclosed <a href> cannot reach the page around it.
func balance(s string) []*html.Node {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		// Reading from a strings.Reader does not fail; keep the text safe anyway.
		return []*html.Node{{Type: html.TextNode, Data: s}}
	}
	return nodes
}

func renderNodes(nodes []*html.Node, sizeHint int) string {
	var b strings.Builder
	b.Grow(sizeHint + sizeHint/8)
	for _, n := range nodes {
		// Render fails only on write errors (none in a strings.Builder) and
		// on trees the parser does not produce.
		_ = html.Render(&b, n)
	}
	// Render closes void elements XML-style (<br/>); the HTML syntax
	// needs no slash. "/>" appears nowhere else: Render escapes ">" in
	// text and attribute values.
	return strings.ReplaceAll(b.String(), "/>", ">")
}

// paragraphEnds are the elements after which plain text starts a new
// paragraph.
var paragraphEnds = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Figure: true, atom.Figcaption: true, atom.Pre: true, atom.Tr: true,
	atom.Br: true,
}

// textOf is the plain text of nodes, with paragraph breaks, and the
// number of images among them.
func textOf(nodes []*html.Node) (text string, images int) {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Img {
				images++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && paragraphEnds[n.DataAtom] {
			b.WriteString("\n\n")
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return tidyText(b.String()), images
}

// tidyText trims every line and keeps at most one blank line in a row.
func tidyText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return b.String()
}
