package markdown

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// pathological returns bodies at the size limit built from the inputs
// that make CommonMark parsers, goldmark among them, take quadratic time
// or multiply their output: deep nesting, openers that never close,
// emphasis that never matches, tables and references that expand.
func pathological() []struct{ name, body string } {
	const n = domain.MaxBodyLen
	fill := func(unit string) string { return strings.Repeat(unit, n/len(unit)) }
	around := func(open, middle, close string) string {
		k := (n - len(middle)) / (len(open) + len(close))
		return strings.Repeat(open, k) + middle + strings.Repeat(close, k)
	}
	grow := func(line func(i int) string) string {
		var b strings.Builder
		for i := 0; ; i++ {
			l := line(i)
			if b.Len()+len(l) > n {
				return b.String()
			}
			b.WriteString(l)
		}
	}
	wideTable := "|" + strings.Repeat(" a |", 120) + "\n|" + strings.Repeat("---|", 120) + "\n"
	reference := "[r]: https://example.org/" + strings.Repeat("p", 2000) + "\n\n"
	return []struct{ name, body string }{
		{"blockquotes nested on one line", fill(">")},
		{"blockquotes nested with spaces", fill("> ")},
		{"blockquotes and lists mixed", fill("> - ")},
		{"ordered lists nested on one line", fill("1. ")},
		{"lists nested by indentation", grow(func(i int) string { return strings.Repeat("  ", i) + "* a\n" })},
		{"blockquote lines", fill("> a\n")},
		{"unclosed link destinations", fill("[a](")},
		{"unclosed link destinations in angles", fill("[a](<b")},
		{"unclosed link titles", fill("[a](b (")},
		{"unclosed reference labels", fill("[a][")},
		{"link openers and emphasis closers", fill("[ a_")},
		{"link openers without closers", fill("[a")},
		{"link closers without openers", fill("a]")},
		{"nested brackets", around("[", "a", "]")},
		{"brackets and parentheses", fill("[ (](")},
		{"images in brackets", fill("![[]()")},
		{"nested strong emphasis", around("*a **a ", "b", " a** a*")},
		{"mismatched emphasis", fill("*a_")},
		{"mismatched emphasis with spaces", fill("*a_ ")},
		{"emphasis closers without openers", fill("a_ ")},
		{"emphasis openers without closers", fill("_a ")},
		{"triple emphasis openers", fill("a***")},
		{"emphasis runs of three", "a**b" + fill("c* ")[5:]},
		{"strikethrough runs", fill("~")},
		{"double quotes", fill(`"`)},
		{"single quotes", fill("'")},
		{"backtick runs of every length", grow(func(i int) string { return "e" + strings.Repeat("`", i+1) })},
		{"unclosed code spans", fill("`a``")},
		{"html open tags", fill("<a ")},
		{"html blocks", fill("<div>")},
		{"unclosed html comments", "</" + fill("<!--")[2:]},
		{"angle brackets", fill("<a")},
		{"bare links", fill("~www.")},
		{"headings", fill("#\n")},
		{"table with carriage returns", fill("aaa\rbbb\n-\v\n")},
		{"wide table with short rows", wideTable + fill("a\n")[len(wideTable):]},
		{"table with many columns", "a|b\n-|-\n" + fill("|a")[8:]},
		{"reference used many times", reference + fill("[r] ")[len(reference):]},
	}
}

// TestPathologicalBodiesRenderInLinearTime renders every pathological
// body at the size limit. Unbounded, several took minutes; bounded, each
// takes a fraction of a second (BENCHMARKS.md has the numbers). The test
// counts the CPU time the process spends, not the wall clock, so a busy
// machine does not fail it; the limit is loose, and anything quadratic
// still fails.
func TestPathologicalBodiesRenderInLinearTime(t *testing.T) {
	for _, tc := range pathological() {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.body) > domain.MaxBodyLen || len(tc.body) < domain.MaxBodyLen*9/10 {
				t.Fatalf("body is %d bytes, want close to %d", len(tc.body), domain.MaxBodyLen)
			}
			took, res := timeRender(t, tc.body)
			if took > 2*time.Second {
				t.Fatalf("rendering took %v of CPU time", took)
			}
			checkBalanced(t, res.HTML)
		})
	}
}

// timeRender renders src in a goroutine, returning the CPU time the
// process spent meanwhile, and gives up waiting after a minute so that a
// quadratic case fails the test instead of hanging it.
func timeRender(t *testing.T, src string) (time.Duration, Result) {
	t.Helper()
	done := make(chan Result, 1)
	start := cpuTime()
	go func() { done <- Render(src) }()
	select {
	case r := <-done:
		return cpuTime() - start, r
	case <-time.After(time.Minute):
		t.Fatalf("rendering still runs after a minute")
		return 0, Result{}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The benchmarks report cpu-ms/op beside ns/op: the CPU time the
// process spent per render, which a machine busy with other work inflates
// far less than the wall clock. Run with GOMAXPROCS=1 to see what one
// core takes.
func BenchmarkPathological(b *testing.B) {
	for _, tc := range pathological() {
		b.Run(strings.ReplaceAll(tc.name, " ", "-"), func(b *testing.B) {
			benchRender(b, tc.body)
		})
	}
}

// BenchmarkOrdinary renders ordinary news text of the same size, for
// comparison.
func BenchmarkOrdinary(b *testing.B) {
	para := "KYIV — The council met on *Tuesday* to discuss the [new bridge](https://example.org/bridge), which costs “more than planned”, officials said. It's the city's largest project since 2019.\n\n"
	benchRender(b, strings.Repeat(para, domain.MaxBodyLen/len(para)))
}

func benchRender(b *testing.B, body string) {
	b.SetBytes(int64(len(body)))
	start := cpuTime()
	for b.Loop() {
		Render(body)
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}
