package webhooks

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"newsdesk/internal/domain"
)

// ErrPrivateAddress is why a delivery to a loopback, private or
// link-local address was refused.
var ErrPrivateAddress = errors.New("the target resolves to a loopback, private or link-local address; an operator can allow those with --webhooks-allow-private")

// blockedNets are special-purpose ranges netip's predicates do not name:
// "this network", carrier-grade NAT, IETF protocol assignments,
// benchmarking and the reserved block.
var blockedNets = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

// Private reports whether ip is an address webhooks must not reach
// unless allowed: loopback, private, link-local, unspecified, multicast
// and the other special ranges.
func Private(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, n := range blockedNets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// NewClient returns the HTTP client deliveries use. Unless allowPrivate,
// its dialer refuses private addresses when it connects, on the address
// the name resolved to: a name that resolves to 127.0.0.1 (or is made to,
// after the webhook was saved) is refused as a literal one is. Redirects
// are followed three times at most, through the same dialer.
func NewClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			if Private(ap.Addr()) {
				return ErrPrivateAddress
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, past the check
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 3 {
			return errors.New("more than 3 redirects")
		}
		return nil
	}}
}

// MaxTargetURL bounds a target URL's length.
const MaxTargetURL = 2000

// CheckTarget validates a target URL when a webhook is saved: an absolute
// http(s) URL without credentials. Unless allowPrivate, a literal private
// address or localhost is refused at once (names are checked again on
// every delivery, on the address they resolve to then).
func CheckTarget(raw string, allowPrivate bool) error {
	if raw == "" {
		return domain.FieldError("target_url", "Target URL is required.")
	}
	if len(raw) > MaxTargetURL {
		return domain.FieldError("target_url", "Target URL must be at most %d characters.", MaxTargetURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return domain.FieldError("target_url", "Target URL must be an absolute http:// or https:// URL.")
	}
	if u.User != nil {
		return domain.FieldError("target_url", "Target URL must not carry a user name or password.")
	}
	if allowPrivate {
		return nil
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return domain.FieldError("target_url", "Target URL must not point at this machine (localhost).")
	}
	if ip, err := netip.ParseAddr(host); err == nil && Private(ip) {
		return domain.FieldError("target_url", "Target URL must not be a loopback, private or link-local address.")
	}
	return nil
}
