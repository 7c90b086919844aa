package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestCardForms(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"figure with caption and credit",
			"![Rescuers](/content/images/a.jpg)\n*Kyiv: rescuers at work, March 3. (Jane Doe / [Agency](https://agency.example))*",
			[]string{`<figure class="figure"><img src="/content/images/a.jpg" alt="Rescuers"><figcaption>Kyiv: rescuers at work, March 3. <span class="credit">(Jane Doe / <a href="https://agency.example">Agency</a>)</span></figcaption></figure>`},
			nil},
		{"caption without credit", "![A](/a.jpg)\n*Just a caption.*",
			[]string{`<figcaption>Just a caption.</figcaption>`}, []string{"credit"}},
		{"credit with nested parentheses", "![A](/a.jpg)\n*The bridge (old) at night (Ann (AP))*",
			[]string{`The bridge (old) at night <span class="credit">(Ann (AP))</span>`}, nil},
		{"lone image", "![A](/a.jpg)", []string{`<figure class="figure"><img src="/a.jpg" alt="A"></figure>`}, nil},
		{"linked image", "[![A](/a.jpg)](https://example.org/)", []string{`<figure class="figure"><a href="https://example.org/"><img src="/a.jpg" alt="A"></a></figure>`}, nil},
		{"image in a sentence stays inline", "See ![A](/a.jpg) here", []string{`<p>See <img src="/a.jpg" alt="A"> here</p>`}, []string{"<figure"}},
		{"gallery", "![A](/a.jpg)\n![B](/b.jpg) ![C](/c.jpg)\n*Three. (Roe)*",
			[]string{`<figure class="gallery"><div class="gallery-grid"><img src="/a.jpg" alt="A"><img src="/b.jpg" alt="B"><img src="/c.jpg" alt="C"></div><figcaption>Three. <span class="credit">(Roe)</span></figcaption></figure>`}, nil},
		{"gallery without caption", "![A](/a.jpg)\n![B](/b.jpg)", []string{`<div class="gallery-grid"><img src="/a.jpg" alt="A"><img src="/b.jpg" alt="B"></div></figure>`}, nil},
		{"youtube facade", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n*The address.*",
			// Balancing parses the HTML, and x/net/html sorts the attributes
			// of formatting elements such as <a>.
			[]string{`<figure class="embed embed-video"><a class="facade" data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" data-title="YouTube video" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">`, `<figcaption>The address.</figcaption></figure>`},
			[]string{"<iframe"}},
		{"vimeo facade", "https://vimeo.com/76979871", []string{`data-embed="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1"`}, nil},
		{"x facade", "https://x.com/courier/status/1234567890", []string{`data-embed="https://platform.twitter.com/embed/Tweet.html?id=1234567890&amp;dnt=true"`, "Show the X post"}, nil},
		{"twitter facade", "<https://twitter.com/courier/status/99>", []string{`data-embed="https://platform.twitter.com/embed/Tweet.html?id=99&amp;dnt=true"`}, nil},
		{"instagram facade", "https://www.instagram.com/p/C4abcdEFGhi/", []string{`data-embed="https://www.instagram.com/p/C4abcdEFGhi/embed/"`}, nil},
		{"telegram facade", "https://t.me/rivertoncourier/512", []string{`data-embed="https://t.me/rivertoncourier/512?embed=1"`}, nil},
		{"facebook post facade", "https://www.facebook.com/rivertoncourier/posts/pfbid02abcDEF",
			[]string{`data-embed="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Frivertoncourier%2Fposts%2Fpfbid02abcDEF"`, "Show the Facebook post"}, nil},
		{"facebook video facade", "https://www.facebook.com/watch/?v=1234567890", []string{`data-embed="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890"`, "Play the Facebook video"}, nil},
		{"facebook profile is a link", "https://www.facebook.com/rivertoncourier", []string{`<p><a href="https://www.facebook.com/rivertoncourier">`}, []string{"facade"}},
		{"video file", "/content/media/a.mp4", []string{"<p>/content/media/a.mp4</p>"}, []string{"<video"}}, // not a URL: stays text
		{"site video as a link alone", "[flood.mp4](/content/media/2026/03/flood.mp4)\n*From the air.*",
			[]string{`<figure class="embed"><video controls="" preload="metadata" src="/content/media/2026/03/flood.mp4">`, "<figcaption>From the air.</figcaption>"}, nil},
		{"site audio as a link alone", "[talk.mp3](/content/media/talk.mp3)", []string{`<audio controls="" preload="metadata" src="/content/media/talk.mp3">`}, nil},
		{"site link in a sentence stays a link", "Hear [the talk](/content/media/talk.mp3) now", []string{`<a href="/content/media/talk.mp3">the talk</a>`}, []string{"<audio"}},
		{"other host's file as a link stays a link", "[clip](//cdn.example.org/clip.mp4)", []string{`<a href="//cdn.example.org/clip.mp4">clip</a>`}, []string{"<video"}},
		{"site page as a link alone stays a link", "[about](/about/)", []string{`<p><a href="/about/">about</a></p>`}, []string{"<figure"}},
		{"remote video file", "https://cdn.example.org/clip.webm", []string{`<video controls="" preload="none" src="https://cdn.example.org/clip.webm">`}, nil},
		{"audio file", "https://cdn.example.org/talk.mp3\n*The talk*", []string{`<audio controls="" preload="none" src="https://cdn.example.org/talk.mp3">`, "<figcaption>The talk</figcaption>"}, nil},
		{"other URL stays a link", "https://example.org/page", []string{`<p><a href="https://example.org/page">https://example.org/page</a></p>`}, []string{"facade"}},
		{"other URL with caption", "https://example.org/page\n*A page*", []string{`<figure class="embed embed-link"><a href="https://example.org/page">https://example.org/page</a><figcaption>A page</figcaption></figure>`}, nil},
		{"written link is no embed", "[the video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)", []string{`<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">the video</a></p>`}, []string{"facade"}},
		{"URL in a sentence is no embed", "Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ now", []string{"<p>Watch <a"}, []string{"facade"}},
		{"callout", "::: callout 💡\nThe bridge stays closed until **Friday**.\n:::",
			[]string{`<aside class="callout"><span class="callout-emoji" aria-hidden="true">💡</span><div class="callout-body">`, "<p>The bridge stays closed until <strong>Friday</strong>.</p>\n</div></aside>"}, nil},
		{"callout without emoji", "::: callout\nText\n:::", []string{`<aside class="callout"><div class="callout-body">`}, []string{"callout-emoji"}},
		{"bookmark", "::: bookmark\n[Flood defences, explained](https://example.org/flood)\nHow the city plans to keep the river out.\n*Riverton Courier · Jane Doe*\n:::",
			[]string{`<p class="bookmark"><a href="https://example.org/flood"><strong class="bookmark-title">Flood defences, explained</strong><span class="bookmark-text">How the city plans to keep the river out.</span><span class="bookmark-meta">Riverton Courier · Jane Doe</span></a></p>`}, nil},
		{"button", "::: button\n[Read the report](https://example.org/r.pdf)\n:::", []string{`<p class="button-card"><a class="button" href="https://example.org/r.pdf">Read the report</a></p>`}, nil},
		{"toggle", "::: toggle How we <verified> this\nWe spoke to *three* witnesses.\n:::", []string{`<details class="toggle"><summary>How we &lt;verified&gt; this</summary>`, "<em>three</em>", "</details>"}, nil},
		{"nested fences", ":::: callout\n::: toggle Q\nA\n:::\nafter\n::::", []string{`<div class="callout-body">`, `<details class="toggle"><summary>Q</summary>`, "<p>after</p>\n</div></aside>"}, nil},
		{"pull quote", "::: pullquote\nThe river gave us a week.\n\nMayor Ihor Klymenko\n:::",
			[]string{`<aside class="pullquote">` + "\n<p>The river gave us a week.</p>\n<p>Mayor Ihor Klymenko</p>\n</aside>"}, nil},
		{"unknown block stays text", "::: warning\nx\n:::", []string{"<p>::: warning"}, []string{"<aside"}},
		{"unclosed block runs to the end", "::: callout\nText", []string{`<aside class="callout">`, "<p>Text</p>"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src).HTML
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %s\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("has %s\n%s", n, got)
				}
			}
		})
	}
}

