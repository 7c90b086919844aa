package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsdesk/internal/importer/ghostgen"
	"newsdesk/internal/loadtest"
	"newsdesk/internal/testsupport"
)

// TestCrash kills the real binary with SIGKILL in the middle of writes and
// checks that nothing acknowledged is lost and nothing half-written is
// left, on both databases: a burst of Admin API publishes (every post whose
// 201 came back is there after a restart, published, readable, with its
// revision and tags), and an import (every batch is whole; running it again
// finishes with the full count and no duplicates).
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it repeatedly; -short skips it")
	}
	bin, err := loadtest.Build(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "ghost.json")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	if err := ghostgen.Write(f, crashImportPosts, ghostgen.Options{Seed: 7}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			storage := func(t *testing.T) loadtest.Storage {
				st := loadtest.Storage{Data: filepath.Join(t.TempDir(), "data")}
				if db == "postgres" {
					st.DB = testsupport.PostgresDB(t)
				}
				return st
			}
			t.Run("publish", func(t *testing.T) { crashPublishing(t, bin, storage(t)) })
			t.Run("import", func(t *testing.T) { crashImport(t, bin, storage(t), export) })
		})
	}
}

// openDB opens the storage's database directly, to look at rows the APIs
// do not show (revisions, import records).
func openDB(t *testing.T, st loadtest.Storage) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if st.DB != "" {
		db, err = sql.Open("pgx", st.DB)
	} else {
		db, err = sql.Open("sqlite", "file:"+filepath.Join(st.Data, "newsdesk.db")+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type ackedPost struct {
	id, slug, title string
}

// crashPublishing runs rounds of: start the server, publish from several
// clients at once, SIGKILL the server at a random moment of the burst;
// then restarts it and checks every acknowledged post.
func crashPublishing(t *testing.T, bin string, st loadtest.Storage) {
	ctx := context.Background()
	keys, err := loadtest.AddIntegration(ctx, bin, st, "Crash test")
	if err != nil {
		t.Fatal(err)
	}
	// Integrations publish under the site's staff: it needs one.
	add := exec.Command(bin, append([]string{"user", "add", "--email", "desk@example.org", "--name", "Night Desk", "--role", "editor", "--password-stdin"}, st.Flags()...)...)
	add.Stdin = strings.NewReader("correct horse battery staple\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	const rounds, workers = 4, 8
	var acked []ackedPost
	var failedWrites int
	for round := range rounds {
		srv, err := loadtest.Start(ctx, bin, st, loadtest.ServerOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// What earlier rounds acknowledged survived their crash.
		checkAcked(t, srv.URL, keys.AdminKey, acked)
		if t.Failed() {
			t.Logf("server log:\n%s", srv.Tail(4000))
			srv.Kill()
			return
		}
		admin := &loadtest.Admin{URL: srv.URL, Key: keys.AdminKey, HTTP: &http.Client{Timeout: 20 * time.Second}}
		var mu sync.Mutex
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for n := 0; ; n++ {
					select {
					case <-stop:
						return
					default:
					}
					title := fmt.Sprintf("Crash round %d writer %d story %d", round, w, n)
					status, p, err := admin.Publish(ctx, title, "Kyiv — "+title+".", []string{"Crash", fmt.Sprintf("Round %d", round)})
					mu.Lock()
					switch {
					case err == nil && status == http.StatusCreated && p != nil:
						acked = append(acked, ackedPost{p.ID, p.Slug, title})
					case status != 0:
						// The server answered: a refusal is a bug, not the crash.
						t.Errorf("publish %q: %v", title, err)
						mu.Unlock()
						return
					default:
						failedWrites++
					}
					mu.Unlock()
					if err != nil && status == 0 {
						return // the server is gone
					}
				}
			})
		}
		// Let some publishes land, then kill at a random moment.
		time.Sleep(time.Duration(800+rand.IntN(1500)) * time.Millisecond)
		srv.Kill()
		close(stop)
		wg.Wait()
	}
	if len(acked) < rounds {
		t.Fatalf("only %d publishes were acknowledged in %d rounds: the test proves nothing", len(acked), rounds)
	}
	srv, err := loadtest.Start(ctx, bin, st, loadtest.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	checkAcked(t, srv.URL, keys.AdminKey, acked)
	// No post is half there: whatever was written, acknowledged or not,
	// has its revision, its two tags and its author.
	checkWhole(t, openDB(t, st), "")
	t.Logf("%d publishes acknowledged in %d rounds, %d cut off by the kills; none lost", len(acked), rounds, failedWrites)
}

// checkAcked asks the server for every acknowledged post: through the
// Admin API (published, same title) and on the public site.
func checkAcked(t *testing.T, siteURL, adminKey string, acked []ackedPost) {
	t.Helper()
	admin := &loadtest.Admin{URL: siteURL, Key: adminKey}
	lost := 0
	for _, a := range acked {
		status, p, err := admin.Call(context.Background(), http.MethodGet, "posts/"+a.id+"/", nil)
		if err != nil || p == nil || p.Status != "published" || p.Title != a.title {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged post %s %q after the crash: %d %+v %v", a.id, a.title, status, p, err)
			}
			continue
		}
		res, err := http.Get(siteURL + "/" + a.slug + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(html.EscapeString(a.title))) {
			lost++
			if lost <= 5 {
				t.Errorf("/%s/ after the crash: %d", a.slug, res.StatusCode)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged posts lost or unreadable", lost, len(acked))
	}
}

// checkWhole fails on any post without a revision, an author or tags, or
// (importing) with other tags than its source gave it. wantTags maps a
// Ghost post id to its tag count; empty means two tags each.
func checkWhole(t *testing.T, db *sql.DB, export string) (posts int) {
	t.Helper()
	wantTags := map[string]int{}
	if export != "" {
		wantTags = exportTags(t, export)
	}
	rows, err := db.Query(`SELECT p.id, p.title, COALESCE(s.source_key, ''),
		(SELECT COUNT(*) FROM revisions r WHERE r.post_id = p.id),
		(SELECT COUNT(*) FROM posts_tags pt WHERE pt.post_id = p.id),
		(SELECT COUNT(*) FROM posts_authors pa WHERE pa.post_id = p.id)
		FROM posts p LEFT JOIN import_sources s ON s.kind = 'post' AND s.target_id = p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	partial := 0
	for rows.Next() {
		var id, title, source string
		var revs, tags, authors int
		if err := rows.Scan(&id, &title, &source, &revs, &tags, &authors); err != nil {
			t.Fatal(err)
		}
		posts++
		want := 2
		if export != "" {
			w, ok := wantTags[strings.TrimPrefix(source, "ghost:")]
			if !ok {
				t.Errorf("post %s %q has no import record (%q)", id, title, source)
			}
			want = w
		}
		if revs < 1 || tags != want || authors < 1 {
			partial++
			if partial <= 5 {
				t.Errorf("post %s %q is partial: %d revisions, %d tags (want %d), %d authors", id, title, revs, tags, want, authors)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if partial > 0 {
		t.Errorf("%d of %d posts partial", partial, posts)
	}
	return posts
}

// exportTags reads how many distinct tags each post of a Ghost export has.
func exportTags(t *testing.T, path string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DB []struct {
			Data struct {
				Posts []struct {
					ID string `json:"id"`
				} `json:"posts"`
				PostsTags []struct {
					PostID string `json:"post_id"`
					TagID  string `json:"tag_id"`
				} `json:"posts_tags"`
			} `json:"data"`
		} `json:"db"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	seen := map[[2]string]bool{}
	for _, p := range doc.DB[0].Data.Posts {
		out[p.ID] = 0
	}
	for _, pt := range doc.DB[0].Data.PostsTags {
		if k := [2]string{pt.PostID, pt.TagID}; !seen[k] {
			seen[k] = true
			out[pt.PostID]++
		}
	}
	return out
}

// crashImportPosts is the size of the export: four batches of 500, enough
// for an import to take a few seconds and to be killed between batches.
const crashImportPosts = 2000

// crashImport kills "newsdesk import" after its first batch is in, at a
// random moment, checks that no batch is partial, then imports again and
// checks the full count.
func crashImport(t *testing.T, bin string, st loadtest.Storage, export string) {
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, append(append([]string{"import"}, st.Flags()...), export)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("import output:\n%s", out.String())
			}
		})
		return cmd
	}
	// The database must exist before it can be watched.
	if _, err := loadtest.AddIntegration(context.Background(), bin, st, "Create the schema"); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, st)
	count := func() int {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM posts`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	cmd := run()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(90 * time.Second)
	for count() == 0 {
		select {
		case err := <-exited:
			t.Fatalf("the import ended before its first batch was seen: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no batch imported after 90 s")
		}
	}
	time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	<-exited
	cut := checkWhole(t, db, export)
	if cut%500 != 0 && cut != crashImportPosts {
		t.Errorf("%d posts after the kill: not a whole number of 500-post batches", cut)
	}
	if cut == crashImportPosts {
		t.Logf("the import finished before the kill; the run proves only the re-import")
	}

	if err := run().Run(); err != nil {
		t.Fatalf("import again after the kill: %v", err)
	}
	if n := checkWhole(t, db, export); n != crashImportPosts {
		t.Errorf("after the second import: %d posts, want %d", n, crashImportPosts)
	}
	var dup int
	if err := db.QueryRow(`SELECT COUNT(*) FROM (SELECT title FROM posts GROUP BY title, published_at HAVING COUNT(*) > 1) d`).Scan(&dup); err != nil {
		t.Fatal(err)
	}
	if dup > 0 {
		t.Errorf("%d posts imported twice", dup)
	}
	t.Logf("killed the import at %d of %d posts; the second run completed it", cut, crashImportPosts)
}
