package feed

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
)

// A gated post's item carries its public part and the members-only note
// in every format and scope, never the members' part; the summary is the
// standfirst or the public part.
func TestGatedPostItems(t *testing.T) {
	f := newFixture(t, "")
	f.svc.SetMembersNote(func(lang, site string, v domain.Visibility) string {
		return "For " + string(v) + " members of " + site + " <only> (" + lang + ")."
	})
	ctx := context.Background()
	const secret = "Secret council minutes"
	mk := func(title, body, standfirst string) {
		p := &domain.Post{Kind: domain.KindBrief, Status: domain.StatusPublished, Title: title, Standfirst: standfirst,
			BodyMD: body, Visibility: domain.VisibilityPaid, PublishedAt: time.Now().Add(-time.Minute),
			Authors: []domain.Author{f.olena.Author}, Tags: []domain.Tag{*f.tag}}
		markdown.Apply(p)
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := f.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	mk("Budget leaks", "The council met on Tuesday.\n\n"+domain.MembersOnlyMarker+"\n\n"+secret+" follow.", "")
	mk("Budget, part two", secret+" and no marker.", "")
	f.bus.Publish(events.Event{Type: events.PostPublished})
	for _, format := range Formats {
		for _, scope := range []Scope{{}, {Kind: "tag", Slug: f.tag.Slug}, {Kind: "author", Slug: f.olena.Slug}} {
			path := scope.Path(format)
			body := f.body(t, path)
			if strings.Contains(body, "Secret council") {
				t.Errorf("%s shows a members' part", path)
			}
			if !strings.Contains(body, "The council met on Tuesday.") {
				t.Errorf("%s lacks the public part", path)
			}
			// Escaped once in the HTML, and again as XML text or JSON.
			if strings.Count(body, "For paid members of Kyiv Daily") != 2 || strings.Contains(body, "<only>") {
				t.Errorf("%s: the note is missing or not escaped", path)
			}
		}
	}
}
