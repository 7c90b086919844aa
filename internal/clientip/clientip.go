// Package clientip finds the address a request came from, for limits that
// count by address (sign-in attempts, live streams), directly or behind
// reverse proxies.
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver says which X-Forwarded-For entries to believe. The zero value
// believes none: the client is the peer of the connection.
//
// X-Forwarded-For grows to the right: each proxy appends the address it
// was contacted from. Only entries appended by proxies we run can be
// trusted; whatever stands left of them the client wrote itself.
type Resolver struct {
	// TrustProxy: the peer is one reverse proxy, and the rightmost entry
	// is the address it saw.
	TrustProxy bool
	// Proxies are the addresses of the proxies in front of the server.
	// When set, the peer must be one of them for the header to count, and
	// the client is the rightmost entry that is not one of them.
	Proxies []netip.Prefix
}

// Addr returns the client's address as text.
func (c Resolver) Addr(r *http.Request) string {
	peer, ok := peerAddr(r)
	if !ok {
		return r.RemoteAddr
	}
	if !c.FromProxy(r) {
		return peer.String()
	}
	hops := forwarded(r)
	if len(c.Proxies) == 0 {
		if len(hops) > 0 {
			if a, ok := parseHop(hops[len(hops)-1]); ok {
				return a.String()
			}
		}
		return peer.String()
	}
	// Walk from the right past our own proxies. An entry that does not
	// parse was not written by one of them: the last proxy's address is
	// the best we know.
	last := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return last.String()
		}
		if !c.trusted(a) {
			return a.String()
		}
		last = a
	}
	return last.String()
}

// FromProxy reports whether the request came through a trusted proxy, so
// its X-Forwarded-* headers may be believed.
func (c Resolver) FromProxy(r *http.Request) bool {
	if len(c.Proxies) == 0 {
		return c.TrustProxy
	}
	peer, ok := peerAddr(r)
	return ok && c.trusted(peer)
}

func (c Resolver) trusted(a netip.Addr) bool {
	for _, p := range c.Proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func peerAddr(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// forwarded lists every X-Forwarded-For entry, left to right, across
// repeated headers.
func forwarded(r *http.Request) []string {
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	return hops
}

// parseHop reads one entry: an address, perhaps with a port as some
// proxies write it ("203.0.113.9:4711", "[2001:db8::1]:443").
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// ParsePrefixes reads a comma-separated list of networks ("10.0.0.0/8")
// and single addresses ("192.0.2.7").
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a network in CIDR form (10.0.0.0/8)", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
