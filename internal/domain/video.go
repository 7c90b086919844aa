package domain

import (
	"net/url"
	"regexp"
	"strings"
)

var youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)

// YouTubeID returns the video id of a YouTube watch, short, embed, shorts
// or live URL, or "" for anything else.
func YouTubeID(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	var id string
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		id = u.Query().Get("v")
		if dir, rest, ok := strings.Cut(strings.Trim(u.Path, "/"), "/"); ok && (dir == "embed" || dir == "shorts" || dir == "live") {
			id = rest
		}
	case "youtu.be":
		id = strings.Trim(u.Path, "/")
	default:
		return ""
	}
	if !youtubeID.MatchString(id) {
		return ""
	}
	return id
}

// VideoThumbnail is the still a video's host publishes at a predictable
// address (YouTube's 480×360 "hqdefault"), with its size; "" when there is
// none (Vimeo's needs an API call, files have none).
func VideoThumbnail(raw string) (src string, width, height int) {
	if id := YouTubeID(raw); id != "" {
		return "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg", 480, 360
	}
	return "", 0, 0
}
