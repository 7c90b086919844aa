package newsroom

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"newsdesk/internal/domain"
)

// The editor's visibility select: saved with the post, shown selected, an
// unknown value refused with the field named, a form without the field
// keeps the post's, and the editor shows the whole body of a gated post.
func TestEditorVisibility(t *testing.T) {
	e := newEnv(t)
	c := e.as(domain.RoleAuthor)
	ctx := context.Background()
	v := newPostForm(e.users[domain.RoleAuthor], "Council budget leaks")
	v.Set("body", "Free part.\n\n"+domain.MembersOnlyMarker+"\n\nSecret council minutes.")
	v.Set("visibility", "paid")
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", v))
	p, err := e.store.PostByID(ctx, id)
	if err != nil || p.Visibility != domain.VisibilityPaid || p.PublicHTML != "<p>Free part.</p>\n" {
		t.Fatalf("saved: %v, visibility %q, public part %q", err, p.Visibility, p.PublicHTML)
	}
	page := c.get("/newsroom/posts/" + id)
	if !strings.Contains(page.body, `<option value="paid" selected>`) || !strings.Contains(page.body, "Secret council minutes.") {
		t.Errorf("editor: the select or the members' part is missing: %s", snippet(page.body))
	}

	v.Set("updated_at", fmtMS(p.UpdatedAt))
	v.Set("visibility", "vip")
	res := c.postForm("/newsroom/posts/"+id, v)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Visibility must be public, members, paid or tiers.") {
		t.Errorf("unknown visibility: %d %s", res.StatusCode, snippet(res.body))
	}
	if p, _ = e.store.PostByID(ctx, id); p.Visibility != domain.VisibilityPaid {
		t.Errorf("a refused save changed the visibility to %q", p.Visibility)
	}

	v.Del("visibility")
	v.Set("title", "Council budget leaks, updated")
	if res := c.postForm("/newsroom/posts/"+id, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without the field: %d %s", res.StatusCode, snippet(res.body))
	}
	if p, _ = e.store.PostByID(ctx, id); p.Visibility != domain.VisibilityPaid {
		t.Errorf("a form without the field changed the visibility to %q", p.Visibility)
	}

	// An imported tiers post keeps its value in the select.
	p.Visibility = domain.VisibilityTiers
	if err := e.store.UpdatePost(ctx, p, p.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	if page := c.get("/newsroom/posts/" + id); !strings.Contains(page.body, `<option value="tiers" selected>`) {
		t.Errorf("a tiers post's select: %s", snippet(page.body))
	}
}
