package auth

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q not in PHC argon2id form", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	for _, tc := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterx", false},
		{h, "", false},
		{"", "", false},
		{"$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA", "x", false},
		{"$2a$10$notargon", "x", false},
	} {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.want {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", tc.hash, tc.pw, got, tc.want)
		}
	}
}

func TestCheckOrigin(t *testing.T) {
	s := New(nil, "https://news.example.org", false)
	for _, tc := range []struct {
		name, method, host string
		headers            map[string]string
		ok                 bool
	}{
		{"get is safe", "GET", "news.example.org", map[string]string{"Origin": "https://evil.example"}, true},
		{"site origin", "POST", "news.example.org", map[string]string{"Origin": "https://news.example.org"}, true},
		{"same host", "POST", "127.0.0.1:8080", map[string]string{"Origin": "http://127.0.0.1:8080"}, true},
		{"forged origin", "POST", "news.example.org", map[string]string{"Origin": "https://evil.example"}, false},
		{"null origin", "POST", "news.example.org", map[string]string{"Origin": "null"}, false},
		{"cross-site fetch", "POST", "news.example.org", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://news.example.org"}, false},
		{"referer fallback ok", "POST", "news.example.org", map[string]string{"Referer": "https://news.example.org/newsroom/"}, true},
		{"referer forged", "DELETE", "news.example.org", map[string]string{"Referer": "https://evil.example/x"}, false},
		{"no browser headers", "POST", "news.example.org", nil, true},
	} {
		r := httptest.NewRequest(tc.method, "https://"+tc.host+"/newsroom/posts/new", nil)
		r.Host = tc.host
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		if err := s.CheckOrigin(r); (err == nil) != tc.ok {
			t.Errorf("%s: CheckOrigin = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
