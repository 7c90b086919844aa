package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// lexFormat is a Lexical node's format: a bit set on text nodes, an
// alignment name on element nodes (which newsdesk ignores).
type lexFormat int

func (f *lexFormat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && (b[0] >= '0' && b[0] <= '9' || b[0] == '-') {
		v, err := strconv.Atoi(string(b))
		if err != nil {
			return err
		}
		*f = lexFormat(v)
	}
	return nil
}

// lexNode is one node of a Lexical document. Cards keep their payload in
// the embedded card fields.
type lexNode struct {
	Type     string    `json:"type"`
	Children []lexNode `json:"children"`
	Text     string    `json:"text"`
	Format   lexFormat `json:"format"`
	Tag      str       `json:"tag"`
	ListType str       `json:"listType"`
	Start    int       `json:"start"`
	Checked  *bool     `json:"checked"`
	Rel      str       `json:"rel"`
	card
}

// Lexical converts a Ghost Lexical document (the posts.lexical JSON) to
// newsdesk Markdown.
func Lexical(src []byte) (string, []string, error) {
	var doc struct {
		Root *lexNode `json:"root"`
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		return "", nil, fmt.Errorf("lexical: %w", err)
	}
	if doc.Root == nil {
		return "", nil, fmt.Errorf("lexical: no root node")
	}
	c := &lexConv{h: &htmlConv{}}
	out := c.blocks(doc.Root.Children, 0)
	return out, c.h.warnings, nil
}

type lexConv struct {
	h *htmlConv
}

// maxDepth bounds nesting: lists and quotes deeper than this are
// flattened rather than recursed into.
const maxDepth = 32

func (c *lexConv) blocks(nodes []lexNode, depth int) string {
	var d doc
	for i := range nodes {
		d.add(c.block(&nodes[i], depth))
	}
	return strings.TrimSuffix(d.String(), "\n")
}

func (c *lexConv) block(n *lexNode, depth int) string {
	switch n.Type {
	case "paragraph", "extended-paragraph":
		return c.inline(n.Children)
	case "heading", "extended-heading":
		level := 2
		if t := string(n.Tag); len(t) == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6' {
			level = int(t[1] - '0')
		}
		return Heading(level, strings.ReplaceAll(c.inline(n.Children), "\\\n", " "))
	case "quote", "extended-quote", "aside":
		return Quote(c.inline(n.Children))
	case "list":
		return c.list(n, depth)
	case "linebreak":
		return ""
	case "tk":
		return c.inline(n.Children)
	}
	if md, ok := renderCard(n.Type, &n.card, c.h); ok {
		return md
	}
	if len(n.Children) > 0 {
		// An element newsdesk does not know: keep what it says.
		c.h.warn("lexical: unknown node " + strconv.Quote(n.Type) + " kept as text")
		if isInlineNode(n.Children[0].Type) {
			return c.inline(n.Children)
		}
		if depth >= maxDepth {
			return ""
		}
		return c.blocks(n.Children, depth+1)
	}
	if n.Text != "" {
		return EscapeText(n.Text)
	}
	c.h.warn("lexical: unknown card " + strconv.Quote(n.Type) + " left out")
	return ""
}

func isInlineNode(t string) bool {
	switch t {
	case "text", "extended-text", "link", "autolink", "linebreak", "tab", "hashtag", "at-link", "zwnj":
		return true
	}
	return false
}

func (c *lexConv) list(n *lexNode, depth int) string {
	ordered := n.ListType == "number" || n.Tag == "ol"
	check := n.ListType == "check"
	num := max(n.Start, 1)
	var items []string
	for i := range n.Children {
		it := &n.Children[i]
		// Lexical nests a list as an item holding only that list; it
		// belongs to the item before it.
		if nested := onlyLists(it); nested != nil {
			var sub []string
			for j := range nested {
				if depth < maxDepth {
					sub = append(sub, c.list(nested[j], depth+1))
				}
			}
			body := strings.Join(sub, "\n\n")
			if len(items) == 0 {
				items = append(items, "- "+indent(body, 2))
				continue
			}
			w := markerWidth(items[len(items)-1])
			items[len(items)-1] += "\n" + strings.Repeat(" ", w) + indent(body, w)
			continue
		}
		marker := "- "
		if ordered {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		if check {
			if it.Checked != nil && *it.Checked {
				marker += "[x] "
			} else {
				marker += "[ ] "
			}
		}
		var inl []lexNode
		var rest []string
		for j := range it.Children {
			ch := &it.Children[j]
			if ch.Type == "list" {
				if depth < maxDepth {
					rest = append(rest, c.list(ch, depth+1))
				}
				continue
			}
			inl = append(inl, *ch)
		}
		item := strings.TrimRight(marker+indent(c.inline(inl), len(marker)), " ")
		for _, r := range rest {
			item += "\n" + strings.Repeat(" ", len(marker)) + indent(r, len(marker))
		}
		items = append(items, item)
	}
	return strings.Join(items, "\n")
}

func markerWidth(item string) int {
	if strings.HasPrefix(item, "- ") {
		return 2
	}
	if i := strings.Index(item, ". "); i > 0 {
		return i + 2
	}
	return 2
}

func onlyLists(it *lexNode) []*lexNode {
	if len(it.Children) == 0 {
		return nil
	}
	var out []*lexNode
	for i := range it.Children {
		if it.Children[i].Type != "list" {
			return nil
		}
		out = append(out, &it.Children[i])
	}
	return out
}

// inline writes Lexical inline nodes as inline Markdown.
func (c *lexConv) inline(nodes []lexNode) string {
	var runs []run
	c.runs(nodes, "", "", &runs, 0)
	return inline(runs)
}

func (c *lexConv) runs(nodes []lexNode, href, title string, out *[]run, depth int) {
	for i := range nodes {
		n := &nodes[i]
		switch n.Type {
		case "text", "extended-text", "hashtag", "at-link":
			*out = append(*out, run{text: n.Text, f: format(n.Format), href: href, title: title})
		case "tab":
			*out = append(*out, run{text: " ", href: href})
		case "linebreak":
			*out = append(*out, run{br: true})
		case "link", "autolink":
			if depth < maxDepth {
				c.runs(n.Children, string(n.URL), string(n.Title), out, depth+1)
			}
		default:
			if n.Text != "" {
				*out = append(*out, run{text: n.Text, f: format(n.Format), href: href, title: title})
			} else if depth < maxDepth {
				c.runs(n.Children, href, title, out, depth+1)
			}
		}
	}
}
