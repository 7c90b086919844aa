package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"newsdesk/internal/domain"
)

// Defaults for Options.
const (
	DefaultMaxBytes      = 20 << 20   // 20 MiB per image file
	DefaultMaxPixels     = 50_000_000 // 50 megapixels
	DefaultMaxVideoBytes = 200 << 20  // 200 MiB per video file
	// DefaultMaxDecodedBytes bounds the memory one decode may take: a
	// 24-megapixel progressive JPEG (180 MiB in Go's decoder) fits, a
	// 7000 x 7000 16-bit PNG (374 MiB from a 381 KB file) does not.
	DefaultMaxDecodedBytes = 192 << 20
	// DefaultMaxDecodes is how many images are decoded at once; more
	// uploads wait their turn.
	DefaultMaxDecodes = 2
	// MaxSide bounds either side of an image whatever its pixel count, so
	// a 1 x 50,000,000 strip cannot slip through.
	MaxSide = 20_000
	// JPEGQuality is used for every JPEG newsdesk writes.
	JPEGQuality = 85
)

// Widths are the responsive variant widths, smallest first, as served
// under /content/images/size/w{N}/.
var Widths = []int{300, 600, 1000, 2000}

// Options configures a Library. Only Blobs is required.
type Options struct {
	Blobs           Blobs // images, served under /content/images/
	Videos          Blobs // video files, served under /content/media/; nil refuses video uploads
	MaxBytes        int64 // largest image file accepted; default 20 MiB
	MaxPixels       int   // largest width*height accepted; default 50 megapixels
	MaxDecodedBytes int64 // largest decoded form accepted (see decodeCost); default 192 MiB
	MaxDecodes      int   // images decoded at once; default 2
	MaxVideoBytes   int64 // largest video file accepted; default 200 MiB
	Log             *slog.Logger
	Now             func() time.Time // clock for the YYYY/MM folders; default time.Now
	// Exclusive runs fn holding a lock named name that every instance
	// sharing the store respects (sqlstore.Store.Exclusive on
	// PostgreSQL), so a variant first asked for on several instances at
	// once is made and written once. Nil runs fn as it is, which is enough
	// for one process.
	Exclusive func(ctx context.Context, name string, fn func(context.Context) error) error
	// PublicURL, when set, is where readers fetch media directly (a
	// public bucket or a CDN in front of it): /content/images/{key} and
	// /content/media/{key} answer with a redirect to PublicURL + the same
	// path. Stored content keeps its /content/images/ URLs either way.
	PublicURL string
}

// Library stores uploads, makes responsive variants and serves both. It
// implements Uploader.
type Library struct {
	opts Options
	work chan struct{} // bounds concurrent decodes: each can take up to MaxDecodedBytes

	mu        sync.Mutex
	inflight  map[string]*flight // variants being generated, by key
	asIs      map[string]string  // variant keys answered by their original (too narrow, animated, WebP)
	generated atomic.Int64       // variants made on demand, for tests and metrics

	decoding, decodePeak atomic.Int64 // decodes running now and the most at once, for tests
}

var _ Uploader = (*Library)(nil)

// New returns a Library with defaults filled in.
func New(opts Options) *Library {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = DefaultMaxPixels
	}
	if opts.MaxDecodedBytes <= 0 {
		opts.MaxDecodedBytes = DefaultMaxDecodedBytes
	}
	if opts.MaxDecodes <= 0 {
		opts.MaxDecodes = DefaultMaxDecodes
	}
	if opts.MaxVideoBytes <= 0 {
		opts.MaxVideoBytes = DefaultMaxVideoBytes
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Exclusive == nil {
		opts.Exclusive = func(ctx context.Context, _ string, fn func(context.Context) error) error { return fn(ctx) }
	}
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	return &Library{
		opts:     opts,
		work:     make(chan struct{}, opts.MaxDecodes),
		inflight: make(map[string]*flight),
		asIs:     make(map[string]string),
	}
}

