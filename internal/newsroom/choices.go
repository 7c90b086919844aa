package newsroom

import (
	"strings"
)

// A choice is one option of a picker: the stored value and what the
// newsroom shows for it.
type choice struct {
	Value, Label string
	Selected     bool
}

// choiceGroup is an <optgroup>: time zones by region.
type choiceGroup struct {
	Label   string
	Choices []choice
}

// languages a newsroom is likely to publish in, by code (BCP 47), each
// named in its own language so a desk finds its own at a glance.
var languages = []choice{
	{Value: "ar", Label: "العربية (ar)"},
	{Value: "be", Label: "Беларуская (be)"},
	{Value: "bg", Label: "Български (bg)"},
	{Value: "ca", Label: "Català (ca)"},
	{Value: "cs", Label: "Čeština (cs)"},
	{Value: "da", Label: "Dansk (da)"},
	{Value: "de", Label: "Deutsch (de)"},
	{Value: "el", Label: "Ελληνικά (el)"},
	{Value: "en", Label: "English (en)"},
	{Value: "es", Label: "Español (es)"},
	{Value: "et", Label: "Eesti (et)"},
	{Value: "fa", Label: "فارسی (fa)"},
	{Value: "fi", Label: "Suomi (fi)"},
	{Value: "fr", Label: "Français (fr)"},
	{Value: "ga", Label: "Gaeilge (ga)"},
	{Value: "he", Label: "עברית (he)"},
	{Value: "hi", Label: "हिन्दी (hi)"},
	{Value: "hr", Label: "Hrvatski (hr)"},
	{Value: "hu", Label: "Magyar (hu)"},
	{Value: "hy", Label: "Հայերեն (hy)"},
	{Value: "id", Label: "Bahasa Indonesia (id)"},
	{Value: "it", Label: "Italiano (it)"},
	{Value: "ja", Label: "日本語 (ja)"},
	{Value: "ka", Label: "ქართული (ka)"},
	{Value: "kk", Label: "Қазақ тілі (kk)"},
	{Value: "ko", Label: "한국어 (ko)"},
	{Value: "lt", Label: "Lietuvių (lt)"},
	{Value: "lv", Label: "Latviešu (lv)"},
	{Value: "nl", Label: "Nederlands (nl)"},
	{Value: "no", Label: "Norsk (no)"},
	{Value: "pl", Label: "Polski (pl)"},
	{Value: "pt", Label: "Português (pt)"},
	{Value: "pt-BR", Label: "Português do Brasil (pt-BR)"},
	{Value: "ro", Label: "Română (ro)"},
	{Value: "ru", Label: "Русский (ru)"},
	{Value: "sk", Label: "Slovenčina (sk)"},
	{Value: "sl", Label: "Slovenščina (sl)"},
	{Value: "sq", Label: "Shqip (sq)"},
	{Value: "sr", Label: "Српски (sr)"},
	{Value: "sv", Label: "Svenska (sv)"},
	{Value: "tr", Label: "Türkçe (tr)"},
	{Value: "uk", Label: "Українська (uk)"},
	{Value: "ur", Label: "اردو (ur)"},
	{Value: "vi", Label: "Tiếng Việt (vi)"},
	{Value: "zh", Label: "中文 (zh)"},
}

// languageChoices is the language picker with current selected. A code
// the list lacks (an import's, or a refused entry being shown again) is
// offered first, so saving the form never changes it behind the user's
// back.
func languageChoices(current string) []choice {
	out := make([]choice, 0, len(languages)+1)
	found := false
	for _, c := range languages {
		if strings.EqualFold(c.Value, current) {
			c.Selected, found = true, true
		}
		out = append(out, c)
	}
	if !found && current != "" {
		out = append([]choice{{Value: current, Label: current, Selected: true}}, out...)
	}
	return out
}

// zoneChoices is the time zone picker grouped by region ("Europe"), each
// zone shown by its place ("Kyiv"), with current selected; an unknown
// current value is kept as for languageChoices.
func zoneChoices(current string) []choiceGroup {
	var groups []choiceGroup
	found := false
	for _, z := range zoneNames {
		region, place, ok := strings.Cut(z, "/")
		if !ok {
			region, place = "Other", z
		}
		if len(groups) == 0 || groups[len(groups)-1].Label != region {
			groups = append(groups, choiceGroup{Label: region})
		}
		g := &groups[len(groups)-1]
		c := choice{Value: z, Label: strings.ReplaceAll(strings.ReplaceAll(place, "/", " / "), "_", " ")}
		if z == current {
			c.Selected, found = true, true
		}
		g.Choices = append(g.Choices, c)
	}
	if !found && current != "" {
		groups = append([]choiceGroup{{Label: "Current", Choices: []choice{{Value: current, Label: current, Selected: true}}}}, groups...)
	}
	return groups
}
