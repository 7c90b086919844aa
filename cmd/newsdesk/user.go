package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
)

// stdin and stdout are variables so tests can feed a password and read links.
var (
	stdin  io.Reader = os.Stdin
	stdout io.Writer = os.Stdout
)

const userUsage = `Usage:
  newsdesk user add --email E --name N --role R [--password-stdin] [shared flags]

Roles: contributor, author, editor, administrator. With --password-stdin the
password is read from standard input; otherwise a one-time link to set it is
printed. Works on the same --data/--db as serve, also while it runs.
`

// userCmd runs "newsdesk user ...".
func userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(os.Stderr, userUsage)
		return errors.New("user: want the subcommand add")
	}
	var email, name, role string
	var fromStdin bool
	a, err := openApp(ctx, "user add", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "email address to sign in with")
		fs.StringVar(&name, "name", "", "full name, as readers see it")
		fs.StringVar(&role, "role", "author", "contributor, author, editor or administrator")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := servedSiteURL(ctx, &a.Config, a.Store); err != nil {
		return err
	}
	u := &domain.User{Author: domain.Author{Name: name}, Email: email, Role: domain.Role(role)}
	if strings.TrimSpace(email) == "" {
		return errors.New("user add: --email is required")
	}
	if !u.Role.Valid() {
		return fmt.Errorf("user add: unknown role %q (want contributor, author, editor or administrator)", role)
	}
	if _, err := a.Store.UserByEmail(ctx, email); err == nil {
		return fmt.Errorf("user add: a user with the email %q already exists", email)
	}
	if fromStdin {
		pw, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(pw, "\r\n")
		if err := auth.ValidatePassword(pw); err != nil {
			return fmt.Errorf("password: %s", domain.ErrorMessage(err))
		}
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return err
		}
	}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "Created %s <%s> (%s).\n", u.Name, u.Email, u.Role)
	if fromStdin {
		fmt.Fprintf(stdout, "Sign in at %s/newsroom/\n", a.Config.SiteURL)
		return nil
	}
	svc := auth.New(a.Store, a.Config.SiteURL, a.Config.TrustProxy)
	raw, err := svc.NewLink(ctx, auth.TokenPassword, u.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Set the password within 24 hours at this one-time link:\n%s/newsroom/password/%s\n", a.Config.SiteURL, raw)
	return nil
}