// Upload checks an image by its content, refuses decompression bombs
// (by pixels and by the memory decoding would take, both read from the
// header), removes metadata (EXIF, GPS, comments) from the file's bytes
// without touching the picture, stores it under YYYY/MM/<slug of
// name>.<ext> and makes its responsive variants. Only a photo whose EXIF
// orientation says it is stored sideways or mirrored is re-encoded,
// turned upright.
func (l *Library) Upload(ctx context.Context, name string, r io.Reader) (Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, l.opts.MaxBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Image{}, domain.FieldError("file", "Image is larger than %s.", humanBytes(l.opts.MaxBytes))
		}
		return Image{}, domain.FieldError("file", "The upload could not be read: %v.", err)
	}
	if int64(len(data)) > l.opts.MaxBytes {
		return Image{}, domain.FieldError("file", "Image is larger than %s.", humanBytes(l.opts.MaxBytes))
	}
	if len(data) == 0 {
		return Image{}, domain.FieldError("file", "The file is empty.")
	}
	typ := sniffImage(data)
	if typ == "" {
		return Image{}, domain.FieldError("file", "This file is %s, not a supported image: upload a JPEG, PNG, WebP or GIF.", describe(data))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Image{}, domain.FieldError("file", "The image is damaged or incomplete: %s header unreadable.", shortType(typ))
	}
	if err := l.checkPixels(cfg.Width, cfg.Height); err != nil {
		return Image{}, err
	}
	o := orientation(typ, data)
	if err := l.checkDecode(typ, data, cfg.Width, cfg.Height, o); err != nil {
		return Image{}, err
	}
	if err := l.acquire(ctx); err != nil {
		return Image{}, err
	}
	defer l.release()

	p, err := l.process(data, typ, o)
	if err != nil {
		return Image{}, err
	}
	key, err := l.storeUnique(ctx, name, p.ext, p.encoded)
	if err != nil {
		return Image{}, err
	}
	if p.img != nil {
		if err := l.storeVariants(ctx, key, p); err != nil {
			// The original is saved; missing variants are made on demand.
			l.opts.Log.Warn("make image variants", "key", key, "err", err)
		}
	}
	b := p.bounds
	return Image{URL: "/content/images/" + key, Width: b.Dx(), Height: b.Dy(), Type: p.typ}, nil
}

func (l *Library) checkPixels(w, h int) error {
	if w <= 0 || h <= 0 {
		return domain.FieldError("file", "The image has no pixels.")
	}
	if w > MaxSide || h > MaxSide || int64(w)*int64(h) > int64(l.opts.MaxPixels) {
		return domain.FieldError("file", "The image is too large: %d x %d pixels; the limit is %g megapixels and %d pixels a side.",
			w, h, float64(l.opts.MaxPixels)/1e6, MaxSide)
	}
	return nil
}

// decodeNeed is the memory processing an image takes: its decoded form,
// and an upright copy when it has to be turned.
func decodeNeed(typ string, data []byte, w, h, o int) int64 {
	need := decodeCost(typ, data, w, h)
	if o > 1 {
		need += uprightCost(typ, data, w, h)
	}
	return need
}

// checkDecode refuses an image whose decoding would take more memory than
// MaxDecodedBytes.
func (l *Library) checkDecode(typ string, data []byte, w, h, o int) error {
	need := decodeNeed(typ, data, w, h, o)
	if need <= l.opts.MaxDecodedBytes {
		return nil
	}
	return domain.FieldError("file", "The image is too large to process: decoded it would take %d MB (limit %d MB). "+
		"Upload it with fewer pixels or 8 bits a channel.", (need+1<<20-1)>>20, l.opts.MaxDecodedBytes>>20)
}

// orientation is the EXIF orientation browsers apply to the file (1 to 8).
func orientation(typ string, data []byte) int {
	switch typ {
	case TypeJPEG:
		return jpegOrientation(data)
	case TypePNG:
		return pngOrientation(data)
	}
	return 1
}

