package filter

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // canonical String() of the AST
	}{
		{"tag:news", "tag:news"},
		{"tag:-news", "tag:-news"},
		{"featured:true", "featured:true"},
		{"tag:[news,world]", "tag:[news,world]"},
		{"tag:-[news, world]", "tag:-[news,world]"},
		{"tag:news+featured:true", "tag:news+featured:true"},
		{"tag:news,tag:world", "tag:news,tag:world"},
		{"tag:news+featured:true,tag:world", "(tag:news+featured:true),tag:world"},
		{"(tag:news,tag:world)+featured:true", "(tag:news,tag:world)+featured:true"},
		{"published_at:>'2026-03-01 10:00:00'", "published_at:>'2026-03-01 10:00:00'"},
		{"published_at:>=2026-03-01", "published_at:>=2026-03-01"},
		{"published_at:<now-7d", "published_at:<now-7d"},
		{"published_at:<'now+2w'", "published_at:<'now+2w'"},
		{"title:now-playing", "title:now-playing"},
		{"word_count:<=300", "word_count:<=300"},
		{"word_count:>-1", "word_count:>-1"},
		{"title:~'Kyiv'", "title:~'Kyiv'"},
		{"title:-~'Kyiv'", "title:-~'Kyiv'"},
		{"slug:~^'kyiv'", "slug:~^'kyiv'"},
		{"slug:~$'news'", "slug:~$'news'"},
		{`title:'It\'s, here'`, `title:'It\'s, here'`},
		{`title:"double"`, `title:'double'`},
		{"authors.slug:olena", "authors.slug:olena"},
		{" tag:news  +  featured:false ", "tag:news+featured:false"},
		{"custom_excerpt:null", "custom_excerpt:null"},
		{"tag:київ", "tag:київ"},
	}
	for _, tc := range tests {
		e, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := e.String(); got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
		}
		// The canonical form parses to itself.
		again, err := Parse(e.String())
		if err != nil || again.String() != e.String() {
			t.Errorf("round trip of %q: %v %v", tc.in, again, err)
		}
	}
}

func TestParseValues(t *testing.T) {
	e, _ := Parse("word_count:>12.5")
	c := e.(*Cmp)
	if c.Op != Gt || c.Values[0].Kind != Number || c.Values[0].Num != 12.5 {
		t.Fatalf("got %+v", c)
	}
	e, _ = Parse("featured:false")
	if v := e.(*Cmp).Values[0]; v.Kind != Bool || v.Bool {
		t.Fatalf("got %+v", v)
	}
	e, _ = Parse("slug:'true'")
	if v := e.(*Cmp).Values[0]; v.Kind != String || !v.Quoted {
		t.Fatalf("quoted true must stay a string: %+v", v)
	}
	if e, err := Parse("   "); e != nil || err != nil {
		t.Fatalf("empty filter: %v %v", e, err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		frag string
	}{
		{"tag", 4, "expected : after the field"},
		{"tag:", 5, "expected a value"},
		{":news", 1, "expected a field name"},
		{"tag:news+", 10, "expected a field name"},
		{"tag:news featured:true", 10, "unexpected"},
		{"tag:'news", 5, "never closed"},
		{"(tag:news", 10, "expected ) to close"},
		{"tag:[a,b", 9, "expected , or ]"},
		{"tag:>[a,b]", 6, "list] works only"},
		{"tag:news)", 9, "unexpected"},
		{"tags..slug:x", 1, "malformed field"},
		{strings.Repeat("(", 30) + "tag:a" + strings.Repeat(")", 30), 21, "nested deeper"},
		{strings.Repeat("a", MaxLength+1), MaxLength + 1, "longer than"},
		// Cut-short relative dates once reached the date parser and panicked.
		{"published_at:>now-", 15, "relative date"},
		{"published_at:<'now+'", 15, "relative date"},
		{"published_at:<now-7", 15, "relative date"},
		{"updated_at:[now-1d,now-x]", 20, "relative date"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): got %v, want *Error", tc.in, err)
			continue
		}
		if pe.Pos != tc.pos || !strings.Contains(pe.Msg, tc.frag) {
			t.Errorf("Parse(%q) = %q at %d, want %q at %d", tc.in, pe.Msg, pe.Pos, tc.frag, tc.pos)
		}
	}
}

