package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Path prefixes the handlers serve.
const (
	ImagesPrefix = "/content/images/"
	VideosPrefix = "/content/media/"
)

var imageTypes = map[string]string{
	".jpg": TypeJPEG, ".jpeg": TypeJPEG, ".png": TypePNG, ".gif": TypeGIF, ".webp": TypeWebP,
}

var videoTypes = map[string]string{".mp4": TypeMP4, ".webm": TypeWebM}

// TypeOf is the MIME type newsdesk serves key with, from its extension,
// or "" for a kind of file it does not serve.
func TypeOf(key string) string {
	ext := strings.ToLower(path.Ext(key))
	if t := imageTypes[ext]; t != "" {
		return t
	}
	return videoTypes[ext]
}

// ServeImages serves GET /content/images/{key}: stored images, and
// variants under size/w{N}/ made on first request when missing. Anything
// that is not a stored image of a known type is a 404; there are no
// folder listings.
func (l *Library) ServeImages(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.URL.Path, ImagesPrefix)
	if !ok || !ValidKey(key) || imageTypes[strings.ToLower(path.Ext(key))] == "" {
		http.NotFound(w, r)
		return
	}
	if rest, ok := strings.CutPrefix(key, "size/"); ok {
		width, orig, ok := parseVariant(rest)
		if !ok {
			http.NotFound(w, r)
			return
		}
		served, done := l.serveVariant(w, r, key, orig, width)
		if done {
			return
		}
		key = served
	}
	if l.opts.PublicURL != "" {
		l.redirect(w, r, ImagesPrefix+key)
		return
	}
	l.serve(w, r, l.opts.Blobs, key, imageTypes)
}

// serveVariant answers a variant that is stored (done), or returns the
// key to serve for it: made now, or the original when it is no wider.
func (l *Library) serveVariant(w http.ResponseWriter, r *http.Request, key, orig string, width int) (string, bool) {
	l.mu.Lock()
	asIs, known := l.asIs[key]
	l.mu.Unlock()
	if known {
		return asIs, false // no need to ask the store again
	}
	if l.opts.PublicURL == "" {
		// Open first: a stored variant then costs one request to an
		// object store, not two.
		f, mod, size, err := l.opts.Blobs.Open(r.Context(), key)
		if err == nil {
			l.serveFile(w, r, f, mod, size, key, imageTypes)
			return "", true
		}
		if !errors.Is(err, ErrNotExist) {
			l.fail(w, r, "open media file", key, err)
			return "", true
		}
	} else if found, err := l.opts.Blobs.Exists(r.Context(), key); err != nil || found {
		if err != nil {
			l.fail(w, r, "find image variant", key, err)
		} else {
			l.redirect(w, r, ImagesPrefix+key)
		}
		return "", true
	}
	served, err := l.variant(r.Context(), orig, width)
	if err != nil {
		l.fail(w, r, "make image variant", key, err)
		return "", true
	}
	return served, false
}

// redirect sends a reader to the public copy of a file. The answer may be
// cached for a day, not for ever: the site may go back to serving media
// itself.
func (l *Library) redirect(w http.ResponseWriter, r *http.Request, sitePath string) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, l.opts.PublicURL+sitePath, http.StatusFound)
}

// fail answers an error from the store: 404 for a missing file, 503 while
// the store is away, else 500.
func (l *Library) fail(w http.ResponseWriter, r *http.Request, what, key string, err error) {
	switch {
	case errors.Is(err, ErrNotExist):
		http.NotFound(w, r)
	case errors.Is(err, ErrUnavailable):
		l.opts.Log.Warn(what+": media store unavailable", "key", key, "err", err)
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "503 Service Unavailable: the media store cannot be reached right now; try again in a moment.", http.StatusServiceUnavailable)
	default:
		l.opts.Log.Error(what, "key", key, "err", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}
}

// ServeVideos serves GET /content/media/{key}: uploaded video files, with
// range requests so players can seek.
func (l *Library) ServeVideos(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.URL.Path, VideosPrefix)
	if !ok || l.opts.Videos == nil || !ValidKey(key) || videoTypes[strings.ToLower(path.Ext(key))] == "" {
		http.NotFound(w, r)
		return
	}
	if l.opts.PublicURL != "" {
		l.redirect(w, r, VideosPrefix+key)
		return
	}
	l.serve(w, r, l.opts.Videos, key, videoTypes)
}

// parseVariant splits "w600/2026/11/flood.jpg" into 600 and the original's
// key; only the widths in Widths are served.
func parseVariant(rest string) (int, string, bool) {
	dir, orig, ok := strings.Cut(rest, "/")
	if !ok || !strings.HasPrefix(dir, "w") {
		return 0, "", false
	}
	width, err := strconv.Atoi(dir[1:])
	if err != nil || strconv.Itoa(width) != dir[1:] {
		return 0, "", false
	}
	for _, w := range Widths {
		if w == width && !strings.HasPrefix(orig, "size/") {
			return width, orig, true
		}
	}
	return 0, "", false
}

// serve writes a stored file. Keys never change content, so it may be
// cached for a year.
func (l *Library) serve(w http.ResponseWriter, r *http.Request, blobs Blobs, key string, types map[string]string) {
	f, mod, size, err := blobs.Open(r.Context(), key)
	if err != nil {
		l.fail(w, r, "open media file", key, err)
		return
	}
	l.serveFile(w, r, f, mod, size, key, types)
}

