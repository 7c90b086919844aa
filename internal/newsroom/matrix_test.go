package newsroom

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// TestRoleMatrix walks every role through every newsroom action over HTTP
// and checks both the answer and what the database holds afterwards. The
// expectations are written out here, not derived from domain.Can, so a
// policy change has to be made in two places on purpose.
func TestRoleMatrix(t *testing.T) {
	const (
		C = domain.RoleContributor
		A = domain.RoleAuthor
		E = domain.RoleEditor
		X = domain.RoleAdministrator
	)
	type fixture struct {
		e    *env
		me   *domain.User
		boss *domain.User // an administrator who owns the "others'" posts
	}
	type action struct {
		name    string
		allowed []domain.Role
		// run performs the action and returns the response plus a check of
		// the stored effect (true when the effect happened).
		run func(f fixture, c *client) (response, func() bool)
	}
	ctx := context.Background()
	stored := func(f fixture, id string) *domain.Post {
		p, err := f.e.store.PostByID(ctx, id)
		if err != nil {
			return nil
		}
		return p
	}
	actions := []action{
		{"create own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/posts/new", newPostForm(f.me, "Mine"))
			return res, func() bool { n, _ := f.e.store.CountPosts(ctx, storageAll()); return n == 1 }
		}},
		{"edit own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			v := newPostForm(f.me, "Mine, edited")
			res := c.postForm("/newsroom/posts/"+p.ID, v)
			return res, func() bool { return stored(f, p.ID).Title == "Mine, edited" }
		}},
		{"edit own published post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine live")
			res := c.postForm("/newsroom/posts/"+p.ID, newPostForm(f.me, "Mine live, edited"))
			return res, func() bool {
				pd, err := f.e.store.PendingOf(ctx, p.ID)
				return err == nil && pd.Title == "Mine live, edited" && stored(f, p.ID).Title == "Mine live"
			}
		}},
		{"update own live post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine live")
			v := newPostForm(f.me, "Mine live, updated")
			v.Set("action", "publish")
			res := c.postForm("/newsroom/posts/"+p.ID, v)
			return res, func() bool { return stored(f, p.ID).Title == "Mine live, updated" }
		}},
		{"preview others' pending version", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.pending(f.boss, "Theirs live")
			return c.get("/newsroom/posts/" + p.ID + "/pending/preview"), func() bool { return true }
		}},
		{"compare others' pending version", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.pending(f.boss, "Theirs live")
			return c.get("/newsroom/posts/" + p.ID + "/pending/diff"), func() bool { return true }
		}},
		{"publish own pending version", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.pending(f.me, "Mine live")
			res := c.postForm("/newsroom/posts/"+p.ID+"/pending/publish", nil)
			return res, func() bool { return stored(f, p.ID).Title == "Mine live, pending" }
		}},
		{"publish others' pending version", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.pending(f.boss, "Theirs live")
			res := c.postForm("/newsroom/posts/"+p.ID+"/pending/publish", nil)
			return res, func() bool { return stored(f, p.ID).Title == "Theirs live, pending" }
		}},
		{"discard others' pending version", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.pending(f.boss, "Theirs live")
			res := c.postForm("/newsroom/posts/"+p.ID+"/pending/discard", nil)
			return res, func() bool { _, err := f.e.store.PendingOf(ctx, p.ID); return err != nil }
		}},
		{"restore a revision of own live post (pending)", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p, rev := f.e.revised(f.me)
			res := c.postForm("/newsroom/posts/"+p.ID+"/revisions/"+rev+"/restore", nil)
			return res, func() bool { pd, err := f.e.store.PendingOf(ctx, p.ID); return err == nil && pd.Title == "First take" }
		}},
		{"restore a revision of own live post and publish now", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p, rev := f.e.revised(f.me)
			res := c.postForm("/newsroom/posts/"+p.ID+"/revisions/"+rev+"/restore", url.Values{"publish_now": {"1"}})
			return res, func() bool { return stored(f, p.ID).Title == "First take" }
		}},
		{"restore a revision of others' live post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p, rev := f.e.revised(f.boss)
			res := c.postForm("/newsroom/posts/"+p.ID+"/revisions/"+rev+"/restore", nil)
			return res, func() bool { _, err := f.e.store.PendingOf(ctx, p.ID); return err == nil }
		}},
		{"trash own published post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine live")
			res := c.postForm("/newsroom/posts/"+p.ID+"/delete", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusTrashed }
		}},
		{"restore own draft from the trash", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.trashed(f.me, domain.StatusDraft, "Mine binned")
			res := c.postForm("/newsroom/posts/"+p.ID+"/restore", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusDraft }
		}},
		{"restore others' post from the trash", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.trashed(f.boss, domain.StatusPublished, "Theirs binned")
			res := c.postForm("/newsroom/posts/"+p.ID+"/restore", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusPublished }
		}},
		{"delete forever", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.trashed(f.me, domain.StatusDraft, "Mine binned")
			res := c.postForm("/newsroom/posts/"+p.ID+"/purge", nil)
			return res, func() bool { return stored(f, p.ID) == nil }
		}},
		{"open the trash", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/trash"), func() bool { return true }
		}},
		{"open own trashed draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.trashed(f.me, domain.StatusDraft, "Mine binned")
			return c.get("/newsroom/posts/" + p.ID), func() bool { return true }
		}},
		{"open others' trashed post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.trashed(f.boss, domain.StatusPublished, "Theirs binned")
			return c.get("/newsroom/posts/" + p.ID), func() bool { return true }
		}},
		{"open others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			return c.get("/newsroom/posts/" + p.ID), func() bool { return true }
		}},
		{"edit others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			v := newPostForm(f.boss, "Theirs, edited")
			res := c.postForm("/newsroom/posts/"+p.ID, v)
			return res, func() bool { return stored(f, p.ID).Title == "Theirs, edited" }
		}},
		{"upload to others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			v := newPostForm(f.boss, "Theirs")
			res := c.postMultipart("/newsroom/posts/"+p.ID, v, "image_file", "a.png", pngBytes(f.e.t))
			return res, func() bool { return stored(f, p.ID).Image.URL != "" }
		}},
		{"upload a picture from the editor to own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postMultipart("/newsroom/media", url.Values{"post": {p.ID}}, "file", "a.png", pngBytes(f.e.t))
			return res, func() bool { return strings.Contains(res.body, `"url":"/content/images/`) }
		}},
		{"upload a picture from the editor to a new post", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postMultipart("/newsroom/media", url.Values{}, "file", "a.png", pngBytes(f.e.t))
			return res, func() bool { return strings.Contains(res.body, `"url":"/content/images/`) }
		}},
		{"upload a picture from the editor to others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			res := c.postMultipart("/newsroom/media", url.Values{"post": {p.ID}}, "file", "a.png", pngBytes(f.e.t))
			return res, func() bool { return strings.Contains(res.body, `"url":"/content/images/`) }
		}},
		{"upload a picture from the editor to own published post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine live")
			res := c.postMultipart("/newsroom/media", url.Values{"post": {p.ID}}, "file", "a.png", pngBytes(f.e.t))
			return res, func() bool { return strings.Contains(res.body, `"url":"/content/images/`) }
		}},
		{"publish own post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/publish", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusPublished }
		}},
		{"publish own post from the editor", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			v := newPostForm(f.me, "Mine")
			v.Set("action", "publish")
			res := c.postForm("/newsroom/posts/new", v)
			return res, func() bool {
				page, _ := f.e.store.ListPosts(ctx, storageAll())
				return len(page.Posts) == 1 && page.Posts[0].Status == domain.StatusPublished
			}
		}},
		{"schedule own post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/schedule", url.Values{"published_at": {time.Now().Add(3 * time.Hour).UTC().Format("2006-01-02T15:04")}})
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusScheduled }
		}},
		{"publish others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/publish", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusPublished }
		}},
		{"unpublish others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusPublished, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/unpublish", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusDraft }
		}},
		{"delete own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/delete", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusTrashed }
		}},
		{"delete others' post", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusPublished, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/delete", nil)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusTrashed }
		}},
		{"see others' revisions", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			return c.get("/newsroom/posts/" + p.ID + "/revisions"), func() bool { return true }
		}},
		{"add a correction", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/corrections", url.Values{"correction_kind": {"correction"}, "correction": {"We misspelled a name."}})
			return res, func() bool { return len(stored(f, p.ID).Corrections) == 1 }
		}},
		{"edit a correction", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine")
			cr := &domain.Correction{PostID: p.ID, Kind: "correction", Body: "We mispelled a name."}
			f.e.store.AddCorrection(ctx, cr)
			res := c.postForm("/newsroom/posts/"+p.ID+"/corrections/"+cr.ID, url.Values{"correction_kind": {"correction"}, "correction": {"We misspelled a name."}})
			return res, func() bool { return stored(f, p.ID).Corrections[0].Body == "We misspelled a name." }
		}},
		{"retract a correction", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine")
			cr := &domain.Correction{PostID: p.ID, Kind: "correction", Body: "A note in error."}
			f.e.store.AddCorrection(ctx, cr)
			res := c.postForm("/newsroom/posts/"+p.ID+"/corrections/"+cr.ID+"/retract", nil)
			return res, func() bool { return stored(f, p.ID).Corrections[0].Retracted() }
		}},
		{"pin breaking", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/breaking", url.Values{"hours": {"3"}})
			return res, func() bool { return stored(f, p.ID).IsBreaking(time.Now()) }
		}},
		{"browse staff", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/users"), func() bool { return true }
		}},
		{"invite an author", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/users/invite", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"author"}})
			return res, func() bool { _, err := f.e.store.UserByEmail(ctx, "new@example.org"); return err == nil }
		}},
		{"invite a contributor", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/users/invite", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"contributor"}})
			return res, func() bool { _, err := f.e.store.UserByEmail(ctx, "new@example.org"); return err == nil }
		}},
		{"invite an editor", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/users/invite", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"editor"}})
			return res, func() bool { _, err := f.e.store.UserByEmail(ctx, "new@example.org"); return err == nil }
		}},
		{"invite an administrator", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/users/invite", url.Values{"email": {"new@example.org"}, "name": {"New Person"}, "role": {"administrator"}})
			return res, func() bool { _, err := f.e.store.UserByEmail(ctx, "new@example.org"); return err == nil }
		}},
		{"suspend an author", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			target := f.e.users[A]
			if f.me.ID == target.ID {
				target = f.e.extra(A)
			}
			res := c.postForm("/newsroom/users/"+target.ID, url.Values{"suspended": {"1"}})
			return res, func() bool { u, _ := f.e.store.UserByID(ctx, target.ID); return u.Suspended }
		}},
		{"promote an author to editor", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			target := f.e.extra(A)
			res := c.postForm("/newsroom/users/"+target.ID, url.Values{"role": {"editor"}})
			return res, func() bool { u, _ := f.e.store.UserByID(ctx, target.ID); return u.Role == domain.RoleEditor }
		}},
		{"demote an editor", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			target := f.e.extra(E)
			res := c.postForm("/newsroom/users/"+target.ID, url.Values{"role": {"author"}})
			return res, func() bool { u, _ := f.e.store.UserByID(ctx, target.ID); return u.Role == domain.RoleAuthor }
		}},
		{"rename a tag", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			tg := &domain.Tag{Name: "Polticss"}
			f.e.store.CreateTag(ctx, tg)
			res := c.postForm("/newsroom/tags/"+tg.ID, url.Values{"name": {"Politics"}, "slug": {"politics"}})
			return res, func() bool { got, _ := f.e.store.TagByID(ctx, tg.ID); return got.Name == "Politics" }
		}},
		{"delete a tag", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			tg := &domain.Tag{Name: "Typo"}
			f.e.store.CreateTag(ctx, tg)
			res := c.postForm("/newsroom/tags/"+tg.ID+"/delete", nil)
			return res, func() bool { _, err := f.e.store.TagByID(ctx, tg.ID); return err != nil }
		}},
		{"merge tags", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			from, into := &domain.Tag{Name: "Merge me " + domain.NewID()}, &domain.Tag{Name: "Keep me " + domain.NewID()}
			f.e.store.CreateTag(ctx, from)
			f.e.store.CreateTag(ctx, into)
			res := c.postForm("/newsroom/tags/"+from.ID+"/merge", url.Values{"into": {into.Name}})
			return res, func() bool { _, err := f.e.store.TagByID(ctx, from.ID); return err != nil }
		}},
		{"open tags", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/tags"), func() bool { return true }
		}},
		{"open notifications", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			f.e.notice(f.me)
			res := c.get("/newsroom/notifications")
			return res, func() bool { return strings.Contains(res.body, "asked for a review of") }
		}},
		{"open own notification", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			id := f.e.notice(f.me)
			res := c.get("/newsroom/notifications/" + id)
			return res, func() bool {
				n, _ := f.e.store.UnreadNotifications(ctx, f.me.ID)
				return n == 0 && res.Header.Get("Location") == "/newsroom/posts/p1"
			}
		}},
		{"mark all notifications read", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			f.e.notice(f.me)
			f.e.notice(f.me)
			res := c.postForm("/newsroom/notifications/read", nil)
			return res, func() bool { n, _ := f.e.store.UnreadNotifications(ctx, f.me.ID); return n == 0 }
		}},
		{"open the newsroom event stream", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			req, _ := http.NewRequestWithContext(rctx, "GET", c.e.srv.URL+"/newsroom/events", nil)
			res, err := c.hc.Do(req)
			if err != nil {
				c.e.t.Fatal(err)
			}
			defer res.Body.Close()
			buf := make([]byte, 64)
			k, _ := io.ReadAtLeast(res.Body, buf, 7)
			return response{res, string(buf[:k])}, func() bool { return strings.HasPrefix(string(buf[:k]), "retry:") }
		}},
		{"open email settings", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/settings/email"), func() bool { return true }
		}},
		{"change email settings", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/settings/email", url.Values{"smtp_host": {"smtp.example.org"}, "smtp_port": {"587"},
				"smtp_security": {"starttls"}, "smtp_from": {"desk@example.org"}, "smtp_username": {"desk"}, "smtp_password": {"pw"}})
			return res, func() bool {
				m, _ := f.e.store.MailSettings(ctx)
				return m.Host == "smtp.example.org" && m.Password == "pw"
			}
		}},
		{"open settings", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/settings"), func() bool { return true }
		}},
		{"change settings", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/settings", url.Values{"site_title": {"The Daily Test"}, "language": {"en"}, "timezone": {"Europe/Kyiv"}, "accent": {"#c8102e"}})
			return res, func() bool { s, _ := f.e.store.Settings(ctx); return s.Title == "The Daily Test" }
		}},
		{"open pages", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/pages"), func() bool { return true }
		}},
		{"create own page", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			v := newPostForm(f.me, "About us")
			v.Set("type", "page")
			res := c.postForm("/newsroom/posts/new", v)
			return res, func() bool {
				n, _ := f.e.store.CountPosts(ctx, storage.PostQuery{Type: domain.TypePage})
				return n == 1
			}
		}},
		{"edit menus", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/settings/navigation", url.Values{"primary-0-label": {"About"}, "primary-0-url": {"/about/"}})
			return res, func() bool { s, _ := f.e.store.Settings(ctx); return len(s.Navigation) == 1 }
		}},
		{"open redirects", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/redirects"), func() bool { return true }
		}},
		{"add a redirect", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/redirects", url.Values{"from": {"/old/"}, "to": {"/new/"}})
			return res, func() bool { n, _, _ := f.e.store.CountRedirects(ctx); return n == 1 }
		}},
		{"delete a redirect", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			r := &domain.Redirect{From: "/old/", To: "/new/"}
			f.e.store.AddRedirect(ctx, r)
			res := c.postForm("/newsroom/redirects/"+r.ID+"/delete", nil)
			return res, func() bool { n, _, _ := f.e.store.CountRedirects(ctx); return n == 0 }
		}},
		{"upload redirects", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postMultipart("/newsroom/redirects/upload", url.Values{}, "file", "redirects.json", []byte(`[{"from":"/a/","to":"/b/"}]`))
			return res, func() bool { n, _, _ := f.e.store.CountRedirects(ctx); return n == 1 }
		}},
		{"download redirects", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/redirects/download"), func() bool { return true }
		}},
		// The live desk: anyone on staff writes entries (a Contributor's
		// become drafts), Authors publish their own, Editors run the blog.
		{"open a live desk", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			return c.get("/newsroom/posts/" + p.ID + "/live"), func() bool { return true }
		}},
		{"write a live entry", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries", url.Values{"body": {"Water at 4 m."}, "action": {"draft"}})
			return res, func() bool { return len(f.e.entries(p, false)) == 1 }
		}},
		{"write a live entry with an image", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			res := c.postMultipart("/newsroom/posts/"+p.ID+"/live/entries", url.Values{"body": {"Water at 4 m."}, "image_alt": {"The quay"}, "action": {"draft"}},
				"image_file", "a.png", pngBytes(f.e.t))
			return res, func() bool {
				es := f.e.entries(p, false)
				return len(es) == 1 && strings.Contains(es[0].BodyHTML, "<img")
			}
		}},
		{"publish a live entry at once", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries", url.Values{"body": {"Water at 4 m."}, "action": {"publish"}})
			return res, func() bool { return len(f.e.entries(p, false)) == 1 }
		}},
		{"publish own drafted entry", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.me, domain.EntryDraft)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/publish", nil)
			return res, func() bool { return len(f.e.entries(p, true)) == 1 }
		}},
		{"publish others' drafted entry", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryDraft)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/publish", nil)
			return res, func() bool { return len(f.e.entries(p, true)) == 1 }
		}},
		{"open own entry's edit form", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.me, domain.EntryDraft)
			return c.get("/newsroom/posts/" + p.ID + "/live/entries/" + en.ID), func() bool { return true }
		}},
		{"edit own draft entry", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.me, domain.EntryDraft)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID, url.Values{"body": {"Fixed."}})
			return res, func() bool { got, _ := f.e.store.Entry(ctx, p.ID, en.ID); return got.BodyMD == "Fixed." }
		}},
		{"edit own published entry", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.me, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID, url.Values{"body": {"Fixed."}})
			return res, func() bool { got, _ := f.e.store.Entry(ctx, p.ID, en.ID); return got.BodyMD == "Fixed." }
		}},
		{"open others' entry's edit form", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			return c.get("/newsroom/posts/" + p.ID + "/live/entries/" + en.ID), func() bool { return true }
		}},
		{"edit others' entry", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID, url.Values{"body": {"Fixed."}})
			return res, func() bool { got, _ := f.e.store.Entry(ctx, p.ID, en.ID); return got.BodyMD == "Fixed." }
		}},
		{"delete others' entry", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/delete", nil)
			return res, func() bool { _, err := f.e.store.Entry(ctx, p.ID, en.ID); return err != nil }
		}},
		{"flag others' entry as a key event", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/key", nil)
			return res, func() bool { got, _ := f.e.store.Entry(ctx, p.ID, en.ID); return got.KeyEvent }
		}},
		{"pin an entry of others' blog", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/pin", nil)
			return res, func() bool { b, _ := f.e.store.LiveBlog(ctx, p.ID); return b.PinnedEntryID == en.ID }
		}},
		{"pin an entry of own blog", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.me)
			en := f.e.entry(p, f.boss, domain.EntryPublished)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/entries/"+en.ID+"/pin", nil)
			return res, func() bool { b, _ := f.e.store.LiveBlog(ctx, p.ID); return b.PinnedEntryID == en.ID }
		}},
		{"change others' key points and status", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.liveBlog(f.boss)
			res := c.postForm("/newsroom/posts/"+p.ID+"/live/blog", url.Values{"key_points": {"One\nTwo"}, "status": {"ended"}})
			return res, func() bool { b, _ := f.e.store.LiveBlog(ctx, p.ID); return b.Ended() && len(b.KeyPoints) == 2 }
		}},
		{"add a note to own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"Check the dam's height"}, "passage": {"Body of"}})
			return res, func() bool { l, _ := f.e.store.NotesOf(ctx, p.ID); return len(l) == 1 && l[0].Passage == "Body of" }
		}},
		{"add a note to own published post", []domain.Role{A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusPublished, "Mine live")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"Update the toll?"}})
			return res, func() bool { l, _ := f.e.store.NotesOf(ctx, p.ID); return len(l) == 1 }
		}},
		{"add a note to others' draft", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"Nosy"}})
			return res, func() bool { l, _ := f.e.store.NotesOf(ctx, p.ID); return len(l) == 1 }
		}},
		{"read notes on others' draft", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			f.e.note(p, f.boss, "", "Embargoed until Friday")
			res := c.get("/newsroom/posts/" + p.ID)
			return res, func() bool { return strings.Contains(res.body, "Embargoed until Friday") }
		}},
		{"reply to others' note on own draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			root := f.e.note(p, f.boss, "", "Source?")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes", url.Values{"note": {"The port authority."}, "parent": {root.ID}})
			// Both notes can share a millisecond, so find the reply by its text rather than its place.
			return res, func() bool {
				l, _ := f.e.store.NotesOf(ctx, p.ID)
				for _, n := range l {
					if n.Body == "The port authority." {
						return len(l) == 2 && n.ParentID == root.ID
					}
				}
				return false
			}
		}},
		{"edit own note", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.me, "", "Typo")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID, url.Values{"note": {"Typo fixed"}})
			return res, func() bool { got, _ := f.e.store.NoteByID(ctx, n.ID); return got.Body == "Typo fixed" }
		}},
		{"edit others' note", nil, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.boss, "", "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID, url.Values{"note": {"Mine now"}})
			return res, func() bool { got, _ := f.e.store.NoteByID(ctx, n.ID); return got.Body == "Mine now" }
		}},
		{"delete own note", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.me, "", "Never mind")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID+"/delete", nil)
			return res, func() bool { _, err := f.e.store.NoteByID(ctx, n.ID); return err != nil }
		}},
		{"delete others' note", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.boss, "", "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID+"/delete", nil)
			return res, func() bool { _, err := f.e.store.NoteByID(ctx, n.ID); return err != nil }
		}},
		{"resolve own thread", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.me, "", "Done?")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID+"/resolve", nil)
			return res, func() bool { got, _ := f.e.store.NoteByID(ctx, n.ID); return got.Resolved() }
		}},
		{"resolve others' thread", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.boss, "", "Fix the lede")
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID+"/resolve", nil)
			return res, func() bool { got, _ := f.e.store.NoteByID(ctx, n.ID); return got.Resolved() }
		}},
		{"reopen others' thread", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			n := f.e.note(p, f.boss, "", "Fix the lede")
			f.e.store.ResolveNote(ctx, n.ID, f.boss.ID, time.Now())
			res := c.postForm("/newsroom/posts/"+p.ID+"/notes/"+n.ID+"/reopen", nil)
			return res, func() bool { got, _ := f.e.store.NoteByID(ctx, n.ID); return !got.Resolved() }
		}},
		// The review workflow (review.go).
		{"open the review queue", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			f.e.submitted(f.boss, "Waiting")
			return c.get("/newsroom/review"), func() bool { return true }
		}},
		{"submit own draft for review", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/submit", nil)
			return res, func() bool { return f.e.reviewState(p.ID) == storage.ReviewSubmitted }
		}},
		{"save and submit own draft from the editor", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			v := newPostForm(f.me, "Mine, ready")
			v.Set("action", "submit")
			res := c.postForm("/newsroom/posts/"+p.ID, v)
			return res, func() bool {
				return f.e.reviewState(p.ID) == storage.ReviewSubmitted && stored(f, p.ID).Title == "Mine, ready"
			}
		}},
		{"submit others' draft for review", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.post(f.boss, domain.StatusDraft, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/submit", nil)
			return res, func() bool { return f.e.reviewState(p.ID) == storage.ReviewSubmitted }
		}},
		{"withdraw own submission", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.me, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/withdraw", nil)
			return res, func() bool { return f.e.reviewState(p.ID) == "" }
		}},
		{"withdraw others' submission", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.boss, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/withdraw", nil)
			return res, func() bool { return f.e.reviewState(p.ID) == "" }
		}},
		{"send back a submission", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.boss, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/sendback", url.Values{"note": {"Check the figures."}})
			return res, func() bool { return f.e.reviewState(p.ID) == storage.ReviewSentBack }
		}},
		{"send back own submission", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.me, "Mine")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/sendback", url.Values{"note": {"Check the figures."}})
			return res, func() bool { return f.e.reviewState(p.ID) == storage.ReviewSentBack }
		}},
		{"approve a submission now", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.boss, "Theirs")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/approve", url.Values{"when": {"now"}})
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusPublished && f.e.reviewState(p.ID) == "" }
		}},
		{"approve own submission for later", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.submitted(f.me, "Mine")
			at := time.Now().Add(48 * time.Hour).UTC().Format("2006-01-02T15:04")
			res := c.postForm("/newsroom/posts/"+p.ID+"/review/approve", url.Values{"when": {"schedule"}, "published_at": {at}})
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusScheduled && f.e.reviewState(p.ID) == "" }
		}},
		{"publish own draft when Authors need review", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			f.e.requireReview()
			p := f.e.post(f.me, domain.StatusDraft, "Mine")
			v := newPostForm(f.me, "Mine")
			v.Set("action", "publish")
			res := c.postForm("/newsroom/posts/"+p.ID, v)
			return res, func() bool { return stored(f, p.ID).Status == domain.StatusPublished }
		}},
		{"require review for Authors in settings", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/settings", url.Values{"site_title": {"News"}, "language": {"en"}, "timezone": {"UTC"},
				"accent": {"#c8102e"}, "review_authors": {"1"}})
			return res, func() bool { st, _ := f.e.store.Settings(ctx); return st.ReviewAuthors }
		}},
		// Assignments: everyone sees their own; the desk (Editors and up)
		// commissions, changes and cancels them.
		{"open my assignments", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.me, "Mine to write")
			res := c.get("/newsroom/assignments")
			return res, func() bool { return strings.Contains(res.body, p.Title) }
		}},
		{"open the new assignment form", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/assignments/new"), func() bool { return true }
		}},
		{"assign a story", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/assignments", url.Values{"title": {"Tram depot fire"}, "kind": {"article"},
				"assignee": {f.e.users[A].ID}, "deadline": {time.Now().Add(5 * time.Hour).UTC().Format("2006-01-02T15:04")}, "brief": {"Go."}})
			return res, func() bool { n, _ := f.e.store.CountAssignments(ctx, storage.AssignmentQuery{}); return n == 1 }
		}},
		{"open an assignment's change form", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.e.users[A], "Theirs to write")
			return c.get("/newsroom/assignments/" + p.ID), func() bool { return true }
		}},
		{"change own assignment's brief", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.me, "Mine to write")
			a, _ := f.e.store.AssignmentOf(ctx, p.ID)
			res := c.postForm("/newsroom/assignments/"+p.ID, url.Values{"assignee": {f.me.ID}, "deadline": {a.Deadline.UTC().Format("2006-01-02T15:04")}, "brief": {"New brief."}})
			return res, func() bool { a, _ := f.e.store.AssignmentOf(ctx, p.ID); return a.Brief == "New brief." }
		}},
		{"reassign a story", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.e.users[C], "Theirs to write")
			to := f.e.extra(A)
			res := c.postForm("/newsroom/assignments/"+p.ID, url.Values{"assignee": {to.ID}, "deadline": {time.Now().Add(5 * time.Hour).UTC().Format("2006-01-02T15:04")}})
			return res, func() bool { a, _ := f.e.store.AssignmentOf(ctx, p.ID); return a.AssigneeID == to.ID }
		}},
		{"cancel own assignment", []domain.Role{E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.me, "Mine to write")
			res := c.postForm("/newsroom/assignments/"+p.ID+"/cancel", nil)
			return res, func() bool { _, err := f.e.store.AssignmentOf(ctx, p.ID); return err != nil }
		}},
		{"open own assigned draft", []domain.Role{C, A, E, X}, func(f fixture, c *client) (response, func() bool) {
			p := f.e.assigned(f.boss, f.me, "Mine to write")
			res := c.get("/newsroom/posts/" + p.ID)
			return res, func() bool { return strings.Contains(res.body, `class="assignbar`) }
		}},
		{"open integrations", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			return c.get("/newsroom/integrations"), func() bool { return true }
		}},
		{"add an integration", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			res := c.postForm("/newsroom/integrations", url.Values{"name": {"Bot"}})
			if res.StatusCode == http.StatusCreated {
				res.StatusCode = http.StatusOK // keys are shown on the page that made them
			}
			return res, func() bool { l, _ := f.e.store.ListIntegrations(ctx); return len(l) == 1 }
		}},
		{"revoke an integration", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			in := f.e.integration()
			res := c.postForm("/newsroom/integrations/"+in.ID+"/revoke", nil)
			return res, func() bool { got, _ := f.e.store.IntegrationByAdminKeyID(ctx, in.AdminKeyID); return got.Revoked() }
		}},
		{"add a webhook", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			in := f.e.integration()
			res := c.postForm("/newsroom/integrations/"+in.ID+"/webhooks", url.Values{"event": {"post.published"}, "target_url": {"https://hooks.example.org/x"}})
			return res, func() bool { l, _ := f.e.store.ListWebhooks(ctx, in.ID); return len(l) == 1 }
		}},
		{"open webhook deliveries", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			h, _ := f.e.webhook()
			return c.get("/newsroom/webhooks/" + h.ID), func() bool { return true }
		}},
		{"send a delivery again", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			h, d := f.e.webhook()
			res := c.postForm("/newsroom/webhooks/"+h.ID+"/deliveries/"+d.ID+"/retry", nil)
			return res, func() bool { got, _ := f.e.store.DeliveryByID(ctx, d.ID); return got.Status == storage.DeliveryPending }
		}},
		{"delete a webhook", []domain.Role{X}, func(f fixture, c *client) (response, func() bool) {
			h, _ := f.e.webhook()
			res := c.postForm("/newsroom/webhooks/"+h.ID+"/delete", nil)
			return res, func() bool { _, err := f.e.store.WebhookByID(ctx, h.ID); return err != nil }
		}},
	}
	for _, act := range actions {
		for _, role := range domain.Roles {
			allowed := false
			for _, r := range act.allowed {
				allowed = allowed || r == role
			}
			t.Run(act.name+"/"+string(role), func(t *testing.T) {
				e := newEnv(t)
				f := fixture{e: e, me: e.users[role], boss: e.extra(X)}
				c := e.as(role)
				res, happened := act.run(f, c)
				ok := res.StatusCode == http.StatusOK || res.StatusCode == http.StatusSeeOther
				switch {
				case allowed && !ok:
					t.Fatalf("allowed, but got %d: %s", res.StatusCode, snippet(res.body))
				case allowed && !happened():
					t.Fatalf("answered %d but the change is not in the database", res.StatusCode)
				case !allowed && res.StatusCode != http.StatusForbidden:
					t.Fatalf("refused expected (403), got %d: %s", res.StatusCode, snippet(res.body))
				case !allowed && happened() && res.Request.Method == http.MethodPost:
					t.Fatal("refused with 403 but the change was saved")
				}
			})
		}
	}
}

