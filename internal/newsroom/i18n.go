package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/i18n"
)

// The newsroom speaks English and Ukrainian. Each staff member picks a
// language in their profile; without a choice the site's language is used.
// As on the public site, the catalogue is keyed by the English text, so
// templates read naturally ({{$.L.T "Save"}}) and English needs no table.
// Handlers translate with the same locale (n.locale(r, u).T(...)); the
// Ukrainian catalogue is ukrainianMessages in i18n_uk.go, and
// TestCatalogue fails on any newsroom string it lacks.

// locale is one language's newsroom strings.
type locale struct {
	lang   string
	msgs   map[string]string
	months [12]string
}

var (
	newsroomEnglish   = &locale{lang: "en", months: i18n.EnglishMonths}
	newsroomUkrainian = &locale{lang: "uk", msgs: ukrainianMessages, months: i18n.UkrainianMonths}
	locales           = []*locale{newsroomEnglish, newsroomUkrainian}
)

// newsroomLanguages are the languages a user may pick in their profile;
// "" follows the site.
var newsroomLanguages = []string{"", "en", "uk"}

// localeFor picks the catalogue for a language tag ("uk", "uk-UA");
// anything else reads in English.
func localeFor(lang string) *locale {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	if base == "uk" {
		return newsroomUkrainian
	}
	return newsroomEnglish
}

// userLocale is the language u reads the newsroom in: their own choice,
// else the site's.
func userLocale(u *domain.User, s domain.Settings) *locale {
	if u != nil && u.NewsroomLanguage != "" {
		return localeFor(u.NewsroomLanguage)
	}
	return localeFor(s.Language)
}

// acceptLocale is the first language of an Accept-Language header that
// the newsroom speaks ("uk-UA,uk;q=0.9,en;q=0.8" is Ukrainian), nil when
// it names none. Weights are taken as browsers send them, in order.
func acceptLocale(header string) *locale {
	for _, part := range strings.Split(header, ",") {
		tag, _, _ := strings.Cut(part, ";")
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		switch base {
		case "uk":
			return newsroomUkrainian
		case "en":
			return newsroomEnglish
		}
	}
	return nil
}

// locale is the locale of r's page for u (nil before sign-in: the site's
// language).
func (n *Newsroom) locale(r *http.Request, u *domain.User) *locale {
	if u == nil {
		if l := acceptLocale(r.Header.Get("Accept-Language")); l != nil {
			return l
		}
	}
	s, err := n.Store.Settings(r.Context())
	if err != nil {
		s = domain.DefaultSettings()
	}
	return userLocale(u, s)
}

// jsMessages are the strings newsroom.js shows, keys of the catalogue;
// (N forms by their one form).
var jsMessages = []string{
	"Unsaved changes · copy kept in this browser",
	"Your session expired: sign in again in a new tab. Your text stays here and in this browser.",
	"Preview failed (%d).",
	"%d new entry from the desk: show it",
}

// editorMessages are the strings of the rich-text editor (web/editor/src,
// its t("…") calls), sent in the same JSON block. TestCatalogue reads
// the editor's sources and fails on a key missing here or in Ukrainian.
var editorMessages = []string{
	"Link",
	"%s video",
	"%s post",
	"Video file",
	"Audio file",
	"Uploading %s…",
	"Uploading image…",
	"Upload failed (%d).",
	"Image uploaded.",
	"The image was not uploaded: %s",
	"Credit: Photographer / Agency",
	"Caption: Place: what happens, date.",
	"Formatting",
	"Esc or Alt+F10 moves to the toolbar; Tab leaves the text. %s+B bold, %s+I italic, %s+K link, %s+Alt+2 or 3 heading, %s+Alt+0 paragraph.",
	"Paragraph",
	"H2 heading",
	"H3 subheading",
	"Bold",
	"Italic",
	"Quote",
	"Pull quote",
	"Bulleted list",
	"Numbered list",
	"Image",
	"Embed a video or post",
	"Horizontal rule",
	"Undo",
	"Redo",
	"Cancel",
	"Address",
	"Text",
	"Edit link",
	"Add link",
	"Update link",
	"Enter an address that starts with https://, / or mailto:.",
	"Insert image",
	"Picture (JPEG, PNG, WebP or GIF)",
	"Alt text",
	"What the picture shows",
	"For readers who cannot see it.",
	"Caption",
	"Place: what happens, date.",
	"Credit",
	"Photographer / Agency",
	"Insert",
	"Choose a picture to upload.",
	"Picture",
	"For readers who cannot see it. The caption and credit are edited under the picture.",
	"Link the picture to (optional)",
	"Save",
	"Enter an address that starts with https:// or /.",
	"Address of the video or post",
	"YouTube, Vimeo, X, Instagram, Telegram or Facebook. Readers see a click-to-load player.",
	"Caption (optional)",
	"Embed",
	"Enter the full address, starting with https://.",
	"Body",
	"Markdown view: the text as it is stored.",
	"Rich text view.",
	"Wait until the image upload finishes, then save again.",
	"Readers see a click-to-load player; nothing loads from %s until they click.",
	"Shown as a link.",
	"Members-only line: readers who are not members see only what is above it",
	"%s card · kept as written; edit it in Markdown view",
	"HTML · kept as written; edit it in Markdown view",
	"Table · kept as written; edit it in Markdown view",
	"Gallery · kept as written; edit it in Markdown view",
	"Markdown kept as written; edit it in Markdown view",
}

