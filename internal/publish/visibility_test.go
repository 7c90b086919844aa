package publish_test

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// The public part of a gated post is rendered at save, also when only
// the visibility changes on a post stored before visibility existed;
// an unknown visibility is refused with the field named.
func TestVisibility(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.actor(domain.RoleEditor)
	p := draft("Council budget", e.users[domain.RoleEditor])
	p.BodyMD = "What every reader gets.\n\n" + domain.MembersOnlyMarker + "\n\nWhat members get."
	p.Visibility = "subscribers"
	err := e.svc.Create(ctx, ed, p, publish.Options{})
	if domain.ErrorCode(err) != domain.EINVALID || !hasField(err, "visibility") {
		t.Fatalf("unknown visibility: %v; want a visibility field error", err)
	}
	p.Visibility = ""
	if err := e.svc.Create(ctx, ed, p, publish.Options{}); err != nil {
		t.Fatal(err)
	}
	if p.Visibility != domain.VisibilityPublic {
		t.Errorf("visibility defaults to %q, want public", p.Visibility)
	}

	// A row from before visibility: body rendered, no public part stored.
	old, _ := e.store.PostByID(ctx, p.ID)
	old.PublicHTML, old.PublicPlaintext = "", ""
	if err := e.store.UpdatePost(ctx, old, old.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	old, _ = e.store.PostByID(ctx, p.ID)
	cp := *old
	cp.Visibility = domain.VisibilityPaid
	if err := e.svc.Update(ctx, ed, old, &cp, publish.Options{IfUpdatedAt: old.UpdatedAt}); err != nil {
		t.Fatal(err)
	}
	got, _ := e.store.PostByID(ctx, p.ID)
	html, text := got.PublicBody()
	if got.Visibility != domain.VisibilityPaid || html != "<p>What every reader gets.</p>\n" || text != "What every reader gets." {
		t.Errorf("made paid: visibility %q, public part %q / %q", got.Visibility, html, text)
	}
}

func hasField(err error, field string) bool {
	errs, ok := err.(domain.ValidationErrors)
	if !ok {
		return false
	}
	for _, fe := range errs {
		if fe.Field == field {
			return true
		}
	}
	return false
}
