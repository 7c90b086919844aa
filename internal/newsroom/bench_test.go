package newsroom

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// benchEnv is a newsroom with 2,000 posts by four authors.
func benchEnv(b *testing.B) (*env, *client, string) {
	e := newEnv(b)
	ed := e.as(domain.RoleEditor)
	var posts []*domain.Post
	base := time.Now().Add(-48 * time.Hour)
	roles := domain.Roles
	for i := 0; i < 2000; i++ {
		u := e.users[roles[i%len(roles)]]
		p := &domain.Post{Title: fmt.Sprintf("Story number %d about the city council", i), Status: domain.StatusPublished,
			BodyMD: "Text.", PublishedAt: base.Add(time.Duration(i) * time.Minute), Authors: []domain.Author{u.Author}}
		if err := p.Validate(); err != nil {
			b.Fatal(err)
		}
		posts = append(posts, p)
	}
	if err := e.store.CreatePosts(context.Background(), posts); err != nil {
		b.Fatal(err)
	}
	return e, ed, posts[1000].ID
}

// BenchmarkPostList measures one page of the post list (30 rows) through
// HTTP: session lookup, keyset query, rendering.
func BenchmarkPostList(b *testing.B) {
	_, c, _ := benchEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := c.get("/newsroom/?status=published"); res.StatusCode != http.StatusOK {
			b.Fatal(res.StatusCode)
		}
	}
}

// BenchmarkEditorPage measures opening a post in the editor.
func BenchmarkEditorPage(b *testing.B) {
	_, c, id := benchEnv(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := c.get("/newsroom/posts/" + id); res.StatusCode != http.StatusOK {
			b.Fatal(res.StatusCode)
		}
	}
}