// JS is what newsroom.js and the editor need in this language, for the
// layout's JSON block: month names and their strings translated (English
// needs none).
func (l *locale) JS() map[string]any {
	msgs := map[string]string{}
	for _, list := range [][]string{jsMessages, editorMessages} {
		for _, k := range list {
			if v, ok := l.msgs[k]; ok {
				msgs[k] = v
			}
		}
	}
	return map[string]any{"lang": l.lang, "months": l.months, "messages": msgs}
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

// N is a count with its noun: {{$.L.N 3 "%d post" "%d posts"}}. English
// takes one for 1 and other otherwise; the Ukrainian catalogue keys the
// three forms by the English one, separated by "|" (one|few|many: "%d
// пост|%d пости|%d постів"), chosen by i18n.UkrainianForm. Further args
// follow the count in the format.
func (l *locale) N(count any, one, other string, args ...any) string {
	n := toInt(count)
	format := other
	if n == 1 {
		format = one
	}
	if l.msgs != nil {
		if m, ok := l.msgs[one]; ok {
			forms := strings.Split(m, "|")
			format = forms[min(i18n.UkrainianForm(n), len(forms)-1)]
		}
	}
	return fmt.Sprintf(format, append([]any{n}, args...)...)
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case int32:
		return int(n)
	case uint:
		return int(n)
	case uint64:
		return int(n)
	}
	return 0
}

// Date is a time as the newsroom writes it: "2 Jan 2006, 15:04" in
// English, "2 січня 2006, 15:04" in Ukrainian, in loc.
func (l *locale) Date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d, %s", t.Day(), l.months[t.Month()-1], t.Year(), t.Format("15:04"))
}

// DateSec is Date with seconds, for revisions saved a minute apart.
func (l *locale) DateSec(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d, %s", t.Day(), l.months[t.Month()-1], t.Year(), t.Format("15:04:05"))
}

// Ago is how long ago t was, roughly: "just now", "5 min ago", a date.
func (l *locale) Ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case t.IsZero():
		return ""
	case d < time.Minute:
		return l.T("just now")
	case d < time.Hour:
		return l.T("%d min ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return l.T("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d %s %d", t.Day(), l.months[t.Month()-1], t.Year())
}

// Err is err's message for users in this language: the catalogue is
// keyed by the English format the error was made from (domain.Errorf,
// FieldError), and the error's own arguments go back in. Internal errors
// read "Internal error.", as domain.ErrorMessage has it.
func (l *locale) Err(err error) string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return l.T("Internal error.")
	}
	return l.message(e)
}

func (l *locale) message(e *domain.Error) string {
	key := e.Format
	if key == "" {
		key = e.Message
	}
	m, ok := l.msgs[key]
	if !ok {
		return e.Message
	}
	if e.Format != "" {
		// Arguments that are themselves interface strings ("see the
		// staff list" in "Your role does not allow you to %s.") are
		// translated too; names and values are no catalogue keys.
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			if s, ok := a.(string); ok {
				if t, ok := l.msgs[s]; ok {
					a = t
				}
			}
			args[i] = a
		}
		return fmt.Sprintf(m, args...)
	}
	return m
}

// title translates a page title: a catalogue key, or "Prefix: name" as
// handlers write it ("Edit: Budget vote"), whose prefix is the key
// ("Edit:").
func (l *locale) title(s string) string {
	if _, ok := l.msgs[s]; ok || l.msgs == nil {
		return l.T(s)
	}
	if prefix, rest, ok := strings.Cut(s, ": "); ok {
		if t, ok := l.msgs[prefix+":"]; ok {
			return t + " " + rest
		}
	}
	return s
}

// Errs translates a form's errors, as copies: errors may be shared
// values, never to be changed in place.
func (l *locale) Errs(v domain.ValidationErrors) domain.ValidationErrors {
	if l.msgs == nil || len(v) == 0 {
		return v
	}
	out := make(domain.ValidationErrors, len(v))
	for i, e := range v {
		cp := *e
		cp.Message = l.message(e)
		out[i] = &cp
	}
	return out
}

// reErr is err as a form error about field, keeping what it was made of
// (Format, Args) so it can still be translated.
func reErr(err error, field string) *domain.Error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return &domain.Error{Code: domain.EINVALID, Field: field, Message: domain.ErrorMessage(err)}
	}
	cp := *e
	cp.Code, cp.Field = domain.EINVALID, field
	return &cp
}
