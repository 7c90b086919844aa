package testsupport

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// S3 is an S3-compatible server for tests (tests/s3server: gofakes3 in
// its own process), with one bucket, "media".
type S3 struct {
	// Endpoint is the server's base URL, http://127.0.0.1:port.
	Endpoint string
	Bucket   string
	cmd      *exec.Cmd
}

var s3build struct {
	once sync.Once
	exe  string
	err  error
}

// S3Server builds tests/s3server (once per test process) and starts it on
// a free port until the test ends, with flags added to its command line. Without Go's module proxy or cache to
// build it, the test skips, or fails under NEWSDESK_TEST_STRICT. It sets
// dummy AWS credentials in the environment when there are none, which the
// fake server accepts and which keep the SDK from looking elsewhere.
func S3Server(t testing.TB, flags ...string) *S3 {
	t.Helper()
	s3build.once.Do(func() { s3build.exe, s3build.err = buildS3Server() })
	if s3build.err != nil {
		Missing(t, "the S3-compatible test server", s3build.err.Error())
	}
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "newsdesk-test", "AWS_SECRET_ACCESS_KEY": "newsdesk-test-secret",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		if os.Getenv(k) == "" {
			os.Setenv(k, v)
		}
	}
	cmd := exec.Command(s3build.exe, append([]string{"-addr", "127.0.0.1:0", "-buckets", "media"}, flags...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		Missing(t, "the S3-compatible test server", err.Error())
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
	}()
	select {
	case l := <-line:
		endpoint, ok := strings.CutPrefix(strings.TrimSpace(l), "listening on ")
		if !ok {
			t.Fatalf("s3server said %q, not its address", l)
		}
		return &S3{Endpoint: endpoint, Bucket: "media", cmd: cmd}
	case <-time.After(30 * time.Second):
		t.Fatal("s3server did not start within 30s")
	}
	return nil
}

// buildS3Server compiles tests/s3server into a temporary folder.
func buildS3Server() (string, error) {
	dir, err := findUp(filepath.Join("tests", "s3server", "go.mod"))
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "newsdesk-s3server-")
	if err != nil {
		return "", err
	}
	exe := filepath.Join(tmp, "s3server")
	cmd := exec.Command("go", "build", "-o", exe, ".")
	cmd.Dir = filepath.Dir(dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build in %s: %v: %s", cmd.Dir, err, out)
	}
	return exe, nil
}

// findUp looks for rel in the working folder and its parents (tests run
// in their package's folder).
func findUp(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found above the working folder", rel)
		}
		dir = parent
	}
}

// MediaURL is a --media-url for the bucket under prefix, at endpoint (the
// server's, or a proxy's in front of it).
func (s *S3) MediaURL(endpoint, prefix string) string {
	if endpoint == "" {
		endpoint = s.Endpoint
	}
	return "s3://" + s.Bucket + "/" + prefix + "?endpoint=" + url.QueryEscape(endpoint) + "&region=us-east-1"
}

// Addr is the server's host:port, for a Proxy in front of it.
func (s *S3) Addr() string { return strings.TrimPrefix(s.Endpoint, "http://") }

// Stats are the server's counts of object writes by "bucket/key": Puts
// received and Stored (answered 2xx).
type Stats struct {
	Puts   map[string]int `json:"puts"`
	Stored map[string]int `json:"stored"`
}

// Stats asks the server for its counts.
func (s *S3) Stats(t testing.TB) Stats {
	t.Helper()
	resp, err := http.Get(s.Endpoint + "/_stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}
