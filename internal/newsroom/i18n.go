package newsroom

import (
	"fmt"
	"strings"

	"newsdesk/internal/domain"
)

// The newsroom speaks English and Ukrainian. Each staff member picks a
// language in their profile; without a choice the site's language is used.
// As on the public site, the catalogue is keyed by the English text, so
// templates read naturally ({{$.L.T "Save"}}) and English needs no table.
// Handlers translate with the same locale (n.locale(r, u).T(...)).

// locale is one language's newsroom strings.
type locale struct {
	lang string
	msgs map[string]string
}

var (
	newsroomEnglish   = &locale{lang: "en"}
	newsroomUkrainian = &locale{lang: "uk", msgs: ukrainianMessages}
)

// ukrainianMessages is the newsroom's Ukrainian catalogue.
var ukrainianMessages = map[string]string{}

// localeFor picks the catalogue for a language tag ("uk", "uk-UA");
// anything else reads in English.
func localeFor(lang string) *locale {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	if base == "uk" {
		return newsroomUkrainian
	}
	return newsroomEnglish
}

// userLocale is the language u reads the newsroom in: the site's when
// they have not chosen one.
func userLocale(u *domain.User, s domain.Settings) *locale {
	return localeFor(s.Language)
}

// Lang is the locale's language tag, for <html lang>.
func (l *locale) Lang() string { return l.lang }

// T translates an interface string, formatting args into it as
// fmt.Sprintf does. A string missing from the catalogue stays English
// (and fails the catalogue test).
func (l *locale) T(key string, args ...any) string {
	s := key
	if m, ok := l.msgs[key]; ok {
		s = m
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
