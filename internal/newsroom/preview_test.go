package newsroom

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// The Preview page is the public site's article page for a draft: the
// same structure readers will get, marked as a preview and kept out of
// search engines and caches.
func TestPreviewUsesTheSiteRenderer(t *testing.T) {
	e := newEnv(t)
	author := e.users[domain.RoleAuthor]
	c := e.as(domain.RoleAuthor)
	v := newPostForm(author, "Night trains return to the border")
	v.Set("body", "KYIV — The first night train in two years left at 22:10.\n\n> \"We waited for this,\" said a conductor.")
	v.Set("tags", "Transport")
	v.Set("image_alt", "A train at a platform")
	v.Set("image_caption", "Kyiv: the night train before departure, November 26.")
	v.Set("image_credit", "Olena K / Agency")
	id := postIDFrom(t, c.postMultipart("/newsroom/posts/new", v, "image_file", "train.png", pngBytes(t)))

	res := c.get("/newsroom/posts/" + id + "/preview")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d %s", res.StatusCode, snippet(res.body))
	}
	for _, want := range []string{
		`<meta name="robots" content="noindex">`,
		`class="preview-banner"`, "Preview — not published</strong>",
		`href="/newsroom/posts/` + id + `">Back to the editor</a>`,
		`<p class="feed-name"><a href="/">News Feed</a></p>`,
		`<h1 class="article-title">Night trains return to the border</h1>`,
		`<span class="reading-time">1 min read</span>`,
		`<figure class="lead">`,
		`<figcaption>Kyiv: the night train before departure, November 26. <span class="credit">(Olena K / Agency)</span></figcaption>`,
		`<div class="article-body"><p>KYIV — The first night train`,
		`<section class="author-card" aria-label="About The Author">`,
		`<a class="section" href="/tag/transport/">Transport</a>`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?s)<blockquote>\s*<p>.{1,8}We waited`).FindString(res.body) == "" {
		t.Error("preview lacks the quote rendered from Markdown")
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if got := res.Header.Get("X-Robots-Tag"); got != "noindex" {
		t.Errorf("X-Robots-Tag = %q, want noindex", got)
	}
	// Previewing is read-only.
	p, err := e.store.PostByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.StatusDraft {
		t.Fatalf("previewing changed the status to %s", p.Status)
	}

	// Without a session the preview sends the visitor to sign in and
	// shows nothing of the draft.
	anon := e.client().get("/newsroom/posts/" + id + "/preview")
	if anon.StatusCode != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/newsroom/signin") ||
		strings.Contains(anon.body, "Night trains") {
		t.Fatalf("anonymous preview: %d %q %s", anon.StatusCode, anon.Header.Get("Location"), snippet(anon.body))
	}
	// A contributor who did not write it may not see it.
	bad := url.Values{}
	for k, vals := range v {
		bad[k] = vals
	}
	bad.Set("csrf", "forged")
	if res := c.postForm("/newsroom/posts/"+id+"/preview", bad); res.StatusCode != http.StatusForbidden || strings.Contains(res.body, "article-title") {
		t.Fatalf("preview with a forged CSRF token: %d", res.StatusCode)
	}
	other := e.as(domain.RoleContributor).get("/newsroom/posts/" + id + "/preview")
	if other.StatusCode != http.StatusForbidden || strings.Contains(other.body, "Night trains") {
		t.Fatalf("contributor preview of someone else's draft: %d", other.StatusCode)
	}
}

// A scheduled post's preview says when it goes out.
func TestPreviewOfScheduledPost(t *testing.T) {
	e := newEnv(t)
	editor := e.users[domain.RoleEditor]
	p := e.post(editor, domain.StatusDraft, "Budget vote at noon")
	p.Status = domain.StatusScheduled
	p.PublishedAt = p.CreatedAt.AddDate(0, 0, 2)
	if err := e.store.UpdatePost(t.Context(), p, time.Time{}); err != nil {
		t.Fatal(err)
	}
	res := e.as(domain.RoleEditor).get("/newsroom/posts/" + p.ID + "/preview")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "not published yet</strong>: scheduled for <time") {
		t.Fatalf("scheduled preview: %d %s", res.StatusCode, snippet(res.body))
	}
}

// The editor's Preview button posts the form as it stands: the preview
// shows the unsaved text, and nothing is stored.
func TestPreviewOfUnsavedForm(t *testing.T) {
	e := newEnv(t)
	author := e.users[domain.RoleAuthor]
	c := e.as(domain.RoleAuthor)
	id := postIDFrom(t, c.postForm("/newsroom/posts/new", newPostForm(author, "Saved headline")))
	saved, err := e.store.PostByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	tagsBefore, _ := e.store.ListTags(t.Context())

	v := newPostForm(author, "Typed but not saved")
	v.Set("body", "KYIV — *New* paragraph.")
	v.Set("tags", "Brand new section")
	v.Set("updated_at", fmtMS(saved.UpdatedAt))
	res := c.postMultipart("/newsroom/posts/"+id+"/preview", v, "image_file", "x.png", pngBytes(t))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("form preview: %d %s", res.StatusCode, snippet(res.body))
	}
	for _, want := range []string{"Preview — unsaved changes</strong>", `<h1 class="article-title">Typed but not saved</h1>`,
		"<em>New</em> paragraph.", `<a class="section" href="/tag/brand-new-section/">Brand new section</a>`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("form preview lacks %q", want)
		}
	}
	after, err := e.store.PostByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	tagsAfter, _ := e.store.ListTags(t.Context())
	if after.Title != "Saved headline" || !after.UpdatedAt.Equal(saved.UpdatedAt) || after.Image.URL != "" || len(tagsAfter) != len(tagsBefore) {
		t.Fatalf("previewing stored something: title %q, updated %v→%v, image %q, tags %d→%d",
			after.Title, saved.UpdatedAt, after.UpdatedAt, after.Image.URL, len(tagsBefore), len(tagsAfter))
	}

	// A new post can be previewed before its first save.
	res = c.postForm("/newsroom/posts/new/preview", newPostForm(author, "Not even a draft yet"))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `<h1 class="article-title">Not even a draft yet</h1>`) {
		t.Fatalf("new post preview: %d %s", res.StatusCode, snippet(res.body))
	}

	// Without the CSRF token, or as someone who may not edit the post,
	// the preview is refused and shows nothing.
	forged := e.client()
	// (The session-expired page hands the posted text back; the saved
	// post is what must not show.)
	if res := forged.postForm("/newsroom/posts/"+id+"/preview", v); res.StatusCode != http.StatusUnauthorized ||
		strings.Contains(res.body, "article-title") || strings.Contains(res.body, "Saved headline") {
		t.Fatalf("preview without a session: %d", res.StatusCode)
	}
	bad := url.Values{}
	for k, vals := range v {
		bad[k] = vals
	}
	bad.Set("csrf", "forged")
	if res := c.postForm("/newsroom/posts/"+id+"/preview", bad); res.StatusCode != http.StatusForbidden || strings.Contains(res.body, "article-title") {
		t.Fatalf("preview with a forged CSRF token: %d", res.StatusCode)
	}
	other := e.as(domain.RoleContributor)
	if res := other.postForm("/newsroom/posts/"+id+"/preview", v); res.StatusCode != http.StatusForbidden {
		t.Fatalf("contributor previewing someone else's post: %d", res.StatusCode)
	}
}
