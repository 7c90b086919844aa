package newsroom

import (
	"fmt"

	"newsdesk/internal/publish"
)

// The Ukrainian strings of the assignment pages, partials and forms (and
// of the publishing service's assignment errors, which the forms show),
// kept beside the feature and merged into the catalogue.
func init() {
	for k, v := range assignmentsUkrainian {
		ukrainianMessages[k] = v
	}
	ukrainianMessages[fmt.Sprintf("The brief is longer than %d characters.", publish.MaxBriefLen)] =
		fmt.Sprintf("Завдання довше за %d символів.", publish.MaxBriefLen)
}

var assignmentsUkrainian = map[string]string{
	"Assignments":                "Завдання",
	"Open, assigned to me: %d":   "Відкриті, доручені мені: %d",
	"Filed":                      "Здано",
	"Overdue":                    "Прострочено",
	"Due today":                  "Здати сьогодні",
	"Due %s":                     "Здати до %s",
	"Article":                    "Стаття",
	"Brief":                      "Коротко",
	"Video":                      "Відео",
	"Live":                       "Онлайн",
	"Reporter":                   "Репортер",
	"Deadline":                   "Термін здачі",
	"Filed %s":                   "Здано %s",
	"Assigned by %s":             "Доручення від: %s",
	"Open story":                 "Відкрити матеріал",
	"Open draft":                 "Відкрити чернетку",
	"Write it":                   "Писати",
	"Change":                     "Змінити",
	"Assignment":                 "Завдання",
	"Change assignment":          "Змінити завдання",
	"New assignment":             "Нове завдання",
	"My assignments":             "Мої завдання",
	"Recently filed":             "Нещодавно здані",
	"The desk: open assignments": "Редакція: відкриті завдання",
	"Overdue: %d":                "Прострочено: %d",
	"All reporters":              "Усі репортери",
	"Filter":                     "Фільтрувати",
	"Clear":                      "Скинути",
	"No open assignments.":       "Відкритих завдань немає.",
	"Assign a story":             "Доручити матеріал",
	"Stories commissioned by the desk, with their deadlines and briefs. A story counts as filed once it is published or scheduled.": "Матеріали, які замовила редакція, з термінами здачі та завданнями. Матеріал вважається зданим, щойно його опубліковано або заплановано.",
	"Nothing is assigned to you right now.":                                                                               "Зараз у вас немає завдань.",
	"When an editor assigns you a story, it appears here with its deadline and brief.":                                    "Коли редактор доручить вам матеріал, він з'явиться тут із терміном здачі та завданням.",
	"Change the reporter, the deadline or the brief. A new reporter is told, and the draft becomes theirs.":               "Змініть репортера, термін здачі чи завдання. Новий репортер отримає сповіщення, і чернетка стане його.",
	"Commission a story: the reporter gets a draft with this headline, your brief and the deadline, and is told at once.": "Замовте матеріал: репортер одразу отримає сповіщення і чернетку з цим заголовком, вашим завданням і терміном здачі.",
	"The assignment was not saved.":             "Завдання не збережено.",
	"Working headline":                          "Робочий заголовок",
	"The reporter can change it as they write.": "Репортер може змінити його під час роботи.",
	"Kind":                          "Тип",
	"Video URL":                     "Адреса відео",
	"video only":                    "лише для відео",
	"Choose…":                       "Виберіть…",
	"Contributor":                   "Дописувач",
	"Author":                        "Автор",
	"Editor":                        "Редактор",
	"Administrator":                 "Адміністратор",
	"In the site's time zone (%s).": "За часовим поясом сайту (%s).",
	"Brief for the reporter":        "Завдання для репортера",
	"What to find out, whom to call, how long it should run. The reporter sees it above the draft.": "Що з'ясувати, кому зателефонувати, якого обсягу має бути текст. Репортер бачитиме це над чернеткою.",
	"Save changes":        "Зберегти зміни",
	"Assign":              "Доручити",
	"Back to assignments": "До списку завдань",
	"Cancel this assignment? The draft stays, as an ordinary draft of the reporter's.": "Скасувати це завдання? Чернетка залишиться в репортера як звичайна.",
	"Cancel assignment": "Скасувати завдання",
	"The draft stays, with whatever was written in it.":                              "Чернетка залишиться з усім, що в ній уже написано.",
	"Assigned. The reporter has been told and finds the story under My assignments.": "Доручено. Репортер отримав сповіщення і знайде матеріал у розділі «Мої завдання».",
	"Assignment saved.": "Завдання збережено.",
	"Reassigned. The new reporter has been told, and the draft is theirs now.": "Доручено іншому репортерові: він отримав сповіщення, і чернетка тепер його.",
	"Assignment cancelled. The draft stays, as an ordinary draft.":             "Завдання скасовано. Чернетка залишилася як звичайна.",
	"Today":    "Сьогодні",
	"Tomorrow": "Завтра",
	"Jan":      "січ.",
	"Feb":      "лют.",
	"Mar":      "бер.",
	"Apr":      "квіт.",
	"May":      "трав.",
	"Jun":      "черв.",
	"Jul":      "лип.",
	"Aug":      "серп.",
	"Sep":      "вер.",
	"Oct":      "жовт.",
	"Nov":      "лист.",
	"Dec":      "груд.",
	// What the forms say back, from the publishing service and the handlers.
	"Give the story a working headline.":                                     "Дайте матеріалу робочий заголовок.",
	"Kind must be article, brief, video or live.":                            "Тип має бути один із таких: стаття, коротко, відео, онлайн.",
	"Pick the reporter who will write it.":                                   "Виберіть репортера, який писатиме матеріал.",
	"That reporter is not on the staff list.":                                "Такого репортера немає серед працівників редакції.",
	"That account is suspended; pick someone else.":                          "Цей обліковий запис призупинено; виберіть когось іншого.",
	"Set a deadline.":                                                        "Укажіть термін здачі.",
	"That deadline has already passed; pick a later time.":                   "Цей термін уже минув; виберіть пізніший час.",
	"The brief must be plain text.":                                          "Завдання має бути звичайним текстом.",
	"Enter the deadline as a date and time, like 2026-03-19 14:30.":          "Введіть термін здачі як дату й час, наприклад 2026-03-19 14:30.",
	"A video item needs a video URL or an uploaded file.":                    "Для відео потрібна адреса відео або завантажений файл.",
	"Unknown reporter.":                                                      "Невідомий репортер.",
	"This story is in the trash; restore it before changing its assignment.": "Цей матеріал у кошику; відновіть його, перш ніж змінювати завдання.",
	"This assignment is done: the story was filed.":                          "Це завдання виконано: матеріал здано.",
}
