package newsroom

// The Ukrainian strings of editors' notes, kept beside the feature and
// merged into the catalogue.
func init() {
	for k, v := range notesUkrainian {
		ukrainianMessages[k] = v
	}
}

var notesUkrainian = map[string]string{
	"(edited)":                          "(змінено)",
	"Leave a note":                      "Залишити нотатку",
	"Ask, suggest, flag…":               "Запитайте, запропонуйте, позначте…",
	"Delete this note and its replies?": "Видалити цю нотатку разом із відповідями?",
	"Delete this reply?":                "Видалити цю відповідь?",
	"Delete":                            "Видалити",
	"Edit":                              "Редагувати",
	"Editor notes":                      "Редакторські нотатки",
	"Former staff":                      "Колишній працівник",
	"Mention a colleague with @ and their author-page name, e.g. @%s; they are told.":             "Згадайте колегу: @ та ім’я з адреси авторської сторінки, напр. @%s. Згадані отримають сповіщення.",
	"No notes yet. Select a passage and add a note about it, or write one about the whole story.": "Нотаток ще немає. Виділіть уривок і залиште нотатку до нього або напишіть про матеріал загалом.",
	"Not told, as they cannot see this post: %s":                                                  "Не отримали сповіщення, бо не мають доступу до цього матеріалу: %s",
	"Note by %s":        "Нотатка (автор: %s)",
	"Note on selection": "Нотатка до виділеного",
	"New note":          "Нова нотатка",
	"Notes":             "Нотатки",
	"Only staff who can edit this post see notes; readers never do.": "Нотатки бачать лише ті, хто може редагувати цей матеріал; читачі — ніколи.",
	"Open notes: %d":     "Відкриті нотатки: %d",
	"Open: %d":           "Відкриті: %d",
	"Passage":            "Уривок",
	"Reopen":             "Відкрити знову",
	"Reply to %s":        "Відповідь (автор нотатки: %s)",
	"Reply":              "Відповісти",
	"Resolve":            "Позначити вирішеним",
	"Resolved by %s, %s": "Вирішено: %s, %s",
	"Resolved":           "Вирішено",
	"Save changes":       "Зберегти зміни",
	"Select words in the text, then press this": "Виділіть слова в тексті, потім натисніть цю кнопку",
	"Your note":                             "Ваша нотатка",
	"optional: the words the note is about": "необов’язково: слова, яких стосується нотатка",
	// Confirmations after a redirect.
	"Note added. Only staff see it.": "Нотатку додано. Її бачать лише працівники редакції.",
	"Note saved.":                    "Нотатку збережено.",
	"Note deleted.":                  "Нотатку видалено.",
	"Thread resolved.":               "Обговорення позначено вирішеним.",
	"Thread reopened.":               "Обговорення відкрито знову.",
	// Errors.
	"Write the note before you send it.":                                  "Напишіть нотатку, перш ніж надсилати.",
	"A note is at most %d characters; this one has %d.":                   "Нотатка може мати щонайбільше %d символів; у цій — %d.",
	"The quoted passage is at most %d characters; shorten the selection.": "Цитований уривок може мати щонайбільше %d символів; виділіть менше.",
	"A reply cannot quote a passage; start a new note for it.":            "Відповідь не може цитувати уривок; почніть для нього нову нотатку.",
	"That note is gone: someone deleted it.":                              "Цієї нотатки вже немає: її хтось видалив.",
	"That thread is gone: someone deleted it.":                            "Цього обговорення вже немає: його хтось видалив.",
	"The note you reply to is gone or is itself a reply.":                 "Нотатки, на яку ви відповідаєте, вже немає, або вона сама є відповіддю.",
	"This post is in the trash; restore it before writing notes on it.":   "Цей матеріал у кошику; відновіть його, щоб писати нотатки.",
	"Others have replied to this note, so deleting it would delete their replies too. Resolve the thread instead, or ask an editor.": "На цю нотатку вже відповіли інші, тож її видалення прибрало б і їхні відповіді. Натомість позначте обговорення вирішеним або зверніться до редактора.",
}
