package convert

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"sync"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsdesk/internal/markdown"
)

// mdTag is the element the pre-pass puts where a card was: its data-md
// attribute holds the card's finished Markdown, written out as it is.
const mdTag = "newsdesk-md"

var (
	convOnce sync.Once
	conv     *htmltomarkdown.Converter
)

func converter() *htmltomarkdown.Converter {
	convOnce.Do(func() {
		conv = htmltomarkdown.NewConverter(htmltomarkdown.WithPlugins(
			base.NewBasePlugin(),
			commonmark.NewCommonmarkPlugin(
				commonmark.WithHorizontalRule(Rule),
				commonmark.WithLinkEmptyContentBehavior(commonmark.LinkBehaviorSkip),
			),
			strikethrough.NewStrikethroughPlugin(),
			table.NewTablePlugin(table.WithSpanCellBehavior(table.SpanBehaviorMirror)),
		))
		conv.Register.RendererFor(mdTag, htmltomarkdown.TagTypeBlock, renderMarker, htmltomarkdown.PriorityEarly)
		// Markdown has no underline, subscript, superscript or highlight;
		// the raw tags survive the renderer's sanitizer.
		for _, tag := range []string{"u", "ins", "sub", "sup", "mark"} {
			conv.Register.RendererFor(tag, htmltomarkdown.TagTypeInline, renderKeptTag, htmltomarkdown.PriorityEarly)
		}
	})
	return conv
}

func renderMarker(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	w.WriteString("\n\n" + attr(n, "data-md") + "\n\n")
	return htmltomarkdown.RenderSuccess
}

func renderKeptTag(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	tag := n.Data
	if tag == "ins" {
		tag = "u"
	}
	var inner bytes.Buffer
	ctx.RenderChildNodes(ctx, &inner, n)
	if strings.TrimSpace(inner.String()) == "" {
		w.Write(inner.Bytes())
		return htmltomarkdown.RenderSuccess
	}
	w.WriteString("<" + tag + ">")
	w.Write(inner.Bytes())
	w.WriteString("</" + tag + ">")
	return htmltomarkdown.RenderSuccess
}

// HTML converts an HTML body (Ghost's html, WordPress content after
// shortcodes and paragraphs, an Admin API ?source=html body) to newsdesk
// Markdown. Cards that Ghost and WordPress write as HTML become their
// newsdesk forms; the warnings name what could not be kept.
func HTML(src string) (string, []string) {
	var c htmlConv
	md := c.blocks(src)
	return md, c.warnings
}

type htmlConv struct {
	warnings []string
	depth    int
}

func (c *htmlConv) warn(msg string) {
	c.warnings = append(c.warnings, msg)
}

// blocks converts an HTML fragment to Markdown blocks.
func (c *htmlConv) blocks(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	root := parseFragment(src)
	return c.convertNode(root)
}

func (c *htmlConv) convertNode(root *html.Node) string {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 20 {
		// Cards inside cards inside cards: past this, plain text is enough.
		return EscapeText(textOf(root))
	}
	c.cards(root)
	out, err := converter().ConvertNode(root)
	if err != nil {
		c.warn("html: " + err.Error())
		return EscapeText(textOf(root))
	}
	return tidy(string(out))
}

// inline converts an HTML fragment to one line of inline Markdown
// (captions, headings of cards).
func (c *htmlConv) inline(src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	if !strings.ContainsAny(src, "<&") {
		return EscapeText(oneLine(src))
	}
	return c.inlineNode(parseFragment(src))
}

func (c *htmlConv) inlineNode(n *html.Node) string {
	md := c.convertNode(n)
	// Blocks in a caption (rare) join with spaces; a caption is one line.
	return oneLine(strings.ReplaceAll(md, "\\\n", " "))
}

var (
	blankRuns = regexp.MustCompile(`\n{3,}`)
	blankLine = regexp.MustCompile(`\n[ \t]+\n`)
)

func tidy(md string) string {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	md = blankLine.ReplaceAllString(md, "\n\n")
	md = blankRuns.ReplaceAllString(md, "\n\n")
	md = strings.Trim(md, "\n ")
	if md == "" {
		return ""
	}
	return md
}

// parseFragment parses HTML as the content of a <div>.
func parseFragment(src string) *html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	if err != nil {
		root.AppendChild(&html.Node{Type: html.TextNode, Data: src})
		return root
	}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

