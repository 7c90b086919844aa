package newsroom

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"newsdesk/internal/domain"
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
