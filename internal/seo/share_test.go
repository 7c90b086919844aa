package seo

import (
	"testing"

	"newsdesk/internal/domain"
)

// TestShareImageFallbacks: a page without a picture of its own still gives
// social cards one: a YouTube video's still, else the site's default share
// image, else its logo.
func TestShareImageFallbacks(t *testing.T) {
	noLogo := site()
	noLogo.Settings.Logo = ""
	withDefault := site()
	withDefault.Settings.ShareImage = "/content/images/share.jpg"
	for _, tc := range []struct {
		name     string
		site     Site
		video    string
		want     string
		wantSize [2]string
	}{
		{"youtube video, no logo", noLogo, "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", [2]string{"480", "360"}},
		{"short youtube link", noLogo, "https://youtu.be/dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", [2]string{"480", "360"}},
		{"vimeo video, default image", withDefault, "https://vimeo.com/123456", base + "/content/images/share.jpg", [2]string{}},
		{"video file, logo only", site(), "/content/media/bridge.mp4", base + "/content/images/logo.png", [2]string{}},
	} {
		p := article(domain.KindVideo)
		p.Image = domain.Image{}
		p.VideoURL = tc.video
		h := parse(t, string(Head(tc.site, Page{Path: "/rescuers/", Post: p})))
		if got := h.one(t, "og:image"); got != tc.want {
			t.Errorf("%s: og:image %q, want %q", tc.name, got, tc.want)
		}
		if got := h.one(t, "twitter:image"); got != tc.want {
			t.Errorf("%s: twitter:image %q, want %q", tc.name, got, tc.want)
		}
		if tc.wantSize[0] != "" && (h.one(t, "og:image:width") != tc.wantSize[0] || h.one(t, "og:image:height") != tc.wantSize[1]) {
			t.Errorf("%s: image size %v", tc.name, h.meta)
		}
		v := h.ld(t, "VideoObject")
		if th, _ := v["thumbnailUrl"].([]any); len(th) != 1 || th[0] != tc.want {
			t.Errorf("%s: VideoObject thumbnailUrl %v", tc.name, v["thumbnailUrl"])
		}
	}

	// Articles and other pages without a picture share the default image
	// before the logo; a page's own picture comes first.
	p := article(domain.KindArticle)
	p.Image = domain.Image{}
	if got := parse(t, string(Head(withDefault, Page{Path: "/rescuers/", Post: p}))).one(t, "og:image"); got != base+"/content/images/share.jpg" {
		t.Errorf("article without a picture: og:image %q", got)
	}
	if got := parse(t, string(Head(withDefault, Page{Path: "/"}))).one(t, "og:image"); got != base+"/content/images/share.jpg" {
		t.Errorf("home page: og:image %q", got)
	}
	if got := parse(t, string(Head(withDefault, Page{Path: "/rescuers/", Post: article(domain.KindVideo)}))).one(t, "og:image"); got != base+"/content/images/square.jpg" {
		t.Errorf("video with its own picture: og:image %q", got)
	}

	// Nothing to show: no empty image tags.
	p = article(domain.KindVideo)
	p.Image, p.VideoURL = domain.Image{}, "https://vimeo.com/123456"
	h := parse(t, string(Head(noLogo, Page{Path: "/rescuers/", Post: p})))
	if len(h.meta["og:image"]) != 0 || h.ld(t, "VideoObject")["thumbnailUrl"] != nil {
		t.Errorf("empty image emitted: %v", h.meta["og:image"])
	}
}
