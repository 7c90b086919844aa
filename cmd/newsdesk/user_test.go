package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/storage/sqlstore"
)

func runUser(t *testing.T, in string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	stdin, stdout = strings.NewReader(in), &out
	t.Cleanup(func() { stdin, stdout = nil, nil })
	err := run(context.Background(), append([]string{"user", "add"}, args...))
	return out.String(), err
}

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	// A running server holds the database open; the command works beside it.
	server, err := sqlstore.Open(context.Background(), filepath.Join(dir, "newsdesk.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if _, err := server.ListUsers(context.Background()); err != nil {
		t.Fatal(err)
	}
	data := []string{"--data", dir, "--site-url", "https://news.example.org", "--log-format", "text"}
	out, err := runUser(t, "correct horse battery\n", append(data, "--email", "Chief@Example.org", "--name", "Iryna Chief",
		"--role", "administrator", "--password-stdin")...)
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, err := runUser(t, "", append(data, "--email", "chief@example.org", "--name", "Again", "--role", "author")...); err == nil {
		t.Fatal("duplicate email accepted")
	}
	if _, err := runUser(t, "", append(data, "--email", "x@example.org", "--name", "X", "--role", "owner")...); err == nil {
		t.Fatal("unknown role accepted")
	}
	if _, err := runUser(t, "short\n", append(data, "--email", "y@example.org", "--name", "Y", "--password-stdin")...); err == nil {
		t.Fatal("short password accepted")
	}
	out, err = runUser(t, "", append(data, "--email", "rep@example.org", "--name", "Reporter One", "--role", "author")...)
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https://news.example.org/newsroom/password/([A-Za-z0-9_-]{43})`).FindStringSubmatch(out)
	if link == nil {
		t.Fatalf("no password link in %q", out)
	}

	store := server // the "server" sees the accounts the command created
	ctx := context.Background()
	svc := auth.New(store, "https://news.example.org", false)
	u, err := svc.SignIn(ctx, "chief@example.org", "correct horse battery", "127.0.0.1")
	if err != nil || u.Role != domain.RoleAdministrator {
		t.Fatalf("sign in as created admin: %v %+v", err, u)
	}
	rep, err := svc.UseLink(ctx, auth.TokenPassword, link[1])
	if err != nil || rep.Email != "rep@example.org" {
		t.Fatalf("use printed link: %v", err)
	}
	if _, err := svc.UseLink(ctx, auth.TokenPassword, link[1]); err == nil {
		t.Fatal("link used twice")
	}
}
