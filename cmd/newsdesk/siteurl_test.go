package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// TestCommandsUseTheServedSiteURL: "user add" and "integration add" run
// without --site-url print links under the URL the server last ran
// under, not the default http://127.0.0.1:8080.
func TestCommandsUseTheServedSiteURL(t *testing.T) {
	t.Setenv("NEWSDESK_SITE_URL", "")
	dir := t.TempDir()
	data := []string{"--data", dir, "--log-format", "text"}

	// Before any server ran, the default address is all there is.
	out, err := runUser(t, "", append(data, "--email", "first@example.org", "--name", "First")...)
	if err != nil || !strings.Contains(out, "http://127.0.0.1:8080/newsroom/password/") {
		t.Fatalf("user add before any serve: %v\n%s", err, out)
	}

	// serve on another address with its public URL, then stop it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, append([]string{"serve", "--addr", addr, "--site-url", "https://news.example.org/"}, data...))
	}()
	waitListening(t, addr)
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("serve: %v", err)
	}

	out, err = runUser(t, "", append(data, "--email", "rep@example.org", "--name", "Reporter")...)
	if err != nil || !strings.Contains(out, "https://news.example.org/newsroom/password/") {
		t.Fatalf("user add after serve: %v\n%s", err, out)
	}
	out, err = runUser(t, "correct horse battery\n", append(data, "--email", "ed@example.org", "--name", "Editor", "--password-stdin")...)
	if err != nil || !strings.Contains(out, "Sign in at https://news.example.org/newsroom/") {
		t.Fatalf("user add --password-stdin after serve: %v\n%s", err, out)
	}
	var buf bytes.Buffer
	stdout = &buf
	t.Cleanup(func() { stdout = nil })
	if err := run(context.Background(), append([]string{"integration", "add", "--name", "Front end"}, data...)); err != nil ||
		!strings.Contains(buf.String(), "API URL:         https://news.example.org\n") {
		t.Fatalf("integration add after serve: %v\n%s", err, buf.String())
	}
	// An explicit --site-url still wins.
	out, err = runUser(t, "", append(data, "--site-url", "http://staging.example.org", "--email", "s@example.org", "--name", "S")...)
	if err != nil || !strings.Contains(out, "http://staging.example.org/newsroom/password/") {
		t.Fatalf("user add --site-url: %v\n%s", err, out)
	}
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(fmt.Errorf("serve not listening on %s: %w", addr, err))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
