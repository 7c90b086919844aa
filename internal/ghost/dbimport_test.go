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
// does, for Administrators only; a broken file changes nothing.
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
	post := func(key *domain.Integration, body []byte) (int, map[string]any) {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("importfile", "export.json")
		fw.Write(body)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/ghost/api/admin/db/", &buf)
		req.Header.Set("Authorization", "Ghost "+e.token(key, nil))
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
	before := count()
	if code, out := post(editorKey, file); code != http.StatusForbidden {
		t.Fatalf("an editor importing: %d %v", code, out)
	}
	if code, out := post(e.key, file[:len(file)/2]); code != http.StatusUnprocessableEntity || count() != before {
		t.Fatalf("a truncated export: %d %v, posts %d -> %d", code, out, before, count())
	}
	code, out := post(e.key, file)
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
	if code, _ := post(e.key, file); code != http.StatusOK || count() != after {
		t.Fatalf("importing twice: %d, posts %d -> %d", code, after, count())
	}
}
