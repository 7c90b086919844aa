package clientip

import (
	"net/http/httptest"
	"testing"
)

func TestAddr(t *testing.T) {
	proxies, err := ParsePrefixes("10.0.0.0/8, 192.0.2.7,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	direct := Resolver{}
	one := Resolver{TrustProxy: true}
	listed := Resolver{Proxies: proxies}
	for _, tc := range []struct {
		name   string
		c      Resolver
		peer   string
		xff    []string
		want   string
		secure bool // X-Forwarded-* believed
	}{
		{"no proxy ignores the header", direct, "198.51.100.1:5000", []string{"203.0.113.9"}, "198.51.100.1", false},
		{"one proxy: rightmost entry", one, "10.0.0.2:5000", []string{"1.1.1.1, 203.0.113.9"}, "203.0.113.9", true},
		{"one proxy: repeated headers", one, "10.0.0.2:5000", []string{"1.1.1.1", "203.0.113.9"}, "203.0.113.9", true},
		{"one proxy: no header", one, "10.0.0.2:5000", nil, "10.0.0.2", true},
		{"one proxy: garbage", one, "10.0.0.2:5000", []string{"nonsense"}, "10.0.0.2", true},
		{"one proxy: entry with port", one, "10.0.0.2:5000", []string{"203.0.113.9:4711"}, "203.0.113.9", true},
		{"listed: walk past two proxies", listed, "10.0.0.2:5000", []string{"1.1.1.1, 203.0.113.9, 192.0.2.7"}, "203.0.113.9", true},
		{"listed: spoofed proxy entries on the left", listed, "10.0.0.2:5000", []string{"10.9.9.9, 203.0.113.9, 10.1.1.1"}, "203.0.113.9", true},
		{"listed: peer not a proxy", listed, "198.51.100.1:5000", []string{"203.0.113.9"}, "198.51.100.1", false},
		{"listed: garbage stops the walk", listed, "10.0.0.2:5000", []string{"garbage, 10.3.3.3"}, "10.3.3.3", true},
		{"listed: all proxies", listed, "10.0.0.2:5000", []string{"10.4.4.4, 10.3.3.3"}, "10.4.4.4", true},
		{"listed: IPv6", listed, "[2001:db8::5]:443", []string{"2001:db8:1::1, 2a00::7"}, "2a00::7", true},
		{"listed: mapped IPv4 peer", listed, "[::ffff:10.0.0.2]:443", []string{"203.0.113.9"}, "203.0.113.9", true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := tc.c.Addr(r); got != tc.want {
			t.Errorf("%s: Addr = %q, want %q", tc.name, got, tc.want)
		}
		if got := tc.c.FromProxy(r); got != tc.secure {
			t.Errorf("%s: FromProxy = %v, want %v", tc.name, got, tc.secure)
		}
	}
}

func TestParsePrefixes(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
		if _, err := ParsePrefixes(bad); err == nil {
			t.Errorf("ParsePrefixes(%q) accepted", bad)
		}
	}
	p, err := ParsePrefixes(" 10.1.2.3/8 ,, ::1 ")
	if err != nil || len(p) != 2 || p[0].String() != "10.0.0.0/8" || p[1].String() != "::1/128" {
		t.Fatalf("ParsePrefixes = %v, %v", p, err)
	}
}
