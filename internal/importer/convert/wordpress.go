package convert

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
)

// Attachment is a WordPress media item as a body refers to it.
type Attachment struct {
	URL     string
	Alt     string
	Caption string
}

// WordPressOptions give the WordPress converter what the rest of the
// export knows.
type WordPressOptions struct {
	// Attachment finds a media item by its post id ([gallery ids=...]).
	Attachment func(id int) (Attachment, bool)
	// Children lists the media items attached to the post being
	// converted ([gallery] without ids shows them).
	Children []Attachment
	// ReusableBlock finds a reusable block's content by its post id
	// (<!-- wp:block {"ref":N} /-->).
	ReusableBlock func(id int) (string, bool)
}

// WordPress converts a WordPress post's content (classic editor HTML with
// paragraphs made from blank lines, or block-editor markup) to newsdesk
// Markdown. Shortcodes [caption], [embed], [gallery], [video] and [audio]
// become their newsdesk forms; others stay as readable text. from says
// which editor wrote the content: "wordpress-blocks" or
// "wordpress-classic".
func WordPress(content string, opt WordPressOptions) (md string, warnings []string, from string) {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	w := &wpConv{opt: opt}
	content = w.expandReusable(content, 0)
	from = "wordpress-classic"
	var src string
	if strings.Contains(content, "<!-- wp:") {
		from = "wordpress-blocks"
		src = w.blocks(content)
	} else {
		src = autop(w.shortcodes(content))
	}
	c := &htmlConv{warnings: w.warnings}
	md = c.blocks(src)
	return md, c.warnings, from
}

type wpConv struct {
	opt      WordPressOptions
	warnings []string
}

// blockDelim matches a block comment: <!-- wp:name {attrs} --> opening,
// <!-- /wp:name --> closing, <!-- wp:name /--> void.
var blockDelim = regexp.MustCompile(`<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+(\{[\s\S]*?\}\s+)?(/)?-->`)

var reusableRef = regexp.MustCompile(`<!--\s+wp:block\s+(\{[^}]*\})\s+/-->`)

func (w *wpConv) expandReusable(s string, depth int) string {
	if w.opt.ReusableBlock == nil || depth > 5 || !strings.Contains(s, "wp:block") {
		return s
	}
	return reusableRef.ReplaceAllStringFunc(s, func(m string) string {
		var a struct {
			Ref int `json:"ref"`
		}
		json.Unmarshal([]byte(reusableRef.FindStringSubmatch(m)[1]), &a)
		body, ok := w.opt.ReusableBlock(a.Ref)
		if !ok {
			w.warnings = append(w.warnings, "reusable block "+strconv.Itoa(a.Ref)+" is not in the export")
			return ""
		}
		return w.expandReusable(body, depth+1)
	})
}

// blocks turns block markup into HTML the HTML converter reads: most
// blocks save plain HTML between their comments, so the comments go; the
// blocks whose meaning lives in the comment (embeds, custom HTML,
// shortcodes, classic content) become Markdown markers first.
func (w *wpConv) blocks(s string) string {
	var out strings.Builder
	locs := blockDelim.FindAllStringSubmatchIndex(s, -1)
	pos := 0
	depth := 0
	type open struct {
		name, attrs string
		start       int // where the block's inner content starts
	}
	var stack []open
	for _, m := range locs {
		closing := m[2] >= 0
		name := s[m[6]:m[7]]
		if m[4] >= 0 && s[m[4]:m[5]] != "core/" {
			name = strings.TrimSuffix(s[m[4]:m[5]], "/") + "/" + name
		}
		attrs := ""
		if m[8] >= 0 {
			attrs = s[m[8]:m[9]]
		}
		void := m[10] >= 0
		if depth == 0 && m[0] > pos {
			// Content outside any block is classic content.
			out.WriteString(autop(w.shortcodes(s[pos:m[0]])))
		}
		switch {
		case void:
			if depth == 0 {
				out.WriteString(w.block(name, attrs, ""))
				pos = m[1]
			}
		case !closing:
			if depth == 0 {
				stack = stack[:0]
			}
			stack = append(stack, open{name, attrs, m[1]})
			depth++
		default:
			if depth == 0 {
				pos = m[1] // a stray closing comment
				continue
			}
			depth--
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if depth == 0 {
				out.WriteString(w.block(top.name, top.attrs, s[top.start:m[0]]))
				pos = m[1]
			}
		}
	}
	if depth > 0 && len(stack) > 0 {
		// An unclosed block: keep its content.
		out.WriteString(w.block(stack[0].name, stack[0].attrs, s[stack[0].start:]))
	} else if pos < len(s) {
		out.WriteString(autop(w.shortcodes(s[pos:])))
	}
	return out.String()
}

