package site

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"newsdesk/internal/domain"
)

// imageSizes are the widths the media library resizes uploads to, served
// under /content/images/size/w{N}/.
var imageSizes = []string{"300", "600", "1000", "2000"}

// srcset returns the responsive candidates of an image the site hosts
// ("/content/images/2026/11/a.jpg" -> "/content/images/size/w300/2026/11/a.jpg 300w, ...").
// Images from elsewhere, and URLs that already name a size, get none.
func srcset(src string) string {
	const prefix = "/content/images/"
	rest, ok := strings.CutPrefix(src, prefix)
	if !ok || rest == "" || strings.HasPrefix(rest, "size/") {
		return ""
	}
	var b strings.Builder
	for i, w := range imageSizes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(prefix + "size/w" + w + "/" + rest + " " + w + "w")
	}
	return b.String()
}

// video is how a post's video is shown.
type video struct {
	// File is set for a video the browser plays itself (<video>).
	File string
	// Embed is the iframe URL for YouTube or Vimeo, loaded only after the
	// reader clicks; Watch is the page on that host, the no-JS fallback.
	Embed    string
	Watch    string
	Provider string
	Title    string
	Poster   string  // the post's image, shown before playing
	L        *locale // the words around the player
	// Local is true for a file this site serves; a file elsewhere is not
	// even preloaded, so nothing reaches another host before a click.
	Local bool
}

// isLocal reports whether u is a path on this site.
func isLocal(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}

var vimeoID = regexp.MustCompile(`^[0-9]{3,12}$`)

// videoFor classifies a post's video URL: a direct file or site path, a
// YouTube or Vimeo page, or anything else (shown as a plain link).
func videoFor(raw, title string) *video {
	if raw == "" {
		return nil
	}
	v := &video{Title: title, Watch: raw}
	u, err := url.Parse(raw)
	if err != nil {
		return v
	}
	if isLocal(raw) {
		v.File, v.Local = raw, true
		return v
	}
	if id := domain.YouTubeID(raw); id != "" {
		v.Provider = "YouTube"
		v.Embed = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"
		v.Watch = "https://www.youtube.com/watch?v=" + id
		return v
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com", "youtu.be":
		return v // not a video id newsdesk can embed: a plain link
	case "vimeo.com", "player.vimeo.com":
		id := path.Base(strings.TrimSuffix(u.Path, "/"))
		if vimeoID.MatchString(id) {
			v.Provider = "Vimeo"
			v.Embed = "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"
			v.Watch = "https://vimeo.com/" + id
		}
		return v
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".mp4", ".webm", ".ogg", ".ogv", ".m4v":
		v.File = raw
	}
	return v
}
