package convert

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Mobiledoc section types.
const (
	mdSectionMarkup = 1
	mdSectionImage  = 2
	mdSectionList   = 3
	mdSectionCard   = 10
)

// Mobiledoc converts a Ghost Mobiledoc document (posts.mobiledoc, Ghost
// 1.x to 4.x, versions 0.2 and 0.3) to newsdesk Markdown.
func Mobiledoc(src []byte) (string, []string, error) {
	var m struct {
		Version  string              `json:"version"`
		Atoms    []json.RawMessage   `json:"atoms"`
		Cards    []json.RawMessage   `json:"cards"`
		Markups  [][]json.RawMessage `json:"markups"`
		Sections []json.RawMessage   `json:"sections"`
	}
	if err := json.Unmarshal(src, &m); err != nil {
		return "", nil, fmt.Errorf("mobiledoc: %w", err)
	}
	if strings.HasPrefix(m.Version, "0.2") {
		// 0.2 keeps markups and sections together: [markups, sections].
		var pair []json.RawMessage
		if len(m.Sections) == 2 && json.Unmarshal(m.Sections[0], &m.Markups) == nil {
			pair = m.Sections
		}
		if pair == nil || json.Unmarshal(pair[1], &m.Sections) != nil {
			return "", nil, fmt.Errorf("mobiledoc 0.2: sections are not [markups, sections]")
		}
	}
	c := &mobiConv{h: &htmlConv{}}
	for _, raw := range m.Markups {
		c.markups = append(c.markups, parseMarkup(raw))
	}
	for i, raw := range m.Atoms {
		var a []json.RawMessage
		if json.Unmarshal(raw, &a) != nil || len(a) < 2 {
			return "", nil, fmt.Errorf("mobiledoc: atom %d is not [name, text, payload]", i)
		}
		var name, text string
		json.Unmarshal(a[0], &name)
		json.Unmarshal(a[1], &text)
		c.atoms = append(c.atoms, mobiAtom{name, text})
	}
	for i, raw := range m.Cards {
		var a []json.RawMessage
		if json.Unmarshal(raw, &a) != nil || len(a) < 1 {
			return "", nil, fmt.Errorf("mobiledoc: card %d is not [name, payload]", i)
		}
		var k mobiCard
		json.Unmarshal(a[0], &k.name)
		if len(a) > 1 {
			if err := json.Unmarshal(a[1], &k.card); err != nil {
				return "", nil, fmt.Errorf("mobiledoc: card %d (%s) payload: %w", i, k.name, err)
			}
		}
		c.cards = append(c.cards, k)
	}
	var d doc
	for i, raw := range m.Sections {
		md, err := c.section(raw)
		if err != nil {
			return "", nil, fmt.Errorf("mobiledoc: section %d: %w", i, err)
		}
		d.add(md)
	}
	return d.String(), c.h.warnings, nil
}

type mobiAtom struct{ name, text string }

type mobiCard struct {
	name string
	card card
}

type markup struct {
	tag   string
	href  string
	title string
}

func parseMarkup(raw []json.RawMessage) markup {
	var mk markup
	if len(raw) == 0 {
		return mk
	}
	json.Unmarshal(raw[0], &mk.tag)
	mk.tag = strings.ToLower(mk.tag)
	if len(raw) > 1 {
		var attrs []string
		json.Unmarshal(raw[1], &attrs)
		for i := 0; i+1 < len(attrs); i += 2 {
			switch attrs[i] {
			case "href":
				mk.href = attrs[i+1]
			case "title":
				mk.title = attrs[i+1]
			}
		}
	}
	return mk
}

type mobiConv struct {
	h       *htmlConv
	markups []markup
	atoms   []mobiAtom
	cards   []mobiCard
}