// TestEmbedsLoadNothing: facades and players fetch nothing from another
// host until the reader clicks.
func TestEmbedsLoadNothing(t *testing.T) {
	src := strings.Join([]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871", "https://x.com/a/status/1",
		"https://www.instagram.com/p/abc/", "https://t.me/chan/5", "https://www.facebook.com/page/videos/123", "https://cdn.example.org/a.mp4", "https://cdn.example.org/a.mp3",
	}, "\n\n")
	got := Render(src).HTML
	loads := regexp.MustCompile(`(?i)<(?:img|script|iframe|source|link)\b|preload="(?:auto|metadata)"`)
	if m := loads.FindString(got); m != "" {
		t.Errorf("embeds load %q before a click:\n%s", m, got)
	}
	if n := strings.Count(got, "data-embed="); n != 6 {
		t.Errorf("%d facades, want 6:\n%s", n, got)
	}
}

// TestDataEmbedOnlyForKnownPlayers: raw HTML cannot point a facade at an
// arbitrary site.
func TestDataEmbedOnlyForKnownPlayers(t *testing.T) {
	got := Render(`<a class="facade" href="/x" data-embed="https://evil.example/frame">x</a> <a data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1" href="/y">y</a>`).HTML
	if strings.Contains(got, "evil.example") {
		t.Errorf("unknown frame kept:\n%s", got)
	}
	if !strings.Contains(got, `data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"`) {
		t.Errorf("known frame dropped:\n%s", got)
	}
	if strings.Contains(Render(`<video src="https://e.org/a.mp4" preload="auto" autoplay></video>`).HTML, "auto") {
		t.Error("a raw video may preload or autoplay")
	}
}
