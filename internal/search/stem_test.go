package search

import (
	"fmt"
	"strings"
	"testing"
)

// The forms a reader types must find the forms a story uses: each group
// must share one term. These are the required pairs of issue 12, at
// least twenty per language.
var sameTerm = map[string][][]string{
	"uk": {
		{"повінь", "повені", "повінню", "ПОВІНЬ"},
		{"Київ", "Києва", "Києві", "Kиїв"}, // the last with a Latin K
		{"Україна", "України", "Україні", "Україною"},
		{"Львів", "Львова", "Львові"},
		{"місто", "міста", "містах", "місті"},
		{"рада", "ради", "раді", "радою"},
		{"вода", "води", "воду", "водою"},
		{"новина", "новини", "новин", "новинами"},
		{"мешканці", "мешканців", "мешканцями"},
		{"евакуація", "евакуації", "евакуацію", "евакуацією"},
		{"уряд", "уряду", "урядом"},
		{"президент", "президента", "президентом"},
		{"війна", "війни", "війні"},
		{"місцевий", "місцева", "місцевих", "місцевому"},
		{"затвердила", "затвердили", "затвердив"},
		{"зростання", "зростанням"},
		{"рятувальники", "рятувальників", "рятувальникам"},
		{"школа", "школи", "школах", "шкіл"},
		{"дорога", "дороги", "дорогою", "доріг"},
		{"п’ять", "п'ять", "пʼять"},
		{"сім'я", "сім’ї", "сімʼєю"},
		{"країна", "країни", "країною"},
		{"громада", "громади", "громадою"},
		{"дощ", "дощі", "дощів"},
		{"будинки", "будинків", "будинках"},
		{"трамвай", "трамваї", "трамваєм"},
		{"Ї\u0308жак", "їжака", "їжаки"}, // a decomposed ї
	},
	"en": {
		{"flood", "flooding", "floods", "flooded", "FLOOD"},
		{"river", "rivers", "river's", "river’s"},
		{"city", "cities"},
		{"council", "councils", "council's"},
		{"approve", "approved", "approves", "approving"},
		{"budget", "budgets"},
		{"evacuate", "evacuated", "evacuation"},
		{"resident", "residents"},
		{"bridge", "bridges"},
		{"election", "elections"},
		{"vote", "voted", "voting", "votes"},
		{"announce", "announced", "announces"},
		{"report", "reported", "reporting", "reports"},
		{"storm", "storms"},
		{"damage", "damaged", "damages"},
		{"rain", "rained", "raining"},
		{"government", "governments"},
		{"minister", "ministers"},
		{"investigate", "investigation", "investigated"},
		{"don't", "don’t", "dont"},
		{"O'Brien", "O’Brien", "OBrien"},
		{"rescue", "rescued", "rescues"},
		{"school", "schools"},
	},
}

func TestStemGroupsShareATerm(t *testing.T) {
	for lang, groups := range sameTerm {
		if len(groups) < 20 {
			t.Errorf("%s: only %d groups; the issue asks for at least 20", lang, len(groups))
		}
		for _, g := range groups {
			want := Terms(g[0])
			if len(want) != 1 {
				t.Fatalf("%s: %q is %d terms", lang, g[0], len(want))
			}
			for _, w := range g[1:] {
				if got := Terms(w); len(got) != 1 || got[0] != want[0] {
					t.Errorf("%s: %q gives %q, %q gives %q", lang, g[0], want, w, got)
				}
			}
		}
	}
}

// Words that are different must stay apart: a stemmer that joined
// everything would pass the test above.
func TestStemKeepsWordsApart(t *testing.T) {
	for _, pair := range [][2]string{
		{"вода", "від"}, {"рада", "радіо"}, {"новина", "новий"}, {"flood", "floor"},
		{"council", "counsel"}, {"війна", "вина"}, {"school", "scholar"},
	} {
		a, b := Terms(pair[0]), Terms(pair[1])
		if a[0] == b[0] {
			t.Errorf("%q and %q both give %q", pair[0], pair[1], a[0])
		}
	}
}

func TestTokenize(t *testing.T) {
	text := "«Повінь» у Києві: rivers' banks, don’t panic — 2026 рік."
	var words []string
	for _, tok := range Tokenize(text) {
		words = append(words, tok.Word)
		if orig := text[tok.Start:tok.End]; strings.ContainsAny(orig, " «»:,—") {
			t.Errorf("token %q spans %q", tok.Word, orig)
		}
	}
	want := "повінь у києві rivers banks dont panic 2026 рік"
	if got := strings.Join(words, " "); got != want {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
}

func TestSnippetEscapesAndMarks(t *testing.T) {
	q := ParseQuery(`повінь <b>`)
	text := strings.Repeat("слово ", 40) + "Після <повені> у Києві & далі. " + strings.Repeat("кінець ", 40)
	got, found := Snippet(text, q)
	if !found || !strings.Contains(string(got), "Після &lt;<mark>повені</mark>&gt; у Києві &amp; далі.") {
		t.Errorf("snippet %q (found %v)", got, found)
	}
	if !strings.HasPrefix(string(got), "… ") || !strings.HasSuffix(string(got), " …") {
		t.Errorf("snippet %q lacks ellipses where it cuts", got)
	}
	if h := Highlight(`<script>Flooding</script>`, ParseQuery("flood")); h != "&lt;script&gt;<mark>Flooding</mark>&lt;/script&gt;" {
		t.Errorf("Highlight = %q", h)
	}
	if _, found := Snippet("nothing here", q); found {
		t.Error("a snippet without the words reports a match")
	}
}

func TestParseQuery(t *testing.T) {
	for in, want := range map[string]string{
		`flood "old bridge" Київ`:     `[[flood] [old bridg] [киів]]`,
		`«у Києві» flood flood`:       `[[у киів] [flood]]`,
		`"unclosed phrase here`:       `[[unclos phrase here]]`,
		`,,, ""`:                      `[]`,
		strings.Repeat("word", 1):     `[[word]]`,
		`a b c d e f g h i j k l m n`: `[[a] [b] [c] [d] [e] [f] [g] [h]]`,
	} {
		if got := fmt.Sprint(ParseQuery(in).Groups); got != want {
			t.Errorf("ParseQuery(%q) = %s, want %s", in, got, want)
		}
	}
}