// cards replaces the cards under root with markers holding their
// Markdown.
func (c *htmlConv) cards(root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; {
			next := ch.NextSibling
			if md, ok := c.card(ch); ok {
				replace(ch, md)
			} else {
				walk(ch)
			}
			ch = next
		}
	}
	walk(root)
}

func replace(n *html.Node, md string) {
	m := &html.Node{Type: html.ElementNode, Data: mdTag, Attr: []html.Attribute{{Key: "data-md", Val: md}}}
	n.Parent.InsertBefore(m, n)
	n.Parent.RemoveChild(n)
}

// card recognises one card and returns its Markdown.
func (c *htmlConv) card(n *html.Node) (string, bool) {
	if n.Type == html.CommentNode {
		if strings.TrimSpace(n.Data) == "members-only" {
			return MembersOnly, true
		}
		return "", false
	}
	if n.Type != html.ElementNode {
		return "", false
	}
	switch {
	case hasClass(n, "kg-bookmark-card"):
		return c.bookmarkCard(n), true
	case hasClass(n, "kg-callout-card"):
		emoji := textOf(findClass(n, "kg-callout-emoji"))
		body := ""
		if t := findClass(n, "kg-callout-text"); t != nil {
			body = c.convertNode(clone(t))
		}
		return Callout(emoji, body), true
	case hasClass(n, "kg-toggle-card"):
		heading := textOf(findClass(n, "kg-toggle-heading-text"))
		body := ""
		if t := findClass(n, "kg-toggle-content"); t != nil {
			body = c.convertNode(clone(t))
		}
		return Toggle(heading, body), true
	case hasClass(n, "kg-button-card") || hasClass(n, "wp-block-buttons") || hasClass(n, "wp-block-button"):
		var out []string
		for _, a := range findAll(n, func(x *html.Node) bool { return x.DataAtom == atom.A }) {
			out = append(out, Button(attr(a, "href"), textOf(a)))
		}
		return strings.Join(out, "\n\n"), true
	case hasClass(n, "kg-audio-card"):
		src := mediaSource(n, atom.Audio)
		return Embed(src, EscapeText(textOf(findClass(n, "kg-audio-title")))), src != ""
	case hasClass(n, "kg-file-card"):
		a := find(n, func(x *html.Node) bool { return x.DataAtom == atom.A })
		title := textOf(findClass(n, "kg-file-card-title"))
		if title == "" {
			title = textOf(findClass(n, "kg-file-card-filename"))
		}
		if a == nil {
			return EscapeText(title), true
		}
		return fileLink(attr(a, "href"), title, textOf(findClass(n, "kg-file-card-caption"))), true
	case hasClass(n, "kg-product-card"):
		return c.productCard(n), true
	case hasClass(n, "kg-header-card"):
		return c.headerCard(n), true
	case hasClass(n, "kg-signup-card"):
		c.warn("signup card: the form is not imported, its text is")
		return c.convertNode(clone(n)), true
	case hasClass(n, "kg-gallery-card") || hasClass(n, "wp-block-gallery") || hasClass(n, "gallery") || hasClass(n, "tiled-gallery"):
		return c.gallery(n), true
	case hasClass(n, "kg-embed-card") || hasClass(n, "wp-block-embed") || hasClass(n, "kg-video-card"):
		if md, ok := c.embed(n); ok {
			return md, true
		}
	case n.DataAtom == atom.Iframe, n.DataAtom == atom.Video, n.DataAtom == atom.Audio, n.DataAtom == atom.Object, n.DataAtom == atom.Embed:
		if md, ok := c.embed(n); ok {
			return md, true
		}
		if n.DataAtom == atom.Iframe || n.DataAtom == atom.Object || n.DataAtom == atom.Embed {
			c.warn("html: an embedded frame without a source was dropped")
			return "", true
		}
	case n.DataAtom == atom.Blockquote && (hasClass(n, "twitter-tweet") || hasClass(n, "instagram-media") || hasClass(n, "tiktok-embed") || hasClass(n, "bluesky-embed")):
		if md, ok := c.embed(n); ok {
			return md, true
		}
	case n.DataAtom == atom.Script:
		if post := attr(n, "data-telegram-post"); post != "" {
			return Embed("https://t.me/"+strings.Trim(post, "/"), ""), true
		}
	case n.DataAtom == atom.Details:
		sum := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Summary })
		heading := textOf(sum)
		body := clone(n)
		for ch := body.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.DataAtom == atom.Summary {
				body.RemoveChild(ch)
				break
			}
		}
		return Toggle(heading, c.convertNode(body)), true
	case n.DataAtom == atom.Figure:
		return c.figure(n)
	}
	return "", false
}

