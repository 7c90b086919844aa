package feed

import (
	"bytes"
	"encoding/json"
	"time"
)

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Icon        string       `json:"icon,omitempty"`
	Language    string       `json:"language,omitempty"`
	Hubs        []jsonHub    `json:"hubs,omitempty"`
	Items       []jsonItem   `json:"items"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
}

type jsonHub struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

type jsonAuthor struct {
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Title    string `json:"title,omitempty"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	ContentHTML   string           `json:"content_html"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Language      string           `json:"language,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
}

func renderJSON(ch *channel) ([]byte, error) {
	f := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       ch.Title,
		HomePageURL: ch.HomeURL,
		FeedURL:     ch.URLs[JSON],
		Description: ch.Description,
		Icon:        ch.Logo,
		Language:    ch.Language,
		Items:       []jsonItem{},
	}
	if ch.Hub != "" {
		f.Hubs = []jsonHub{{Type: "WebSub", URL: ch.Hub}}
	}
	for _, it := range ch.Items {
		ji := jsonItem{
			ID:            it.ID,
			URL:           it.URL,
			Title:         it.Title,
			ContentHTML:   it.ContentHTML,
			Summary:       it.Summary,
			DatePublished: it.Published.Format(time.RFC3339),
			DateModified:  it.Updated.Format(time.RFC3339),
			Tags:          it.Tags,
			Language:      it.Language,
		}
		for _, a := range it.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: a.Name, URL: a.URL, Avatar: a.Avatar})
		}
		if im := it.Image; im != nil {
			ji.Image = im.URL
			ji.Attachments = []jsonAttachment{{URL: im.URL, MIMEType: im.Type, Title: im.Alt}}
		}
		f.Items = append(f.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Served as application/feed+json, never inside HTML: raw <, > and &
	// keep bodies readable and smaller.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
