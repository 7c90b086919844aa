package site

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed assets
var assetFS embed.FS

// asset is one static file, served at a URL carrying its checksum so
// browsers may cache it forever.
type asset struct {
	data        []byte
	contentType string
}

// assetSet maps logical names ("site.css") to fingerprinted file names
// ("site.3f2a9c1e.css") and back.
type assetSet struct {
	urls  map[string]string // logical name -> URL
	files map[string]asset  // fingerprinted file name -> content
}

func loadAssets() (*assetSet, error) {
	set := &assetSet{urls: map[string]string{}, files: map[string]asset{}}
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		return nil, fmt.Errorf("read assets: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		data, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("read asset %s: %w", name, err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		file := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		set.urls[name] = "/assets/" + file
		set.files[file] = asset{data: data, contentType: ctype}
	}
	return set, nil
}

// url returns the fingerprinted URL of a logical asset name. Templates
// call it through the "asset" function; an unknown name fails template
// execution, so a typo shows up in tests rather than as a broken link.
func (a *assetSet) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("unknown asset %q", name)
	}
	return u, nil
}

// asset serves a fingerprinted static file. Its content never changes
// under its name, so it is cacheable for a year.
func (s *Site) asset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.files[r.PathValue("file")]
	if !ok {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.data)
}
