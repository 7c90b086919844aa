package webhooks_test

import (
	"context"
	"fmt"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// BenchmarkPublishWithWebhooks measures what the outbox adds to a publish
// through the publishing service on SQLite: with no webhook, with one
// webhook on an event the publish does not fire (the cached check only),
// and with webhooks on the three events it fires (payloads rendered and
// outbox rows written in the post's transaction).
//
//	go test -run '^$' -bench PublishWithWebhooks ./internal/webhooks/
func BenchmarkPublishWithWebhooks(b *testing.B) {
	for _, tc := range []struct {
		name   string
		events []string
	}{
		{"none", nil},
		{"unrelated", []string{"tag.deleted"}},
		{"three-events", []string{"post.added", "post.published", "site.changed"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newHookEnvTB(b)
			if len(tc.events) > 0 {
				e.subscribe(b, "https://hooks.example.org/x", "s", tc.events...)
			}
			ctx := context.Background()
			a := publish.Actor{User: e.user}
			b.ResetTimer()
			for i := range b.N {
				p := &domain.Post{Kind: domain.KindArticle, Title: fmt.Sprintf("Bench story %d", i), BodyMD: "Kyiv — a paragraph of news.\n\nAnother one.",
					Authors: []domain.Author{e.user.Author}}
				if err := e.svc.Create(ctx, a, p, publish.Options{Action: publish.Publish}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