func TestMatch(t *testing.T) {
	obj := map[string][]string{"slug": {"world-news"}, "name": {"World News"}, "visibility": {"public"}, "count": {"12"}}
	get := func(f string) ([]string, bool) { v, ok := obj[f]; return v, ok }
	tests := []struct {
		filter string
		want   bool
	}{
		{"slug:world-news", true},
		{"slug:WORLD-NEWS", true},
		{"slug:-world-news", false},
		{"slug:[a,world-news]", true},
		{"slug:-[a,world-news]", false},
		{"visibility:public+slug:x", false},
		{"visibility:public,slug:x", true},
		{"name:~'news'", true},
		{"name:~^'world'", true},
		{"name:~$'world'", false},
		{"count:>9", true},
		{"count:<9", false},
	}
	for _, tc := range tests {
		e, err := Parse(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Match(e, get)
		if err != nil || got != tc.want {
			t.Errorf("Match(%q) = %v, %v; want %v", tc.filter, got, err, tc.want)
		}
	}
	e, _ := Parse("nope:x")
	var ufe *UnknownFieldError
	if _, err := Match(e, get); !errors.As(err, &ufe) || ufe.Field != "nope" {
		t.Fatalf("unknown field: %v", err)
	}
}

// FuzzParse checks the parser never panics, errors carry a position inside
// the input (or just after it), and what parses prints to a filter that
// parses to the same thing.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"tag:news", "tag:-[a,b]+featured:true", "(a:1,b:'x\\'y')+c:>=2026-01-01",
		"published_at:<now-7d", "published_at:>now-", "a:'now+'", "title:~'x'", "a:\"q\"", "((((a:b))))", "a:-1", "a:b,", "a:[", "a:'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T is not *Error", s, err)
			}
			if pe.Pos < 1 || pe.Pos > len(s)+1 || pe.Msg == "" {
				t.Fatalf("Parse(%q): bad error %+v", s, pe)
			}
			return
		}
		if e == nil {
			return
		}
		out := e.String()
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q which fails: %v", s, out, err)
		}
		if again.String() != out {
			t.Fatalf("not stable: %q -> %q -> %q", s, out, again.String())
		}
		if utf8.ValidString(s) {
			Match(e, func(string) ([]string, bool) { return []string{"x"}, true })
		}
		Walk(e, func(c *Cmp) error {
			for _, v := range c.Values {
				ParseTime(v.Text, time.Unix(0, 0)) // must not panic on any literal
			}
			return nil
		})
	})
}

func TestParseTime(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"now":                       now,
		"now-30d":                   now.AddDate(0, 0, -30),
		"now+2w":                    now.AddDate(0, 0, 14),
		"now-1M":                    time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC), // AddDate normalises Feb 31st
		"now-90m":                   now.Add(-90 * time.Minute),
		"now-1y":                    now.AddDate(-1, 0, 0),
		"2026-03-01":                time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"2026-03-01 10:30":          time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC),
		"2026-03-01T10:30:05":       time.Date(2026, 3, 1, 10, 30, 5, 0, time.UTC),
		"2026-03-01T10:30:05+02:00": time.Date(2026, 3, 1, 8, 30, 5, 0, time.UTC),
	} {
		got, err := ParseTime(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "now-", "now+", "now-d", "now-+5d", "now--5d", "now-5x", "now-5", "now-1000000d", "2026-13-45", "2026"} {
		if got, err := ParseTime(bad, now); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", bad, got)
		}
	}
}

func TestRewrite(t *testing.T) {
	e, err := Parse("(a:1,b:2)+c:3+(d:4,(e:5+f:6))")
	if err != nil {
		t.Fatal(err)
	}
	before := e.String()
	rename := func(c *Cmp) (Expr, error) {
		if c.Field == "b" || c.Field == "f" || c.Field == "d" {
			return nil, nil
		}
		out := *c
		out.Field = strings.ToUpper(c.Field)
		return &out, nil
	}
	got, err := Rewrite(e, rename)
	if err != nil || got.String() != "A:1+C:3+E:5" {
		t.Errorf("Rewrite = %v, %v; want A:1+C:3+E:5", got, err)
	}
	if e.String() != before {
		t.Errorf("Rewrite changed its input: %s", e)
	}
	if got, err := Rewrite(e, func(*Cmp) (Expr, error) { return nil, nil }); got != nil || err != nil {
		t.Errorf("dropping everything = %v, %v; want nil", got, err)
	}
	stop := errors.New("stop")
	var seen []string
	_, err = Rewrite(e, func(c *Cmp) (Expr, error) {
		seen = append(seen, c.Field)
		if c.Field == "c" {
			return nil, stop
		}
		return c, nil
	})
	if err != stop || strings.Join(seen, "") != "abc" {
		t.Errorf("Rewrite stopped with %v after %v; want stop after a, b, c", err, seen)
	}
	if got, err := Rewrite(nil, rename); got != nil || err != nil {
		t.Errorf("Rewrite(nil) = %v, %v", got, err)
	}
}