func (w *wpConv) block(name, attrs, inner string) string {
	var a struct {
		URL     string `json:"url"`
		Content string `json:"content"`
	}
	if attrs != "" {
		json.Unmarshal([]byte(attrs), &a)
	}
	switch {
	case name == "html":
		return marker(htmlCard(inner, &htmlConv{}))
	case name == "shortcode":
		return autop(w.shortcodes(inner))
	case name == "freeform":
		return autop(w.shortcodes(inner))
	case name == "embed" || strings.HasPrefix(name, "core-embed/"):
		u := a.URL
		if u == "" {
			u = strings.TrimSpace(html.UnescapeString(stripTags(embedWrapper(inner))))
		}
		if isWebURL(u) {
			caption := ""
			if m := figcaption.FindStringSubmatch(inner); m != nil {
				caption = (&htmlConv{}).inline(m[1])
			}
			return marker(Embed(u, caption))
		}
	case name == "more", name == "nextpage", name == "spacer":
		return ""
	}
	// Nested blocks: their comments go, their HTML stays; shortcodes in
	// text still work, as WordPress runs them on block content too.
	inner = blockDelim.ReplaceAllString(inner, "")
	return "\n" + w.shortcodes(inner) + "\n"
}

var (
	figcaption = regexp.MustCompile(`(?is)<figcaption[^>]*>(.*?)</figcaption>`)
	wrapperDiv = regexp.MustCompile(`(?is)<div class="wp-block-embed__wrapper">(.*?)</div>`)
	anyTag     = regexp.MustCompile(`<[^>]*>`)
)

func embedWrapper(inner string) string {
	if m := wrapperDiv.FindStringSubmatch(inner); m != nil {
		return m[1]
	}
	return ""
}

func stripTags(s string) string { return anyTag.ReplaceAllString(s, "") }

// marker carries finished Markdown through the HTML converter.
func marker(md string) string {
	if md == "" {
		return ""
	}
	return "\n<" + mdTag + ` data-md="` + html.EscapeString(md) + `"></` + mdTag + ">\n"
}

// shortcodeRe matches [name attrs], [name attrs /] and [name attrs]...[/name]
// for the shortcodes newsdesk understands; others stay as written.
var shortcodeRe = regexp.MustCompile(`(?s)\[(caption|wp_caption|embed|gallery|video|audio|youtube|vimeo)\b([^\]]*?)(/)?\](?:(.*?)\[/(?:caption|wp_caption|embed|gallery|video|audio|youtube|vimeo)\])?`)

var attrRe = regexp.MustCompile(`([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)`)

func parseAttrs(s string) (named map[string]string, positional []string) {
	named = map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			named[strings.ToLower(m[1])] = m[2] + m[3] + m[4]
		case m[5] != "":
			positional = append(positional, m[5])
		case m[6] != "":
			positional = append(positional, m[6])
		}
	}
	return named, positional
}

