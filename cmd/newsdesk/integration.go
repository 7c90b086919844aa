package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"newsdesk/internal/app"
	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/storage/sqlstore"
)

const integrationUsage = `Usage:
  newsdesk integration add --name NAME [--role ROLE] [--json]   create keys
  newsdesk integration list [--json]                            list integrations
  newsdesk integration revoke ID                                stop an integration's keys

Integrations hold Ghost-format API keys: a Content API key (26 hex
characters) and an Admin API key (id:secret). They take the same --data and
--db flags as serve and work while the server runs.
`

// integration manages API integrations from the command line.
func integration(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, integrationUsage)
		return errors.New("integration: missing subcommand")
	}
	sub, rest := args[0], args[1:]
	var cfg config.Config
	var name, role string
	var asJSON bool
	fs := flag.NewFlagSet("integration "+sub, flag.ContinueOnError)
	cfg.Register(fs)
	fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
	switch sub {
	case "add":
		fs.StringVar(&name, "name", "", "integration name (required)")
		fs.StringVar(&role, "role", "administrator", "role the Admin API key acts with: administrator, editor, author or contributor")
	case "list", "revoke":
	case "help", "-h", "--help":
		fmt.Print(integrationUsage)
		return nil
	default:
		fmt.Fprint(os.Stderr, integrationUsage)
		return fmt.Errorf("integration: unknown subcommand %q", sub)
	}
	// Flags may come before or after the ID: "revoke ID --data dir".
	var pos []string
	for {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	wantArgs := 0
	if sub == "revoke" {
		wantArgs = 1
	}
	if len(pos) != wantArgs {
		fmt.Fprint(os.Stderr, integrationUsage)
		return fmt.Errorf("integration %s: want %d argument(s), got %d", sub, wantArgs, len(pos))
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	if cfg.DB == "" {
		if err := os.MkdirAll(cfg.Data, 0o750); err != nil {
			return fmt.Errorf("create data folder %s: %w", cfg.Data, err)
		}
	}
	store, err := sqlstore.OpenWith(ctx, cfg.DSN(), app.NewLogger(cfg.LogFormat), sqlstore.Options{AllowNewerSchema: cfg.AllowNewerSchema})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := servedSiteURL(ctx, &cfg, store); err != nil {
		return err
	}

	switch sub {
	case "add":
		in, err := domain.NewIntegration(name, domain.Role(role))
		if err != nil {
			return fmt.Errorf("integration add: %w", err)
		}
		if err := store.CreateIntegration(ctx, in); err != nil {
			return fmt.Errorf("integration add: %w", err)
		}
		if asJSON {
			return printJSON(integrationJSON(in, true))
		}
		fmt.Fprintf(stdout, "Created integration %q (id %s, role %s).\n", in.Name, in.ID, in.Role)
		fmt.Fprintf(stdout, "Content API key: %s\n", in.ContentKey)
		fmt.Fprintf(stdout, "Admin API key:   %s\n", in.AdminKey())
		fmt.Fprintf(stdout, "API URL:         %s\n", cfg.SiteURL)
		return nil
	case "list":
		list, err := store.ListIntegrations(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			out := make([]map[string]any, len(list))
			for i, in := range list {
				out[i] = integrationJSON(in, false)
			}
			return printJSON(out)
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tCONTENT KEY\tADMIN KEY ID\tCREATED\tSTATUS")
		for _, in := range list {
			status := "active"
			if in.Revoked() {
				status = "revoked " + in.RevokedAt.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", in.ID, in.Name, in.Role, in.ContentKey, in.AdminKeyID,
				in.CreatedAt.Format("2006-01-02 15:04"), status)
		}
		return tw.Flush()
	default: // revoke
		if err := store.RevokeIntegration(ctx, pos[0]); err != nil {
			return fmt.Errorf("integration revoke: %w", err)
		}
		fmt.Printf("Revoked integration %s; its keys no longer work.\n", pos[0])
		return nil
	}
}

// integrationJSON shows the Admin API secret only when the keys are new,
// so listing never spreads it further.
func integrationJSON(in *domain.Integration, withSecret bool) map[string]any {
	m := map[string]any{"id": in.ID, "name": in.Name, "role": in.Role, "content_key": in.ContentKey,
		"admin_key_id": in.AdminKeyID, "created_at": in.CreatedAt, "revoked": in.Revoked()}
	if withSecret {
		m["admin_key"] = in.AdminKey()
	}
	return m
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
