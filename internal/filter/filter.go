// Package filter parses newsdesk's filter language, the syntax of Ghost's
// NQL:
//
//	tag:news+featured:true
//	published_at:>'2026-01-01'+author:[olena,taras]
//	(tag:world,tag:politics)+primary_tag:-sport
//
// Parse returns an AST. Field names are the caller's business: the parser
// checks only their form. internal/ghost maps Ghost's field names onto the
// storage fields listed in internal/storage (PostFilterFields), storage
// translates the AST into SQL, and Match evaluates it in memory for small
// lists. Errors say at which character the filter goes wrong.
package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxLength bounds a filter; longer ones are refused before parsing.
const MaxLength = 2000

// maxDepth bounds parenthesis nesting so hostile input cannot exhaust the stack.
const maxDepth = 20

// Op is a comparison operator.
type Op int

// The operators. In and NotIn take a list; the others one value.
const (
	Eq Op = iota
	Ne
	Gt
	Gte
	Lt
	Lte
	In
	NotIn
	Contains    // ~
	NotContains // -~
	StartsWith  // ~^
	EndsWith    // ~$
)

var opNames = [...]string{"", "-", ">", ">=", "<", "<=", "", "-", "~", "-~", "~^", "~$"}

// Kind is the type of a literal value.
type Kind int

// The value kinds. Quoted values are always strings. Parse never makes a
// Time: a caller that resolved a date literal (see ParseTime) sets it.
const (
	String Kind = iota
	Number
	Bool
	Null
	Time
)

// Value is one literal.
type Value struct {
	Kind   Kind
	Text   string    // the literal as written, unquoted and unescaped
	Num    float64   // for Number
	Bool   bool      // for Bool
	Time   time.Time // for Time; Text keeps what was written ("now-7d")
	Quoted bool
}

// Expr is a node of the AST: *And, *Or or *Cmp.
type Expr interface {
	// Pos is the 1-based character where the node starts.
	Pos() int
	String() string
}

// And holds terms that must all match ("+").
type And struct {
	Terms []Expr
	At    int
}

// Or holds terms of which one must match (",").
type Or struct {
	Terms []Expr
	At    int
}

// Cmp compares one field with a value or a list of values.
type Cmp struct {
	Field  string
	Op     Op
	Values []Value // one value, or the list for In and NotIn
	At     int
}

// Pos implements Expr.
func (e *And) Pos() int { return e.At }

// Pos implements Expr.
func (e *Or) Pos() int { return e.At }

// Pos implements Expr.
func (e *Cmp) Pos() int { return e.At }

func (e *And) String() string { return joinExprs(e.Terms, "+") }
func (e *Or) String() string  { return joinExprs(e.Terms, ",") }

func joinExprs(terms []Expr, sep string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = t.String()
		if _, ok := t.(*Cmp); !ok {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

func (e *Cmp) String() string {
	var b strings.Builder
	b.WriteString(e.Field)
	b.WriteByte(':')
	b.WriteString(opNames[e.Op])
	if e.Op == In || e.Op == NotIn {
		b.WriteByte('[')
		for i, v := range e.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v.String())
		}
		b.WriteByte(']')
		return b.String()
	}
	b.WriteString(e.Values[0].String())
	return b.String()
}

func (v Value) String() string {
	if v.Quoted {
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v.Text) + "'"
	}
	return v.Text
}

// Error is a syntax error at a character position (1-based).
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Pos, e.Msg)
}

// Parse parses a filter. An empty filter is (nil, nil).
func Parse(src string) (Expr, error) {
	if len(src) > MaxLength {
		return nil, &Error{Pos: MaxLength + 1, Msg: fmt.Sprintf("filter is longer than %d characters", MaxLength)}
	}
	p := &parser{src: src}
	p.skipSpace()
	if p.eof() {
		return nil, nil
	}
	e, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		return nil, p.errorf("unexpected %s; join conditions with + (and) or , (or)", p.describe())
	}
	return e, nil
}

type parser struct {
	src string
	i   int
}

func (p *parser) eof() bool { return p.i >= len(p.src) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.src[p.i]
}

func (p *parser) skipSpace() {
	for !p.eof() && (p.src[p.i] == ' ' || p.src[p.i] == '\t' || p.src[p.i] == '\n' || p.src[p.i] == '\r') {
		p.i++
	}
}

func (p *parser) errorf(format string, args ...any) error {
	return &Error{Pos: p.i + 1, Msg: fmt.Sprintf(format, args...)}
}

// describe names what stands at the current position, for error messages.
func (p *parser) describe() string {
	if p.eof() {
		return "end of filter"
	}
	r := []rune(p.src[p.i:])
	return strconv.Quote(string(r[0]))
}

