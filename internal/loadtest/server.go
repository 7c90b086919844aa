// Package loadtest drives a real newsdesk process from outside, as an
// operator's traffic would: it builds and starts "newsdesk serve", kills it,
// signs Admin API tokens, and runs the soak (mixed reading, publishing and
// live streams while sampling the server's memory and goroutines). The
// crash tests and cmd/soak use it; it is never part of the server.
package loadtest

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Build compiles the newsdesk binary into dir and returns its path.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "newsdesk")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "newsdesk/cmd/newsdesk").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build newsdesk: %v\n%s", err, out)
	}
	return bin, nil
}

// Storage is where a newsdesk process keeps its data: the flags every
// command takes.
type Storage struct {
	Data     string // the data folder
	DB       string // a postgres:// URL, or empty for SQLite in Data
	MediaURL string // an s3:// media store, or empty for the data folder
}

// Flags are the command-line flags naming the storage.
func (s Storage) Flags() []string {
	f := []string{"--data", s.Data, "--db", s.DB}
	if s.MediaURL != "" {
		f = append(f, "--media-url", s.MediaURL)
	}
	return f
}

// Keys are an integration's API keys.
type Keys struct {
	ID         string `json:"id"`
	ContentKey string `json:"content_key"`
	AdminKey   string `json:"admin_key"`
}

// AddIntegration creates an Administrator integration with "newsdesk
// integration add", as an operator would, and returns its keys.
func AddIntegration(ctx context.Context, bin string, st Storage, name string) (Keys, error) {
	args := append([]string{"integration", "add", "--name", name, "--json"}, st.Flags()...)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Keys{}, fmt.Errorf("integration add: %v: %s", err, stderr.String())
	}
	var k Keys
	if err := json.Unmarshal(out, &k); err != nil || k.AdminKey == "" {
		return Keys{}, fmt.Errorf("integration add printed %q: %v", out, err)
	}
	return k, nil
}

// Server is a running "newsdesk serve" process.
type Server struct {
	URL         string // the site, http://127.0.0.1:port
	MetricsAddr string // host:port of the Prometheus metrics, when asked for
	LogPath     string // the server's stdout and stderr
	cmd         *exec.Cmd
	log         *os.File
	done        chan struct{}
	waitErr     error
}

// ServerOptions tune Start.
type ServerOptions struct {
	Metrics bool     // also serve metrics on a second free port
	Args    []string // more flags for serve, such as --demo
	LogPath string   // where the process writes; empty: a file in the data folder
}

// Start starts "newsdesk serve" on a free loopback port and waits until
// /readyz answers 200.
func Start(ctx context.Context, bin string, st Storage, opt ServerOptions) (*Server, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + addr, LogPath: opt.LogPath, done: make(chan struct{})}
	args := []string{"serve", "--addr", addr, "--site-url", s.URL}
	if opt.Metrics {
		if s.MetricsAddr, err = FreeAddr(); err != nil {
			return nil, err
		}
		args = append(args, "--metrics-addr", s.MetricsAddr)
	}
	args = append(append(args, st.Flags()...), opt.Args...)
	if s.LogPath == "" {
		if err := os.MkdirAll(st.Data, 0o750); err != nil {
			return nil, err
		}
		s.LogPath = filepath.Join(st.Data, "serve.log")
	}
	if s.log, err = os.OpenFile(s.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640); err != nil {
		return nil, err
	}
	// Not CommandContext: the caller decides between Kill and Stop.
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.log.Close()
		return nil, err
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		s.log.Close()
		close(s.done)
	}()
	if err := s.waitReady(ctx, 60*time.Second); err != nil {
		s.Kill()
		return nil, fmt.Errorf("%w (log: %s)", err, s.Tail(2000))
	}
	return s, nil
}

func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("newsdesk serve exited before it was ready: %v", s.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		res, err := http.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("newsdesk serve not ready at %s after %s", s.URL, limit)
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Kill ends the server with SIGKILL, as a crash or the OOM killer would:
// no shutdown code runs.
func (s *Server) Kill() error {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	return nil
}

// Stop asks the server to shut down (SIGTERM) and waits up to 30 s, then
// kills it.
func (s *Server) Stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		var ee *exec.ExitError
		if errors.As(s.waitErr, &ee) {
			return fmt.Errorf("newsdesk serve: %v", ee)
		}
		return s.waitErr
	case <-time.After(30 * time.Second):
		s.Kill()
		return errors.New("newsdesk serve did not stop within 30 s of SIGTERM")
	}
}

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Tail returns the last n bytes of the server's log.
func (s *Server) Tail(n int64) string {
	b, err := os.ReadFile(s.LogPath)
	if err != nil {
		return err.Error()
	}
	if int64(len(b)) > n {
		b = b[int64(len(b))-n:]
	}
	return string(b)
}

// FreeAddr returns a loopback address with a port nobody listens on.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// AdminToken signs a five-minute Admin API token with an "id:secret" key,
// as Ghost's clients do.
func AdminToken(adminKey string) (string, error) {
	id, secret, ok := strings.Cut(adminKey, ":")
	if !ok {
		return "", errors.New("an Admin API key is id:secret")
	}
	key, err := hex.DecodeString(secret)
	if err != nil {
		return "", fmt.Errorf("Admin API secret: %w", err)
	}
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "aud": "/admin/"})
	tok.Header["kid"] = id
	return tok.SignedString(key)
}
