package convert

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// str is a string field that tolerates numbers, booleans and null, since
// card payloads changed types between Ghost versions.
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		if len(b) >= 2 && bytes.IndexByte(b, '\\') < 0 {
			*s = str(b[1 : len(b)-1])
			return nil
		}
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = str(v)
		return nil
	}
	if string(b) == "null" {
		*s = ""
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return nil // an object where a string was expected: ignore it
	}
	*s = str(b)
	return nil
}

func (s str) bool() bool {
	v, _ := strconv.ParseBool(string(s))
	return v
}

// cardImage is a picture of a gallery card.
type cardImage struct {
	Src     str `json:"src"`
	Alt     str `json:"alt"`
	Title   str `json:"title"`
	Caption str `json:"caption"`
	Href    str `json:"href"`
}

// cardMeta is the page metadata of bookmark and embed cards.
type cardMeta struct {
	Title       str `json:"title"`
	Description str `json:"description"`
	Author      str `json:"author"`
	Publisher   str `json:"publisher"`
	URL         str `json:"url"`
}

// card holds the payload fields of every Ghost card, Lexical and
// Mobiledoc alike: the two editors store the same cards under the same
// names.
type card struct {
	Src         str         `json:"src"`
	Alt         str         `json:"alt"`
	Title       str         `json:"title"`
	Caption     str         `json:"caption"`
	Href        str         `json:"href"`
	Images      []cardImage `json:"images"`
	URL         str         `json:"url"`
	HTML        str         `json:"html"`
	Metadata    *cardMeta   `json:"metadata"`
	Emoji       str         `json:"calloutEmoji"`
	CalloutText str         `json:"calloutText"`
	Code        str         `json:"code"`
	Language    str         `json:"language"`
	ButtonText  str         `json:"buttonText"`
	ButtonURL   str         `json:"buttonUrl"`
	ButtonOn    str         `json:"buttonEnabled"`
	Markdown    str         `json:"markdown"`
	FileName    str         `json:"fileName"`
	FileTitle   str         `json:"fileTitle"`
	FileCaption str         `json:"fileCaption"`
	Header      str         `json:"header"`
	Subheader   str         `json:"subheader"`
	Heading     str         `json:"heading"`
	Subheading  str         `json:"subheading"`
	Content     str         `json:"content"`
	Background  str         `json:"backgroundImageSrc"`
	TextValue   str         `json:"textValue"`
	ImageURL    str         `json:"imageUrl"`
	Disclaimer  str         `json:"disclaimer"`
	// ShowButton is the call-to-action card's switch; absent means shown.
	ShowButton   *bool `json:"showButton"`
	SponsorOn    str   `json:"hasSponsorLabel"`
	SponsorLabel str   `json:"sponsorLabel"`

	ProductTitle       str `json:"productTitle"`
	ProductDescription str `json:"productDescription"`
	ProductImage       str `json:"productImageSrc"`
	ProductRatingOn    str `json:"productRatingEnabled"`
	ProductStars       str `json:"productStarRating"`
	ProductButtonOn    str `json:"productButtonEnabled"`
	ProductButton      str `json:"productButton"`
	ProductURL         str `json:"productUrl"`
}

