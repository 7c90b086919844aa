package feed

import (
	"encoding/xml"
	"newsdesk/internal/xmltext"
	"time"
)

// Atom (RFC 4287). Entry ids are tag: URIs made from the post id, so an
// entry keeps its identity when its slug changes.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Logo      string      `xml:"logo,omitempty"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntryLink struct {
	Rel    string `xml:"rel,attr"`
	Href   string `xml:"href,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
	Title  string `xml:"title,attr,omitempty"`
}

type atomEntry struct {
	ID         string          `xml:"id"`
	Title      atomText        `xml:"title"`
	Links      []atomEntryLink `xml:"link"`
	Published  string          `xml:"published"`
	Updated    string          `xml:"updated"`
	Authors    []atomPerson    `xml:"author"`
	Categories []atomCategory  `xml:"category"`
	Summary    *atomText       `xml:"summary"`
	Content    atomText        `xml:"content"`
}

func renderAtom(ch *channel) ([]byte, error) {
	updated := ch.Updated
	if updated.IsZero() {
		// An empty feed still needs <updated>; the epoch is stable, so the
		// ETag of an empty feed does not change on every render.
		updated = time.Unix(0, 0).UTC()
	}
	f := atomFeed{
		Lang:    ch.Language,
		ID:      ch.URLs[Atom],
		Title:   atomText{Type: "text", Value: ch.Title},
		Updated: updated.Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Href: ch.URLs[Atom], Type: Atom.MIMEType()},
			{Rel: "alternate", Href: ch.HomeURL, Type: "text/html"},
		},
		// RFC 4287 wants an author on every entry or on the feed; the
		// site stands in for entries imported without one.
		Author:    atomPerson{Name: ch.Title, URI: ch.HomeURL},
		Generator: "newsdesk",
		Logo:      ch.Logo,
	}
	if ch.Description != "" {
		f.Subtitle = &atomText{Type: "text", Value: ch.Description}
	}
	if ch.Hub != "" {
		f.Links = append(f.Links, atomLink{Rel: "hub", Href: ch.Hub})
	}
	for _, it := range ch.Items {
		e := atomEntry{
			ID:        it.ID,
			Title:     atomText{Type: "text", Value: it.Title},
			Links:     []atomEntryLink{{Rel: "alternate", Href: it.URL, Type: "text/html"}},
			Published: it.Published.Format(time.RFC3339),
			Updated:   it.Updated.Format(time.RFC3339),
			Content:   atomText{Type: "html", Value: it.ContentHTML},
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Value: it.Summary}
		}
		for _, a := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: a.Name, URI: a.URL})
		}
		for _, t := range it.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t, Label: t})
		}
		if im := it.Image; im != nil {
			e.Links = append(e.Links, atomEntryLink{Rel: "enclosure", Href: im.URL, Type: im.Type, Length: "0", Title: im.Alt})
		}
		f.Entries = append(f.Entries, e)
	}
	return xmltext.Marshal(f, "  ")
}
