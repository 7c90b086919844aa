package markdown

// Cards: the rich forms newsdesk bodies use beyond plain Markdown, defined
// once in internal/importer/convert (package doc) and rendered here:
//
//   - a paragraph of only an image is a figure; of two or more images, a
//     gallery; an italic line under them is the caption, and its last
//     parenthesised group the credit;
//   - a paragraph of only a bare URL is an embed: a click-to-load facade
//     for YouTube, Vimeo, X, Instagram, Telegram and Facebook, a player for a video
//     or audio file, a plain link otherwise; an italic line under it is
//     the caption; a link alone to an audio or video file on this site
//     (a path cannot be a bare URL) plays the same way;
//   - "::: callout", "::: bookmark", "::: button", "::: toggle" and
//     "::: pullquote" blocks.
//
// Facades load nothing from another host until the reader clicks; the
// site's script swaps the link for the player (see internal/site).

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// EmbedFrameHosts are the origins facades may load a player from once
// clicked; the site's Content-Security-Policy frame-src lists them.
var EmbedFrameHosts = []string{
	"https://www.youtube-nocookie.com",
	"https://player.vimeo.com",
	"https://platform.twitter.com",
	"https://www.instagram.com",
	"https://t.me",
	"https://www.facebook.com",
}

// embedFrame matches the player addresses facades may carry; the
// sanitizer allows data-embed only with one of these.
var embedFrame = regexp.MustCompile(`^https://(www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{6,20}\?autoplay=1|player\.vimeo\.com/video/[0-9]{3,12}\?autoplay=1&dnt=1|platform\.twitter\.com/embed/Tweet\.html\?id=[0-9]{1,25}&dnt=true|www\.instagram\.com/(p|reel|tv)/[A-Za-z0-9_-]{1,64}/embed/|t\.me/[A-Za-z0-9_]{1,64}/[0-9]{1,12}\?embed=1|www\.facebook\.com/plugins/(post|video)\.php\?href=https%3A%2F%2Fwww\.facebook\.com%2F[A-Za-z0-9._%-]{1,200})$`)

