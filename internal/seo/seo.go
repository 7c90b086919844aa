// Package seo renders what goes into a page's <head> for search engines,
// social networks and feed readers: canonical links, OpenGraph and Twitter
// cards, schema.org JSON-LD and feed discovery links.
package seo

import (
	"html/template"

	"newsdesk/internal/domain"
)

// Site is what every page's metadata needs to know about the site.
type Site struct {
	Settings domain.Settings
	BaseURL  string // absolute, no trailing slash
}

// Page describes the page being rendered. Exactly one of Post, Author, Tag
// is set for those pages; none for the home page.
type Page struct {
	Path        string // canonical path, e.g. "/my-story/"
	Title       string
	Description string
	Post        *domain.Post
	Author      *domain.Author
	Tag         *domain.Tag
}

// Head returns the metadata elements for the page's <head>.
func Head(site Site, page Page) template.HTML {
	return template.HTML(`<link rel="canonical" href="` + template.HTMLEscapeString(site.BaseURL+page.Path) + `">`)
}
