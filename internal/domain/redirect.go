package domain

import (
	"net/url"
	"regexp"
	"regexp/syntax"
	"strings"
	"time"
	"unicode/utf8"
)

// Redirect is a rule that sends readers from an old address to a new one,
// in the shape of one entry of Ghost's redirects.json.
type Redirect struct {
	ID string
	// From is the rule as written: a site path ("/old-story/"), a path with
	// a query ("/?p=123", newsdesk's form for old WordPress permalinks), or
	// a regular expression in Ghost's format ("^/blog/(.*)$", "/Old/i").
	From string
	// To is a site path or an http(s) URL; pattern rules may use $1...$99.
	To        string
	Permanent bool // 301; otherwise 302
	// Position is the rule's place in the file: pattern rules are tried
	// in this order, and a download keeps it.
	Position  int64
	CreatedAt time.Time
	// Match is how From matches requests; Validate derives it.
	Match RedirectMatch
}

// Status is the HTTP status the rule answers with.
func (r *Redirect) Status() int {
	if r.Permanent {
		return 301
	}
	return 302
}

// RedirectMatch is how a rule matches request addresses. Exact rules
// (a literal path, with or without a query) are looked up by Key in an
// index; pattern rules are regular expressions tried one after another.
type RedirectMatch struct {
	// Key is the decoded path an exact rule matches, without its trailing
	// slash ("/" for the home page); empty for a pattern rule.
	Key string
	// Query is the query string an exact rule requires ("p=123"), as sent.
	Query string
	// Slash says whether the path may, must or must not end in a slash.
	Slash Slash
	// Pattern is a pattern rule's Go regular expression, matched against
	// the escaped path as Ghost does.
	Pattern string
}

// Exact reports whether the rule is looked up by key.
func (m RedirectMatch) Exact() bool { return m.Pattern == "" }

// Accepts reports whether an exact rule matches a path whose trailing
// slash is present (slash) or not; the home page "/" always matches.
func (m RedirectMatch) Accepts(key string, slash bool) bool {
	if key == "/" {
		return true
	}
	switch m.Slash {
	case SlashNever:
		return !slash
	case SlashAlways:
		return slash
	}
	return true
}

// Slash is an exact rule's treatment of a trailing slash.
type Slash int

// The trailing-slash rules. Ghost matches "/old/" and "/old" alike unless
// the expression ends in "$" after the slash or without it.
const (
	SlashOptional Slash = iota
	SlashNever
	SlashAlways
)

// Limits on redirect rules. Pattern rules are tried one by one on a
// request that no exact rule answers, so they are capped; exact rules
// cost one index lookup however many there are.
const (
	MaxRedirectLen      = 2000
	MaxPatternRedirects = 1000
)

// Validate checks a rule, trims it and derives Match. Errors name the
// field ("from" or "to") and quote the rule so a long upload can be fixed.
func (r *Redirect) Validate() error {
	var errs ValidationErrors
	r.From = strings.TrimSpace(r.From)
	r.To = strings.TrimSpace(r.To)
	switch {
	case r.From == "":
		errs = append(errs, FieldError("from", "A redirect needs a from path."))
	case len(r.From) > MaxRedirectLen:
		errs = append(errs, FieldError("from", "The from of a redirect is longer than %d characters.", MaxRedirectLen))
	case !utf8.ValidString(r.From) || hasControl(r.From):
		errs = append(errs, FieldError("from", "The from %q contains control characters.", r.From))
	default:
		m, err := ParseRedirectFrom(r.From)
		if err != nil {
			errs = append(errs, FieldError("from", "The from %q is not a regular expression newsdesk can use: %s.", r.From, err.Error()))
		}
		r.Match = m
	}
	switch {
	case r.To == "":
		errs = append(errs, FieldError("to", "The redirect from %q needs a to address.", r.From))
	case len(r.To) > MaxRedirectLen:
		errs = append(errs, FieldError("to", "The to of the redirect from %q is longer than %d characters.", r.From, MaxRedirectLen))
	case !validRedirectTarget(r.To):
		errs = append(errs, FieldError("to", "The redirect from %q must go to a site path such as /new/ or an http(s) address, not %q.", r.From, r.To))
	}
	return errs.Err()
}

