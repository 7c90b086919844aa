package newsroom

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"newsdesk/internal/domain"
)

// The post list searches bodies too, drafts included, and each role
// finds only what it may see.
func TestPostListSearchesBodies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	write := func(by *domain.User, status domain.Status, title, body string) {
		p := &domain.Post{Title: title, Status: status, BodyMD: body, Plaintext: body, Authors: []domain.Author{by.Author}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := e.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	write(e.users[domain.RoleEditor], domain.StatusDraft, "Editor's draft", "Рятувальники евакуювали мешканців після повені.")
	write(e.users[domain.RoleAuthor], domain.StatusDraft, "Author's draft", "Повінь відрізала село.")
	write(e.users[domain.RoleAuthor], domain.StatusPublished, "Author's story", "The dam held overnight.")

	editor := e.as(domain.RoleEditor)
	res := editor.get("/newsroom/?q=" + url.QueryEscape("повені"))
	if !strings.Contains(res.body, "Editor&#39;s draft") || !strings.Contains(res.body, "Author&#39;s draft") {
		t.Errorf("an editor's search misses drafts: %s", snippet(res.body))
	}
	if res := editor.get("/newsroom/?status=published&q=" + url.QueryEscape("повінь")); strings.Contains(res.body, "&#39;s draft") {
		t.Errorf("the status filter lets drafts through")
	}
	if res := editor.get("/newsroom/?q=dams"); !strings.Contains(res.body, "Author&#39;s story") {
		t.Errorf("an editor's search misses a published story")
	}
	author := e.as(domain.RoleAuthor)
	res = author.get("/newsroom/?q=" + url.QueryEscape("повінь"))
	if !strings.Contains(res.body, "Author&#39;s draft") || strings.Contains(res.body, "Editor&#39;s draft") {
		t.Errorf("an author's search shows other people's drafts or misses their own: %s", snippet(res.body))
	}
}