// pending creates a published post by u with a pending version titled
// title + ", pending", saved by an administrator.
func (e *env) pending(u *domain.User, title string) *domain.Post {
	e.t.Helper()
	p := e.post(u, domain.StatusPublished, title)
	ed := *p
	ed.Title = title + ", pending"
	boss := e.extra(domain.RoleAdministrator)
	if _, err := e.nr.Publisher.SavePending(context.Background(), publish.Actor{User: boss}, p, &ed, publish.PendingOptions{}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// revised creates a live post by u, saved twice through the publisher
// ("First take", then "Second take"), and returns it with the id of its
// first revision.
func (e *env) revised(u *domain.User) (*domain.Post, string) {
	e.t.Helper()
	ctx := context.Background()
	boss := publish.Actor{User: e.extra(domain.RoleAdministrator)}
	p := &domain.Post{Title: "First take", BodyMD: "One.", Authors: []domain.Author{u.Author}}
	if err := e.nr.Publisher.Create(ctx, boss, p, publish.Options{Action: publish.Publish}); err != nil {
		e.t.Fatal(err)
	}
	cp := *p
	cp.Title = "Second take"
	if err := e.nr.Publisher.Update(ctx, boss, p, &cp, publish.Options{}); err != nil {
		e.t.Fatal(err)
	}
	revs, _ := e.store.ListRevisions(ctx, p.ID, 10)
	return &cp, revs[len(revs)-1].ID
}

// trashed creates a post by u with the status and puts it in the trash.
func (e *env) trashed(u *domain.User, st domain.Status, title string) *domain.Post {
	e.t.Helper()
	p := e.post(u, st, title)
	if err := e.store.TrashPost(context.Background(), &storage.Trash{PostID: p.ID}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// note adds a note by u to p (a reply when parent is set).
func (e *env) note(p *domain.Post, u *domain.User, parent, body string) *domain.Note {
	e.t.Helper()
	n := &domain.Note{PostID: p.ID, ParentID: parent, AuthorID: u.ID, Body: body}
	if err := e.store.AddNote(context.Background(), n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// assigned makes an assignment by editor for reporter, due in a day,
// through the publishing service.
func (e *env) assigned(editor, reporter *domain.User, title string) *domain.Post {
	e.t.Helper()
	p := &domain.Post{Title: title}
	a := &storage.Assignment{AssigneeID: reporter.ID, Deadline: time.Now().Add(24 * time.Hour), Brief: "Brief of " + title}
	if err := e.nr.Publisher.Assign(context.Background(), publish.Actor{User: editor}, p, a); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// extra creates another user with the role (a target that is not "me").
func (e *env) extra(role domain.Role) *domain.User {
	e.t.Helper()
	u := &domain.User{Author: domain.Author{Name: "Other " + title(string(role)) + " " + domain.NewID()[:4]}, Email: domain.NewID()[:8] + "@example.org",
		Role: role, PasswordHash: hashOnce()}
	if err := e.store.CreateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// integration creates an API integration.
func (e *env) integration() *domain.Integration {
	e.t.Helper()
	in, _ := domain.NewIntegration("Hooks "+domain.NewID()[:4], "")
	if err := e.store.CreateIntegration(context.Background(), in); err != nil {
		e.t.Fatal(err)
	}
	return in
}

// webhook creates a webhook with one delivery, given up after a failure.
func (e *env) webhook() (*storage.Webhook, *storage.Delivery) {
	e.t.Helper()
	ctx := context.Background()
	h := &storage.Webhook{IntegrationID: e.integration().ID, Event: "site.changed", TargetURL: "https://hooks.example.org/x"}
	if err := e.store.CreateWebhook(ctx, h); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Enqueue(ctx, []*storage.OutboxEvent{{Event: "site.changed", Key: "site", Payload: []byte("{}")}}); err != nil {
		e.t.Fatal(err)
	}
	ds, err := e.store.ListDeliveries(ctx, h.ID, 1)
	if err != nil || len(ds) != 1 {
		e.t.Fatalf("deliveries: %v %v", ds, err)
	}
	now := time.Now()
	if _, err := e.store.RecordAttempt(ctx, ds[0], storage.Attempt{At: now, Code: 500, Status: storage.DeliveryFailed}, "x", now); err != nil {
		e.t.Fatal(err)
	}
	return h, ds[0]
}

// notice stores an unread review request for u and returns its id.
func (e *env) notice(u *domain.User) string {
	e.t.Helper()
	n := &domain.Notification{UserID: u.ID, Kind: "review.requested", ActorID: e.extra(domain.RoleAuthor).ID,
		PostID: "p1", PostTitle: "Bridge closed", Path: "/newsroom/posts/p1"}
	if err := e.store.AddNotifications(context.Background(), []*domain.Notification{n}); err != nil {
		e.t.Fatal(err)
	}
	return n.ID
}
