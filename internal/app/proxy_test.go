package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsdesk/internal/clientip"
	"newsdesk/internal/config"
)

// signinFrom posts a wrong password for email with the X-Forwarded-For
// header a proxy chain would send, and returns the status.
func signinFrom(t *testing.T, base, email, xff string) int {
	t.Helper()
	v := url.Values{"email": {email}, "password": {"not the password"}}
	req, _ := http.NewRequest("POST", base+"/newsroom/signin", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("X-Forwarded-For", xff)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestSpoofedForwardedFor: behind a proxy, the client writes the left of
// X-Forwarded-For itself. Rotating it must not escape the per-address
// sign-in limit, with one trusted proxy or a listed chain of them.
func TestSpoofedForwardedFor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*config.Config)
		// chain is the header for attempt i; the proxies saw the
		// attacker at 203.0.113.9.
		chain func(i int) string
		// other is a different client behind the same proxies.
		other string
	}{
		{"trust-proxy", func(c *config.Config) { c.TrustProxy = true },
			func(i int) string { return fmt.Sprintf("198.51.100.%d, 203.0.113.9", i) }, "203.0.113.50"},
		{"trusted-proxies", func(c *config.Config) {
			var err error
			if c.TrustedProxies, err = clientip.ParsePrefixes("127.0.0.1, 10.0.0.0/8"); err != nil {
				t.Fatal(err)
			}
		}, func(i int) string { return fmt.Sprintf("198.51.100.%d, 10.0.0.%d, 203.0.113.9, 10.1.1.1", i, i) }, "203.0.113.50, 10.1.1.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := startAppWith(t, tc.change)
			for i := 1; i <= 10; i++ {
				if got := signinFrom(t, srv.URL, fmt.Sprintf("nobody%d@example.org", i), tc.chain(i)); got != http.StatusUnauthorized {
					t.Fatalf("attempt %d: %d, want 401", i, got)
				}
			}
			if got := signinFrom(t, srv.URL, "nobody11@example.org", tc.chain(11)); got != http.StatusTooManyRequests {
				t.Fatalf("11th attempt with a new spoofed entry: %d, want 429", got)
			}
			// Another reader behind the same proxies is not locked out.
			if got := signinFrom(t, srv.URL, "someone@example.org", tc.other); got != http.StatusUnauthorized {
				t.Fatalf("another client: %d, want 401", got)
			}
		})
	}
}
