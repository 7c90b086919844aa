package ghost

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/export"
)

// TestAdminExportDB downloads the site from GET /ghost/api/admin/db/ as a
// signed-in Administrator, and checks everyone else is refused as Ghost
// refuses them, integrations included.
func TestAdminExportDB(t *testing.T) {
	e := newEnv(t)
	editorKey, _ := domain.NewIntegration("Editorial bot", domain.RoleEditor)
	if err := e.store.CreateIntegration(context.Background(), editorKey); err != nil {
		t.Fatal(err)
	}
	get := func(hdr map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+"/ghost/api/admin/db/", nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}

	for name, hdr := range map[string]map[string]string{
		"admin session": {"X-Test-User": "admin"},
	} {
		res, body := get(hdr)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", name, res.StatusCode, body)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `Attachment; filename="`) || !strings.HasSuffix(cd, `.json"`) ||
			!strings.Contains(cd, ".ghost.") {
			t.Errorf("%s: Content-Disposition %q", name, cd)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") || !strings.Contains(cc, "private") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
		db, err := export.Read(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		site, err := db.Site()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Every post, drafts too, with its authors and tags.
		if len(site.Posts) != len(e.posts)+1 {
			t.Errorf("%s: %d posts, want %d", name, len(site.Posts), len(e.posts)+1)
		}
		var draft bool
		for _, p := range site.Posts {
			draft = draft || (p.Title == "Secret draft" && p.Status == domain.StatusDraft)
			if len(p.Authors) == 0 {
				t.Errorf("%s: post %q without authors", name, p.Slug)
			}
		}
		if !draft {
			t.Errorf("%s: the draft is missing", name)
		}
		if db.Meta.Newsdesk.SiteURL != testSite {
			t.Errorf("%s: meta site_url %q", name, db.Meta.Newsdesk.SiteURL)
		}
		for _, secret := range []string{e.key.AdminSecret, e.key.ContentKey, editorKey.AdminSecret} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("%s: the export holds an integration key", name)
			}
		}
	}

	for name, hdr := range map[string]map[string]string{
		"admin integration":   {"Authorization": "Ghost " + e.token(e.key, nil)},
		"editor integration":  {"Authorization": "Ghost " + e.token(editorKey, nil)},
		"contributor session": {"X-Test-User": "contrib"},
		"nobody":              {},
	} {
		res, body := get(hdr)
		if res.StatusCode != http.StatusForbidden || !bytes.Contains(body, []byte("NoPermissionError")) {
			t.Errorf("%s: status %d: %s", name, res.StatusCode, body)
		}
		if name != "nobody" && !bytes.Contains(body, []byte("You do not have permission to exportContent db")) {
			t.Errorf("%s: not Ghost's message: %s", name, body)
		}
	}
	// Content API keys open nothing on the Admin API: not a JWT, a 400 as
	// in Ghost.
	res, _ := get(map[string]string{"Authorization": "Ghost " + e.key.ContentKey})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("content key: status %d", res.StatusCode)
	}
}
