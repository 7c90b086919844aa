// Package testsupport is for tests that need more than Go: PostgreSQL,
// chromium, node and the npm packages pinned under tests/. Without them a
// test skips with a message saying what to install, so "go test ./..."
// works on any laptop; with NEWSDESK_TEST_STRICT=1 (set by scripts/test
// and so by CI) a missing piece fails the test instead, so CI cannot
// quietly skip half the suite.
package testsupport

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create test databases
)

// Strict reports whether missing test dependencies fail tests
// (NEWSDESK_TEST_STRICT=1) rather than skip them.
func Strict() bool { return os.Getenv("NEWSDESK_TEST_STRICT") == "1" }

// Missing ends t because what is not available: a skip, or under
// NEWSDESK_TEST_STRICT a failure. how says how to get it.
func Missing(t testing.TB, what, how string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not available: %s (./scripts/test sets everything up)", what, how)
	if Strict() {
		t.Fatal(msg + "; NEWSDESK_TEST_STRICT=1 makes this a failure")
	} else {
		t.Skip(msg)
	}
}

// PostgresURL returns the PostgreSQL server tests may use,
// NEWSDESK_TEST_POSTGRES.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("NEWSDESK_TEST_POSTGRES")
	if base == "" {
		Missing(t, "PostgreSQL", "set NEWSDESK_TEST_POSTGRES=postgres://user@host:5432/db?sslmode=disable")
	}
	return base
}

var databases atomic.Int64

// PostgresDB creates an empty database on the test server and returns its
// URL; it is dropped when the test ends. Names carry the process id, a
// counter and the test's name, so parallel test processes do not collide.
func PostgresDB(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	// A test may ask for several (a source and a target): number them.
	name := fmt.Sprintf("newsdesk_test_%d_%d_%s", os.Getpid(), databases.Add(1),
		strings.ToLower(strings.NewReplacer("/", "_", " ", "_", "-", "_").Replace(t.Name())))
	if len(name) > 60 {
		// Keep long subtest names apart: PostgreSQL allows 63 bytes.
		sum := fnv.New32a()
		sum.Write([]byte(name))
		name = fmt.Sprintf("%s_%08x", name[:51], sum.Sum32())
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("create test database on %s: %v", base, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Chromium returns the chromium to drive: NEWSDESK_CHROMIUM, else
// /usr/bin/chromium.
func Chromium(t testing.TB) string {
	t.Helper()
	exe := os.Getenv("NEWSDESK_CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
		if p, err := exec.LookPath("chromium"); err == nil {
			exe = p
		}
	}
	if _, err := os.Stat(exe); err != nil {
		Missing(t, "chromium", fmt.Sprintf("install Debian's chromium or set NEWSDESK_CHROMIUM (%v)", err))
	}
	return exe
}

// Node returns the path of node.
func Node(t testing.TB) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(t, "node", "install Node.js")
	}
	return node
}

// NPMPackage returns the folder of the npm package pkg installed under
// dir/node_modules (dir relative to the test's package folder).
func NPMPackage(t testing.TB, dir, pkg string) string {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(abs, "node_modules", filepath.FromSlash(pkg))
	if _, err := os.Stat(filepath.Join(p, "package.json")); err != nil {
		Missing(t, "the npm package "+pkg, fmt.Sprintf("run \"npm ci\" in %s", abs))
	}
	return p
}
