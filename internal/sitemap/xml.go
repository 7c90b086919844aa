package sitemap

import (
	"encoding/xml"
)

const (
	nsImage = "http://www.google.com/schemas/sitemap-image/1.1"
	nsNews  = "http://www.google.com/schemas/sitemap-news/0.9"
)

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []indexEntry `xml:"sitemap"`
}

type indexEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	NSImage string     `xml:"xmlns:image,attr,omitempty"`
	NSNews  string     `xml:"xmlns:news,attr,omitempty"`
	URLs    []urlEntry `xml:"url"`
}

type urlEntry struct {
	Loc     string       `xml:"loc"`
	LastMod string       `xml:"lastmod,omitempty"`
	Images  []imageEntry `xml:"image:image"`
	News    *newsEntry   `xml:"news:news"`
}

type imageEntry struct {
	Loc string `xml:"image:loc"`
}

type newsEntry struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}