// serveFile writes an opened stored file and closes it.
func (l *Library) serveFile(w http.ResponseWriter, r *http.Request, f io.ReadSeekCloser, mod time.Time, size int64, key string, types map[string]string) {
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", types[strings.ToLower(path.Ext(key))])
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("ETag", fmt.Sprintf(`"%x-%x"`, mod.UnixNano(), size))
	http.ServeContent(w, r, "", mod, f)
}

// MakeVariants makes whichever responsive variants of the stored image
// key are missing, as first requests would (under Options.Exclusive).
// Sites whose readers fetch media from a public URL need them made ahead:
// newsdesk never sees those requests.
func (l *Library) MakeVariants(ctx context.Context, key string) error {
	if Srcset(ImagesPrefix+key) == "" {
		return nil // not a resizable image, or itself a variant
	}
	for _, w := range Widths {
		if _, err := l.variant(ctx, key, w); err != nil {
			return err
		}
	}
	return nil
}

// Generated is how many variants this Library has made on request.
func (l *Library) Generated() int64 { return l.generated.Load() }

// maxAsIs bounds the memory of variants answered by their original.
const maxAsIs = 10000

// flight is one variant being generated; later requests for the same
// variant wait for it instead of decoding the original again.
type flight struct {
	done chan struct{}
	key  string
	err  error
}

// variant returns the key to serve for width w of orig: the variant,
// generated and stored now if needed, or orig itself when it is no wider
// than w or cannot be resized. It fails with ErrNotExist when orig is
// missing.
func (l *Library) variant(ctx context.Context, orig string, w int) (string, error) {
	vkey := variantKey(w, orig)
	l.mu.Lock()
	if key, ok := l.asIs[vkey]; ok {
		l.mu.Unlock()
		return key, nil
	}
	if f, ok := l.inflight[vkey]; ok {
		l.mu.Unlock()
		select {
		case <-f.done:
			return f.key, f.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	l.inflight[vkey] = f
	l.mu.Unlock()

	// Finish the work even if this client leaves: others may be waiting.
	f.key, f.err = l.generate(context.WithoutCancel(ctx), orig, w)
	l.mu.Lock()
	delete(l.inflight, vkey)
	if f.err == nil && f.key == orig {
		// Remember, so the original is not read again on every request.
		if len(l.asIs) >= maxAsIs {
			clear(l.asIs)
		}
		l.asIs[vkey] = orig
	}
	l.mu.Unlock()
	close(f.done)
	return f.key, f.err
}

// generate makes and stores width w of orig (see variant).
func (l *Library) generate(ctx context.Context, orig string, w int) (string, error) {
	vkey := variantKey(w, orig)
	if ok, err := l.opts.Blobs.Exists(ctx, vkey); err != nil || ok {
		return vkey, err
	}
	f, _, _, err := l.opts.Blobs.Open(ctx, orig)
	if err != nil {
		return "", err
	}
	// Files put straight on disk (demo content, imports) may exceed the
	// upload limit; beyond four times that, serve them as they are.
	data, err := io.ReadAll(io.LimitReader(f, 4*l.opts.MaxBytes+1))
	f.Close()
	if err != nil {
		return "", fmt.Errorf("read %s: %w", orig, err)
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(orig)), ".")
	typ := sniffImage(data)
	if int64(len(data)) > 4*l.opts.MaxBytes || typ == "" || ext == "webp" {
		return orig, nil
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || l.checkPixels(cfg.Width, cfg.Height) != nil {
		return orig, nil
	}
	o := orientation(typ, data)
	if l.checkDecode(typ, data, cfg.Width, cfg.Height, o) != nil {
		return orig, nil
	}
	width := cfg.Width
	if o >= 5 {
		width = cfg.Height
	}
	if width <= w {
		return orig, nil
	}
	if typ == TypeGIF {
		if frames, _, _ := gifFrames(data); frames > 1 {
			return orig, nil // animations are served whole
		}
	}

	if err := l.acquire(ctx); err != nil {
		return "", err
	}
	defer l.release()
	key := vkey
	makeVariant := func(ctx context.Context) error {
		// Another instance may have made it while this one waited.
		if ok, err := l.opts.Blobs.Exists(ctx, vkey); err != nil || ok {
			return err
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			l.opts.Log.Warn("damaged image served as is", "key", orig, "err", err)
			key = orig
			return nil
		}
		img = orient(img, o)
		l.generated.Add(1)
		b := img.Bounds()
		out, err := encode(ext, resize(img, w, heightFor(b.Dx(), b.Dy(), w)), paletteOf(img))
		if err != nil {
			return fmt.Errorf("encode %s: %w", vkey, err)
		}
		if err := l.opts.Blobs.Put(ctx, vkey, bytes.NewReader(out)); err != nil && !errors.Is(err, ErrExist) {
			return err
		}
		return nil
	}
	ran := false
	var made error
	err = l.opts.Exclusive(ctx, "media "+vkey, func(ctx context.Context) error {
		ran = true
		made = makeVariant(ctx)
		return made
	})
	if !ran {
		// No lock (the database is away): readers still get the variant.
		// Put never overwrites, so the worst case is the same variant
		// made twice.
		l.opts.Log.Warn("make image variant without the lock", "key", vkey, "err", err)
		made = makeVariant(ctx)
	}
	if made != nil {
		return "", made
	}
	return key, nil
}