func (w *wpConv) shortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	return shortcodeRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := shortcodeRe.FindStringSubmatch(m)
		name, rawAttrs, content := sm[1], sm[2], sm[4]
		// [[name]] is WordPress's way to print a shortcode literally.
		named, pos := parseAttrs(rawAttrs)
		switch name {
		case "caption", "wp_caption":
			img := content
			text := named["caption"]
			if i := strings.LastIndex(content, ">"); i >= 0 && text == "" {
				img, text = content[:i+1], content[i+1:]
			}
			return "\n<figure>" + img + "<figcaption>" + strings.TrimSpace(text) + "</figcaption></figure>\n"
		case "embed":
			u := strings.TrimSpace(html.UnescapeString(stripTags(content)))
			return marker(Embed(u, ""))
		case "youtube", "vimeo":
			u := strings.TrimSpace(content)
			if u == "" && len(pos) > 0 {
				u = pos[0]
			}
			if u == "" {
				u = named["url"]
			}
			if isWebURL(u) {
				return marker(Embed(u, ""))
			}
			if id := named["id"]; id != "" && name == "youtube" {
				return marker(Embed("https://www.youtube.com/watch?v="+id, ""))
			}
			return m
		case "video", "audio":
			u := named["src"]
			for _, k := range []string{"mp4", "webm", "m4v", "ogv", "mp3", "m4a", "ogg", "wav"} {
				if u == "" {
					u = named[k]
				}
			}
			if isWebURL(u) || strings.HasPrefix(u, "/") {
				return marker(Embed(u, ""))
			}
			return m
		case "gallery":
			return marker(w.gallery(named))
		}
		return m
	})
}

func (w *wpConv) gallery(named map[string]string) string {
	var items []Attachment
	if ids := named["ids"]; ids != "" {
		for _, f := range strings.Split(ids, ",") {
			id, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || w.opt.Attachment == nil {
				continue
			}
			if a, ok := w.opt.Attachment(id); ok {
				items = append(items, a)
			} else {
				w.warnings = append(w.warnings, "gallery image "+strconv.Itoa(id)+" is not in the export")
			}
		}
	} else {
		items = w.opt.Children
	}
	if len(items) == 0 {
		w.warnings = append(w.warnings, "a [gallery] with no images in the export was left out")
		return ""
	}
	imgs := make([]Image, 0, len(items))
	var captions []string
	for _, a := range items {
		imgs = append(imgs, Image{URL: a.URL, Alt: a.Alt})
		if c := strings.TrimSpace(a.Caption); c != "" {
			captions = append(captions, EscapeText(oneLine(c)))
		}
	}
	return Gallery(imgs, strings.Join(captions, " · "))
}

// autop makes paragraphs of classic content as WordPress's wpautop does:
// a blank line separates paragraphs, a single newline is a line break,
// and block-level elements stand on their own.
func autop(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	// <pre> keeps its newlines: set it aside.
	var pres []string
	s = preBlock.ReplaceAllStringFunc(s, func(p string) string {
		pres = append(pres, p)
		return "<pre-" + strconv.Itoa(len(pres)-1) + ">"
	})
	s = blockOpen.ReplaceAllString(s, "\n\n$0")
	s = blockClose.ReplaceAllString(s, "$0\n\n")
	s = strings.ReplaceAll(s, "<"+mdTag, "\n\n<"+mdTag)
	s = strings.ReplaceAll(s, "</"+mdTag+">", "</"+mdTag+">\n\n")
	var b strings.Builder
	for _, para := range paraSplit.Split(s, -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if blockStartAny.MatchString(para) {
			b.WriteString(para + "\n")
			continue
		}
		para = strings.ReplaceAll(para, "\n", "<br>\n")
		b.WriteString("<p>" + para + "</p>\n")
	}
	s = b.String()
	for i, p := range pres {
		s = strings.Replace(s, "<pre-"+strconv.Itoa(i)+">", p, 1)
	}
	return s
}

const blockTags = `table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object|script`

var (
	blockOpen     = regexp.MustCompile(`(?i)<(?:` + blockTags + `|pre-\d+)[\s/>]`)
	blockClose    = regexp.MustCompile(`(?i)</(?:` + blockTags + `)>`)
	blockStartAny = regexp.MustCompile(`(?i)^</?(?:` + blockTags + `|pre-\d+|` + mdTag + `)[\s/>]`)
	paraSplit     = regexp.MustCompile(`\n\s*\n`)
)
