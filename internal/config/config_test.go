package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func parse(t *testing.T, args ...string) (Config, error) {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return c, c.Finish()
}

func TestTrustedProxies(t *testing.T) {
	c, err := parse(t, "--trusted-proxies", "10.0.0.0/8, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	if !c.TrustProxy || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Fatalf("--trusted-proxies: trust %v, %v", c.TrustProxy, c.TrustedProxies)
	}
	if r := c.Clients(); len(r.Proxies) != 2 {
		t.Fatalf("Clients() = %+v", r)
	}
	t.Setenv("NEWSDESK_TRUSTED_PROXIES", "2001:db8::/32")
	if c, err = parse(t); err != nil || len(c.TrustedProxies) != 1 || !c.TrustProxy {
		t.Fatalf("NEWSDESK_TRUSTED_PROXIES: %v %v", c.TrustedProxies, err)
	}
	if _, err := parse(t, "--trusted-proxies", "proxy.internal"); err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Fatalf("a host name was accepted: %v", err)
	}
}

func TestAllowNewerSchema(t *testing.T) {
	if c, err := parse(t); err != nil || c.AllowNewerSchema {
		t.Fatalf("default: %v %v", c.AllowNewerSchema, err)
	}
	if c, err := parse(t, "--allow-newer-schema"); err != nil || !c.AllowNewerSchema {
		t.Fatalf("--allow-newer-schema: %v %v", c.AllowNewerSchema, err)
	}
	t.Setenv("NEWSDESK_ALLOW_NEWER_SCHEMA", "1")
	if c, err := parse(t); err != nil || !c.AllowNewerSchema {
		t.Fatalf("NEWSDESK_ALLOW_NEWER_SCHEMA=1: %v %v", c.AllowNewerSchema, err)
	}
}

func TestMediaFlags(t *testing.T) {
	if c, err := parse(t); err != nil || c.MediaURL != "" || c.MediaPublicURL != "" {
		t.Fatalf("default: %q %q %v", c.MediaURL, c.MediaPublicURL, err)
	}
	c, err := parse(t, "--media-url", "s3://news/site?region=eu-west-1", "--media-public-url", "https://cdn.example.org/news/")
	if err != nil || c.MediaURL != "s3://news/site?region=eu-west-1" || c.MediaPublicURL != "https://cdn.example.org/news" {
		t.Fatalf("flags: %q %q %v", c.MediaURL, c.MediaPublicURL, err)
	}
	t.Setenv("NEWSDESK_MEDIA_URL", "s3://from-env")
	if c, err := parse(t); err != nil || c.MediaURL != "s3://from-env" {
		t.Fatalf("NEWSDESK_MEDIA_URL: %q %v", c.MediaURL, err)
	}
	for _, args := range [][]string{
		{"--media-url", "/srv/media"},
		{"--media-url", "minio://bucket"},
		{"--media-public-url", "cdn.example.org"},
		{"--media-public-url", "ftp://cdn.example.org"},
		{"--media-public-url", "https://cdn.example.org/?v=1"},
	} {
		if _, err := parse(t, args...); err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v accepted: %v", args, err)
		}
	}
}
