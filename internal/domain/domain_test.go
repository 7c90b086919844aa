package domain

import (
	"strings"
	"testing"
	"time"
)

func TestReadingMinutes(t *testing.T) {
	tests := []struct {
		words, images, want int
	}{
		{0, 0, 0},
		{275, 0, 1},
		{550, 0, 2},
		{412, 0, 1}, // 1.498 min rounds down
		{413, 0, 2}, // 1.502 min rounds up
		{500, 1, 2}, // 109 s + 12 s = 121 s
		{0, 10, 1},  // 12+11+...+3 = 75 s
		{0, 12, 1},  // 75 + 3 + 3 = 81 s
		{2750, 0, 10},
	}
	for _, tc := range tests {
		if got := ReadingMinutes(tc.words, tc.images); got != tc.want {
			t.Errorf("ReadingMinutes(%d, %d) = %d, want %d", tc.words, tc.images, got, tc.want)
		}
	}
	if got := ReadingTimeLabel(0); got != "1 min read" {
		t.Errorf("label for 0 = %q", got)
	}
	if got := ReadingTimeLabel(2); got != "2 min read" {
		t.Errorf("label for 2 = %q", got)
	}
	p := Post{WordCount: 500, Image: Image{URL: "/x.jpg"}}
	if got := p.ReadingTime(); got != "2 min read" {
		t.Errorf("post reading time = %q, want 2 min read (lead image counts)", got)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Hello, World!":                     "hello-world",
		"  Flood  warning -- river rises  ": "flood-warning-river-rises",
		"Київ готується до зими":            "kyiv-hotuietsia-do-zymy",
		"Щедрик і Ґанок":                    "shchedryk-i-ganok",
		"Café déjà vu":                      "cafe-deja-vu",
		"<script>alert(1)</script>":         "script-alert-1-script",
		"100% sure":                         "100-sure",
		"":                                  "",
		"!!!":                               "",
		strings.Repeat("long ", 60):         strings.TrimRight(strings.Repeat("long-", 24), "-"),
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !ValidSlug(Slugify(in)) {
			t.Errorf("Slugify(%q) is not a valid slug", in)
		}
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "A", "a b", "a/b", "é"} {
		if ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}

func TestIDs(t *testing.T) {
	id := NewID()
	if !ValidID(id) || len(id) != 24 {
		t.Fatalf("NewID() = %q", id)
	}
	if ValidID("ABCDEFABCDEFABCDEFABCDEF") || ValidID("xyz") {
		t.Fatal("ValidID accepted a malformed id")
	}
	u := NewUUID()
	if len(u) != 36 || u[14] != '4' {
		t.Fatalf("NewUUID() = %q", u)
	}
}

func TestPostValidate(t *testing.T) {
	author := []Author{{ID: NewID(), Name: "A"}}
	p := &Post{Title: "  Київ: новини  ", Authors: author, BodyMD: "x"}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Slug != "kyiv-novyny" || p.Kind != KindArticle || p.Status != StatusDraft || p.Language != "en" {
		t.Fatalf("defaults not filled: %+v", p)
	}
	bad := &Post{Kind: "poem", Status: "gone", Slug: "Bad Slug", Title: "a\x01b",
		Image: Image{URL: "javascript:alert(1)"}, VideoURL: "ftp://x", Language: "e n"}
	err := bad.Validate()
	errs, ok := err.(ValidationErrors)
	if !ok {
		t.Fatalf("Validate() = %T %v, want ValidationErrors", err, err)
	}
	for _, field := range []string{"kind", "status", "slug", "title", "image", "video_url", "authors", "language"} {
		if errs.For(field) == "" {
			t.Errorf("no error for field %q; got %v", field, errs)
		}
	}
	if ErrorCode(err) != EINVALID {
		t.Errorf("ErrorCode = %q", ErrorCode(err))
	}
	search := &Post{Title: "Search", Authors: author}
	if err := search.Validate(); err != nil || search.Slug != "search-news" {
		t.Errorf("title that slugs to a site page: slug %q, err %v", search.Slug, err)
	}
	taken := &Post{Title: "x", Slug: "rss", Authors: author}
	if err := taken.Validate(); err == nil || err.(ValidationErrors).For("slug") == "" {
		t.Errorf("reserved slug accepted: %v", err)
	}
	sched := &Post{Title: "x", Status: StatusScheduled, Authors: author}
	if err := sched.Validate(); err == nil || err.(ValidationErrors).For("published_at") == "" {
		t.Errorf("scheduled without time accepted: %v", err)
	}
	video := &Post{Title: "x", Kind: KindVideo, Authors: author}
	if err := video.Validate(); err == nil {
		t.Error("video without URL accepted")
	}
}

func TestCaptionWithCredit(t *testing.T) {
	im := Image{Caption: "Riverton: the dam at dawn, May 3.", Credit: "Ann Lee / Ledger"}
	if got, want := im.CaptionWithCredit(), "Riverton: the dam at dawn, May 3. (Ann Lee / Ledger)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := (Image{Credit: "X"}).CaptionWithCredit(); got != "(X)" {
		t.Errorf("credit only: %q", got)
	}
}

