// Package redirect answers old addresses with the rules an Administrator
// keeps (Ghost's redirects.json): exact rules by one index lookup, then
// Ghost-style regular expressions, compiled once, in file order. A rule
// wins over anything else at its path except a live post or page, so an
// imported archive's old links keep working without hiding new stories.
//
// Answers are cached in memory per path until the event bus moves on;
// the compiled patterns are rebuilt only when the rules change.
package redirect

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
)

// Store is what the service reads: the rules, and posts for the
// live-post exception.
type Store interface {
	storage.Redirects
	PostBySlug(ctx context.Context, slug string) (*domain.Post, error)
}

// Cache bounds: answers for this many paths are kept, and this many
// distinct paths with query rules, or with exact rules, are remembered
// (beyond it, every request looks its path or query up: an imported
// WordPress archive may bring a redirect per old post).
const (
	maxAnswers   = 20_000
	maxQueryKeys = 10_000
	maxPathKeys  = 50_000
)

// MaxAge is how long browsers may keep a permanent redirect, as Ghost's
// default; temporary ones are not kept.
const MaxAge = 365 * 24 * time.Hour

// Service finds the redirect for a request.
type Service struct {
	store Store
	bus   *events.Bus
	log   *slog.Logger
	now   func() time.Time

	loading sync.Mutex // one load of the rules at a time

	mu    sync.Mutex
	gen   uint64   // counts changes of the rules
	rules *ruleSet // nil until loaded, and after the rules change
	cache answers
}

// ruleSet is what is loaded once per version of the rules.
type ruleSet struct {
	patterns  []pattern
	queryKeys map[string]bool // nil: too many to hold; look every query up
	pathKeys  map[string]bool // the same for exact rules without a query
}

type pattern struct {
	rule   *domain.Redirect
	re     *regexp.Regexp
	prefix string // a literal every match starts with, to skip most rules cheaply
	to     *url.URL
}

// answers caches what a path resolves to while the bus stays at version
// and the rules at gen.
type answers struct {
	version, gen uint64
	m            map[string]answer
}

// answer is a resolved rule before the request's query is merged in; a
// zero status means no redirect.
type answer struct {
	status   int
	location *url.URL
	merge    bool // carry the request's query over (path rules, as Ghost)
}

// New returns the service. Events on bus drop cached answers; the
// redirects.updated event also reloads the rules.
func New(store Store, bus *events.Bus, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	s := &Service{store: store, bus: bus, log: log, now: time.Now}
	bus.OnEvent(func(e events.Event) {
		if e.Type == events.RedirectsUpdated {
			s.mu.Lock()
			s.gen++
			s.rules, s.cache = nil, answers{}
			s.mu.Unlock()
		}
	})
	return s
}

// Wrap answers GET and HEAD requests a rule covers with the redirect and
// passes everything else to next. The back office, the APIs, assets,
// media and health checks are never redirected.
func (s *Service) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || exempt(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		status, loc, err := s.Lookup(r.Context(), r.URL)
		if err != nil {
			// A rule lookup that fails must not take the page down with it.
			s.log.Error("redirect lookup", "path", r.URL.Path, "err", err)
		}
		if status == 0 {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Location", loc)
		if status == http.StatusMovedPermanently {
			h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(MaxAge/time.Second)))
		} else {
			h.Set("Cache-Control", "public, max-age=0")
		}
		w.WriteHeader(status)
	})
}