func (c *htmlConv) figure(n *html.Node) (string, bool) {
	imgs := findAll(n, func(x *html.Node) bool { return x.DataAtom == atom.Img })
	capNode := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption })
	caption := ""
	if capNode != nil {
		caption = c.inlineNode(clone(capNode))
	}
	if find(n, func(x *html.Node) bool {
		return x.DataAtom == atom.Iframe || x.DataAtom == atom.Video || x.DataAtom == atom.Audio || hasClass(x, "twitter-tweet") || hasClass(x, "instagram-media")
	}) != nil {
		return c.embed(n)
	}
	if pre := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Pre }); pre != nil && len(imgs) == 0 {
		code := find(pre, func(x *html.Node) bool { return x.DataAtom == atom.Code })
		lang := ""
		if code != nil {
			lang = languageOf(code)
		} else {
			code = pre
		}
		out := Code(lang, rawText(code))
		if cp := Caption(caption); cp != "" {
			out += "\n\n" + cp
		}
		return out, true
	}
	if len(imgs) == 0 || find(n, func(x *html.Node) bool {
		return x.DataAtom == atom.Table || x.DataAtom == atom.Blockquote || x.DataAtom == atom.P && find(x, func(y *html.Node) bool { return y.DataAtom == atom.Img }) == nil
	}) != nil {
		// A table, a pull quote or text with a caption: convert the
		// content and keep the caption as its own line.
		body := clone(n)
		if cn := find(body, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption }); cn != nil {
			cn.Parent.RemoveChild(cn)
		}
		out := c.convertNode(body)
		if cp := Caption(caption); cp != "" {
			out += "\n\n" + cp
		}
		return out, true
	}
	return Gallery(images(imgs), caption), true
}

func (c *htmlConv) gallery(n *html.Node) string {
	imgs := findAll(n, func(x *html.Node) bool { return x.DataAtom == atom.Img })
	// WordPress galleries caption each picture; Ghost's have one caption.
	var captions []string
	var own *html.Node
	for _, fc := range findAll(n, func(x *html.Node) bool {
		return x.DataAtom == atom.Figcaption || hasClass(x, "wp-caption-text") || hasClass(x, "gallery-caption")
	}) {
		if fc.Parent == n {
			own = fc
			continue
		}
		if t := c.inlineNode(clone(fc)); t != "" {
			captions = append(captions, t)
		}
	}
	caption := ""
	if own != nil {
		caption = c.inlineNode(clone(own))
	}
	if caption == "" {
		caption = strings.Join(captions, " · ")
	} else if len(captions) > 0 {
		caption += " · " + strings.Join(captions, " · ")
	}
	return Gallery(images(imgs), caption)
}

func images(imgs []*html.Node) []Image {
	out := make([]Image, 0, len(imgs))
	for _, im := range imgs {
		src := imageSource(im)
		if src == "" {
			continue
		}
		img := Image{URL: src, Alt: attr(im, "alt"), Title: attr(im, "title")}
		if a := ancestor(im, atom.A); a != nil {
			if h := attr(a, "href"); h != "" && h != src && !sameImage(h, src) {
				img.Href = h
			}
		}
		out = append(out, img)
	}
	return out
}

// sameImage reports whether a link only leads to a bigger copy of the
// picture (WordPress links images to their full-size file).
func sameImage(href, src string) bool {
	strip := func(s string) string {
		s = sizeSuffix.ReplaceAllString(s, "$1")
		return strings.TrimPrefix(strings.TrimPrefix(s, "https:"), "http:")
	}
	return strip(href) == strip(src)
}

var sizeSuffix = regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)

func imageSource(im *html.Node) string {
	for _, k := range []string{"src", "data-src", "data-lazy-src", "data-orig-file"} {
		if v := strings.TrimSpace(attr(im, k)); v != "" && !strings.HasPrefix(v, "data:") {
			return v
		}
	}
	return ""
}

// embed finds what an embed card, iframe or embed blockquote shows.
func (c *htmlConv) embed(n *html.Node) (string, bool) {
	caption := ""
	if cn := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption }); cn != nil {
		caption = c.inlineNode(clone(cn))
	}
	u := EmbedURL(n)
	if u == "" {
		// A wrapper holding the bare URL (WordPress block embeds).
		if w := findClass(n, "wp-block-embed__wrapper"); w != nil {
			u = strings.TrimSpace(textOf(w))
		}
	}
	if u == "" || !isWebURL(u) {
		return "", false
	}
	return Embed(u, caption), true
}

