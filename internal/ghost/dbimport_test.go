package ghost

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// POST /ghost/api/admin/db/ imports an export as Ghost's own endpoint
// does, for an Administrator's staff session only (Ghost refuses
// integrations); a broken file changes nothing.
func TestAdminImportDB(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	editorKey, _ := domain.NewIntegration("Editorial bot", domain.RoleEditor)
	if err := e.store.CreateIntegration(ctx, editorKey); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("../importer/testdata/ghost-5.x.json")
	if err != nil {
		t.Fatal(err)
	}
	post := func(auth map[string]string, body []byte) (int, map[string]any) {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("importfile", "export.json")
		fw.Write(body)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/ghost/api/admin/db/", &buf)
		for k, v := range auth {
			req.Header.Set(k, v)
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	count := func() int {
		n, err := e.store.CountPosts(ctx, storage.PostQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	admin := map[string]string{"X-Test-User": "admin", "Origin": testSite}
	before := count()
	for name, auth := range map[string]map[string]string{
		"an editor integration":          {"Authorization": "Ghost " + e.token(editorKey, nil)},
		"an administrator integration":   {"Authorization": "Ghost " + e.token(e.key, nil)},
		"a contributor's session":        {"X-Test-User": "contrib", "Origin": testSite},
		"an administrator, cross-origin": {"X-Test-User": "admin", "Origin": "https://evil.example"},
	} {
		if code, out := post(auth, file); code != http.StatusForbidden || count() != before {
			t.Fatalf("%s importing: %d %v", name, code, out)
		}
	}
	if code, out := post(admin, file[:len(file)/2]); code != http.StatusUnprocessableEntity || count() != before {
		t.Fatalf("a truncated export: %d %v, posts %d -> %d", code, out, before, count())
	}
	code, out := post(admin, file)
	if code != http.StatusOK {
		t.Fatalf("import: %d %v", code, out)
	}
	if _, ok := out["problems"].([]any); !ok {
		t.Errorf("answer lacks Ghost's problems list: %v", out)
	}
	if count() <= before {
		t.Fatalf("nothing imported: %v", out)
	}
	if _, err := e.store.PostBySlug(ctx, "every-card"); err != nil {
		t.Fatalf("imported post: %v", err)
	}
	after := count()
	if code, _ := post(admin, file); code != http.StatusOK || count() != after {
		t.Fatalf("importing twice: %d, posts %d -> %d", code, after, count())
	}
}
