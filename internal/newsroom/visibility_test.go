package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// TestInvitationIsPendingUntilAccepted: an invited person is marked
// pending (not public anywhere) until they set a password, whichever link
// they use for it.
func TestInvitationIsPendingUntilAccepted(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.as(domain.RoleEditor)
	linkRE := regexp.MustCompile(`/newsroom/(?:invite|password)/([A-Za-z0-9_-]{43})`)
	res := ed.postForm("/newsroom/users/invite", url.Values{"email": {"petro@example.org"}, "name": {"Petro"}, "role": {"author"}})
	if res.StatusCode != 200 || linkRE.FindStringSubmatch(res.body) == nil {
		t.Fatalf("invite: %d %s", res.StatusCode, snippet(res.body))
	}
	u, err := e.store.UserByEmail(ctx, "petro@example.org")
	if err != nil || !u.Pending {
		t.Fatalf("invited user %+v, %v: want pending", u, err)
	}
	if page := ed.get("/newsroom/users"); !strings.Contains(page.body, "<i>invited</i>") {
		t.Error("Staff page does not mark the invitation")
	}
	// The invitation link went astray; the editor makes a password link
	// instead, and using it accepts the invitation.
	res = ed.postForm("/newsroom/users/"+u.ID+"/link", nil)
	m := linkRE.FindStringSubmatch(res.body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("password link: %d %s", res.StatusCode, snippet(res.body))
	}
	res = e.client().postForm("/newsroom/password/"+m[1], url.Values{"password": {"a long pass phrase"}, "password2": {"a long pass phrase"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password: %d %s", res.StatusCode, snippet(res.body))
	}
	if u, _ = e.store.UserByEmail(ctx, "petro@example.org"); u.Pending {
		t.Error("still pending after setting a password")
	}
	if page := ed.get("/newsroom/users"); strings.Contains(page.body, "<i>invited</i>") {
		t.Error("Staff page still marks an accepted invitation")
	}
}

// TestStaffPageEmails: Contributors and Authors see their own email only;
// the same rule as the Admin API's users/ (domain.CanSeeEmail).
func TestStaffPageEmails(t *testing.T) {
	e := newEnv(t)
	for _, viewer := range domain.Roles {
		page := e.as(viewer).get("/newsroom/users")
		if page.StatusCode != 200 {
			t.Fatalf("%s: Staff page %d", viewer, page.StatusCode)
		}
		for _, target := range domain.Roles {
			u := e.users[target]
			want := domain.CanSeeEmail(e.users[viewer], u)
			if got := strings.Contains(page.body, u.Email); got != want {
				t.Errorf("%s sees %s's email: %v, want %v", viewer, target, got, want)
			}
		}
	}
	if domain.CanSeeEmail(e.users[domain.RoleAuthor], e.users[domain.RoleContributor]) ||
		!domain.CanSeeEmail(e.users[domain.RoleEditor], e.users[domain.RoleAuthor]) ||
		domain.CanSeeEmail(e.users[domain.RoleEditor], e.users[domain.RoleAdministrator]) {
		t.Error("CanSeeEmail does not follow the roles")
	}
}

// TestDefaultShareImageSetting: Administrators set and remove the default
// share image in Settings; Editors cannot.
func TestDefaultShareImageSetting(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	form := func() url.Values {
		return url.Values{"site_title": {"The Daily Test"}, "language": {"en"}, "timezone": {"Europe/Kyiv"}, "accent": {"#c8102e"}}
	}
	admin := e.as(domain.RoleAdministrator)
	if page := admin.get("/newsroom/settings"); !strings.Contains(page.body, `name="share_image_file"`) {
		t.Fatal("Settings has no default share image field")
	}
	res := admin.postMultipart("/newsroom/settings", form(), "share_image_file", "card.png", pngBytes(t))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, snippet(res.body))
	}
	st, _ := e.store.Settings(ctx)
	if !strings.HasPrefix(st.ShareImage, "/content/images/") {
		t.Fatalf("share image = %q", st.ShareImage)
	}
	if page := admin.get("/newsroom/settings"); !strings.Contains(page.body, `src="`+st.ShareImage+`"`) {
		t.Error("Settings does not show the current share image")
	}
	if res := e.as(domain.RoleEditor).postMultipart("/newsroom/settings", form(), "share_image_file", "card.png", pngBytes(t)); res.StatusCode != http.StatusForbidden {
		t.Errorf("editor: %d", res.StatusCode)
	}
	remove := form()
	remove.Set("share_image_remove", "1")
	if res := admin.postForm("/newsroom/settings", remove); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if st, _ = e.store.Settings(ctx); st.ShareImage != "" {
		t.Errorf("share image after removing = %q", st.ShareImage)
	}
}

// TestAuthorPickerOffersActiveStaff: the editor's byline choice offers
// active staff and public bylines (an imported author with no password
// yet), never a pending invitation or a suspended account; a form that
// names one anyway is refused. An author the post already has stays
// selectable, so saving does not drop them.
func TestAuthorPickerOffersActiveStaff(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ed := e.as(domain.RoleEditor)
	invitee := &domain.User{Author: domain.Author{Name: "Invited Ivanna"}, Email: "ivanna@example.org", Role: domain.RoleAuthor, Pending: true}
	suspended := &domain.User{Author: domain.Author{Name: "Suspended Stepan"}, Email: "stepan@example.org", Role: domain.RoleAuthor, Suspended: true}
	imported := &domain.User{Author: domain.Author{Name: "Imported Iryna"}, Email: "iryna@example.org", Role: domain.RoleAuthor}
	for _, u := range []*domain.User{invitee, suspended, imported} {
		if err := e.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	option := func(page string, u *domain.User) bool { return strings.Contains(page, `<option value="`+u.ID+`"`) }

	page := ed.get("/newsroom/posts/new")
	if page.StatusCode != 200 {
		t.Fatalf("new post: %d", page.StatusCode)
	}
	if option(page.body, invitee) {
		t.Error("the author picker offers a pending invitation")
	}
	if option(page.body, suspended) {
		t.Error("the author picker offers a suspended account")
	}
	if !option(page.body, imported) || !option(page.body, e.users[domain.RoleAuthor]) {
		t.Error("the author picker leaves out active staff or an imported byline")
	}

	// Naming the invitee by hand is refused and saves nothing.
	v := newPostForm(e.users[domain.RoleEditor], "Under an invitee's byline")
	v["author[]"] = []string{invitee.ID}
	if res := ed.postForm("/newsroom/posts/new", v); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "has not accepted") {
		t.Errorf("saving under a pending invitation: %d %s", res.StatusCode, snippet(res.body))
	}
	if n, _ := e.store.CountPosts(ctx, storage.PostQuery{}); n != 0 {
		t.Errorf("%d posts saved", n)
	}

	// A post that already carries the suspended reporter keeps them.
	p := e.post(suspended, domain.StatusDraft, "Filed before the suspension")
	page = ed.get("/newsroom/posts/" + p.ID)
	if !option(page.body, suspended) {
		t.Error("the editor drops an author the post already has")
	}
	v = newPostForm(suspended, "Filed before the suspension, edited")
	v.Set("updated_at", fmtMS(p.UpdatedAt))
	if res := ed.postForm("/newsroom/posts/"+p.ID, v); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving a post that keeps its suspended author: %d %s", res.StatusCode, snippet(res.body))
	}
}