// EmbedURL returns the page an embed's HTML shows, as readers would link
// to it: an iframe's player address becomes the video's or post's own URL.
func EmbedURL(n *html.Node) string {
	var u string
	for x := range n.Descendants() {
		if x.Type != html.ElementNode {
			continue
		}
		switch {
		case hasClass(x, "twitter-tweet"), hasClass(x, "bluesky-embed"):
			// The last link of the quoted tweet is its permalink.
			for _, a := range findAll(x, func(y *html.Node) bool { return y.DataAtom == atom.A }) {
				u = attr(a, "href")
			}
		case hasClass(x, "instagram-media"):
			u = attr(x, "data-instgrm-permalink")
		case hasClass(x, "tiktok-embed"):
			u = attr(x, "cite")
		case x.DataAtom == atom.Script && attr(x, "data-telegram-post") != "":
			u = "https://t.me/" + strings.Trim(attr(x, "data-telegram-post"), "/")
		case x.DataAtom == atom.Iframe, x.DataAtom == atom.Embed:
			u = pageOfPlayer(attr(x, "src"))
		case x.DataAtom == atom.Object:
			u = pageOfPlayer(attr(x, "data"))
		case x.DataAtom == atom.Video, x.DataAtom == atom.Audio:
			u = attr(x, "src")
			if u == "" {
				if s := find(x, func(y *html.Node) bool { return y.DataAtom == atom.Source }); s != nil {
					u = attr(s, "src")
				}
			}
		}
		if u != "" {
			break
		}
	}
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	if i := strings.Index(u, "?ref_src="); i > 0 {
		u = u[:i] // tweets carry tracking
	}
	return strings.TrimSpace(u)
}

var (
	ytEmbed    = regexp.MustCompile(`^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([A-Za-z0-9_-]{6,20})`)
	vimeoEmbed = regexp.MustCompile(`^https?://player\.vimeo\.com/video/([0-9]{3,12})`)
	tweetEmbed = regexp.MustCompile(`^https?://platform\.twitter\.com/embed/(?:Tweet\.html)?\?(?:.*&)?id=([0-9]{1,25})`)
	instaEmbed = regexp.MustCompile(`^https?://(?:www\.)?instagram\.com/(p|reel|tv)/([A-Za-z0-9_-]+)/embed`)
)

// pageOfPlayer maps a player address to the page it plays.
func pageOfPlayer(src string) string {
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	if m := ytEmbed.FindStringSubmatch(src); m != nil {
		return "https://www.youtube.com/watch?v=" + m[1]
	}
	if m := vimeoEmbed.FindStringSubmatch(src); m != nil {
		return "https://vimeo.com/" + m[1]
	}
	if m := tweetEmbed.FindStringSubmatch(src); m != nil {
		return "https://twitter.com/i/status/" + m[1]
	}
	if m := instaEmbed.FindStringSubmatch(src); m != nil {
		return "https://www.instagram.com/" + m[1] + "/" + m[2] + "/"
	}
	if u, err := url.Parse(src); err == nil && strings.HasSuffix(u.Host, "t.me") && u.Query().Get("embed") != "" {
		u.RawQuery = ""
		return u.String()
	}
	return src
}

func (c *htmlConv) bookmarkCard(n *html.Node) string {
	a := find(n, func(x *html.Node) bool { return x.DataAtom == atom.A })
	href := ""
	if a != nil {
		href = attr(a, "href")
	}
	out := Bookmark(href,
		textOf(findClass(n, "kg-bookmark-title")),
		textOf(findClass(n, "kg-bookmark-description")),
		textOf(findClass(n, "kg-bookmark-publisher")),
		textOf(findClass(n, "kg-bookmark-author")))
	if cn := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Figcaption }); cn != nil {
		if cp := Caption(c.inlineNode(clone(cn))); cp != "" {
			out += "\n\n" + cp
		}
	}
	return out
}

func (c *htmlConv) productCard(n *html.Node) string {
	var d doc
	d.add(Heading(3, EscapeText(textOf(findClass(n, "kg-product-card-title")))))
	if im := find(n, func(x *html.Node) bool { return x.DataAtom == atom.Img }); im != nil {
		d.add(Figure(Image{URL: imageSource(im), Alt: attr(im, "alt")}, ""))
	}
	if desc := findClass(n, "kg-product-card-description"); desc != nil {
		d.add(c.convertNode(clone(desc)))
	}
	if stars := len(findAll(n, func(x *html.Node) bool { return hasClass(x, "kg-product-card-rating-active") })); stars > 0 {
		d.add(EscapeText(strings.Repeat("★", stars) + strings.Repeat("☆", max(0, 5-stars))))
	}
	if a := findClass(n, "kg-product-card-button"); a != nil {
		d.add(Button(attr(a, "href"), textOf(a)))
	}
	return strings.TrimSpace(d.String())
}

