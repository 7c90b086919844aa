package app

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Requests refused before any route runs get the site's styled error page
// with the right status and a message saying what is wrong, never a 500
// and never bare text.
func TestRequestErrorsGetTheSitePage(t *testing.T) {
	a := newTestApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, target string
		status               int
		says                 string
		allow                string
	}{
		{"long query", "GET", "/?q=" + strings.Repeat("x", 10_000), http.StatusRequestURITooLong,
			"The address you asked for is 10004 characters long; this site accepts addresses of up to 4096.", ""},
		{"long path", "GET", "/" + strings.Repeat("a", 5000) + "/", http.StatusRequestURITooLong, "That address is too long", ""},
		{"bad escape", "GET", "/?after=%zz", http.StatusBadRequest, `could not be read (invalid URL escape &#34;%zz&#34;)`, ""},
		{"bad escape on a post", "GET", "/some-story/?utm_source=%", http.StatusBadRequest, "That address is not quite right", ""},
		{"semicolon", "GET", "/?a=1;b=2", http.StatusBadRequest, "semicolon", ""},
		{"POST to a post", "POST", "/some-story/", http.StatusMethodNotAllowed, "This address does not take POST requests.", "GET, HEAD"},
		{"DELETE the home page", "DELETE", "/", http.StatusMethodNotAllowed, "That cannot be done here", "GET, HEAD"},
		{"PUT in the newsroom", "PUT", "/newsroom/settings", http.StatusMethodNotAllowed, "does not take PUT requests", "GET, HEAD, POST"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
			body := rec.Body.String()
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.status, body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("content type %q, want the site's HTML page", ct)
			}
			for _, want := range []string{`<body class="page-error">`, fmt.Sprintf("Error %d", tc.status), tc.says,
				`<meta name="robots" content="noindex, follow">`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}

	// Routes that exist still answer, and the Ghost API keeps its own
	// answers for methods it does not take: Ghost's 404 NotFoundError JSON.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?after=", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("home page: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("DELETE", "/ghost/api/content/settings/", nil))
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<html") || !strings.Contains(rec.Body.String(), "NotFoundError") {
		t.Errorf("Ghost API wrong method: %d %q", rec.Code, rec.Body.String())
	}
}

// What a real server with the app's limits answers for very long
// addresses: up to MaxURLLength the page; beyond it the site's 414 page;
// beyond MaxHeaderBytes (plus the 4096 bytes net/http allows on top)
// net/http's own plain 431, before any handler runs.
func TestLongURLsOnARealServer(t *testing.T) {
	a := newTestApp(t)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := a.newServer(h)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	for _, tc := range []struct {
		queryLen int
		status   int
		says     string
		html     bool
	}{
		{4000, http.StatusOK, "News Feed", true},
		{10_000, http.StatusRequestURITooLong, "That address is too long", true},
		{100_000, http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large", false},
	} {
		// A raw request, so nothing between the test and the server
		// shortens or refuses the line.
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET /?q=%s HTTP/1.1\r\nHost: news.example.org\r\nConnection: close\r\n\r\n", strings.Repeat("x", tc.queryLen))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("query of %d: %v", tc.queryLen, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		conn.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(body), tc.says) {
			t.Errorf("query of %d characters: %d %.200q, want %d with %q", tc.queryLen, res.StatusCode, body, tc.status, tc.says)
		}
		if isHTML := strings.HasPrefix(res.Header.Get("Content-Type"), "text/html"); isHTML != tc.html {
			t.Errorf("query of %d characters: Content-Type %q", tc.queryLen, res.Header.Get("Content-Type"))
		}
	}
}
