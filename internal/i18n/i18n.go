// Package i18n holds what the public site and the newsroom share about
// languages: plural rules and the names of months.
package i18n

// Plural forms, in the order catalogues list them.
const (
	One  = 0 // 1, 21, 101 пост
	Few  = 1 // 2–4, 22–24 пости
	Many = 2 // 0, 5–20, 25–30, 111 постів
)

// UkrainianForm is the plural form Ukrainian uses with n: the one form
// after numbers ending in 1 (but not 11), few after 2–4 (but not 12–14),
// many after everything else.
func UkrainianForm(n int) int {
	if n < 0 {
		n = -n
	}
	switch d, h := n%10, n%100; {
	case d == 1 && h != 11:
		return One
	case d >= 2 && d <= 4 && (h < 12 || h > 14):
		return Few
	}
	return Many
}

// Month names as a date writes them: genitive in Ukrainian ("27 листопада").
var (
	EnglishMonths      = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	UkrainianMonths    = [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"}
	UkrainianMonthsAbb = [12]string{"січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.", "лист.", "груд."}
)