// allowCards lets the card markup through the sanitizer.
func allowCards(p *bluemonday.Policy) {
	p.AllowElements("aside", "details", "summary")
	p.AllowAttrs("data-embed").Matching(embedFrame).OnElements("a")
	p.AllowAttrs("data-title").Matching(regexp.MustCompile(`^[^<>]{0,200}$`)).OnElements("a")
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^true$`)).OnElements("span")
	p.AllowElements("video", "audio")
	p.AllowAttrs("src").OnElements("video", "audio")
	p.AllowAttrs("controls").Matching(regexp.MustCompile(`^(controls)?$`)).OnElements("video", "audio")
	p.AllowAttrs("preload").Matching(regexp.MustCompile(`^(none|metadata)$`)).OnElements("video", "audio")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
}

// Node kinds of the cards.
var (
	KindFigure  = ast.NewNodeKind("Figure")
	KindCaption = ast.NewNodeKind("FigureCaption")
	KindCredit  = ast.NewNodeKind("Credit")
	KindEmbed   = ast.NewNodeKind("Embed")
	KindCardDiv = ast.NewNodeKind("Card")
)

// Figure is a figure or gallery: its children are the images (or links
// around them), then at most one Caption.
type Figure struct {
	ast.BaseBlock
	Gallery bool
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Caption is a figure's or embed's caption; a trailing Credit is its last
// child when there is one.
type Caption struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *Caption) Kind() ast.NodeKind { return KindCaption }

// Dump implements ast.Node.
func (n *Caption) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Credit is the "(Photographer / Agency)" end of a caption.
type Credit struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *Credit) Kind() ast.NodeKind { return KindCredit }

// Dump implements ast.Node.
func (n *Credit) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Embed is a URL shown as a facade, a player or a link; its only child is
// an optional Caption.
type Embed struct {
	ast.BaseBlock
	URL string
}

// Kind implements ast.Node.
func (n *Embed) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *Embed) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"URL": n.URL}, nil)
}

// Card is a ::: block: Name is callout, bookmark, button, toggle or
// pullquote, Arg
// the rest of the opening line.
type Card struct {
	ast.BaseBlock
	Name   string
	Arg    string
	colons int
}

// Kind implements ast.Node.
func (n *Card) Kind() ast.NodeKind { return KindCardDiv }

// Dump implements ast.Node.
func (n *Card) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name, "Arg": n.Arg}, nil)
}

// cards is the goldmark extension.
type cards struct{}

func (cards) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(cardParser{}, 90)),
		parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 900)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(cardRenderer{}, 100)))
}

var cardNames = map[string]bool{"callout": true, "bookmark": true, "button": true, "toggle": true, "pullquote": true}

// cardParser parses ::: blocks.
type cardParser struct{}

func (cardParser) Trigger() []byte { return []byte{':'} }

// fence reads a line of colons and what follows: the count, and the rest.
func fence(line []byte, offset int) (int, string, bool) {
	w, pos := util.IndentWidth(line, offset)
	if w > 3 {
		return 0, "", false
	}
	i := pos
	for i < len(line) && line[i] == ':' {
		i++
	}
	if i-pos < 3 {
		return 0, "", false
	}
	return i - pos, strings.TrimSpace(string(line[i:])), true
}

func (cardParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	n, rest, ok := fence(line, reader.LineOffset())
	if !ok || rest == "" {
		return nil, parser.NoChildren
	}
	name, arg, _ := strings.Cut(rest, " ")
	if !cardNames[name] {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &Card{Name: name, Arg: strings.TrimSpace(arg), colons: n}, parser.HasChildren
}

func (cardParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if n, rest, ok := fence(line, reader.LineOffset()); ok && rest == "" && n >= node.(*Card).colons {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (cardParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (cardParser) CanInterruptParagraph() bool                                { return true }
func (cardParser) CanAcceptIndentedLine() bool                                { return false }

// figureTransformer turns paragraphs of only images, or of only a bare
// URL, into figures, galleries and embeds.
type figureTransformer struct{}

func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var paras []*ast.Paragraph
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		transformParagraph(p, src)
	}
}

func transformParagraph(p *ast.Paragraph, src []byte) {
	// Split off an italic last line: a soft break, then one emphasis.
	var caption *ast.Emphasis
	last := p.LastChild()
	if em, ok := last.(*ast.Emphasis); ok && em.Level == 1 {
		if br, ok := em.PreviousSibling().(*ast.Text); ok && br.SoftLineBreak() && len(bytes.TrimSpace(br.Value(src))) == 0 {
			caption = em
		}
	}
	var media []ast.Node
	var link *ast.AutoLink
	var sitePath string
	for c := p.FirstChild(); c != nil && c != ast.Node(caption); c = c.NextSibling() {
		switch n := c.(type) {
		case *ast.Image:
			media = append(media, n)
		case *ast.Link:
			if n.ChildCount() == 1 && n.FirstChild().Kind() == ast.KindImage {
				media = append(media, n)
				continue
			}
			// A link alone to an audio or video file on this site: the
			// form a site path takes, since it cannot be a bare URL.
			if u := string(n.Destination); link == nil && siteMediaPath(u) {
				link = &ast.AutoLink{}
				sitePath = u
				continue
			}
			return
		case *ast.AutoLink:
			if link != nil || n.AutoLinkType != ast.AutoLinkURL {
				return
			}
			link = n
		case *ast.Text:
			if len(bytes.TrimSpace(n.Value(src))) != 0 {
				return
			}
		default:
			return
		}
	}
	var repl ast.Node
	switch {
	case sitePath != "" && len(media) == 0:
		repl = &Embed{URL: sitePath}
	case link != nil && len(media) == 0:
		u := string(link.URL(src))
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			return
		}
		repl = &Embed{URL: u}
	case link == nil && len(media) > 0:
		f := &Figure{Gallery: len(media) > 1}
		for _, m := range media {
			f.AppendChild(f, m)
		}
		repl = f
	default:
		return
	}
	if caption != nil {
		c := &Caption{}
		for ch := caption.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			c.AppendChild(c, ch)
			ch = next
		}
		splitCredit(c, src)
		repl.AppendChild(repl, c)
	}
	parent := p.Parent()
	parent.ReplaceChild(parent, p, repl)
}

// splitCredit moves a caption's trailing "(...)" into a Credit.
func splitCredit(c *Caption, src []byte) {
	last, ok := c.LastChild().(*ast.Text)
	if !ok || !bytes.HasSuffix(bytes.TrimRight(last.Value(src), " "), []byte(")")) {
		return
	}
	depth := 0
	for n := ast.Node(last); n != nil; n = n.PreviousSibling() {
		t, ok := n.(*ast.Text)
		if !ok {
			continue // links and emphasis inside a credit are kept whole
		}
		v := t.Value(src)
		for i := len(v) - 1; i >= 0; i-- {
			switch v[i] {
			case ')':
				depth++
			case '(':
				depth--
				if depth > 0 {
					continue
				}
				seg := t.Segment
				credit := &Credit{}
				if i > 0 {
					head := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+i))
					c.InsertBefore(c, t, head)
				}
				tail := ast.NewTextSegment(text.NewSegment(seg.Start+i, seg.Stop))
				tail.SetSoftLineBreak(t.SoftLineBreak())
				for m := t.NextSibling(); m != nil; {
					next := m.NextSibling()
					credit.AppendChild(credit, m)
					m = next
				}
				c.RemoveChild(c, t)
				credit.InsertBefore(credit, credit.FirstChild(), tail)
				c.AppendChild(c, credit)
				return
			}
		}
	}
}

// cardRenderer writes the card nodes as HTML.
type cardRenderer struct{}

func (cardRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
	reg.Register(KindCaption, renderCaption)
	reg.Register(KindCredit, renderCredit)
	reg.Register(KindEmbed, renderEmbed)
	reg.Register(KindCardDiv, renderCard)
}

func renderFigure(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	f := n.(*Figure)
	if entering {
		if f.Gallery {
			w.WriteString(`<figure class="gallery"><div class="gallery-grid">`)
		} else {
			w.WriteString(`<figure class="figure">`)
		}
		return ast.WalkContinue, nil
	}
	if f.Gallery && f.LastChild().Kind() != KindCaption {
		w.WriteString("</div>")
	}
	w.WriteString("</figure>\n")
	return ast.WalkContinue, nil
}

func renderCaption(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		if f, ok := n.Parent().(*Figure); ok && f.Gallery {
			w.WriteString("</div>")
		}
		w.WriteString("<figcaption>")
	} else {
		w.WriteString("</figcaption>")
	}
	return ast.WalkContinue, nil
}

func renderCredit(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<span class="credit">`)
	} else {
		w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

// embedKind is what an embed URL shows.
type embedKind struct {
	Provider string // "YouTube", "Vimeo", "X", "Instagram", "Telegram", "Facebook"
	Frame    string // the player's address, loaded on click
	What     string // "video" or "post"
	File     string // "video" or "audio" for a media file
}

var (
	ytID     = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
	vimeoID  = regexp.MustCompile(`^[0-9]{3,12}$`)
	numID    = regexp.MustCompile(`^[0-9]{1,25}$`)
	instaID  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	tgName   = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	tgPostID = regexp.MustCompile(`^[0-9]{1,12}$`)
)

// classify tells which provider a URL belongs to and how to play it.
func classify(raw string) embedKind {
	u, err := url.Parse(raw)
	if err != nil {
		return embedKind{}
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "youtube.com", "m.youtube.com", "youtu.be", "youtube-nocookie.com":
		id := u.Query().Get("v")
		if host == "youtu.be" {
			id = parts[0]
		} else if len(parts) == 2 && (parts[0] == "embed" || parts[0] == "shorts" || parts[0] == "live") {
			id = parts[1]
		}
		if ytID.MatchString(id) {
			return embedKind{Provider: "YouTube", What: "video", Frame: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"}
		}
	case "vimeo.com", "player.vimeo.com":
		id := parts[len(parts)-1]
		if vimeoID.MatchString(id) {
			return embedKind{Provider: "Vimeo", What: "video", Frame: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"}
		}
	case "twitter.com", "x.com", "mobile.twitter.com":
		if len(parts) >= 3 && parts[1] == "status" && numID.MatchString(parts[2]) {
			return embedKind{Provider: "X", What: "post", Frame: "https://platform.twitter.com/embed/Tweet.html?id=" + parts[2] + "&dnt=true"}
		}
	case "instagram.com":
		if len(parts) >= 2 && (parts[0] == "p" || parts[0] == "reel" || parts[0] == "tv") && instaID.MatchString(parts[1]) {
			return embedKind{Provider: "Instagram", What: "post", Frame: "https://www.instagram.com/" + parts[0] + "/" + parts[1] + "/embed/"}
		}
	case "t.me", "telegram.me":
		if len(parts) == 2 && tgName.MatchString(parts[0]) && tgPostID.MatchString(parts[1]) {
			return embedKind{Provider: "Telegram", What: "post", Frame: "https://t.me/" + parts[0] + "/" + parts[1] + "?embed=1"}
		}
	case "facebook.com", "m.facebook.com":
		// Posts, videos and reels of pages and people; the player takes
		// the canonical address, rebuilt here from checked parts only.
		if u.Path == "/watch/" || u.Path == "/watch" {
			if v := u.Query().Get("v"); numID.MatchString(v) {
				return facebook("video", "watch/?v="+v)
			}
			break
		}
		for _, p := range parts {
			if !fbPart.MatchString(p) {
				return embedKind{}
			}
		}
		switch {
		case len(parts) == 3 && parts[1] == "posts", len(parts) == 4 && parts[1] == "photos":
			return facebook("post", strings.Join(parts, "/"))
		case len(parts) == 3 && parts[1] == "videos", len(parts) == 2 && parts[0] == "reel" && numID.MatchString(parts[1]):
			return facebook("video", strings.Join(parts, "/"))
		}
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".mp4", ".webm", ".ogv", ".m4v", ".mov":
		return embedKind{File: "video"}
	case ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".aac", ".opus", ".flac":
		return embedKind{File: "audio"}
	}
	return embedKind{}
}

var fbPart = regexp.MustCompile(`^[A-Za-z0-9._-]{1,80}$`)

// facebook is the embed of a Facebook post or video at www.facebook.com/p.
func facebook(what, p string) embedKind {
	kind := "post"
	if what == "video" {
		kind = "video"
	}
	return embedKind{Provider: "Facebook", What: what,
		Frame: "https://www.facebook.com/plugins/" + kind + ".php?href=" + url.QueryEscape("https://www.facebook.com/"+p)}
}

// siteMediaPath reports whether u is a path on this site (not another
// host's) to a file classify plays.
func siteMediaPath(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.Contains(u, "\\") && classify(u).File != ""
}

func renderEmbed(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	e := n.(*Embed)
	k := classify(e.URL)
	figure := k.Frame != "" || k.File != "" || e.HasChildren()
	if !entering {
		if figure {
			w.WriteString("</figure>\n")
		} else {
			w.WriteString("</p>\n")
		}
		return ast.WalkContinue, nil
	}
	u := string(util.EscapeHTML(util.URLEscape([]byte(e.URL), false)))
	switch {
	case k.Frame != "":
		title := k.Provider + " " + k.What
		w.WriteString(`<figure class="embed embed-` + k.What + `"><a class="facade" href="` + u + `" data-embed="` +
			string(util.EscapeHTML([]byte(k.Frame))) + `" data-title="` + title + `">`)
		if k.What == "video" {
			w.WriteString(`<span class="play" aria-hidden="true"></span>`)
		}
		w.WriteString(`<span class="facade-text"><span class="facade-title">` + facadeTitle(k) + `</span>` +
			`<span class="facade-note">Loads from ` + k.Provider + ` when you click</span></span></a>`)
	case k.File == "video":
		w.WriteString(`<figure class="embed"><video controls preload="` + preload(e.URL) + `" src="` + u + `"><a href="` + u + `">` + u + `</a></video>`)
	case k.File == "audio":
		w.WriteString(`<figure class="embed"><audio controls preload="` + preload(e.URL) + `" src="` + u + `"><a href="` + u + `">` + u + `</a></audio>`)
	case figure:
		w.WriteString(`<figure class="embed embed-link"><a href="` + u + `">` + string(util.EscapeHTML([]byte(e.URL))) + `</a>`)
	default:
		w.WriteString(`<p><a href="` + u + `">` + string(util.EscapeHTML([]byte(e.URL))) + `</a>`)
	}
	return ast.WalkContinue, nil
}

func facadeTitle(k embedKind) string {
	if k.What == "video" {
		return "Play the " + k.Provider + " video"
	}
	return "Show the " + k.Provider + " post"
}

// preload lets the browser fetch a file's metadata only from this site:
// nothing reaches another host before the reader presses play.
func preload(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return "metadata"
	}
	return "none"
}

func renderCard(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	c := n.(*Card)
	switch c.Name {
	case "callout":
		if entering {
			w.WriteString(`<aside class="callout">`)
			if c.Arg != "" {
				w.WriteString(`<span class="callout-emoji" aria-hidden="true">` + string(util.EscapeHTML([]byte(c.Arg))) + `</span>`)
			}
			w.WriteString(`<div class="callout-body">` + "\n")
		} else {
			w.WriteString("</div></aside>\n")
		}
	case "pullquote":
		if entering {
			w.WriteString(`<aside class="pullquote">` + "\n")
		} else {
			w.WriteString("</aside>\n")
		}
	case "toggle":
		if entering {
			w.WriteString(`<details class="toggle"><summary>` + string(util.EscapeHTML([]byte(c.Arg))) + "</summary>\n")
		} else {
			w.WriteString("</details>\n")
		}
	case "bookmark", "button":
		link := firstLink(c)
		if link == nil {
			// No link to make a card of: show the content as it is.
			if entering {
				w.WriteString(`<div class="card">` + "\n")
			} else {
				w.WriteString("</div>\n")
			}
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		href := string(util.EscapeHTML(util.URLEscape(link.Destination, false)))
		label := string(util.EscapeHTML([]byte(plainText(link, src))))
		if c.Name == "button" {
			w.WriteString(`<p class="button-card"><a class="button" href="` + href + `">` + label + "</a></p>\n")
			return ast.WalkSkipChildren, nil
		}
		w.WriteString(`<p class="bookmark"><a href="` + href + `"><strong class="bookmark-title">` + label + "</strong>")
		var lines []string
		for p := c.FirstChild(); p != nil; p = p.NextSibling() {
			for _, line := range strings.Split(plainTextExcept(p, link, src), "\n") {
				if line = strings.TrimSpace(line); line != "" {
					lines = append(lines, line)
				}
			}
		}
		meta := isMetaLine(c, link)
		for i, line := range lines {
			class := "bookmark-text"
			if meta && i == len(lines)-1 {
				class = "bookmark-meta"
			}
			w.WriteString(`<span class="` + class + `">` + string(util.EscapeHTML([]byte(line))) + "</span>")
		}
		w.WriteString("</a></p>\n")
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

// isMetaLine reports whether the card's last paragraph line is the
// italic publisher line.
func isMetaLine(c *Card, link *ast.Link) bool {
	last := c.LastChild()
	if last == nil {
		return false
	}
	lc := last.LastChild()
	if em, ok := lc.(*ast.Emphasis); ok {
		return em != nil && !isAncestor(link, em)
	}
	return false
}

func isAncestor(a, b ast.Node) bool {
	for n := b; n != nil; n = n.Parent() {
		if n == a {
			return true
		}
	}
	return false
}

func firstLink(n ast.Node) *ast.Link {
	var found *ast.Link
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := c.(*ast.Link); ok && entering {
			found = l
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// plainText is the text of n, with soft breaks as newlines.
func plainText(n ast.Node, src []byte) string {
	return plainTextExcept(n, nil, src)
}

func plainTextExcept(n, skip ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if skip != nil && c == skip {
			return ast.WalkSkipChildren, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*ast.Text); ok {
					b.Write(tx.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
