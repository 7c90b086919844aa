// Package config holds the settings newsdesk reads at start-up from flags,
// with environment-variable equivalents (flag --site-url = NEWSDESK_SITE_URL).
package config

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/clientip"
)

// Config is the process configuration. Site title, description and the like
// live in the database (domain.Settings), not here.
type Config struct {
	Addr    string // listen address
	Data    string // data folder: SQLite file, uploaded media
	DB      string // postgres:// URL; empty means SQLite inside Data
	SiteURL string // public base URL without trailing slash
	// SiteURLGiven: --site-url (or NEWSDESK_SITE_URL) was set, rather
	// than derived from --addr.
	SiteURLGiven bool
	Demo         bool   // load demo content into an empty database
	WebSubHub    string // WebSub hub URL announced in feeds and pinged on publish
	LogFormat    string // "text" or "json"
	TrustProxy   bool   // trust X-Forwarded-For/-Proto from a reverse proxy
	// TrustedProxies are the reverse proxies' networks: X-Forwarded-For
	// is walked from the right past them. Setting them implies TrustProxy.
	TrustedProxies []netip.Prefix
	trustedProxies string // the flag's text, parsed by Finish
	// MetricsAddr, when set, serves Prometheus metrics on a separate listener.
	MetricsAddr string
	// Pprof adds Go's profiler (/debug/pprof/) to the metrics listener.
	Pprof bool
	// AllowNewerSchema starts on a database migrated by a newer version.
	AllowNewerSchema bool
	// MediaURL, when set (s3://bucket/prefix?endpoint=...&region=...),
	// keeps uploaded media in an S3-compatible store instead of the data
	// folder.
	MediaURL string
	// MediaPublicURL, when set, is the public base URL of the media
	// (a public bucket or CDN): /content/... requests redirect there.
	MediaPublicURL string
	// CacheMB bounds the answer cache (pages, feeds, sitemaps, Content
	// API answers, with their compressed copies), in MiB.
	CacheMB int
	// WebhooksAllowPrivate lets webhooks reach loopback, private and
	// link-local addresses (off: refused, against SSRF).
	WebhooksAllowPrivate bool
	// WebhookRetry is the wait after a delivery's first failure, doubled
	// after each next one (up to an hour).
	WebhookRetry time.Duration
	// WebhookLease is how long an instance that stopped answering keeps
	// the webhooks it was sending before another instance takes them.
	WebhookLease time.Duration
	// Edge answers cached pages on the connections newsdesk reads itself
	// (internal/edge) instead of through net/http for every request.
	Edge bool
	// LiveMaxReaders and LiveMaxPerClient bound open /live/ streams on
	// this instance and per client address.
	LiveMaxReaders, LiveMaxPerClient int
}

// DefaultCacheMB is --cache-size's default: pagecache.DefaultMaxBytes.
const DefaultCacheMB = 32

// Register defines the shared flags on fs, with defaults taken from the
// environment so NEWSDESK_* variables work for every subcommand.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("NEWSDESK_ADDR", "127.0.0.1:8080"), "listen address (env NEWSDESK_ADDR)")
	fs.StringVar(&c.Data, "data", env("NEWSDESK_DATA", "./newsdesk-data"), "data folder (env NEWSDESK_DATA)")
	fs.StringVar(&c.DB, "db", env("NEWSDESK_DB", ""), "postgres:// URL; empty uses SQLite in the data folder (env NEWSDESK_DB)")
	fs.StringVar(&c.SiteURL, "site-url", env("NEWSDESK_SITE_URL", ""), "public base URL, e.g. https://news.example.org (env NEWSDESK_SITE_URL)")
	fs.BoolVar(&c.Demo, "demo", env("NEWSDESK_DEMO", "") == "1" || env("NEWSDESK_DEMO", "") == "true", "load demo content into an empty database (env NEWSDESK_DEMO)")
	fs.StringVar(&c.WebSubHub, "websub-hub", env("NEWSDESK_WEBSUB_HUB", ""), "WebSub hub URL (env NEWSDESK_WEBSUB_HUB)")
	fs.StringVar(&c.LogFormat, "log-format", env("NEWSDESK_LOG_FORMAT", "text"), "log format: text or json (env NEWSDESK_LOG_FORMAT)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("NEWSDESK_METRICS_ADDR", ""), "serve Prometheus metrics on this address, e.g. 127.0.0.1:9090 (env NEWSDESK_METRICS_ADDR)")
	fs.BoolVar(&c.Pprof, "pprof", boolEnv("NEWSDESK_PPROF"), "also serve Go's profiler at /debug/pprof/ on --metrics-addr (env NEWSDESK_PPROF)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", env("NEWSDESK_TRUST_PROXY", "") == "1", "trust X-Forwarded-* headers from one reverse proxy: the client is the rightmost X-Forwarded-For entry (env NEWSDESK_TRUST_PROXY)")
	fs.BoolVar(&c.AllowNewerSchema, "allow-newer-schema", boolEnv("NEWSDESK_ALLOW_NEWER_SCHEMA"), "start even if a newer newsdesk migrated the database (a downgrade; env NEWSDESK_ALLOW_NEWER_SCHEMA)")
	fs.IntVar(&c.CacheMB, "cache-size", intEnv("NEWSDESK_CACHE_SIZE", DefaultCacheMB), "memory for cached pages, feeds and API answers, in MiB (env NEWSDESK_CACHE_SIZE)")
	fs.BoolVar(&c.WebhooksAllowPrivate, "webhooks-allow-private", boolEnv("NEWSDESK_WEBHOOKS_ALLOW_PRIVATE"), "let webhooks reach loopback, private and link-local addresses (env NEWSDESK_WEBHOOKS_ALLOW_PRIVATE)")
	fs.DurationVar(&c.WebhookRetry, "webhook-retry", durationEnv("NEWSDESK_WEBHOOK_RETRY", 10*time.Second), "wait after a webhook delivery's first failure, doubled after each next one up to an hour (env NEWSDESK_WEBHOOK_RETRY)")
	fs.DurationVar(&c.WebhookLease, "webhook-lease", durationEnv("NEWSDESK_WEBHOOK_LEASE", time.Minute), "how long a webhook stays with the instance sending it without news from it; after a crash, another instance takes over then (env NEWSDESK_WEBHOOK_LEASE)")
	fs.BoolVar(&c.Edge, "edge", !falseEnv("NEWSDESK_EDGE"), "answer cached pages, feeds and sitemaps with newsdesk's own HTTP/1.1 reader and one write each; other requests, and the rest of their connection, go to Go's net/http (env NEWSDESK_EDGE; --edge=false sends everything through net/http)")
	fs.IntVar(&c.LiveMaxReaders, "live-max-readers", intEnv("NEWSDESK_LIVE_MAX_READERS", 1000), "open /live/ streams this instance accepts, about 20 KB of memory each; more get 503 and retry (env NEWSDESK_LIVE_MAX_READERS)")
	fs.IntVar(&c.LiveMaxPerClient, "live-max-per-client", intEnv("NEWSDESK_LIVE_MAX_PER_CLIENT", 8), "open /live/ streams one client address (IPv6: one /64) may hold; more get 429 (env NEWSDESK_LIVE_MAX_PER_CLIENT)")
	fs.StringVar(&c.MediaURL, "media-url", env("NEWSDESK_MEDIA_URL", ""), "keep media in an S3-compatible store: s3://bucket/prefix?endpoint=URL&region=R&path-style=true; empty uses the data folder (env NEWSDESK_MEDIA_URL)")
	fs.StringVar(&c.MediaPublicURL, "media-public-url", env("NEWSDESK_MEDIA_PUBLIC_URL", ""), "public base URL that serves the media store's content/ paths (a public bucket or CDN); /content/images/ requests redirect there (env NEWSDESK_MEDIA_PUBLIC_URL)")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", env("NEWSDESK_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR networks of the reverse proxies; the client is the rightmost X-Forwarded-For entry not among them (implies --trust-proxy; env NEWSDESK_TRUSTED_PROXIES)")
}