// renderCard writes a Ghost card by name; ok is false for a card it does
// not know.
func renderCard(name string, k *card, h *htmlConv) (md string, ok bool) {
	caption := func() string { return h.inline(string(k.Caption)) }
	switch name {
	case "image":
		return Figure(Image{URL: string(k.Src), Alt: string(k.Alt), Title: string(k.Title), Href: string(k.Href)}, caption()), true
	case "gallery":
		imgs := make([]Image, 0, len(k.Images))
		var each []string
		for _, im := range k.Images {
			imgs = append(imgs, Image{URL: string(im.Src), Alt: string(im.Alt), Title: string(im.Title), Href: string(im.Href)})
			if c := h.inline(string(im.Caption)); c != "" {
				each = append(each, c)
			}
		}
		c := caption()
		if len(each) > 0 {
			c = strings.TrimPrefix(c+" · "+strings.Join(each, " · "), " · ")
		}
		return Gallery(imgs, c), true
	case "embed":
		u := string(k.URL)
		if u == "" || !isWebURL(u) {
			if k.HTML != "" {
				root := parseFragment(string(k.HTML))
				u = EmbedURL(root)
			}
		}
		if isWebURL(u) {
			return Embed(u, caption()), true
		}
		if k.HTML != "" {
			h.warn("embed card without a URL kept as HTML")
			return RawHTML(string(k.HTML)), true
		}
		return "", true
	case "bookmark":
		m := k.Metadata
		if m == nil {
			m = &cardMeta{}
		}
		out := Bookmark(string(k.URL), string(m.Title), string(m.Description), string(m.Publisher), string(m.Author))
		if c := Caption(caption()); c != "" {
			out += "\n\n" + c
		}
		return out, true
	case "callout":
		return Callout(string(k.Emoji), h.blocks(string(k.CalloutText))), true
	case "code", "codeblock":
		out := Code(string(k.Language), string(k.Code))
		if c := Caption(caption()); c != "" {
			out += "\n\n" + c
		}
		return out, true
	case "button":
		return Button(string(k.ButtonURL), string(k.ButtonText)), true
	case "hr", "horizontalrule":
		return Rule, true
	case "html":
		return htmlCard(string(k.HTML), h), true
	case "markdown", "card-markdown":
		return strings.TrimSpace(string(k.Markdown)), true
	case "video", "audio":
		c := caption()
		if name == "audio" && c == "" {
			c = EscapeText(string(k.Title))
		}
		return Embed(string(k.Src), c), true
	case "file":
		t := string(k.FileTitle)
		if t == "" {
			t = string(k.FileName)
		}
		return fileLink(string(k.Src), t, string(k.FileCaption)), true
	case "product":
		var d doc
		d.add(Heading(3, h.inline(string(k.ProductTitle))))
		if k.ProductImage != "" {
			d.add(Figure(Image{URL: string(k.ProductImage)}, ""))
		}
		d.add(h.blocks(string(k.ProductDescription)))
		if k.ProductRatingOn.bool() {
			n, _ := strconv.Atoi(string(k.ProductStars))
			n = max(0, min(n, 5))
			d.add(strings.Repeat("★", n) + strings.Repeat("☆", 5-n))
		}
		if k.ProductButtonOn.bool() || k.ProductURL != "" {
			d.add(Button(string(k.ProductURL), string(k.ProductButton)))
		}
		return strings.TrimSpace(d.String()), true
	case "header":
		var d doc
		head, sub := k.Header, k.Subheader
		if head == "" {
			head, sub = k.Heading, k.Subheading
		}
		d.add(Heading(2, h.inline(string(head))))
		d.add(h.inline(string(sub)))
		if k.ButtonOn.bool() && k.ButtonURL != "" {
			d.add(Button(string(k.ButtonURL), string(k.ButtonText)))
		}
		if k.Background != "" {
			d.add(Figure(Image{URL: string(k.Background)}, ""))
		}
		return strings.TrimSpace(d.String()), true
	case "toggle":
		return Toggle(textOf(parseFragment(string(k.Heading))), h.blocks(string(k.Content))), true
	case "signup":
		h.warn("signup card: the form is not imported, its text is")
		var d doc
		d.add(Heading(2, h.inline(string(k.Header))))
		d.add(h.inline(string(k.Subheader)))
		d.add(h.inline(string(k.Disclaimer)))
		return strings.TrimSpace(d.String()), true
	case "call-to-action":
		var d doc
		// A sponsor's label says the card is paid for: it stays, in
		// emphasis, above the text it labels.
		if k.SponsorOn.bool() {
			if l := strings.TrimSpace(h.inline(string(k.SponsorLabel))); l != "" {
				d.add("*" + strings.Trim(l, "*") + "*")
			}
		}
		d.add(h.blocks(string(k.TextValue)))
		if k.ImageURL != "" {
			d.add(Figure(Image{URL: string(k.ImageURL)}, ""))
		}
		if k.ButtonURL != "" && (k.ShowButton == nil || *k.ShowButton) {
			d.add(Button(string(k.ButtonURL), string(k.ButtonText)))
		}
		return strings.TrimSpace(d.String()), true
	case "paywall":
		return MembersOnly, true
	case "email", "email-cta":
		h.warn(name + " card: content meant only for newsletters was left out")
		return "", true
	}
	return "", false
}

// htmlCard converts an HTML card: an embed's snippet becomes the embed
// form; other HTML stays as a sanitized raw block, since its author chose
// HTML on purpose.
func htmlCard(src string, h *htmlConv) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	root := parseFragment(src)
	if u := EmbedURL(root); isWebURL(u) {
		return Embed(u, "")
	}
	out := RawHTML(src)
	if out == "" {
		// Nothing survived the sanitizer (a script, a form): keep any text.
		if t := textOf(root); t != "" {
			h.warn("html card: markup that cannot be kept was dropped, its text kept")
			return EscapeText(t)
		}
		h.warn("html card: markup that cannot be kept was dropped")
	}
	return out
}
