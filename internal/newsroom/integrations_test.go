package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/domain"
)

func TestIntegrationsPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if res := e.as(domain.RoleEditor).get("/newsroom/integrations"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("editor sees integrations: %d", res.StatusCode)
	}
	c := e.as(domain.RoleAdministrator)
	if res := c.get("/newsroom/integrations"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "No integrations yet") {
		t.Fatalf("empty page: %d %s", res.StatusCode, snippet(res.body))
	}
	res := c.postForm("/newsroom/integrations", url.Values{"name": {"  "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "name is required") {
		t.Fatalf("empty name: %d %s", res.StatusCode, snippet(res.body))
	}
	if res := c.postForm("/newsroom/integrations", url.Values{"name": {"Bot"}, "role": {"owner"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Unknown role") {
		t.Fatalf("bad role: %d %s", res.StatusCode, snippet(res.body))
	}
	if list, _ := e.store.ListIntegrations(ctx); len(list) != 0 {
		t.Fatal("refused integration was saved")
	}
	res = c.postForm("/newsroom/integrations", url.Values{"name": {"Static <front> end"}, "role": {"editor"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, snippet(res.body))
	}
	list, _ := e.store.ListIntegrations(ctx)
	if len(list) != 1 || list[0].Role != domain.RoleEditor {
		t.Fatalf("stored: %+v", list)
	}
	in := list[0]
	// Keys are shown once in Ghost's shapes; the name is escaped.
	if !regexp.MustCompile(`value="[0-9a-f]{26}"`).MatchString(res.body) || !strings.Contains(res.body, `value="`+in.AdminKey()+`"`) ||
		!strings.Contains(res.body, "Static &lt;front&gt; end") {
		t.Fatalf("keys not shown: %s", snippet(res.body))
	}
	if res := c.get("/newsroom/integrations"); strings.Contains(res.body, in.AdminSecret) || !strings.Contains(res.body, in.ContentKey) {
		t.Fatal("the list must show the content key and never the admin secret")
	}
	if res := c.postForm("/newsroom/integrations/"+in.ID+"/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if got, _ := e.store.IntegrationByContentKey(ctx, in.ContentKey); !got.Revoked() {
		t.Fatal("not revoked")
	}
	if res := c.postForm("/newsroom/integrations/"+domain.NewID()+"/revoke", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("revoke unknown: %d", res.StatusCode)
	}
}
