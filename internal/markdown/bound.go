package markdown

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The renderer cannot be stopped once it runs, and goldmark spends time
// that grows with the square of the input on some constructs: containers
// nested thousands deep on one line, link and code-span openers that
// never close, emphasis runs that never match, long runs of quotes. bound
// rewrites such input before goldmark sees it, so that rendering stays
// linear in the body's size. Each rule only fires past a threshold that
// ordinary text never reaches (a paragraph's estimated parsing work above
// workPerByte per byte, a 17th container on one line), and its rewrite
// only escapes characters, so the words stay and only the markup that
// made the work explode is lost.
const (
	maxNesting      = 16  // containers (> - + * 1.) one line may open
	maxMarkerColumn = 64  // a marker further right opens no container
	maxRun          = 32  // longest run of ' " ~ left to the parser
	maxTableColumns = 128 // a wider delimiter row makes no table
	maxTableCells   = 10_000
	workPerByte     = 32 // parsing work a paragraph may cost per byte
	maxExpansion    = 2 << 20
	maxUnmatched    = 256   // unclosed [ a paragraph may keep
	maxHeadings     = 1_000 // ATX headings a body may make
)

// bound returns src rewritten as described above; most bodies come back
// unchanged.
func bound(src string) string {
	if !strings.ContainsAny(src, ">-+*0123456789[]`'\"~_|w:") {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	headings := 0
	for i, l := range lines {
		l = boundContainers(l)
		if rest := strings.TrimLeft(stripContainers(l), " \t"); strings.HasPrefix(rest, "#") {
			if headings++; headings > maxHeadings {
				at := len(l) - len(rest)
				l = l[:at] + `\` + l[at:]
			}
		}
		lines[i] = l
	}
	boundTables(lines)
	var out strings.Builder
	out.Grow(len(src) + len(src)/16)
	for start := 0; start < len(lines); {
		if isBlank(lines[start]) {
			out.WriteString(lines[start])
			start++
			continue
		}
		end := start
		for end < len(lines) && !isBlank(lines[end]) {
			end++
		}
		run := strings.Join(lines[start:end], "")
		if htmlBlockStart(lines[start]) {
			// An HTML block runs to the next blank line and is copied
			// as it stands: nothing in it is parsed inline.
			out.WriteString(run)
		} else {
			out.WriteString(boundRun(run))
		}
		start = end
	}
	return boundReferences(out.String())
}

// htmlBlockTags are the names that start a CommonMark HTML block ending
// at a blank line (kind 6); imported HTML bodies are written as one.
var htmlBlockTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`address article aside base basefont blockquote body caption center col colgroup
		dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6
		head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param
		search section summary table tbody td tfoot th thead title tr track ul`) {
		htmlBlockTags[t] = true
	}
}

// htmlBlockStart reports whether line opens an HTML block of that kind.
func htmlBlockStart(line string) bool {
	s := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(s, "<") {
		return false
	}
	s = strings.TrimPrefix(s[1:], "/")
	n := 0
	for n < len(s) && (isLetter(s[n]) || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n == 0 || !htmlBlockTags[strings.ToLower(s[:n])] {
		return false
	}
	rest := s[n:]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r' ||
		rest[0] == '>' || strings.HasPrefix(rest, "/>")
}

func isBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ' ', '\t', '\r', '\n', '\v', '\f':
		default:
			return false
		}
	}
	return true
}

// boundContainers escapes the container marker that would be the line's
// (maxNesting+1)th, or that stands right of maxMarkerColumn: goldmark
// measures every marker's column from the start of the line, so markers
// deep in a line cost the square of their number.
func boundContainers(line string) string {
	col, markers := 0, 0
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				col += 4 - col%4
			} else {
				col++
			}
			i++
		}
		w := markerWidth(line[i:])
		if w == 0 {
			return line
		}
		if markers >= maxNesting || col > maxMarkerColumn {
			if c := line[i]; (c == '-' || c == '*') && isThematicBreak(line[i:]) {
				return line // a leaf: "- - - -" opens nothing
			}
			return line[:i+w-1] + `\` + line[i+w-1:]
		}
		markers++
		i += w
		col += w
	}
	return line
}

// markerWidth is the length of the block quote or list marker s starts
// with, or 0.
func markerWidth(s string) int {
	if s == "" {
		return 0
	}
	spaceAfter := func(i int) bool {
		return i >= len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
	}
	switch c := s[0]; {
	case c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		if spaceAfter(1) {
			return 1
		}
	case c >= '0' && c <= '9':
		n := 0
		for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n <= 9 && n < len(s) && (s[n] == '.' || s[n] == ')') && spaceAfter(n+1) {
			return n + 1
		}
	}
	return 0
}

func isThematicBreak(s string) bool {
	var ch byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\r', '\n':
		case '-', '*', '_':
			if ch != 0 && c != ch {
				return false
			}
			ch = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// stripContainers returns the line without its block quote and list
// prefix, for recognising table rows inside containers.
func stripContainers(line string) string {
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		w := markerWidth(line[i:])
		if w == 0 {
			return line[i:]
		}
		i += w
	}
	return ""
}

// boundTables keeps GFM tables from multiplying the input: rows shorter
// than the header get empty cells, so a wide header over many one-byte
// rows would make millions of cells. A delimiter row wider than
// maxTableColumns makes no table; a table reaches at most maxTableCells
// cells and the rows beyond are cut off by a blank line (they render as a
// paragraph).
func boundTables(lines []string) {
	for i := 1; i < len(lines); i++ {
		cols := delimiterRowCells(stripContainers(lines[i]))
		if cols == 0 || !strings.Contains(lines[i-1], "|") || isBlank(lines[i-1]) {
			continue
		}
		if cols > maxTableColumns {
			lines[i] = strings.ReplaceAll(lines[i], "|", `\|`)
			continue
		}
		cells := 2 * cols
		j := i + 1
		for ; j < len(lines) && !isBlank(lines[j]); j++ {
			cells += cols
			if cells > maxTableCells {
				lines[j] = "\n" + lines[j]
				break
			}
		}
		i = j
	}
}

// delimiterRowCells counts the cells of a GFM table delimiter row such as
// "| :--- | ---: |", or returns 0 if s is not one.
func delimiterRowCells(s string) int {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "-") || strings.Trim(s, "|:- \t") != "" {
		return 0
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "|"), "|")
	cells := strings.Split(s, "|")
	for _, c := range cells {
		if strings.Trim(c, ": \t") == "" || !strings.Contains(c, "-") {
			return 0
		}
	}
	return len(cells)
}

// boundRun applies the inline rules to one paragraph's worth of lines
// (a run of non-blank lines: inline parsing never crosses a blank line).
func boundRun(t string) string {
	budget := workPerByte*len(t) + 1024
	esc := &marks{}
	escapeLongRuns(t, esc)
	escapeUnclosedCode(t, budget, esc)
	escapeLinkScans(t, budget, esc)
	escapeNestedBrackets(t, budget, esc)
	escapeUnmatchedBrackets(t, esc)
	escapeDelimiters(t, budget, esc)
	escapeLinkify(t, esc)
	escapeDenseTags(t, esc)
	if esc.n == 0 {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + esc.n)
	prev := 0
	for i, m := range esc.at {
		if m {
			b.WriteString(t[prev:i])
			b.WriteByte('\\')
			prev = i
		}
	}
	b.WriteString(t[prev:])
	return b.String()
}

// marks are the positions that get a backslash before them.
type marks struct {
	at []bool
	n  int
}

func (m *marks) set(t string, i int) {
	if m.at == nil {
		m.at = make([]bool, len(t))
	}
	if !m.at[i] {
		m.at[i] = true
		m.n++
	}
}

// escaped reports whether t[i] is escaped by a backslash.
func escaped(t string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && t[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// escapeLongRuns: goldmark rescans a run of quotes (typographer) or
// tildes (strikethrough) from each of its characters.
func escapeLongRuns(t string, esc *marks) {
	atStart := true // only whitespace and > since the line began
	for i := 0; i < len(t); {
		c := t[i]
		if c != '\'' && c != '"' && c != '~' {
			switch c {
			case '\n':
				atStart = true
			case ' ', '\t', '>':
			default:
				atStart = false
			}
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == c {
			j++
		}
		// A line that starts with ~~~ opens a fenced code block: no inline work.
		fence := c == '~' && atStart
		atStart = false
		if j-i > maxRun && !fence {
			for k := i; k < j; k++ {
				if !escaped(t, k) {
					esc.set(t, k)
				}
			}
		}
		i = j
	}
}

type span struct{ at, n int }

// backtickRuns lists the runs of backticks in t; an escaped first backtick
// does not belong to its run.
func backtickRuns(t string) []span {
	var runs []span
	for i := 0; i < len(t); {
		if t[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == '`' {
			j++
		}
		s := i
		if escaped(t, i) {
			s++
		}
		if j > s {
			runs = append(runs, span{s, j - s})
		}
		i = j
	}
	return runs
}

// escapeUnclosedCode: an opening backtick run without a closing run of
// the same length makes goldmark search to the end of the paragraph, and
// runs of many lengths repeat the search. Past the budget the unclosed
// openers (which render as plain backticks anyway) are escaped.
func escapeUnclosedCode(t string, budget int, esc *marks) {
	if strings.Count(t, "`") < 2 {
		return
	}
	runs := backtickRuns(t)
	byLen := map[int][]int{}
	for k, r := range runs {
		byLen[r.n] = append(byLen[r.n], k)
	}
	next := map[int]int{} // per length: index into byLen already passed
	closer := func(k int) int {
		list := byLen[runs[k].n]
		p := next[runs[k].n]
		for p < len(list) && list[p] <= k {
			p++
		}
		next[runs[k].n] = p
		if p < len(list) {
			return list[p]
		}
		return -1
	}
	work := 0
	var unclosed []int
	for k := 0; k < len(runs); {
		if c := closer(k); c >= 0 {
			k = c + 1
			continue
		}
		work += len(t) - runs[k].at
		unclosed = append(unclosed, k)
		k++
	}
	if work <= budget {
		return
	}
	for _, k := range unclosed {
		for i := runs[k].at; i < runs[k].at+runs[k].n; i++ {
			esc.set(t, i)
		}
	}
}

// escapeLinkScans: after "](" goldmark reads a destination to the next
// space and, when a title follows, to its closing quote; after "][" it
// reads to the next "]". Openers that never close repeat those reads.
// Past the budget, "](" and "][" in the paragraph lose their meaning
// (their brackets still show).
func escapeLinkScans(t string, budget int, esc *marks) {
	opens := strings.Count(t, "](") + strings.Count(t, "][")
	if opens == 0 || opens*len(t) <= budget {
		return
	}
	// next[c][i]: the first position >= i holding c, or len(t).
	nextOf := func(match func(byte) bool) []int32 {
		n := make([]int32, len(t)+1)
		n[len(t)] = int32(len(t))
		for i := len(t) - 1; i >= 0; i-- {
			if match(t[i]) {
				n[i] = int32(i)
			} else {
				n[i] = n[i+1]
			}
		}
		return n
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	nextSpace := nextOf(isSpace)
	nextWord := nextOf(func(c byte) bool { return !isSpace(c) })
	nextByte := map[byte][]int32{}
	next := func(c byte, i int) int {
		if _, ok := nextByte[c]; !ok {
			nextByte[c] = nextOf(func(b byte) bool { return b == c })
		}
		return int(nextByte[c][min(i, len(t))])
	}
	work := 0
	var at []int
	for i := 0; i+1 < len(t); i++ {
		if t[i] != ']' || escaped(t, i) {
			continue
		}
		switch t[i+1] {
		case '[':
			work += next(']', i+2) - i
			at = append(at, i+1)
		case '(':
			at = append(at, i+1)
			d := int(nextWord[i+2])
			if d < len(t) && t[d] == '<' {
				work += min(next('>', d), next('\n', d)) - i
				continue
			}
			e := int(nextSpace[d])
			work += e - i
			s := int(nextWord[e])
			if s < len(t) {
				switch t[s] {
				case '"', '\'':
					work += next(t[s], s+1) - s
				case '(':
					work += next(')', s+1) - s
				}
			}
		}
		if work > budget {
			break
		}
	}
	if work <= budget {
		return
	}
	for i := 0; i+1 < len(t); i++ {
		if t[i] == ']' && (t[i+1] == '(' || t[i+1] == '[') && !escaped(t, i) {
			esc.set(t, i+1)
		}
	}
}

// escapeNestedBrackets: when a "]" closes its "[", goldmark looks through
// everything between them for a link, so brackets nested thousands deep
// cost the square of their depth. Past the budget every bracket in the
// paragraph is escaped.
func escapeNestedBrackets(t string, budget int, esc *marks) {
	var open []int
	work := 0
	for i := 0; i < len(t) && work <= budget; i++ {
		switch t[i] {
		case '[':
			if !escaped(t, i) {
				open = append(open, i)
			}
		case ']':
			if len(open) > 0 && !escaped(t, i) {
				work += i - open[len(open)-1]
				open = open[:len(open)-1]
			}
		}
	}
	if work <= budget {
		return
	}
	for i := 0; i < len(t); i++ {
		if (t[i] == '[' || t[i] == ']') && !escaped(t, i) {
			esc.set(t, i)
		}
	}
}

// escapeUnmatchedBrackets: every "[" costs goldmark a link label and a
// delimiter bottom even when no "]" ever closes it. Such brackets are
// plain text anyway; past maxUnmatched in a paragraph they are escaped.
func escapeUnmatchedBrackets(t string, esc *marks) {
	opens := strings.Count(t, "[")
	if opens <= maxUnmatched {
		return
	}
	if opens > 64+len(t)/16 {
		// Denser than one bracket in every 16 bytes is no prose either:
		// every bracket costs goldmark a label and a bottom.
		for i := 0; i < len(t); i++ {
			if (t[i] == '[' || t[i] == ']') && !escaped(t, i) {
				esc.set(t, i)
			}
		}
		return
	}
	var open []int
	var unmatched []int
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '[':
			if !escaped(t, i) {
				open = append(open, i)
			}
		case ']':
			if !escaped(t, i) && len(open) > 0 {
				open = open[:len(open)-1]
			}
		case '\n':
			// A label may span lines, but one left open over a line is
			// counted as unmatched: that only errs towards escaping more.
		}
	}
	unmatched = open
	if len(unmatched) <= maxUnmatched {
		return
	}
	for _, i := range unmatched {
		esc.set(t, i)
	}
}

// delim is one run of * _ or ~ as goldmark's delimiter list holds it.
type delim struct {
	at, n, orig      int
	c                byte
	canOpen, canClos bool
	prev, next       int
}

// escapeDelimiters: goldmark matches emphasis without CommonMark's
// "openers bottom", so each closer walks back over every opener that can
// never match it. When the number of runs could make that costly, the
// matching is simulated with a step budget; past it every * _ ~ in the
// paragraph is escaped.
func escapeDelimiters(t string, budget int, esc *marks) {
	var ds []delim
	for i := 0; i < len(t); {
		c := t[i]
		if (c != '*' && c != '_' && c != '~') || escaped(t, i) {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == c {
			j++
		}
		if c == '~' && j-i > 2 {
			i = j
			continue
		}
		before, after := ' ', ' '
		if i > 0 {
			before, _ = utf8.DecodeLastRuneInString(t[:i])
		}
		if j < len(t) {
			after, _ = utf8.DecodeRuneInString(t[j:])
		}
		open, clos := flanking(c, before, after)
		if open || clos {
			ds = append(ds, delim{at: i, n: j - i, orig: j - i, c: c, canOpen: open, canClos: clos})
		}
		i = j
	}
	k := len(ds)
	if k*(k-1)/2 <= budget {
		return
	}
	// Denser than one run in every 8 bytes is no prose; each run costs
	// goldmark a node and a pass of the matching loop.
	if k <= 64+len(t)/8 && simulateDelimiters(ds, budget) {
		return
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; (c == '*' || c == '_' || c == '~') && !escaped(t, i) {
			esc.set(t, i)
		}
	}
}

func isPunct(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r < 0x7f && !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// flanking follows goldmark's ScanDelimiter.
func flanking(c byte, before, after rune) (canOpen, canClose bool) {
	bp, bs := isPunct(before), unicode.IsSpace(before)
	ap, as := isPunct(after), unicode.IsSpace(after)
	left := !as && (!ap || bs || bp)
	right := !bs && (!bp || as || ap)
	if c == '_' {
		return left && (!right || bp), right && (!left || ap)
	}
	return left, right
}

// simulateDelimiters runs goldmark's ProcessDelimiters on ds counting
// steps, and reports whether it finishes within budget.
func simulateDelimiters(ds []delim, budget int) bool {
	for i := range ds {
		ds[i].prev, ds[i].next = i-1, i+1
	}
	if len(ds) > 0 {
		ds[len(ds)-1].next = -1
	}
	remove := func(i int) {
		if p := ds[i].prev; p >= 0 {
			ds[p].next = ds[i].next
		}
		if n := ds[i].next; n >= 0 {
			ds[n].prev = ds[i].prev
		}
	}
	steps := 0
	for c := 0; c >= 0 && c < len(ds); {
		steps++
		if steps > budget {
			return false
		}
		cl := &ds[c]
		if !cl.canClos {
			c = cl.next
			continue
		}
		found, maybe := -1, false
		consume := 0
		for o := cl.prev; o >= 0; o = ds[o].prev {
			steps++
			op := &ds[o]
			if op.canOpen && op.c == cl.c {
				maybe = true
				consume = 1
				if (op.canClos || cl.canOpen) && (op.orig+cl.orig)%3 == 0 && cl.orig%3 != 0 {
					consume = 0
				} else if op.n >= 2 && cl.n >= 2 {
					consume = 2
				}
				if consume > 0 {
					found = o
					break
				}
			}
		}
		if steps > budget {
			return false
		}
		if found < 0 {
			next := cl.next
			if !maybe && !cl.canOpen {
				remove(c)
			}
			c = next
			continue
		}
		op := &ds[found]
		op.n -= consume
		cl.n -= consume
		for o := op.next; o >= 0 && o != c; o = ds[o].next {
			steps++
			remove(o)
		}
		if op.n == 0 {
			remove(found)
		}
		if cl.n == 0 {
			next := cl.next
			remove(c)
			c = next
		}
	}
	return true
}

// escapeLinkify: GFM's bare-URL autolinks run a costly regular expression
// at every "www." and "://" that is not already inside a link; a paragraph
// packed with them has them escaped.
func escapeLinkify(t string, esc *marks) {
	var at []int
	for i := 0; i+3 <= len(t); i++ {
		var start, mark int
		switch {
		case strings.HasPrefix(t[i:], "www."):
			start, mark = i, i+3
		case strings.HasPrefix(t[i:], "://"):
			start, mark = i, i
			for start > 0 && isLetter(t[start-1]) {
				start--
			}
		default:
			continue
		}
		if start > 0 {
			// Linkify starts at a line's start or after one of these.
			switch t[start-1] {
			case ' ', '\t', '\n', '*', '_', '~':
			case '(':
				if start > 1 && t[start-2] == ']' {
					continue // a link destination
				}
			default:
				continue
			}
		}
		at = append(at, mark)
	}
	if len(at) <= 8+len(t)/128 {
		return
	}
	for _, i := range at {
		esc.set(t, i)
	}
}

// escapeDenseTags: goldmark tries an HTML or autolink pattern at every
// "<" followed by a letter, "/", "!" or "?". Inline HTML denser than one
// such "<" in every 16 bytes of a paragraph is no prose (imported HTML
// sits in HTML blocks, which bound leaves alone); there, they are text.
func escapeDenseTags(t string, esc *marks) {
	opens := func(i int) bool {
		if t[i] != '<' || i+1 >= len(t) || escaped(t, i) {
			return false
		}
		c := t[i+1]
		return isLetter(c) || c == '/' || c == '!' || c == '?'
	}
	n := 0
	for i := range len(t) {
		if opens(i) {
			n++
		}
	}
	if n <= 64+len(t)/16 {
		return
	}
	for i := range len(t) {
		if opens(i) {
			esc.set(t, i)
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// boundReferences: a link reference definition is written once and used
// any number of times, each use copying its destination; definitions
// whose uses would copy more than maxExpansion bytes are escaped (their
// uses stay as bracketed text).
func boundReferences(s string) string {
	if !strings.Contains(s, "]:") {
		return s
	}
	defs := map[string]int{} // label -> bytes one use copies
	defLine := map[string][]int{}
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s) - off
		}
		line := s[off : off+end]
		if label, size, at, ok := referenceDefinition(line); ok {
			defs[label] = max(defs[label], size)
			defLine[label] = append(defLine[label], off+at)
		}
		off += end + 1
	}
	if len(defs) == 0 {
		return s
	}
	use := map[string]int{}
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		j := strings.IndexAny(s[i+1:], "[]")
		if j < 0 || j > 999 || s[i+1+j] != ']' {
			continue
		}
		if label := normalizeLabel(s[i+1 : i+1+j]); defs[label] > 0 {
			use[label] += defs[label]
		}
	}
	var at []int
	total := 0
	for _, n := range use {
		total += n
	}
	if total <= maxExpansion {
		return s
	}
	for label, n := range use {
		if n > maxExpansion/len(use) {
			at = append(at, defLine[label]...)
		}
	}
	sort.Ints(at)
	var b strings.Builder
	prev := 0
	for _, i := range at {
		b.WriteString(s[prev:i])
		b.WriteByte('\\')
		prev = i
	}
	b.WriteString(s[prev:])
	return b.String()
}

// referenceDefinition recognises "[label]: destination ..." after a
// container prefix; at is the position of its "[".
func referenceDefinition(line string) (label string, size, at int, ok bool) {
	rest := stripContainers(line)
	at = len(line) - len(rest)
	if !strings.HasPrefix(rest, "[") {
		return "", 0, 0, false
	}
	end := strings.Index(rest, "]:")
	if end < 2 || end > 1000 || strings.ContainsAny(rest[1:end], "[]") {
		return "", 0, 0, false
	}
	return normalizeLabel(rest[1:end]), len(rest) - end, at, true
}

func normalizeLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
