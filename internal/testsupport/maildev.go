package testsupport

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// MailDev is a real SMTP server (maildev, pinned in tests/maildev) run
// for one test: mail sent to it is read back through its REST API.
type MailDev struct {
	Host     string // 127.0.0.1
	Port     int    // SMTP
	Web      string // the REST API's base URL
	User     string // SMTP AUTH user and password when TLS is on
	Password string
	// RootCAs trusts the server's self-signed certificate (TLS only).
	RootCAs *x509.CertPool
}

// MailDevOptions choose how the server listens.
type MailDevOptions struct {
	// TLS makes it speak TLS from the first byte (maildev's
	// --incoming-secure) with a certificate for 127.0.0.1 made here, and
	// require AUTH. maildev never offers STARTTLS (it hides it).
	TLS bool
	// StartTLS puts tests/maildev/starttls.mjs (smtp-server) before
	// maildev: it offers STARTTLS with a certificate made here, takes AUTH
	// only after it, and relays each message to maildev. Port is then
	// the front's.
	StartTLS bool
}

// Mail is a message as maildev's REST API gives it.
type Mail struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	To      []struct {
		Address string `json:"address"`
		Name    string `json:"name"`
	} `json:"to"`
	From []struct {
		Address string `json:"address"`
		Name    string `json:"name"`
	} `json:"from"`
}

// StartMailDev starts maildev on free ports; it stops when t ends.
func StartMailDev(t testing.TB, opts MailDevOptions) *MailDev {
	t.Helper()
	node := Node(t)
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "tests", "maildev")
	pkg := NPMPackage(t, dir, "maildev")
	m := &MailDev{Host: "127.0.0.1", Port: freePort(t)}
	web := freePort(t)
	m.Web = "http://127.0.0.1:" + strconv.Itoa(web)
	args := []string{filepath.Join(pkg, "bin", "maildev"), "--ip", m.Host, "--web-ip", m.Host,
		"-s", strconv.Itoa(m.Port), "-w", strconv.Itoa(web)}
	if opts.TLS {
		certFile, keyFile, pool := selfSigned(t)
		m.RootCAs, m.User, m.Password = pool, "newsroom", "mail-pass-"+strconv.Itoa(os.Getpid())
		args = append(args, "--incoming-secure", "--incoming-cert", certFile, "--incoming-key", keyFile,
			"--incoming-user", m.User, "--incoming-pass", m.Password)
	}
	start(t, node, args, "SMTP Server running", func() bool { _, err := m.Messages(); return err == nil })
	if opts.StartTLS {
		NPMPackage(t, dir, "smtp-server")
		certFile, keyFile, pool := selfSigned(t)
		m.RootCAs, m.User, m.Password = pool, "newsroom", "mail-pass-"+strconv.Itoa(os.Getpid())
		relay := m.Port
		m.Port = freePort(t)
		start(t, node, []string{filepath.Join(dir, "starttls.mjs"), strconv.Itoa(m.Port), certFile, keyFile, m.User, m.Password,
			strconv.Itoa(relay)}, "STARTTLS server running", func() bool { return true })
	}
	return m
}

// start runs node with args until t ends, waiting for its log to say
// ready and for ok. A bare probe of a TLS port, closed before the
// handshake, would bring maildev down, so the log is what tells.
func start(t testing.TB, node string, args []string, ready string, ok func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, args...)
	out, _ := os.CreateTemp(t.TempDir(), "smtp-*.log")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start %s: %v", args[0], err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, _ := os.ReadFile(out.Name())
		if strings.Contains(string(b), ready) && ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start: %s", args[0], b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Messages returns every message maildev received.
func (m *MailDev) Messages() ([]Mail, error) {
	resp, err := http.Get(m.Web + "/email")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("maildev: %s", resp.Status)
	}
	var out []Mail
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

// WaitMessages waits until maildev holds n messages and returns them.
func (m *MailDev) WaitMessages(t testing.TB, n int) []Mail {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := m.Messages()
		if err == nil && len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("maildev holds %d messages (%v), want %d", len(got), err, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// a pool trusting it.
func selfSigned(t testing.TB) (certFile, keyFile string, pool *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	kb, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile, pool
}