func (p *parser) parseOr(depth int) (Expr, error) {
	start := p.i + 1
	first, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	terms := []Expr{first}
	for {
		p.skipSpace()
		if p.peek() != ',' {
			break
		}
		p.i++
		t, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	if len(terms) == 1 {
		return first, nil
	}
	return &Or{Terms: terms, At: start}, nil
}

func (p *parser) parseAnd(depth int) (Expr, error) {
	start := p.i + 1
	first, err := p.parseTerm(depth)
	if err != nil {
		return nil, err
	}
	terms := []Expr{first}
	for {
		p.skipSpace()
		if p.peek() != '+' {
			break
		}
		p.i++
		t, err := p.parseTerm(depth)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	if len(terms) == 1 {
		return first, nil
	}
	return &And{Terms: terms, At: start}, nil
}

func (p *parser) parseTerm(depth int) (Expr, error) {
	p.skipSpace()
	if p.peek() == '(' {
		if depth >= maxDepth {
			return nil, p.errorf("parentheses nested deeper than %d", maxDepth)
		}
		open := p.i
		p.i++
		e, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.errorf("expected ) to close the ( at character %d, found %s", open+1, p.describe())
		}
		p.i++
		return e, nil
	}
	return p.parseCmp()
}

func isFieldByte(c byte, first bool) bool {
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' {
		return true
	}
	return !first && (c >= '0' && c <= '9' || c == '.')
}

func (p *parser) parseCmp() (Expr, error) {
	start := p.i
	if p.eof() || !isFieldByte(p.peek(), true) {
		return nil, p.errorf("expected a field name such as tag or published_at, found %s", p.describe())
	}
	for !p.eof() && isFieldByte(p.peek(), false) {
		p.i++
	}
	field := strings.ToLower(p.src[start:p.i])
	if strings.HasSuffix(field, ".") || strings.Contains(field, "..") {
		return nil, &Error{Pos: start + 1, Msg: fmt.Sprintf("malformed field name %q", field)}
	}
	if p.peek() != ':' {
		return nil, p.errorf("expected : after the field %q, found %s", field, p.describe())
	}
	p.i++
	c := &Cmp{Field: field, At: start + 1}
	neg := false
	switch {
	case strings.HasPrefix(p.src[p.i:], ">="):
		c.Op, p.i = Gte, p.i+2
	case strings.HasPrefix(p.src[p.i:], "<="):
		c.Op, p.i = Lte, p.i+2
	case p.peek() == '>':
		c.Op, p.i = Gt, p.i+1
	case p.peek() == '<':
		c.Op, p.i = Lt, p.i+1
	case strings.HasPrefix(p.src[p.i:], "-~"):
		c.Op, p.i = NotContains, p.i+2
	case strings.HasPrefix(p.src[p.i:], "~^"):
		c.Op, p.i = StartsWith, p.i+2
	case strings.HasPrefix(p.src[p.i:], "~$"):
		c.Op, p.i = EndsWith, p.i+2
	case p.peek() == '~':
		c.Op, p.i = Contains, p.i+1
	case p.peek() == '-':
		// A minus right after the colon negates, as in Ghost's lexer, also
		// before a digit: "id:-5f0c..." is "not 5f0c...".
		neg, p.i = true, p.i+1
	}
	if p.peek() == '[' {
		if c.Op != Eq {
			return nil, p.errorf("a [list] works only with : or :-, not with %s", opNames[c.Op])
		}
		c.Op = In
		if neg {
			c.Op = NotIn
		}
		p.i++
		for {
			p.skipSpace()
			v, err := p.parseValue(field)
			if err != nil {
				return nil, err
			}
			c.Values = append(c.Values, v)
			p.skipSpace()
			if p.peek() == ',' {
				p.i++
				continue
			}
			if p.peek() == ']' {
				p.i++
				return c, nil
			}
			return nil, p.errorf("expected , or ] in the list for %q, found %s", field, p.describe())
		}
	}
	if neg {
		c.Op = Ne
	}
	v, err := p.parseValue(field)
	if err != nil {
		return nil, err
	}
	if (c.Op >= Contains) && v.Kind != String {
		v = Value{Kind: String, Text: v.Text, Quoted: v.Quoted}
	}
	c.Values = []Value{v}
	return c, nil
}

// isBareByte reports whether c may appear in an unquoted value. Dates
// like 2026-03-01 and relative dates like now-7d are bare values.
func isBareByte(c byte) bool {
	switch c {
	case ',', '+', '(', ')', '[', ']', '\'', '"', ' ', '\t', '\r', '\n':
		return false
	}
	return c >= 0x20 && c != 0x7f
}

func (p *parser) parseValue(field string) (Value, error) {
	at := p.i + 1
	v, err := p.parseLiteral(field)
	if err == nil && !relativeDateOK(v.Text) {
		return Value{}, &Error{Pos: at, Msg: fmt.Sprintf("the relative date %q for %q needs a number and a unit, such as now-7d (units s, m, h, d, w, M, y)", v.Text, field)}
	}
	return v, err
}

