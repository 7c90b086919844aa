package newsroom

// Ukrainian for notifications, email settings and presence; merged into
// the newsroom's catalogue at start-up (kept apart so parallel work on
// the catalogue does not collide with it).
var notifyUkrainian = map[string]string{
	"Notifications":    "Сповіщення",
	"unread":           "непрочитаних",
	"Unread:":          "Непрочитане:",
	"Mark all as read": "Позначити всі як прочитані",
	"Nothing yet. When someone asks you for a review, sends a story back, approves it, mentions you or assigns you a story, it shows here.": "Поки нічого. Тут з’являться прохання про перевірку, повернення матеріалу на доопрацювання, схвалення, згадки про вас і нові завдання.",
	"Someone":                         "Хтось",
	"(untitled)":                      "(без заголовка)",
	"%s asked for a review of “%s”":   "%s просить перевірити «%s»",
	"%s sent back “%s”":               "%s повертає на доопрацювання «%s»",
	"%s approved “%s”":                "%s схвалює «%s»",
	"%s mentioned you on “%s”":        "%s згадує вас у «%s»",
	"%s assigned you “%s”":            "%s доручає вам «%s»",
	"%s changed “%s”":                 "%s змінює «%s»",
	"%s is also editing this story.":  "%s теж редагує цей матеріал.",
	"%s are also editing this story.": "%s теж редагують цей матеріал.",
	"Note:":                           "Примітка:",
	"Open it in the newsroom:":        "Відкрити в редакції:",
	"You get this email as a member of the %s newsroom. Your notifications: %s": "Ви отримали цей лист як працівник редакції %s. Ваші сповіщення: %s",
	"All notifications marked as read.":                                         "Усі сповіщення позначено як прочитані.",
	// Email settings.
	"Email":                     "Пошта",
	"Site settings":             "Налаштування сайту",
	"Nothing was saved.":        "Нічого не збережено.",
	"Fix what is marked below.": "Виправте позначене нижче.",
	"With a mail server, staff get an email for each notification: review requests, stories sent back or approved, mentions and assignments. Leave the server empty to send no email.": "Якщо вказати поштовий сервер, працівники отримуватимуть лист про кожне сповіщення: прохання про перевірку, повернення на доопрацювання, схвалення, згадки й завдання. Залиште сервер порожнім, щоб не надсилати листів.",
	"Mail server (SMTP)":                  "Поштовий сервер (SMTP)",
	"Port":                                "Порт",
	"Security":                            "Захист",
	"STARTTLS, required (port 587)":       "STARTTLS, обов’язково (порт 587)",
	"TLS from the start (port 465)":       "TLS від початку з’єднання (порт 465)",
	"None: a server on this machine only": "Без шифрування: лише сервер на цій машині",
	"User name":                           "Ім’я користувача",
	"Password":                            "Пароль",
	"A password is saved; it is never shown. Leave empty to keep it.": "Пароль збережено; його ніколи не показують. Залиште поле порожнім, щоб зберегти його.",
	"No password is saved.":     "Пароль не збережено.",
	"Remove the saved password": "Видалити збережений пароль",
	"From address":              "Адреса відправника",
	"Save email settings":       "Зберегти налаштування пошти",
	"Sends a message to %s with the saved settings and shows what the server answered.": "Надсилає лист на %s зі збереженими налаштуваннями й показує відповідь сервера.",
	"Send test email": "Надіслати тестовий лист",
	"Test email":      "Тестовий лист",
	"This is a test email from the %s newsroom. Notifications will arrive like this.":     "Це тестовий лист від редакції %s. Сповіщення надходитимуть так само.",
	"Save a mail server and a from address first.":                                        "Спершу збережіть поштовий сервер і адресу відправника.",
	"The mail server did not take the message: %s":                                        "Поштовий сервер не прийняв лист: %s",
	"Email settings saved.":                                                               "Налаштування пошти збережено.",
	"Test email sent. Check your inbox.":                                                  "Тестовий лист надіслано. Перевірте вхідні.",
	"The mail server must be a host name such as smtp.example.org.":                       "Поштовий сервер має бути іменем хоста, наприклад smtp.example.org.",
	"The port must be a number from 1 to 65535.":                                          "Порт має бути числом від 1 до 65535.",
	"The from address must be an email address, such as Newsroom <newsroom@example.org>.": "Адреса відправника має бути адресою електронної пошти, наприклад Редакція <newsroom@example.org>.",
	"Without encryption mail may only go to a server on this machine (localhost).":        "Без шифрування пошту можна надсилати лише на сервер на цій машині (localhost).",
	"Choose how to connect to the mail server.":                                           "Виберіть спосіб з’єднання з поштовим сервером.",
	"The user name and password must be on one line.":                                     "Ім’я користувача й пароль мають бути в одному рядку.",
	"There is no such notification.":                                                      "Такого сповіщення немає.",
	"Too many open newsroom pages.":                                                       "Забагато відкритих сторінок редакції.",
}

func init() {
	for k, v := range notifyUkrainian {
		if _, ok := ukrainianMessages[k]; !ok {
			ukrainianMessages[k] = v
		}
	}
}
