package testsupport

import (
	"strings"
	"testing"
)

// recorder stands in for a test, to see whether Missing skips or fails.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = args[0].(string) }
func (r *recorder) Fatal(args ...any) { r.failed = args[0].(string) }

func TestMissingSkipsUnlessStrict(t *testing.T) {
	t.Setenv("NEWSDESK_TEST_STRICT", "")
	r := &recorder{TB: t}
	Missing(r, "chromium", "install it")
	if r.skipped == "" || r.failed != "" || !strings.Contains(r.skipped, "chromium is not available: install it") {
		t.Fatalf("without NEWSDESK_TEST_STRICT: skipped %q, failed %q", r.skipped, r.failed)
	}
	t.Setenv("NEWSDESK_TEST_STRICT", "1")
	r = &recorder{TB: t}
	Missing(r, "chromium", "install it")
	if r.failed == "" || r.skipped != "" || !strings.Contains(r.failed, "NEWSDESK_TEST_STRICT") {
		t.Fatalf("with NEWSDESK_TEST_STRICT=1: skipped %q, failed %q", r.skipped, r.failed)
	}
}

func TestPostgresURLUnset(t *testing.T) {
	t.Setenv("NEWSDESK_TEST_POSTGRES", "")
	t.Setenv("NEWSDESK_TEST_STRICT", "1")
	r := &recorder{TB: t}
	PostgresURL(r)
	if !strings.Contains(r.failed, "NEWSDESK_TEST_POSTGRES") {
		t.Fatalf("unset NEWSDESK_TEST_POSTGRES under strict: %q", r.failed)
	}
}
