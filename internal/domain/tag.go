package domain

import (
	"strings"
	"unicode/utf8"
)

// MaxTagNameLen is Ghost's limit on tag names.
const MaxTagNameLen = 191

// TagSlug is the slug a tag named name gets: internal tags ("#wire") take a
// "hash-" prefix ("hash-wire"), as Ghost stores them, so an internal tag and
// a public one of the same word never share a slug.
func TagSlug(name string) string {
	name = strings.TrimSpace(name)
	slug := Slugify(strings.TrimPrefix(name, "#"))
	if strings.HasPrefix(name, "#") {
		slug = "hash-" + slug
	}
	return slug
}

// Validate checks a tag before it is saved and fills the slug from the
// name when it is empty.
func (t *Tag) Validate() error {
	var errs ValidationErrors
	t.Name = strings.TrimSpace(t.Name)
	t.Slug = strings.TrimSpace(t.Slug)
	switch {
	case t.Name == "":
		errs = append(errs, FieldError("name", "Tag name is required."))
	case utf8.RuneCountInString(t.Name) > MaxTagNameLen:
		errs = append(errs, FieldError("name", "Tag name is longer than %d characters.", MaxTagNameLen))
	case hasControl(t.Name):
		errs = append(errs, FieldError("name", "Tag name contains control characters."))
	}
	if t.Slug == "" {
		t.Slug = TagSlug(t.Name)
	}
	if !ValidSlug(t.Slug) {
		errs = append(errs, FieldError("slug", "Slug may hold only lowercase letters, digits and single hyphens."))
	}
	if utf8.RuneCountInString(t.Description) > 500 {
		errs = append(errs, FieldError("description", "Tag description is longer than 500 characters."))
	}
	return errs.Err()
}
