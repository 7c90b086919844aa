package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

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

// blockBreaks are the line breaks plain text puts before and after block
// elements, as Ghost's (html-to-text) does: two around paragraphs, lists
// and quotes, three before a heading.
var blockBreaks = map[atom.Atom][2]int{
	atom.P: {2, 2}, atom.Blockquote: {2, 2}, atom.Pre: {2, 2}, atom.Figure: {2, 2}, atom.Table: {2, 2},
	atom.Ul: {2, 2}, atom.Ol: {2, 2},
	atom.H1: {3, 2}, atom.H2: {3, 2}, atom.H3: {3, 2}, atom.H4: {3, 2}, atom.H5: {3, 2}, atom.H6: {3, 2},
	atom.Tr: {1, 1},
}

// textOf is the plain text of nodes as Ghost derives a post's: block
// elements on their own lines (paragraphs apart by a blank line, headings
// by two), list items as " * item" or "1. item", links as their text, no
// images, figure captions or rules; and the number of images among them.
func textOf(nodes []*html.Node) (text string, images int) {
	var b []byte
	owed := 0 // line breaks due before the next text
	emit := func(s string) {
		if s == "" {
			return
		}
		if len(b) == 0 {
			owed = 0
		}
		if owed > 0 {
			b = bytes.TrimRight(b, " ")
			b = append(b, strings.Repeat("\n", owed)...)
			owed = 0
		}
		b = append(b, s...)
	}
	var lists []int // open lists: -1 unordered, else the next number
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			emit(inlineText(n.Data, len(b) == 0 || owed > 0))
			return
		case html.ElementNode:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			return
		}
		switch n.DataAtom {
		case atom.Img:
			images++
			return
		case atom.Figcaption, atom.Script, atom.Style, atom.Hr:
			images += countImages(n)
			return
		case atom.Br:
			if len(b) > 0 {
				owed++
			}
			return
		case atom.Li:
			owed = max(owed, 1)
			prefix := " * "
			if k := len(lists); k > 0 && lists[k-1] >= 0 {
				prefix = strconv.Itoa(lists[k-1]) + ". "
				lists[k-1]++
			}
			emit(prefix)
		case atom.Ul:
			lists = append(lists, -1)
		case atom.Ol:
			lists = append(lists, 1)
		}
		br, block := blockBreaks[n.DataAtom]
		if block {
			owed = max(owed, br[0])
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			owed = max(owed, br[1])
		}
		if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
			lists = lists[:len(lists)-1]
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.TrimSpace(string(b)), images
}

func countImages(n *html.Node) int {
	c := 0
	if n.Type == html.ElementNode && n.DataAtom == atom.Img {
		c++
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c += countImages(k)
	}
	return c
}

// inlineText collapses the spaces of a text node; whitespace alone
// between blocks is no text. A run of spaces holding a line break stays a
// line break: Ghost keeps the newlines of the source.
func inlineText(s string, atBlockStart bool) string {
	if strings.TrimSpace(s) == "" && (atBlockStart || strings.Contains(s, "\n")) {
		return ""
	}
	if plainRun(s, atBlockStart) {
		return s // what the loop below would build, byte for byte
	}
	var b strings.Builder
	var gap string
	for _, r := range s {
		switch r {
		case '\n':
			gap = "\n"
			continue
		case ' ', '\t', '\r':
			if gap == "" {
				gap = " "
			}
			continue
		}
		if gap != "" && (b.Len() > 0 || !atBlockStart) {
			b.WriteString(gap)
		}
		gap = ""
		b.WriteRune(r)
	}
	if gap != "" && b.Len() > 0 {
		b.WriteByte(' ')
	}
	return b.String()
}

// plainRun reports whether inlineText would return s unchanged: valid
// UTF-8 holding a visible character, with no line break, tab, carriage
// return or double space, and no leading space at the start of a block.
// Most text nodes are such runs, and copying them rune by rune was a
// large part of deriving a post's plain text.
func plainRun(s string, atBlockStart bool) bool {
	if s == "" || s == " " || (atBlockStart && s[0] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\t', '\r':
			return false
		case ' ':
			if i > 0 && s[i-1] == ' ' {
				return false
			}
		}
	}
	return utf8.ValidString(s)
}