func exempt(path string) bool {
	for _, p := range []string{"/newsroom", "/ghost/", "/assets/", "/content/", "/live/", "/healthz", "/readyz"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// Lookup returns the status (301 or 302) and Location for a request
// address, or status 0 when no rule applies.
func (s *Service) Lookup(ctx context.Context, u *url.URL) (int, string, error) {
	version := s.bus.Version()
	rules, gen, err := s.ruleSet(ctx)
	if err != nil {
		return 0, "", err
	}
	key, slash := domain.RedirectKey(u.Path)
	ck := u.Path
	withQuery := u.RawQuery != "" && (rules.queryKeys == nil || rules.queryKeys[key])
	if withQuery {
		ck += "?" + u.RawQuery
	}
	a, ok := s.cached(ck, version, gen)
	if !ok {
		if a, err = s.resolve(ctx, rules, u, key, slash, withQuery); err != nil {
			return 0, "", err
		}
		s.remember(ck, version, gen, a)
	}
	if a.status == 0 {
		return 0, "", nil
	}
	loc := *a.location
	if a.merge && u.RawQuery != "" {
		loc.RawQuery = mergeQuery(u.RawQuery, loc.RawQuery)
	}
	target := loc.String()
	if target == u.RequestURI() {
		return 0, "", nil // a rule pointing at itself would loop forever
	}
	return a.status, target, nil
}

func (s *Service) cached(key string, version, gen uint64) (answer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache.version != version || s.cache.gen != gen {
		return answer{}, false
	}
	a, ok := s.cache.m[key]
	return a, ok
}

// remember keeps an answer worked out at version and gen, unless either
// moved on meanwhile: an answer from old rules or old posts is not kept.
func (s *Service) remember(key string, version, gen uint64, a answer) {
	if s.bus.Version() != version {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen != gen {
		return
	}
	if s.cache.version != version || s.cache.gen != gen || s.cache.m == nil || len(s.cache.m) >= maxAnswers {
		// A crude bound, as the page cache's: start over rather than
		// track recency; real readers revisit few paths.
		s.cache = answers{version: version, gen: gen, m: make(map[string]answer)}
	}
	s.cache.m[key] = a
}

// ruleSet returns the compiled patterns and their generation, loading
// them after a change.
func (s *Service) ruleSet(ctx context.Context) (*ruleSet, uint64, error) {
	s.mu.Lock()
	rs, gen := s.rules, s.gen
	s.mu.Unlock()
	if rs != nil {
		return rs, gen, nil
	}
	s.loading.Lock()
	defer s.loading.Unlock()
	s.mu.Lock()
	rs, gen = s.rules, s.gen
	s.mu.Unlock()
	if rs != nil {
		return rs, gen, nil // another request loaded them meanwhile
	}
	rules, err := s.store.PatternRedirects(ctx)
	if err != nil {
		return nil, 0, err
	}
	rs = &ruleSet{}
	for _, r := range rules {
		p, err := compile(r)
		if err != nil {
			// Validated when saved; a rule that no longer compiles (a
			// future Go with other syntax) is skipped, not fatal.
			s.log.Error("redirect rule does not compile", "from", r.From, "err", err)
			continue
		}
		rs.patterns = append(rs.patterns, p)
	}
	if rs.queryKeys, err = s.keySet(ctx, s.store.RedirectQueryKeys, maxQueryKeys); err != nil {
		return nil, 0, err
	}
	if rs.pathKeys, err = s.keySet(ctx, s.store.RedirectPathKeys, maxPathKeys); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	if s.gen == gen {
		s.rules = rs // unless the rules changed while these loaded
	}
	s.mu.Unlock()
	return rs, gen, nil
}

// keySet loads up to max keys into a set; nil means there are more.
func (s *Service) keySet(ctx context.Context, list func(context.Context, int) ([]string, error), max int) (map[string]bool, error) {
	keys, err := list(ctx, max+1)
	if err != nil || len(keys) > max {
		return nil, err
	}
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	return set, nil
}

func compile(r *domain.Redirect) (pattern, error) {
	re, err := regexp.Compile(r.Match.Pattern)
	if err != nil {
		return pattern{}, err
	}
	to, err := url.Parse(r.To)
	if err != nil {
		return pattern{}, err
	}
	// An anchored expression's literal start lets most requests skip it
	// without running it.
	return pattern{rule: r, re: re, to: to, prefix: anchoredPrefix(r.Match.Pattern)}, nil
}

// resolve finds the rule for a path: query rules, then exact rules, then
// patterns in file order; then the live-post exception.
func (s *Service) resolve(ctx context.Context, rules *ruleSet, u *url.URL, key string, slash, withQuery bool) (answer, error) {
	a, err := s.match(ctx, rules, u, key, slash, withQuery)
	if err != nil || a.status == 0 {
		return a, err
	}
	if slug := strings.Trim(u.Path, "/"); domain.ValidSlug(slug) {
		p, err := s.store.PostBySlug(ctx, slug)
		if err == nil && p.IsPublic(s.now()) {
			return answer{}, nil
		}
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return answer{}, err
		}
	}
	return a, nil
}

func (s *Service) match(ctx context.Context, rules *ruleSet, u *url.URL, key string, slash, withQuery bool) (answer, error) {
	if withQuery {
		for _, q := range queryForms(u.RawQuery) {
			found, err := s.store.ExactRedirects(ctx, key, q)
			if err != nil {
				return answer{}, err
			}
			for _, r := range found {
				if r.Match.Accepts(key, slash) {
					to, err := url.Parse(r.To)
					if err != nil {
						return answer{}, err
					}
					return answer{status: r.Status(), location: to}, nil
				}
			}
		}
	}
	var found []*domain.Redirect
	if rules.pathKeys == nil || rules.pathKeys[key] {
		var err error
		if found, err = s.store.ExactRedirects(ctx, key, ""); err != nil {
			return answer{}, err
		}
	}
	for _, r := range found {
		if r.Match.Accepts(key, slash) {
			to, err := url.Parse(r.To)
			if err != nil {
				return answer{}, err
			}
			return answer{status: r.Status(), location: to, merge: true}, nil
		}
	}
	path := u.EscapedPath()
	for _, p := range rules.patterns {
		if p.prefix != "" && !strings.HasPrefix(path, p.prefix) {
			continue
		}
		m := p.re.FindStringSubmatchIndex(path)
		if m == nil {
			continue
		}
		return answer{status: p.rule.Status(), location: substitute(p.to, path, m), merge: true}, nil
	}
	return answer{}, nil
}

// queryForms are the queries a request's query may be stored as: as
// sent, and WordPress's post and page ids alone ("/?p=123&utm_source=x"
// is still post 123).
func queryForms(raw string) []string {
	forms := []string{raw}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return forms
	}
	for _, k := range []string{"p", "page_id"} {
		if id := v.Get(k); id != "" {
			if f := k + "=" + url.QueryEscape(id); f != raw {
				forms = append(forms, f)
			}
		}
	}
	return forms
}

// substitute writes the target of a pattern rule as Ghost does: the
// matched part of the path is replaced by the target's path, with $1...
// filled in, and the rest of the path is kept.
func substitute(to *url.URL, path string, m []int) *url.URL {
	out := *to
	repl := expand(to.EscapedPath(), path, m)
	newPath := path[:m[0]] + repl + path[m[1]:]
	if out.Host == "" && strings.HasPrefix(newPath, "//") {
		// "/x/" replacing a match that starts after the first slash gives
		// "//x/", which browsers read as another host: keep it on this site.
		newPath = "/" + strings.TrimLeft(newPath, "/")
	}
	if p, err := url.PathUnescape(newPath); err == nil {
		out.Path, out.RawPath = p, newPath
	} else {
		out.Path, out.RawPath = newPath, ""
	}
	return &out
}

// expand fills JavaScript's replacement patterns into tmpl: $1-$99, $&
// (the match), $` and $' (before and after it) and $$; anything else
// stays as written.
func expand(tmpl, s string, m []int) string {
	groups := len(m)/2 - 1
	group := func(n int) string {
		if m[2*n] < 0 {
			return ""
		}
		return s[m[2*n]:m[2*n+1]]
	}
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		if c != '$' || i+1 >= len(tmpl) {
			b.WriteByte(c)
			continue
		}
		n := tmpl[i+1]
		switch {
		case n == '$':
			b.WriteByte('$')
			i++
		case n == '&':
			b.WriteString(s[m[0]:m[1]])
			i++
		case n == '`':
			b.WriteString(s[:m[0]])
			i++
		case n == '\'':
			b.WriteString(s[m[1]:])
			i++
		case n >= '0' && n <= '9':
			d := int(n - '0')
			if i+2 < len(tmpl) && tmpl[i+2] >= '0' && tmpl[i+2] <= '9' {
				if dd := d*10 + int(tmpl[i+2]-'0'); dd >= 1 && dd <= groups {
					b.WriteString(group(dd))
					i += 2
					continue
				}
			}
			if d >= 1 && d <= groups {
				b.WriteString(group(d))
				i++
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mergeQuery joins the request's query with the target's, the target's
// values winning, as Ghost does.
func mergeQuery(request, target string) string {
	v, err := url.ParseQuery(request)
	if err != nil {
		return target
	}
	t, err := url.ParseQuery(target)
	if err != nil {
		return target
	}
	for k, vals := range t {
		v[k] = vals
	}
	return v.Encode()
}

// anchoredPrefix is the literal text every match of an expression
// anchored at the start of the path begins with ("/blog/" for
// "^/blog/(.*)$"), or "" when there is none to rely on.
func anchoredPrefix(expr string) string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return ""
	}
	var b strings.Builder
	for _, sub := range re.Sub[1:] {
		if sub.Op != syntax.OpLiteral || sub.Flags&syntax.FoldCase != 0 {
			break
		}
		b.WriteString(string(sub.Rune))
	}
	return b.String()
}
