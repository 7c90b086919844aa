package media

import (
	"fmt"
	"path"
	"strings"
)

// Sizes is the default sizes attribute for images in the article column
// (about 720 CSS pixels wide on large screens, the full width on phones).
const Sizes = "(min-width: 760px) 720px, 100vw"

// Srcset returns the srcset attribute for one of the site's images,
// "/content/images/size/w300/2026/11/flood.jpg 300w, ...", or "" for a
// URL that is not a resizable /content/images/ file. Variants no smaller
// than the original serve the original.
func Srcset(url string) string {
	i := strings.Index(url, ImagesPrefix)
	if i < 0 || (i > 0 && !strings.HasPrefix(url, "http")) {
		return ""
	}
	prefix, key := url[:i+len(ImagesPrefix)], url[i+len(ImagesPrefix):]
	switch strings.ToLower(path.Ext(key)) {
	case ".jpg", ".jpeg", ".png", ".gif":
	default:
		return ""
	}
	if strings.HasPrefix(key, "size/") || strings.ContainsAny(key, "?#, ") {
		return ""
	}
	var b strings.Builder
	for n, w := range Widths {
		if n > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%ssize/w%d/%s %dw", prefix, w, key, w)
	}
	return b.String()
}