func (c *mobiConv) section(raw json.RawMessage) (string, error) {
	var s []json.RawMessage
	if err := json.Unmarshal(raw, &s); err != nil || len(s) < 2 {
		return "", fmt.Errorf("not a section array")
	}
	var typ int
	if err := json.Unmarshal(s[0], &typ); err != nil {
		return "", fmt.Errorf("section type: %w", err)
	}
	switch typ {
	case mdSectionMarkup:
		if len(s) < 3 {
			return "", fmt.Errorf("markup section without markers")
		}
		var tag string
		json.Unmarshal(s[1], &tag)
		text, err := c.markers(s[2])
		if err != nil {
			return "", err
		}
		switch tag = strings.ToLower(tag); tag {
		case "h1", "h2", "h3", "h4", "h5", "h6":
			return Heading(int(tag[1]-'0'), strings.ReplaceAll(text, "\\\n", " ")), nil
		case "blockquote", "aside", "pull-quote":
			return Quote(text), nil
		}
		return text, nil
	case mdSectionImage:
		var src string
		json.Unmarshal(s[1], &src)
		return Figure(Image{URL: src}, ""), nil
	case mdSectionList:
		if len(s) < 3 {
			return "", fmt.Errorf("list section without items")
		}
		var tag string
		json.Unmarshal(s[1], &tag)
		var items []json.RawMessage
		if err := json.Unmarshal(s[2], &items); err != nil {
			return "", fmt.Errorf("list items: %w", err)
		}
		var out []string
		for i, it := range items {
			text, err := c.markers(it)
			if err != nil {
				return "", err
			}
			marker := "- "
			if strings.EqualFold(tag, "ol") {
				marker = strconv.Itoa(i+1) + ". "
			}
			out = append(out, strings.TrimRight(marker+indent(text, len(marker)), " "))
		}
		return strings.Join(out, "\n"), nil
	case mdSectionCard:
		var k *mobiCard
		var i int
		if err := json.Unmarshal(s[1], &i); err == nil && i >= 0 && i < len(c.cards) {
			k = &c.cards[i]
		} else if len(s) > 2 && json.Unmarshal(s[1], new(string)) == nil {
			// 0.2 writes the card in the section: [10, name, payload].
			k = &mobiCard{}
			json.Unmarshal(s[1], &k.name)
			if err := json.Unmarshal(s[2], &k.card); err != nil {
				return "", fmt.Errorf("card %s payload: %w", k.name, err)
			}
		} else {
			return "", fmt.Errorf("card section points at no card")
		}
		if md, ok := renderCard(k.name, &k.card, c.h); ok {
			return md, nil
		}
		c.h.warn("mobiledoc: unknown card " + strconv.Quote(k.name) + " left out")
		return "", nil
	}
	return "", fmt.Errorf("unknown section type %d", typ)
}

// markers writes a marker list as inline Markdown. Version 0.3 markers
// are [type, opened, closed, value]; 0.2 markers are [opened, closed,
// text].
func (c *mobiConv) markers(raw json.RawMessage) (string, error) {
	var list [][]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return "", fmt.Errorf("markers: %w", err)
	}
	var runs []run
	var open []int
	for _, mk := range list {
		if len(mk) == 3 {
			mk = append([]json.RawMessage{json.RawMessage("0")}, mk...)
		}
		if len(mk) < 4 {
			return "", fmt.Errorf("marker is not [type, opened, closed, value]")
		}
		var typ, closed int
		var opened []int
		json.Unmarshal(mk[0], &typ)
		if err := json.Unmarshal(mk[1], &opened); err != nil {
			return "", fmt.Errorf("marker markups: %w", err)
		}
		json.Unmarshal(mk[2], &closed)
		for _, o := range opened {
			if o < 0 || o >= len(c.markups) {
				return "", fmt.Errorf("marker opens markup %d of %d", o, len(c.markups))
			}
			open = append(open, o)
		}
		r := run{}
		for _, o := range open {
			mu := c.markups[o]
			switch mu.tag {
			case "strong", "b":
				r.f |= fBold
			case "em", "i":
				r.f |= fItalic
			case "s", "strike", "del":
				r.f |= fStrike
			case "code":
				r.f |= fCode
			case "u":
				r.f |= fUnderline
			case "sub":
				r.f |= fSub
			case "sup":
				r.f |= fSup
			case "mark":
				r.f |= fMark
			case "a":
				r.href, r.title = mu.href, mu.title
			}
		}
		if typ == 1 {
			var i int
			json.Unmarshal(mk[3], &i)
			if i < 0 || i >= len(c.atoms) {
				return "", fmt.Errorf("marker points at no atom")
			}
			if c.atoms[i].name == "soft-return" {
				r.br = true
			} else {
				r.text = c.atoms[i].text
			}
		} else {
			json.Unmarshal(mk[3], &r.text)
		}
		runs = append(runs, r)
		if closed > len(open) {
			closed = len(open)
		}
		open = open[:len(open)-max(closed, 0)]
	}
	return inline(runs), nil
}
