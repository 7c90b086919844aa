package newsroom

// ukrainianMessages is the newsroom's Ukrainian catalogue, keyed by the
// English text (a format string where the text has arguments). Counts
// (locale.N) hold three forms, one|few|many. Natural newsroom Ukrainian;
// the same word for the same thing everywhere (Допис, Чернетка,
// Опублікувати, Запланувати, Кошик, Співробітники, Теги).
var ukrainianMessages = map[string]string{
}
