package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"newsdesk/internal/domain"
)

// errVideoTooLarge stops a video copy at the size limit.
var errVideoTooLarge = errors.New("video too large")

// UploadVideo stores an MP4 or WebM file as it is (no transcoding) under
// /content/media/YYYY/MM/<slug of name>.<ext>, streaming it to storage.
// The type is decided by content; Width and Height of the result are 0.
func (l *Library) UploadVideo(ctx context.Context, name string, r io.Reader) (Image, error) {
	if l.opts.Videos == nil {
		return Image{}, domain.FieldError("file", "Video uploads are not enabled on this site.")
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Image{}, domain.FieldError("file", "The upload could not be read: %v.", err)
	}
	head = head[:n]
	if n == 0 {
		return Image{}, domain.FieldError("file", "The file is empty.")
	}
	typ := sniffVideo(head)
	if typ == "" {
		return Image{}, domain.FieldError("file", "This file is %s, not a supported video: upload an MP4 or WebM.", describe(head))
	}
	now := l.opts.Now().UTC()
	dir := fmt.Sprintf("%04d/%02d/", now.Year(), int(now.Month()))
	base, ext := baseSlug(name), extOf(typ)
	body := &capped{r: io.MultiReader(bytes.NewReader(head), r), left: l.opts.MaxVideoBytes}
	// A video is streamed, not held in memory, so the free name is found
	// first; Put still refuses to overwrite if another upload races us.
	for i := 0; i < 1000; i++ {
		key := dir + base + "." + ext
		if i > 0 {
			key = fmt.Sprintf("%s%s-%d.%s", dir, base, i, ext)
		}
		taken, err := l.opts.Videos.Exists(ctx, key)
		if err != nil {
			return Image{}, storeFailed("video", err)
		}
		if taken {
			continue
		}
		err = l.opts.Videos.Put(ctx, key, body)
		switch {
		case err == nil:
			return Image{URL: VideosPrefix + key, Type: typ}, nil
		case errors.Is(err, errVideoTooLarge):
			return Image{}, domain.FieldError("file", "Video is larger than %s.", humanBytes(l.opts.MaxVideoBytes))
		case errors.Is(err, ErrExist):
			return Image{}, domain.Errorf(domain.ECONFLICT, "Another video named %q was uploaded at the same moment: try again.", base)
		default:
			return Image{}, storeFailed("video", err)
		}
	}
	return Image{}, domain.Errorf(domain.ECONFLICT, "Too many videos named %q this month: rename the file.", base)
}

// capped reads at most left bytes, then fails instead of truncating.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, errVideoTooLarge
	}
	return n, err
}