func (l *Library) acquire(ctx context.Context) error {
	select {
	case l.work <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	n := l.decoding.Add(1)
	for {
		peak := l.decodePeak.Load()
		if n <= peak || l.decodePeak.CompareAndSwap(peak, n) {
			return nil
		}
	}
}

func (l *Library) release() {
	l.decoding.Add(-1)
	<-l.work
}

// processed is an upload ready for storage.
type processed struct {
	typ, ext string
	encoded  []byte
	bounds   image.Rectangle
	img      image.Image   // upright pixels to make variants from; nil for animations and WebP
	palette  color.Palette // for GIF variants
}

// process decodes an upload (which proves it readable and gives the
// pixels for variants) and returns the bytes to store: the original
// without metadata, or, for a photo stored sideways, the upright picture
// re-encoded.
func (l *Library) process(data []byte, typ string, o int) (*processed, error) {
	p := &processed{typ: typ, ext: extOf(typ)}
	damaged := domain.FieldError("file", "The image is damaged or incomplete: %s data unreadable.", shortType(typ))
	if typ == TypeGIF {
		return l.processGIF(data, damaged)
	}
	var err error
	switch typ {
	case TypeJPEG:
		p.img, err = jpeg.Decode(bytes.NewReader(data))
	case TypePNG:
		p.img, err = png.Decode(bytes.NewReader(data))
	case TypeWebP:
		p.img, err = webp.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, damaged
	}
	if o > 1 {
		p.img = orient(p.img, o)
		if p.encoded, err = encode(p.ext, p.img, nil); err != nil {
			return nil, fmt.Errorf("encode upright %s: %w", shortType(typ), err)
		}
	} else if p.encoded, err = strip(typ, data); err != nil {
		return nil, damaged
	}
	p.bounds = p.img.Bounds()
	if typ == TypeWebP {
		// Go has no WebP encoder, and a variant must keep its original's
		// name and type: WebP pictures are served at their own size.
		p.img = nil
	}
	return p, nil
}

// processGIF keeps animations as they are, less metadata. An animation
// whose frames add up to more than MaxPixels is cut to its first frame;
// animations get no smaller variants.
func (l *Library) processGIF(data []byte, damaged error) (*processed, error) {
	p := &processed{typ: TypeGIF, ext: "gif"}
	// Decoding reads the first frame only: it proves the file readable
	// and gives the pixels for variants.
	img, err := gif.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, damaged
	}
	frames, pixels, ok := gifFrames(data)
	if !ok {
		return nil, damaged
	}
	if frames > 1 && pixels > int64(l.opts.MaxPixels) {
		l.opts.Log.Info("animated GIF kept as its first frame", "frames", frames, "pixels", pixels)
		if data, err = gifFirstFrame(data); err != nil {
			return nil, damaged
		}
		frames = 1
	}
	if p.encoded, err = stripGIF(data); err != nil {
		return nil, damaged
	}
	cfg, err := gif.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, damaged
	}
	p.bounds = image.Rect(0, 0, cfg.Width, cfg.Height)
	if frames == 1 {
		p.img, p.palette = img, paletteOf(img)
	}
	return p, nil
}

// storeUnique stores data under YYYY/MM/<slug>.<ext>, adding -1, -2, ...
// when the name is taken.
func (l *Library) storeUnique(ctx context.Context, name, ext string, data []byte) (string, error) {
	now := l.opts.Now().UTC()
	dir := fmt.Sprintf("%04d/%02d/", now.Year(), int(now.Month()))
	base := baseSlug(name)
	for n := 0; n < 1000; n++ {
		key := dir + base + "." + ext
		if n > 0 {
			key = fmt.Sprintf("%s%s-%d.%s", dir, base, n, ext)
		}
		err := l.opts.Blobs.Put(ctx, key, bytes.NewReader(data))
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, ErrExist) {
			return "", storeFailed("image", err)
		}
	}
	return "", domain.Errorf(domain.ECONFLICT, "Too many images named %q this month: rename the file.", base)
}

