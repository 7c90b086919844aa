package ghost

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage/sqlstore"
	"newsdesk/internal/testsupport"
)

// TestGhostClients runs Ghost's official JavaScript clients
// (@tryghost/content-api and @tryghost/admin-api, pinned in
// tests/ghostclient/package.json and installed by scripts/test) against a
// real "newsdesk serve" process. The script is tests/ghostclient/run.mjs.
func TestGhostClients(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { runGhostClients(t, "") })
	// The same run on PostgreSQL (--db).
	t.Run("postgres", func(t *testing.T) { runGhostClients(t, testsupport.PostgresDB(t)) })
}

func runGhostClients(t *testing.T, db string) {
	clientDir, err := filepath.Abs("../../tests/ghostclient")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"content-api", "admin-api"} {
		testsupport.NPMPackage(t, clientDir, "@tryghost/"+pkg)
	}
	node := testsupport.Node(t)

	dir := t.TempDir()
	bin := filepath.Join(dir, "newsdesk")
	build := exec.Command("go", "build", "-o", bin, "newsdesk/cmd/newsdesk")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	dsn := filepath.Join(data, "newsdesk.db")
	if db != "" {
		dsn = db
	}
	seed(t, dsn)
	// Every command gets the same storage flags, as an operator would pass them.
	storageFlags := []string{"--data", data, "--db", db}
	cmd := func(args ...string) *exec.Cmd { return exec.Command(bin, append(args, storageFlags...)...) }

	out, err := cmd("integration", "add", "--name", "Ghost clients", "--json").Output()
	if err != nil {
		t.Fatalf("integration add: %v", err)
	}
	var keys struct {
		ContentKey string `json:"content_key"`
		AdminKey   string `json:"admin_key"`
	}
	if err := json.Unmarshal(out, &keys); err != nil || len(keys.ContentKey) != 26 || len(keys.AdminKey) != 24+1+64 {
		t.Fatalf("integration add printed %q: %v", out, err)
	}

	addr := freeAddr(t)
	siteURL := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", addr, "--site-url", siteURL}, storageFlags...)...)
	var serverLog bytes.Buffer
	serve.Stdout, serve.Stderr = &serverLog, &serverLog
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		serve.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", serverLog.String())
		}
	}()
	waitReady(t, siteURL+"/readyz")

	// Keys made while the server runs work at once.
	live, err := cmd("integration", "add", "--name", "Made while serving", "--json").Output()
	if err != nil {
		t.Fatalf("integration add while serving: %v", err)
	}
	var liveKeys struct {
		ID         string `json:"id"`
		ContentKey string `json:"content_key"`
	}
	json.Unmarshal(live, &liveKeys)
	if res, err := http.Get(siteURL + "/ghost/api/content/settings/?key=" + liveKeys.ContentKey); err != nil || res.StatusCode != 200 {
		t.Fatalf("key made while serving: %v %v", res, err)
	}
	if out, err := cmd("integration", "revoke", liveKeys.ID).CombinedOutput(); err != nil {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if res, err := http.Get(siteURL + "/ghost/api/content/settings/?key=" + liveKeys.ContentKey); err != nil || res.StatusCode != 401 {
		t.Fatalf("revoked key still works: %v %v", res, err)
	}

	script := exec.Command(node, filepath.Join(clientDir, "run.mjs"))
	script.Dir = clientDir
	script.Env = append(os.Environ(), "NEWSDESK_URL="+siteURL, "NEWSDESK_CONTENT_KEY="+keys.ContentKey, "NEWSDESK_ADMIN_KEY="+keys.AdminKey)
	res, err := script.CombinedOutput()
	if err != nil {
		t.Fatalf("Ghost client script failed: %v\n%s", err, res)
	}
	t.Logf("%s", res)
}

// seed writes an author, tags and thirty published posts.
func seed(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u := &domain.User{Author: domain.Author{Name: "Olena Kravets", Title: "Reporter"}, Email: "olena@example.org", Role: domain.RoleAdministrator}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tags := map[string]*domain.Tag{}
	for _, name := range []string{"World", "Politics", "#live"} {
		tg := &domain.Tag{Name: name}
		if err := store.CreateTag(ctx, tg); err != nil {
			t.Fatal(err)
		}
		tags[name] = tg
	}
	base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		p := &domain.Post{Title: fmt.Sprintf("Seeded story %02d", i), Status: domain.StatusPublished,
			BodyMD: "Kyiv — seeded body " + fmt.Sprint(i), Authors: []domain.Author{u.Author},
			PublishedAt: base.Add(time.Duration(i) * time.Hour), Featured: i%5 == 0}
		if i%2 == 0 {
			p.Tags = []domain.Tag{*tags["#live"], *tags["World"]}
		} else {
			p.Tags = []domain.Tag{*tags["Politics"]}
		}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		markdown.Apply(p)
		if err := store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server not ready at %s after 30s", url)
}
