package app

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"newsdesk/internal/config"
)

// lockedBuffer is a log destination the server's goroutines share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAccessLogHidesLinkTokens: whoever reads the access log must not be
// able to use an invitation or password link from it.
func TestAccessLogHidesLinkTokens(t *testing.T) {
	var logs lockedBuffer
	cfg := config.Config{Data: t.TempDir(), Addr: "127.0.0.1:0", LogFormat: "text"}
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	const secret = "Zm9yZ2VkLXRva2VuLXRoYXQtbXVzdC1ub3QtbGVhaw"
	for _, path := range []string{"/newsroom/password/" + secret, "/newsroom/invite/" + secret} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	out := logs.String()
	if strings.Contains(out, secret) {
		t.Fatalf("the access log shows the token:\n%s", out)
	}
	for _, want := range []string{"path=/newsroom/password/REDACTED", "path=/newsroom/invite/REDACTED"} {
		if !strings.Contains(out, want) {
			t.Errorf("the access log lacks %q:\n%s", want, out)
		}
	}
}