// validRedirectTarget accepts site paths (absolute, or relative as Ghost
// allows: "new" replaces the matched part of the path) and http(s) URLs.
// Other schemes (javascript:, data:) and other hosts written as "//host"
// are refused.
func validRedirectTarget(s string) bool {
	if strings.ContainsAny(s, " \t\r\n\"'<>\\") || hasControl(s) || strings.HasPrefix(s, "//") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	if u.Scheme == "" {
		return u.Host == "" && u.Opaque == ""
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// regexOnly are characters that make a from a regular expression rather
// than a literal path ("." is read as itself in a literal: see below).
const regexOnly = `\^$|?*+()[]{}`

// ParseRedirectFrom works out how a from matches. Literal paths, paths
// with a query, and Ghost-style anchored expressions that are really one
// path ("^/old/?$", "^\/old\/$") become exact rules; anything else is a
// pattern, built as Ghost builds it: "/x/i" is case-insensitive, a
// trailing slash is dropped, and "/?$" is added unless the expression
// ends in "$". Two deliberate differences from Ghost: a literal path
// matches that path only (Ghost's unanchored expression would also match
// it as the end of a longer path), and a "." in an otherwise literal rule
// matches only a dot.
func ParseRedirectFrom(from string) (RedirectMatch, error) {
	if m, ok := exactFrom(from); ok {
		return m, nil
	}
	pattern := GhostPattern(from)
	if _, err := regexp.Compile(pattern); err != nil {
		msg := err.Error()
		if e, ok := err.(*syntax.Error); ok {
			msg = string(e.Code)
			if e.Expr != "" {
				msg += " at " + e.Expr
			}
		}
		return RedirectMatch{}, Errorf(EINVALID, "%s", msg)
	}
	return RedirectMatch{Pattern: pattern}, nil
}

// GhostPattern is the Go regular expression Ghost would build for from.
func GhostPattern(from string) string {
	flags := ""
	if len(from) >= 3 && strings.HasPrefix(from, "/") && strings.HasSuffix(from, "/i") {
		from, flags = from[1:len(from)-2], "(?i)"
	}
	from = strings.TrimSuffix(from, "/")
	if !strings.HasSuffix(from, "$") {
		from += "/?$"
	}
	return flags + from
}

// exactFrom recognises froms that match one path (and query).
func exactFrom(from string) (RedirectMatch, bool) {
	if strings.HasPrefix(from, "/") && !(len(from) >= 3 && strings.HasSuffix(from, "/i")) {
		path, query := from, ""
		if i := strings.IndexByte(from, '?'); i >= 0 && strings.Contains(from[i+1:], "=") {
			path, query = from[:i], from[i+1:]
		}
		if !strings.ContainsAny(path, regexOnly) {
			return literalMatch(path, query, SlashOptional)
		}
		return RedirectMatch{}, false
	}
	if !strings.HasPrefix(from, "^") {
		return RedirectMatch{}, false
	}
	var lit strings.Builder
	slash := SlashOptional // no "$": Ghost appends "/?$"
	rest := from[1:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c == '\\':
			if i+1 >= len(rest) {
				return RedirectMatch{}, false
			}
			n := rest[i+1]
			if n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z' || n >= '0' && n <= '9' || n >= 0x80 {
				return RedirectMatch{}, false // \d, \w, \1...: a real expression
			}
			lit.WriteByte(n)
			i++
		case c == '?':
			// Only "/?" at the very end (before "$") is understood: an
			// optional trailing slash.
			tail := rest[i+1:]
			s := lit.String()
			if !strings.HasSuffix(s, "/") || (tail != "" && tail != "$") {
				return RedirectMatch{}, false
			}
			lit.Reset()
			lit.WriteString(strings.TrimSuffix(s, "/"))
			return literalMatch(lit.String(), "", SlashOptional)
		case c == '$':
			if i != len(rest)-1 {
				return RedirectMatch{}, false
			}
			slash = SlashNever
			if strings.HasSuffix(lit.String(), "/") {
				slash = SlashAlways
			}
		case strings.IndexByte(regexOnly, c) >= 0:
			return RedirectMatch{}, false
		default:
			lit.WriteByte(c)
		}
	}
	return literalMatch(lit.String(), "", slash)
}

// literalMatch makes the exact rule for a literal path, decoding its
// percent escapes so it compares with request paths as net/http decodes them.
func literalMatch(path, query string, slash Slash) (RedirectMatch, bool) {
	if !strings.HasPrefix(path, "/") {
		return RedirectMatch{}, false
	}
	decoded, err := url.PathUnescape(path)
	if err != nil {
		return RedirectMatch{}, false
	}
	key, _ := RedirectKey(decoded)
	return RedirectMatch{Key: key, Query: query, Slash: slash}, true
}

// RedirectKey is the key a request path is looked up by: the path without
// its trailing slash ("/" stays), and whether it had one.
func RedirectKey(path string) (key string, slash bool) {
	if path == "/" || path == "" {
		return "/", true
	}
	if !strings.HasSuffix(path, "/") {
		return path, false
	}
	if key := strings.TrimRight(path, "/"); key != "" {
		return key, true
	}
	return "/", true
}