func TestPostHelpers(t *testing.T) {
	now := time.Now()
	p := &Post{Status: StatusPublished, PublishedAt: now.Add(-time.Hour), UpdatedAt: now,
		Tags: []Tag{{Name: "#internal"}, {Name: "City", Slug: "city"}}}
	if p.PrimaryTag().Slug != "city" {
		t.Errorf("primary tag skips internal tags: %+v", p.PrimaryTag())
	}
	if len(p.PublicTags()) != 1 {
		t.Errorf("public tags: %+v", p.PublicTags())
	}
	if !p.IsPublic(now) || !p.Updated() {
		t.Error("published post should be public and updated")
	}
	p.PublishedAt = now.Add(time.Hour)
	if p.IsPublic(now) {
		t.Error("future post is public")
	}
	p.BreakingUntil = now.Add(time.Minute)
	if !p.IsBreaking(now) || p.IsBreaking(now.Add(2*time.Minute)) {
		t.Error("breaking window wrong")
	}
	if got := Truncate("one two three four five", 12); got != "one two…" {
		t.Errorf("Truncate = %q", got)
	}
}

// TestRoleMatrix walks every role against every action on own and others'
// posts in each status: the rules of Ghost's four roles.
func TestRoleMatrix(t *testing.T) {
	me := Author{ID: "me"}
	other := Author{ID: "other"}
	type key struct {
		role   Role
		action Action
		own    bool
		status Status
	}
	allow := func(k key) bool {
		switch k.role {
		case RoleAdministrator:
			return true
		case RoleEditor:
			return k.action != ActionManageSite && k.action != ActionManageKeys && k.action != ActionPurgePost
		case RoleAuthor:
			switch k.action {
			case ActionCreatePost, ActionCreateTag, ActionBrowseUsers:
				return true
			case ActionEditPost, ActionUploadImage, ActionPublishPost:
				return k.own
			case ActionDeletePost:
				return k.own && k.status == StatusDraft
			}
		case RoleContributor:
			switch k.action {
			case ActionCreatePost, ActionCreateTag, ActionBrowseUsers:
				return true
			case ActionEditPost, ActionUploadImage, ActionDeletePost:
				return k.own && k.status == StatusDraft
			}
		}
		return false
	}
	for _, role := range Roles {
		u := &User{Author: me, Role: role}
		for _, a := range Actions {
			for _, own := range []bool{true, false} {
				for _, st := range []Status{StatusDraft, StatusScheduled, StatusPublished} {
					p := &Post{Status: st, Authors: []Author{other}}
					if own {
						p.Authors = []Author{other, me}
					}
					k := key{role, a, own, st}
					if got, want := Can(u, a, p), allow(k); got != want {
						t.Errorf("Can(%s, %s, own=%v, %s) = %v, want %v", role, a, own, st, got, want)
					}
				}
			}
		}
		u.Suspended = true
		if Can(u, ActionCreatePost, nil) {
			t.Errorf("suspended %s may create posts", role)
		}
	}
	if Can(nil, ActionCreatePost, nil) {
		t.Error("nil user may act")
	}
	ed := &User{Role: RoleEditor}
	if CanManageUser(ed, RoleEditor) || CanManageUser(ed, RoleAdministrator) || !CanManageUser(ed, RoleAuthor) || !CanManageUser(ed, RoleContributor) {
		t.Error("editors manage authors and contributors only")
	}
	if !CanManageUser(&User{Role: RoleAdministrator}, RoleAdministrator) || CanManageUser(&User{Role: RoleAuthor}, RoleContributor) {
		t.Error("administrator/author user management wrong")
	}
}

func TestGatedPostExcerpt(t *testing.T) {
	p := &Post{Plaintext: "Free part.\n\nSecret part.", PublicPlaintext: "Free part.", BodyHTML: "<p>all</p>", PublicHTML: "<p>Free part.</p>"}
	if p.Excerpt() != p.Plaintext || p.Gated() {
		t.Errorf("public post: excerpt %q", p.Excerpt())
	}
	for _, v := range []Visibility{VisibilityMembers, VisibilityPaid, VisibilityTiers} {
		p.Visibility = v
		if html, text := p.PublicBody(); !p.Gated() || html != p.PublicHTML || text != "Free part." || p.Excerpt() != "Free part." {
			t.Errorf("%s: body %q / %q, excerpt %q", v, html, text, p.Excerpt())
		}
		if p.FullExcerpt() != p.Plaintext {
			t.Errorf("%s: staff excerpt %q", v, p.FullExcerpt())
		}
	}
	// Without a marker a gated post has no public body; the standfirst stays.
	p.PublicHTML, p.PublicPlaintext = "", ""
	if html, text := p.PublicBody(); html != "" || text != "" || p.Excerpt() != "" {
		t.Errorf("no marker: %q / %q, excerpt %q", html, text, p.Excerpt())
	}
	p.Standfirst = "The standfirst."
	if p.Excerpt() != "The standfirst." {
		t.Errorf("excerpt %q, want the standfirst", p.Excerpt())
	}
	p.Visibility = "subscribers"
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "Visibility must be") {
		t.Errorf("unknown visibility: %v", err)
	}
}
