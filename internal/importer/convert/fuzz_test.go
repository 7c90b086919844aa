package convert

import (
	"os"
	"testing"
)

func FuzzLexical(f *testing.F) {
	b, _ := os.ReadFile("testdata/every-card.lexical.json")
	f.Add(b)
	f.Add([]byte(`{"root":{"children":[{"type":"list","listType":"number","children":[{"type":"listitem","children":[{"type":"list","children":[]}]}]}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		Lexical(data)
	})
}

func FuzzMobiledoc(f *testing.F) {
	b, _ := os.ReadFile("testdata/every-card.mobiledoc.json")
	f.Add(b)
	b, _ = os.ReadFile("testdata/mobiledoc-0.2.json")
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		Mobiledoc(data)
	})
}

func FuzzHTML(f *testing.F) {
	b, _ := os.ReadFile("testdata/ghost-cards.html")
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, s string) {
		HTML(s)
	})
}

func FuzzWordPress(f *testing.F) {
	f.Add("a\n\nb [caption]<img src=\"x\"> c[/caption] [gallery ids=\"1,2\"] <!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --><!-- wp:block {\"ref\":1} /-->")
	f.Fuzz(func(t *testing.T, s string) {
		WordPress(s, WordPressOptions{
			Attachment:    func(id int) (Attachment, bool) { return Attachment{URL: "https://e.org/a.jpg"}, id == 1 },
			ReusableBlock: func(id int) (string, bool) { return "<!-- wp:block {\"ref\":1} /-->", true },
		})
	})
}
