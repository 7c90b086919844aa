package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// gatedPost stores a published post whose body has Ghost's members-only
// marker: readers must get what comes before it and never what follows.
func gatedPost(t *testing.T, e *env, kind domain.Kind, v domain.Visibility, lang, title, body string) *domain.Post {
	t.Helper()
	p := &domain.Post{Kind: kind, Status: domain.StatusPublished, Title: title, BodyMD: body, Visibility: v,
		Language: lang, PublishedAt: time.Now().Add(-time.Minute), Authors: []domain.Author{e.fix.Authors["marta"].Author},
		VideoURL: map[bool]string{true: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}[kind == domain.KindVideo]}
	markdown.Apply(p)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGatedPostShowsOnlyItsPublicPart(t *testing.T) {
	e := newEnv(t)
	const secret = "Secret council minutes"
	article := gatedPost(t, e, domain.KindArticle, domain.VisibilityPaid, "en", "Council budget leaks",
		"The council met on Tuesday.\n\n"+domain.MembersOnlyMarker+"\n\n"+secret+" follow.")
	brief := gatedPost(t, e, domain.KindBrief, domain.VisibilityMembers, "en", "Council brief for members",
		"A free first line.\n\n"+domain.MembersOnlyMarker+"\n\n"+secret+" in a brief.")
	noMarker := gatedPost(t, e, domain.KindArticle, domain.VisibilityTiers, "uk", "Бюджет міста",
		secret+" without any marker.")

	status, body, _ := e.get(t, "/"+article.Slug+"/")
	if status != http.StatusOK || !strings.Contains(body, "The council met on Tuesday.") {
		t.Fatalf("article page: %d, public part missing", status)
	}
	if strings.Contains(body, secret) {
		t.Error("the article page shows the members' part")
	}
	if !strings.Contains(body, `<aside class="members-only"><p>The rest of this story is for paying members of `) {
		t.Error("the article page has no members-only note")
	}
	if !strings.Contains(body, `"isAccessibleForFree":false`) || !strings.Contains(body, `"cssSelector":".members-only"`) {
		t.Error("JSON-LD does not mark the article as paywalled")
	}

	status, body, _ = e.get(t, "/"+noMarker.Slug+"/")
	if status != http.StatusOK || strings.Contains(body, secret) || strings.Contains(body, "without any marker") {
		t.Errorf("a gated post without marker: %d, shows its body", status)
	}
	if !strings.Contains(body, "лише для передплатників") {
		t.Error("a Ukrainian post's note is not in Ukrainian")
	}

	// Streams, search and the article's rail show briefs' bodies: only
	// the public part there too.
	seen := 0
	for _, path := range []string{"/", "/search/?q=council", "/" + article.Slug + "/", "/author/" + e.fix.Authors["marta"].Slug + "/"} {
		status, body, _ := e.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		// Search marks the words found.
		body = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(body)
		if !strings.Contains(body, brief.Title) {
			continue // not every list reaches it
		}
		seen++
		if strings.Contains(body, secret) {
			t.Errorf("%s shows a members' part", path)
		}
		if !strings.Contains(body, "A free first line.") || !strings.Contains(body, `<p class="members-only">The rest of this story is for members of `) {
			t.Errorf("%s: the brief's public part or note is missing", path)
		}
	}

	if seen < 3 {
		t.Errorf("the brief shows in %d lists, want at least 3", seen)
	}

	// A public post with a marker in its body shows all of it, no note.
	open := gatedPost(t, e, domain.KindArticle, domain.VisibilityPublic, "en", "Open council story",
		"Before.\n\n"+domain.MembersOnlyMarker+"\n\nAfter the marker.")
	_, body, _ = e.get(t, "/"+open.Slug+"/")
	if !strings.Contains(body, "After the marker.") || strings.Contains(body, `<aside class="members-only"`) || strings.Contains(body, "isAccessibleForFree") {
		t.Error("a public post is cut or marked as members-only")
	}
}