// baseSlug turns a client file name ("C:\fakepath\Flood in Kyiv.JPG")
// into the stem of a stored name ("flood-in-kyiv").
func baseSlug(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, path.Ext(name))
	s := domain.Slugify(name)
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if s == "" {
		s = "image"
	}
	return s
}

// storeVariants makes every variant narrower than the picture, each from
// the next larger one: a cascade costs little more than the first step.
func (l *Library) storeVariants(ctx context.Context, key string, p *processed) error {
	src := p.img
	for i := len(Widths) - 1; i >= 0; i-- {
		w := Widths[i]
		if w >= src.Bounds().Dx() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		small := resize(src, w, heightFor(p.bounds.Dx(), p.bounds.Dy(), w))
		data, err := encode(p.ext, small, p.palette)
		if err != nil {
			return fmt.Errorf("encode w%d: %w", w, err)
		}
		if err := l.opts.Blobs.Put(ctx, variantKey(w, key), bytes.NewReader(data)); err != nil && !errors.Is(err, ErrExist) {
			return err
		}
		src = small
	}
	return nil
}

// storeFailed is the error of an upload the store did not take. A store
// that is away is EUNAVAILABLE (503), and says nothing was saved: Put
// stores all or nothing, and no URL was handed out.
func storeFailed(what string, err error) error {
	if errors.Is(err, ErrUnavailable) {
		e := domain.Errorf(domain.EUNAVAILABLE, "The media store is unavailable right now, so the %s was not saved. Please try again in a moment.", what)
		e.Err = err
		return e
	}
	return fmt.Errorf("store %s: %w", what, err)
}

func variantKey(width int, key string) string { return fmt.Sprintf("size/w%d/%s", width, key) }

// encode writes img in the format of the file extension ext. GIFs are
// dithered to palette (the original's), or to a web palette.
func encode(ext string, img image.Image, palette color.Palette) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch ext {
	case "jpg", "jpeg":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: JPEGQuality})
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		if p, ok := img.(*image.Paletted); ok {
			err = gif.Encode(&buf, p, nil)
			break
		}
		if palette == nil {
			palette = webPalette()
		}
		p := image.NewPaletted(img.Bounds(), palette)
		xdraw.FloydSteinberg.Draw(p, p.Bounds(), img, img.Bounds().Min)
		err = gif.Encode(&buf, p, nil)
	default:
		return nil, fmt.Errorf("no encoder for .%s", ext)
	}
	return buf.Bytes(), err
}

// paletteOf returns the palette of a paletted image, else nil.
func paletteOf(img image.Image) color.Palette {
	if p, ok := img.(*image.Paletted); ok {
		return p.Palette
	}
	return nil
}

func webPalette() color.Palette {
	p := make(color.Palette, 0, 216)
	for r := 0; r < 6; r++ {
		for g := 0; g < 6; g++ {
			for b := 0; b < 6; b++ {
				p = append(p, color.RGBA{uint8(r * 51), uint8(g * 51), uint8(b * 51), 255})
			}
		}
	}
	return p
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

func extOf(typ string) string {
	switch typ {
	case TypeJPEG:
		return "jpg"
	case TypePNG:
		return "png"
	case TypeGIF:
		return "gif"
	case TypeWebP:
		return "webp"
	case TypeMP4:
		return "mp4"
	case TypeWebM:
		return "webm"
	}
	return ""
}

func shortType(typ string) string {
	return strings.ToUpper(strings.TrimPrefix(strings.TrimPrefix(typ, "image/"), "video/"))
}

// describe names what a refused file looks like, for error messages.
func describe(data []byte) string {
	if bytes.Contains(data[:min(len(data), 1024)], []byte("<svg")) {
		return "image/svg+xml"
	}
	t, _, _ := strings.Cut(http.DetectContentType(data), ";")
	return t
}

func humanBytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", max(1, n>>10))
}