func (c *htmlConv) headerCard(n *html.Node) string {
	var d doc
	if h := find(n, func(x *html.Node) bool {
		return hasClass(x, "kg-header-card-header") || hasClass(x, "kg-header-card-heading")
	}); h != nil {
		d.add(Heading(2, c.inlineNode(clone(h))))
	}
	if s := find(n, func(x *html.Node) bool {
		return hasClass(x, "kg-header-card-subheader") || hasClass(x, "kg-header-card-subheading")
	}); s != nil {
		d.add(c.inlineNode(clone(s)))
	}
	if a := findClass(n, "kg-header-card-button"); a != nil {
		d.add(Button(attr(a, "href"), textOf(a)))
	}
	return strings.TrimSpace(d.String())
}

func fileLink(href, title, caption string) string {
	if title == "" {
		title = href
	}
	out := "[" + escapeLinkText(EscapeText(oneLine(title))) + "](" + Destination(href) + ")"
	if caption = oneLine(caption); caption != "" {
		out += "\\\n" + EscapeText(caption)
	}
	return out
}

func mediaSource(n *html.Node, a atom.Atom) string {
	m := find(n, func(x *html.Node) bool { return x.DataAtom == a })
	if m == nil {
		return ""
	}
	if s := attr(m, "src"); s != "" {
		return s
	}
	if s := find(m, func(x *html.Node) bool { return x.DataAtom == atom.Source }); s != nil {
		return attr(s, "src")
	}
	return ""
}

func languageOf(code *html.Node) string {
	for _, cl := range strings.Fields(attr(code, "class")) {
		if l, ok := strings.CutPrefix(cl, "language-"); ok {
			return l
		}
		if l, ok := strings.CutPrefix(cl, "lang-"); ok {
			return l
		}
	}
	return ""
}

// RawHTML keeps HTML that has no Markdown form as one sanitized raw HTML
// block. A CommonMark HTML block ends at a blank line, so blank lines go
// (inside <pre> newlines become &#10;), and a <div> wraps content that
// would not start a block.
func RawHTML(src string) string {
	clean := strings.ReplaceAll(markdown.Sanitize(src), "\r\n", "\n")
	clean = preBlock.ReplaceAllStringFunc(clean, func(pre string) string {
		return strings.ReplaceAll(pre, "\n", "&#10;")
	})
	lines := strings.Split(clean, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			kept = append(kept, l)
		}
	}
	body := strings.TrimSpace(strings.Join(kept, "\n"))
	if body == "" {
		return ""
	}
	if !blockStart.MatchString(body) {
		body = "<div>\n" + body + "\n</div>"
	}
	return body
}

var (
	preBlock   = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)
	blockStart = regexp.MustCompile(`(?i)^<(address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|section|table|ul)[\s/>]`)
)

// DOM helpers.

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func find(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if n == nil {
		return nil
	}
	for x := range n.Descendants() {
		if x.Type == html.ElementNode && pred(x) {
			return x
		}
	}
	return nil
}

func findAll(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n == nil {
		return nil
	}
	for x := range n.Descendants() {
		if x.Type == html.ElementNode && pred(x) {
			out = append(out, x)
		}
	}
	return out
}

func findClass(n *html.Node, class string) *html.Node {
	return find(n, func(x *html.Node) bool { return hasClass(x, class) })
}

func ancestor(n *html.Node, a atom.Atom) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == a {
			return p
		}
	}
	return nil
}

// textOf is the text of n with whitespace collapsed.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for x := range n.Descendants() {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		} else if x.DataAtom == atom.Br {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// clone copies n and its subtree, detached, as the content of a <div>.
func clone(n *html.Node) *html.Node {
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		root.AppendChild(deepCopy(ch))
	}
	return root
}

func deepCopy(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(deepCopy(ch))
	}
	return c
}

// rawText is the text of n as it stands (code keeps its whitespace).
func rawText(n *html.Node) string {
	var b strings.Builder
	for x := range n.Descendants() {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		} else if x.DataAtom == atom.Br {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
