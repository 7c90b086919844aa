package domain

import (
	"strings"
	"unicode/utf8"
)

// NavItem is one link of a site menu, in Ghost's shape.
type NavItem struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

// Limits on menus: a masthead holds a handful of links, and a label is a
// word or two.
const (
	MaxNavItems    = 20
	MaxNavLabelLen = 50
	MaxNavURLLen   = 2000
)

// ValidateNavigation checks a menu and trims its text. Labels are short
// text; URLs are site paths or http(s) addresses, never javascript: or
// other schemes. field names the menu in the errors ("navigation").
func ValidateNavigation(field string, items []NavItem) error {
	var errs ValidationErrors
	if len(items) > MaxNavItems {
		errs = append(errs, FieldError(field, "A menu holds at most %d links.", MaxNavItems))
	}
	for i := range items {
		it := &items[i]
		it.Label = strings.TrimSpace(it.Label)
		it.URL = strings.TrimSpace(it.URL)
		n := i + 1
		switch {
		case it.Label == "":
			errs = append(errs, FieldError(field, "Link %d needs a label.", n))
		case utf8.RuneCountInString(it.Label) > MaxNavLabelLen:
			errs = append(errs, FieldError(field, "The label of link %d is longer than %d characters.", n, MaxNavLabelLen))
		case hasControl(it.Label) || !utf8.ValidString(it.Label):
			errs = append(errs, FieldError(field, "The label of link %d contains control characters.", n))
		}
		switch {
		case it.URL == "":
			errs = append(errs, FieldError(field, "Link %d (%s) needs a URL.", n, it.Label))
		case len(it.URL) > MaxNavURLLen:
			errs = append(errs, FieldError(field, "The URL of link %d is longer than %d characters.", n, MaxNavURLLen))
		case !ValidURL(it.URL):
			errs = append(errs, FieldError(field, "The URL of link %d must be a site path such as /about/ or an http(s) address.", n))
		}
	}
	return errs.Err()
}