// relativeDateOK refuses what reads as a relative date but is cut short or
// garbled ("now-", "now+3", "now-x"), so no consumer of the parsed filter
// has to cope with them; other text such as "now-playing" passes.
func relativeDateOK(s string) bool {
	rest, ok := strings.CutPrefix(s, "now")
	if !ok || rest == "" || (rest[0] != '-' && rest[0] != '+') {
		return true
	}
	rest = rest[1:]
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	tail := rest[digits:]
	if len(tail) > 1 || (len(tail) == 1 && !isASCIILetter(tail[0])) {
		return true // not shaped like a relative date at all
	}
	return digits > 0 && digits <= 6 && len(tail) == 1 && strings.Contains("smhdwMy", tail)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (p *parser) parseLiteral(field string) (Value, error) {
	if q := p.peek(); q == '\'' || q == '"' {
		open := p.i
		p.i++
		var b strings.Builder
		for {
			if p.eof() {
				return Value{}, &Error{Pos: open + 1, Msg: fmt.Sprintf("the quoted value for %q is never closed", field)}
			}
			c := p.src[p.i]
			if c == '\\' && p.i+1 < len(p.src) {
				b.WriteByte(p.src[p.i+1])
				p.i += 2
				continue
			}
			p.i++
			if c == q {
				return Value{Kind: String, Text: b.String(), Quoted: true}, nil
			}
			b.WriteByte(c)
		}
	}
	start := p.i
	for !p.eof() && isBareByte(p.peek()) {
		p.i++
	}
	text := p.src[start:p.i]
	if text == "" {
		return Value{}, p.errorf("expected a value for %q, found %s", field, p.describe())
	}
	switch text {
	case "true", "false":
		return Value{Kind: Bool, Text: text, Bool: text == "true"}, nil
	case "null":
		return Value{Kind: Null, Text: text}, nil
	}
	if n, err := strconv.ParseFloat(text, 64); err == nil && looksNumeric(text) {
		return Value{Kind: Number, Text: text, Num: n}, nil
	}
	return Value{Kind: String, Text: text}, nil
}

// looksNumeric accepts plain decimal numbers only (not "Inf", "0x10", "1e5").
func looksNumeric(s string) bool {
	s = strings.TrimPrefix(s, "-")
	dot := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
		case s[i] == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}

// Walk calls fn for every comparison in e, stopping at the first error.
func Walk(e Expr, fn func(*Cmp) error) error {
	switch n := e.(type) {
	case *And:
		for _, t := range n.Terms {
			if err := Walk(t, fn); err != nil {
				return err
			}
		}
	case *Or:
		for _, t := range n.Terms {
			if err := Walk(t, fn); err != nil {
				return err
			}
		}
	case *Cmp:
		return fn(n)
	}
	return nil
}

// Rewrite returns a copy of e with every comparison replaced by what fn
// returns for it; e itself is left alone. fn may return nil to drop the
// comparison: a group left with one term becomes that term, and an empty
// one disappears, so the result is nil (no filter) when every comparison
// was dropped. The first error fn returns, in reading order, stops it.
func Rewrite(e Expr, fn func(*Cmp) (Expr, error)) (Expr, error) {
	group := func(terms []Expr, build func([]Expr) Expr) (Expr, error) {
		var kept []Expr
		for _, t := range terms {
			t, err := Rewrite(t, fn)
			if err != nil {
				return nil, err
			}
			if t != nil {
				kept = append(kept, t)
			}
		}
		switch len(kept) {
		case 0:
			return nil, nil
		case 1:
			return kept[0], nil
		}
		return build(kept), nil
	}
	switch n := e.(type) {
	case *Cmp:
		return fn(n)
	case *And:
		return group(n.Terms, func(t []Expr) Expr { return &And{Terms: t, At: n.At} })
	case *Or:
		return group(n.Terms, func(t []Expr) Expr { return &Or{Terms: t, At: n.At} })
	}
	return e, nil
}

// ParseTime reads the date literals of the language: ISO dates and times
// (UTC unless they carry an offset) and dates relative to now such as
// now-7d (units s, m, h, d, w, M, y).
func ParseTime(s string, now time.Time) (time.Time, error) {
	if rest, ok := strings.CutPrefix(s, "now"); ok {
		if rest == "" {
			return now, nil
		}
		if (rest[0] != '-' && rest[0] != '+') || len(rest) < 3 {
			return time.Time{}, fmt.Errorf("bad relative date %q", s)
		}
		digits := rest[1 : len(rest)-1]
		n, err := strconv.Atoi(digits)
		if err != nil || strings.Trim(digits, "0123456789") != "" || n > 100000 {
			return time.Time{}, fmt.Errorf("bad relative date %q", s)
		}
		if rest[0] == '-' {
			n = -n
		}
		switch rest[len(rest)-1] {
		case 's':
			return now.Add(time.Duration(n) * time.Second), nil
		case 'm':
			return now.Add(time.Duration(n) * time.Minute), nil
		case 'h':
			return now.Add(time.Duration(n) * time.Hour), nil
		case 'd':
			return now.AddDate(0, 0, n), nil
		case 'w':
			return now.AddDate(0, 0, 7*n), nil
		case 'M':
			return now.AddDate(0, n, 0), nil
		case 'y':
			return now.AddDate(n, 0, 0), nil
		}
		return time.Time{}, fmt.Errorf("bad relative date %q", s)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}