// Finish validates the configuration and fills derived defaults.
func (c *Config) Finish() error {
	c.SiteURLGiven = c.SiteURL != ""
	if c.SiteURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		c.SiteURL = "http://" + host
	}
	c.SiteURL = strings.TrimRight(c.SiteURL, "/")
	if c.LiveMaxReaders < 0 || c.LiveMaxPerClient < 0 {
		return fmt.Errorf("--live-max-readers and --live-max-per-client must be positive (0: the default)")
	}
	u, err := url.Parse(c.SiteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--site-url %q: want an absolute http(s) URL", c.SiteURL)
	}
	if c.trustedProxies != "" {
		p, err := clientip.ParsePrefixes(c.trustedProxies)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %w", err)
		}
		c.TrustedProxies = p
	}
	if len(c.TrustedProxies) > 0 {
		c.TrustProxy = true
	}
	if c.Pprof && c.MetricsAddr == "" {
		return fmt.Errorf("--pprof needs --metrics-addr: the profiler is never served on the public address")
	}
	if c.CacheMB < 0 {
		return fmt.Errorf("--cache-size %d: want a number of MiB, 0 for the default", c.CacheMB)
	}
	if c.WebhookRetry == 0 {
		c.WebhookRetry = 10 * time.Second
	}
	if c.WebhookLease == 0 {
		c.WebhookLease = time.Minute
	}
	if c.WebhookLease < time.Second {
		return fmt.Errorf("--webhook-lease: want a second or more")
	}
	if c.WebhookRetry < 0 {
		return fmt.Errorf("--webhook-retry: want a positive duration such as 10s")
	}
	if c.MediaURL != "" && !strings.HasPrefix(c.MediaURL, "s3://") {
		return fmt.Errorf("--media-url %q: want s3://bucket/prefix?endpoint=...&region=..., or empty for the data folder", c.MediaURL)
	}
	if c.MediaPublicURL != "" {
		c.MediaPublicURL = strings.TrimRight(c.MediaPublicURL, "/")
		u, err := url.Parse(c.MediaPublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("--media-public-url %q: want an absolute http(s) URL without query, such as https://cdn.example.org", c.MediaPublicURL)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	return nil
}

// DSN is what sqlstore.Open takes: the PostgreSQL URL, or the SQLite path.
func (c *Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "newsdesk.db")
}

// MediaDir is where uploaded and generated images live when MediaURL is
// empty (and where the demo paints its images before they are copied to
// the store when it is not).
func (c *Config) MediaDir() string {
	return filepath.Join(c.Data, "content", "images")
}

func boolEnv(key string) bool {
	v := env(key, "")
	return v == "1" || v == "true"
}

// falseEnv reports whether key is set to 0 or false (for flags that are
// on by default).
func falseEnv(key string) bool {
	v := env(key, "")
	return v == "0" || v == "false"
}

// intEnv reads a whole number; a malformed one is -1, which Finish refuses.
func intEnv(key string, def int) int {
	v := env(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// durationEnv reads a duration such as "10s"; a malformed one is -1,
// which Finish refuses.
func durationEnv(key string, def time.Duration) time.Duration {
	v := env(key, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return -1
	}
	return d
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// Clients is how the configuration finds a request's client address.
func (c *Config) Clients() clientip.Resolver {
	return clientip.Resolver{TrustProxy: c.TrustProxy, Proxies: c.TrustedProxies}
}
