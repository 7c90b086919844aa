// Package media takes uploaded images (and video files), checks them by
// content, strips metadata, makes responsive variants and serves them under
// /content/images/ as Ghost does.
package media

import (
	"context"
	"io"
)

// Image is a stored upload.
type Image struct {
	URL    string // site path, e.g. /content/images/2026/11/flood.jpg
	Width  int
	Height int
	Type   string // MIME type after processing, e.g. image/jpeg
}

// Uploader stores an upload. name is the client's file name (a hint for
// the stored name only: the type is decided by content). Bad input is a
// *domain.Error with code EINVALID saying what is wrong.
type Uploader interface {
	Upload(ctx context.Context, name string, r io.Reader) (Image, error)
}
