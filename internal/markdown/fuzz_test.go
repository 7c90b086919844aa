package markdown

import (
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// renderBudget is the time a render may take per byte of input in the
// fuzz targets, plus a fixed allowance. Linear rendering costs about a
// microsecond per byte here; anything quadratic blows through this on the
// repeated inputs below, even on a busy machine.
const (
	renderBudgetPerByte = 20 * time.Microsecond
	renderBudgetFixed   = 50 * time.Millisecond
	fuzzRepeatTo        = 32 << 10
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "plain text", "> quote\n> more", "- a\n  - b\n    - c", "1. one\n2. two",
		"*em* **strong** ***both*** _u_ __uu__ ~~del~~", "[link](https://example.org \"title\")",
		"![img](/x.png)", "`code` ``co`de``", "```\nfenced\n```", "<div><a href=\"x\">unclosed",
		"</div></article>", "<b>bold", "| a | b |\n|---|---|\n| 1 | 2 |", "[r]\n\n[r]: /url",
		"\"quotes\" 'single' -- --- ...", "www.example.org http://example.org", "# h1\n## h2\nsetext\n===",
		">", "[a](", "*a_", "[a][", "<!--", "a***", "e`", "[ (](", "![[]()", "  * a\n", "~",
	} {
		f.Add(s)
	}
	for _, tc := range pathological() {
		f.Add(tc.body[:min(len(tc.body), 64)])
	}
}

// FuzzRender checks that no body panics the renderer, that the HTML is a
// balanced fragment, and that rendering stays within a time budget per
// byte, also for the input repeated to 32 KB (pathological inputs are
// repetitions, and their cost shows at size).
func FuzzRender(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		res := Render(s)
		checkBalanced(t, res.HTML)
		if s == "" {
			return
		}
		big := strings.Repeat(s, fuzzRepeatTo/len(s)+1)
		checkTime(t, big, func() { Render(big) })
	})
}

// FuzzSanitize checks that sanitized HTML is always balanced, stays so
// when sanitized again, and comes back in linear time.
func FuzzSanitize(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		checkBalanced(t, out)
		if again := Sanitize(out); again != out {
			t.Fatalf("not stable:\n%q\n%q", out, again)
		}
		if s == "" {
			return
		}
		big := strings.Repeat(s, fuzzRepeatTo/len(s)+1)
		checkTime(t, big, func() { Sanitize(big) })
	})
}

// checkTime fails if fn takes more than the budget for s of the CPU time
// of the thread it runs on: unlike the wall clock, that does not grow
// when the machine is busy (fuzzing runs a worker per core). Twice in a
// row, for good measure.
func checkTime(t *testing.T, s string, fn func()) {
	t.Helper()
	budget := renderBudgetFixed + time.Duration(len(s))*renderBudgetPerByte
	var took time.Duration
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range 2 {
		start := threadTime()
		fn()
		if took = threadTime() - start; took <= budget {
			return
		}
	}
	t.Fatalf("%d bytes took %v, budget %v: %q", len(s), took, budget, shorten(s))
}

// threadTime is the CPU time the calling OS thread has used (Linux's
// RUSAGE_THREAD); elsewhere the process's.
func threadTime() time.Duration {
	const rusageThread = 1
	var ru syscall.Rusage
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return cpuTime()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
