package site

import (
	"fmt"
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// The paper is bilingual: the words around a post (labels, buttons,
// dates) follow the post's language on its page, and the site's language
// on the home, author and tag pages. The catalogue is keyed by the
// English text, so templates read naturally and English needs no table.

// locale is one language's interface strings and date names.
type locale struct {
	lang        string
	msgs        map[string]string
	months      [12]string // as in "27 November": genitive where the language has it
	monthsShort [12]string
	weekdays    [7]string // Sunday first, as time.Weekday counts
	and         string    // joins the last two names of a byline
	// dayMonth is the order of a date without a year: "November 27" or
	// "27 листопада"; arguments are the day and the month's name.
	dayMonth string
}

var english = &locale{
	lang: "en",
	months: [12]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	weekdays:    [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	and:         " and ",
	dayMonth:    "%[2]s %[1]d",
}

var ukrainian = &locale{
	lang: "uk",
	msgs: map[string]string{
		"News Feed":                            "Стрічка новин",
		"%d min read":                          "%d хв читання",
		"Read more":                            "Читати далі",
		"about %s":                             "про автора: %s",
		"About %s":                             "Про автора: %s",
		"Avatar":                               "Аватар",
		"Show More":                            "Показати більше",
		"%d new story":                         "%d новий матеріал",
		"%d new stories (few)":                 "%d нові матеріали",
		"%d new stories":                       "%d нових матеріалів",
		"in the News Feed":                     "у стрічці новин",
		"Loading…":                             "Завантаження…",
		"Updated":                              "Оновлено",
		"Correction":                           "Виправлення",
		"Update":                               "Оновлення",
		"Corrections and updates":              "Виправлення й оновлення",
		"Video":                                "Відео",
		"Live":                                 "Наживо",
		"Key points":                           "Головне",
		"Key events":                           "Ключові події",
		"Key event":                            "Ключова подія",
		"Pinned":                               "Закріплено",
		"Updates":                              "Оновлення",
		"%d new update":                        "%d нове оновлення",
		"%d new updates (few)":                 "%d нові оновлення",
		"%d new updates":                       "%d нових оновлень",
		"Show older updates":                   "Попередні оновлення",
		"Back to the latest updates":           "До найновіших оновлень",
		"No updates yet.":                      "Оновлень ще немає.",
		"Coverage ended":                       "Трансляцію завершено",
		"Live coverage since":                  "Трансляція наживо з",
		"Follow the live blog":                 "Стежити за трансляцією",
		"Breaking":                             "Терміново",
		"Breaking news":                        "Термінові новини",
		"By":                                   "Автор:",
		"By (several)":                         "Автори:",
		"Tags":                                 "Теги",
		"Sections":                             "Розділи",
		"Site information":                     "Про сайт",
		"Section":                              "Розділ",
		"Skip to content":                      "Перейти до змісту",
		"Website":                              "Вебсайт",
		"Earlier stories.":                     "Попередні матеріали.",
		"Back to the latest":                   "До найновіших",
		"Go to the News Feed":                  "До стрічки новин",
		"Error %d":                             "Помилка %d",
		"Download the video":                   "Завантажити відео",
		"Play video: %s":                       "Дивитися відео: %s",
		"Plays from %s when you click":         "Відтворюється з %s після натискання",
		"Watch the video: %s":                  "Дивитися відео: %s",
		"Nothing has been published here yet.": "Тут ще нічого не опубліковано.",
		"There are no more stories.":           "Більше матеріалів немає.",
		"Page not found":                       "Сторінку не знайдено",
		"We could not find the page you asked for. It may have moved, or the address may be mistyped.": "Ми не знайшли сторінку, яку ви шукали. Можливо, її перенесли або в адресі помилка.",
		"This story was removed": "Цей матеріал вилучено",
		"The newsroom has taken this story down. It is no longer available at this address.": "Редакція зняла цей матеріал. За цією адресою його більше немає.",
		"Something went wrong": "Щось пішло не так",
		"Back in a moment":     "Повернемося за мить",
		"The database is unavailable right now, so this page cannot be shown. Please try again in a moment.": "База даних зараз недоступна, тож цю сторінку не вдається показати. Спробуйте ще раз за хвилину.",
		"We could not show this page because of a problem on our side. Please try again in a moment.":        "Ми не змогли показати цю сторінку через проблему на нашому боці. Спробуйте ще раз за хвилину.",
		"Search":         "Пошук",
		"Search results": "Результати пошуку",
		"Search stories": "Пошук матеріалів",
		"Words find every form of themselves; put a phrase in quotes.": "Слова знаходять усі свої форми; фразу візьміть у лапки.",
		"Filters":       "Фільтри",
		"Kind":          "Тип",
		"All kinds":     "Усі типи",
		"Articles":      "Статті",
		"Briefs":        "Короткі новини",
		"Videos":        "Відео",
		"Live blogs":    "Трансляції",
		"All sections":  "Усі розділи",
		"From":          "Від",
		"To":            "До",
		"Stories by %s": "Матеріали автора: %s",
		"Type a word or two to search headlines and stories.":   "Введіть слово чи два, щоб шукати в заголовках і текстах.",
		"No stories match “%s”.":                                "Немає матеріалів зі словами «%s».",
		"Choose articles, briefs or videos, not “%s”.":          "Оберіть статті, короткі новини чи відео, а не «%s».",
		"Write dates as YYYY-MM-DD, like 2026-11-27, not “%s”.": "Пишіть дати як РРРР-ММ-ДД, наприклад 2026-11-27, а не «%s».",
		"Results for “%s”":                                      "Результати пошуку «%s»",
		"There are no more results.":                            "Більше результатів немає.",
		"Search for at most %d characters; this search has %d.": "Пошуковий запит може мати щонайбільше %d символів; у цьому — %d.",
		"That address is not quite right":                       "Ця адреса не зовсім правильна",
		"That cannot be done here":                              "Тут так не можна",
		"That address is too long":                              "Ця адреса задовга",
		"The rest of this story is for members of %s. Memberships are not available on this site yet.":        "Решта цього матеріалу — лише для зареєстрованих читачів «%s». Реєстрації на цьому сайті поки що немає.",
		"The rest of this story is for paying members of %s. Memberships are not available on this site yet.": "Решта цього матеріалу — лише для передплатників «%s». Передплати на цьому сайті поки що немає.",
		"this site": "цього сайту",
	},
	months: [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
		"серпня", "вересня", "жовтня", "листопада", "грудня"},
	monthsShort: [12]string{"січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."},
	weekdays:    [7]string{"неділя", "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота"},
	and:         " і ",
	dayMonth:    "%[1]d %[2]s",
}

// localeFor picks the catalogue for a language tag ("uk", "uk-UA");
// anything else reads in English.
func localeFor(lang string) *locale {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if base == "uk" {
		return ukrainian
	}
	return english
}

// T translates an interface string, formatting args into it as
// fmt.Sprintf does. A string missing from the catalogue stays English.
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

// ReadingTime is "N min read", at least one minute, as Ghost counts.
func (l *locale) ReadingTime(minutes int) string {
	return l.T("%d min read", max(minutes, 1))
}

// MembersNote ends what anonymous readers get of a gated post: the rest
// is for members of the site, and newsdesk has no members yet. Empty for
// a public post.
func (l *locale) MembersNote(site string, v domain.Visibility) string {
	if v == "" || v == domain.VisibilityPublic {
		return ""
	}
	if site = strings.TrimSpace(site); site == "" {
		site = l.T("this site")
	}
	if v == domain.VisibilityMembers {
		return l.T("The rest of this story is for members of %s. Memberships are not available on this site yet.", site)
	}
	return l.T("The rest of this story is for paying members of %s. Memberships are not available on this site yet.", site)
}

// MembersNote is the note that ends a gated post in feeds, in the
// post's language lang, from the same catalogue as the site's pages.
func MembersNote(lang, site string, v domain.Visibility) string {
	return localeFor(lang).MembersNote(site, v)
}

// Byline is "By A and B" in the locale's words.
func (l *locale) Byline(names []string) string {
	label := l.T("By")
	if len(names) > 1 && l.msgs != nil {
		label = l.T("By (several)")
	}
	return label + " " + l.join(names)
}

// join joins names the way a byline reads: "A", "A and B", "A, B and C".
func (l *locale) join(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + l.and + names[len(names)-1]
}

// The date forms the site prints.
func (l *locale) dateTime(t time.Time) string { // 27 November 2026, 14:05
	return fmt.Sprintf("%d %s %d, %s", t.Day(), l.months[t.Month()-1], t.Year(), t.Format("15:04"))
}

func (l *locale) shortDateTime(t time.Time, withYear bool) string { // 27 Nov, 14:05 / 27 Nov 2025, 14:05
	if withYear {
		return fmt.Sprintf("%d %s %d, %s", t.Day(), l.monthsShort[t.Month()-1], t.Year(), t.Format("15:04"))
	}
	return fmt.Sprintf("%d %s, %s", t.Day(), l.monthsShort[t.Month()-1], t.Format("15:04"))
}

func (l *locale) dayOfMonth(t time.Time) string { // November 27 / 27 листопада
	return fmt.Sprintf(l.dayMonth, t.Day(), l.months[t.Month()-1])
}

func (l *locale) fullDate(t time.Time) string { // Friday, 27 November 2026
	return fmt.Sprintf("%s, %d %s %d", l.weekdays[t.Weekday()], t.Day(), l.months[t.Month()-1], t.Year())
}
