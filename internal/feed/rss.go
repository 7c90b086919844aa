package feed

import (
	"encoding/xml"
	"html"
	"time"

	"newsdesk/internal/xmltext"
)

// RSS 2.0 with the extensions readers look for: content:encoded for the
// full body, dc:creator for each author, atom:link for self and hub,
// atom:updated for edits, and the lead image both as an enclosure and as
// media:content (with its size and caption).
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string     `xml:"title"`
	Link          string     `xml:"link"`
	Description   string     `xml:"description"`
	Language      string     `xml:"language,omitempty"`
	LastBuildDate string     `xml:"lastBuildDate,omitempty"`
	Generator     string     `xml:"generator"`
	AtomLinks     []atomLink `xml:"atom:link"`
	Image         *rssImage  `xml:"image"`
	TTL           int        `xml:"ttl"`
	Items         []rssItem  `xml:"item"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	PubDate     string        `xml:"pubDate"`
	Updated     string        `xml:"atom:updated"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	Media       *mediaContent `xml:"media:content"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length string `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL         string            `xml:"url,attr"`
	Type        string            `xml:"type,attr"`
	Medium      string            `xml:"medium,attr"`
	Width       int               `xml:"width,attr,omitempty"`
	Height      int               `xml:"height,attr,omitempty"`
	Description *mediaDescription `xml:"media:description,omitempty"`
}

// mediaDescription says type="html" so readers that follow Media RSS and
// readers that treat every description as HTML read the same escaped text.
type mediaDescription struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

func renderRSS(ch *channel) ([]byte, error) {
	doc := rssDoc{
		Version:   "2.0",
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		NSAtom:    "http://www.w3.org/2005/Atom",
		NSMedia:   "http://search.yahoo.com/mrss/",
		Channel: rssChannel{
			Title:       ch.Title,
			Link:        ch.HomeURL,
			Description: asHTML(ch.Description),
			Language:    ch.Language,
			Generator:   "newsdesk",
			AtomLinks:   []atomLink{{Rel: "self", Href: ch.URLs[RSS], Type: RSS.MIMEType()}},
			TTL:         maxAge / 60,
		},
	}
	if !ch.Updated.IsZero() {
		doc.Channel.LastBuildDate = ch.Updated.Format(time.RFC1123Z)
	}
	if ch.Hub != "" {
		doc.Channel.AtomLinks = append(doc.Channel.AtomLinks, atomLink{Rel: "hub", Href: ch.Hub})
	}
	if ch.Logo != "" {
		doc.Channel.Image = &rssImage{URL: ch.Logo, Title: ch.Title, Link: ch.HomeURL}
	}
	for _, it := range ch.Items {
		ri := rssItem{
			Title:       it.Title,
			Link:        it.URL,
			GUID:        rssGUID{IsPermaLink: "false", Value: it.ID},
			Description: asHTML(it.Summary),
			Content:     it.ContentHTML,
			Categories:  it.Tags,
			PubDate:     it.Published.Format(time.RFC1123Z),
			Updated:     it.Updated.Format(time.RFC3339),
		}
		for _, a := range it.Authors {
			ri.Creators = append(ri.Creators, a.Name)
		}
		if im := it.Image; im != nil {
			// The file size is unknown here; RSS readers accept 0.
			ri.Enclosure = &rssEnclosure{URL: im.URL, Length: "0", Type: im.Type}
			ri.Media = &mediaContent{URL: im.URL, Type: im.Type, Medium: "image", Width: im.Width, Height: im.Height}
			if im.Caption != "" {
				ri.Media.Description = &mediaDescription{Type: "html", Value: asHTML(im.Caption)}
			}
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return xmltext.Marshal(doc, "  ")
}

// asHTML escapes plain text (standfirsts, captions) for RSS fields that
// readers render as HTML: a standfirst reading "<img onerror=...>" must
// reach them as words, not as markup.
func asHTML(text string) string { return html.EscapeString(text) }
