package ghost

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
)

// The Admin API keeps Ghost's behaviour around the newsroom's workflow:
// an edit of a live story goes live (and leaves a pending version stale),
// DELETE is gone at once unless the site sends API deletions to the
// trash, and trashed posts are absent from both APIs.
func TestAdminAPIAndTheWorkflow(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	svc := &publish.Service{Store: e.store, Events: e.bus}
	p := e.posts[3]
	ed := *p
	ed.Title = "Staged in the newsroom"
	if _, err := svc.SavePending(ctx, publish.Actor{User: e.admin}, p, &ed, publish.PendingOptions{}); err != nil {
		t.Fatal(err)
	}
	code, out := e.adminAPI("GET", "posts/"+p.ID+"/", nil)
	if code != 200 || out["posts"].([]any)[0].(map[string]any)["title"] != p.Title {
		t.Fatalf("Admin API read shows the pending version: %d %v", code, out)
	}
	// newsdesk's own key carries the pending version beside the live one.
	nd := out["posts"].([]any)[0].(map[string]any)["newsdesk"].(map[string]any)
	if pend, ok := nd["pending"].(map[string]any); !ok || pend["title"] != "Staged in the newsroom" || pend["stale"] != false {
		t.Fatalf("newsdesk.pending = %v", nd["pending"])
	}
	if _, _, h := e.content("posts/" + p.ID + "/"); h != nil {
		if _, body, _ := e.content("posts/" + p.ID + "/"); body["posts"].([]any)[0].(map[string]any)["newsdesk"].(map[string]any)["pending"] != nil {
			t.Fatal("the Content API shows a pending version")
		}
	}
	upd := out["posts"].([]any)[0].(map[string]any)["updated_at"]
	code, out = e.adminAPI("PUT", "posts/"+p.ID+"/", map[string]any{"posts": []any{map[string]any{"title": "Edited through the API", "updated_at": upd}}})
	if code != 200 || out["posts"].([]any)[0].(map[string]any)["title"] != "Edited through the API" {
		t.Fatalf("Admin API edit: %d %v", code, out)
	}
	pd, err := e.store.PendingOf(ctx, p.ID)
	if err != nil || !pd.Stale() || pd.Title != "Staged in the newsroom" {
		t.Fatalf("pending version after an API edit: %+v %v", pd, err)
	}

	// DELETE is Ghost's by default: gone at once.
	gone := e.posts[4]
	if code, _ := e.adminAPI("DELETE", "posts/"+gone.ID+"/", nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if _, err := e.store.PostByID(ctx, gone.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted post: %v", err)
	}
	// With the setting on, to the trash.
	st, _ := e.store.Settings(ctx)
	st.APITrash = true
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	binned := e.posts[5]
	if code, _ := e.adminAPI("DELETE", "posts/"+binned.ID+"/", nil); code != 204 {
		t.Fatalf("delete to trash: %d", code)
	}
	if tr, err := e.store.TrashOf(ctx, binned.ID); err != nil || tr.Status != domain.StatusPublished {
		t.Fatalf("trash entry: %+v %v", tr, err)
	}
	if code, _ := e.adminAPI("GET", "posts/"+binned.ID+"/", nil); code != 404 {
		t.Fatalf("Admin API read of a trashed post: %d", code)
	}
	if code, _, _ := e.content("posts/slug/" + binned.Slug + "/"); code != 404 {
		t.Fatalf("Content API read of a trashed post: %d", code)
	}
	_, list := e.adminAPI("GET", "posts/?limit=all", nil)
	for _, x := range list["posts"].([]any) {
		if x.(map[string]any)["id"] == binned.ID {
			t.Fatal("Admin API lists a trashed post")
		}
	}
	if code, out := e.adminAPI("GET", "posts/?filter=status:trashed", nil); code == 200 && len(out["posts"].([]any)) != 0 {
		t.Fatalf("a filter on the trashed status lists the trash: %v", out["posts"])
	}
	_, list, _ = e.content("posts/?limit=all")
	for _, x := range list["posts"].([]any) {
		if x.(map[string]any)["id"] == binned.ID {
			t.Fatal("Content API lists a trashed post")
		}
	}
}
