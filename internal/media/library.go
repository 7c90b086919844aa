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
	"runtime"
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
	Blobs         Blobs // images, served under /content/images/
	Videos        Blobs // video files, served under /content/media/; nil refuses video uploads
	MaxBytes      int64 // largest image file accepted; default 20 MiB
	MaxPixels     int   // largest width*height accepted; default 50 megapixels
	MaxVideoBytes int64 // largest video file accepted; default 200 MiB
	Log           *slog.Logger
	Now           func() time.Time // clock for the YYYY/MM folders; default time.Now
}

// Library stores uploads, makes responsive variants and serves both. It
// implements Uploader.
type Library struct {
	opts Options
	work chan struct{} // bounds concurrent decodes: each can take hundreds of MB

	mu        sync.Mutex
	inflight  map[string]*flight // variants being generated, by key
	asIs      map[string]string  // variant keys answered by their original (too narrow, animated, WebP)
	generated atomic.Int64       // variants made on demand, for tests and metrics
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
	if opts.MaxVideoBytes <= 0 {
		opts.MaxVideoBytes = DefaultMaxVideoBytes
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Library{
		opts:     opts,
		work:     make(chan struct{}, max(1, runtime.NumCPU())),
		inflight: make(map[string]*flight),
		asIs:     make(map[string]string),
	}
}

// Upload checks an image by its content, refuses decompression bombs,
// re-encodes it without metadata (EXIF, GPS, comments), turned upright,
// stores it under YYYY/MM/<slug of name>.<ext> and makes its responsive
// variants. WebP uploads are stored as JPEG, or PNG when they have
// transparency, because Go has no WebP encoder.
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
	if err := l.acquire(ctx); err != nil {
		return Image{}, err
	}
	defer l.release()

	p, err := l.process(data, typ)
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

func (l *Library) acquire(ctx context.Context) error {
	select {
	case l.work <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Library) release() { <-l.work }

// processed is an upload re-encoded for storage.
type processed struct {
	typ, ext string
	encoded  []byte
	bounds   image.Rectangle
	img      image.Image   // upright pixels to make variants from; nil for animations
	palette  color.Palette // for GIF variants
}

func (l *Library) process(data []byte, typ string) (*processed, error) {
	p := &processed{typ: typ}
	var err error
	switch typ {
	case TypeJPEG:
		p.img, err = jpeg.Decode(bytes.NewReader(data))
		if err == nil {
			p.img = orient(p.img, jpegOrientation(data))
		}
	case TypePNG:
		p.img, err = png.Decode(bytes.NewReader(data))
	case TypeWebP:
		p.img, err = webp.Decode(bytes.NewReader(data))
		if err == nil {
			// No WebP encoder in Go: opaque pictures become JPEG,
			// transparent ones PNG.
			p.typ = TypeJPEG
			if !opaque(p.img) {
				p.typ = TypePNG
			}
		}
	case TypeGIF:
		return l.processGIF(data)
	}
	if err != nil {
		return nil, domain.FieldError("file", "The image is damaged or incomplete: %s data unreadable.", shortType(typ))
	}
	p.bounds = p.img.Bounds()
	p.ext = extOf(p.typ)
	p.encoded, err = encode(p.ext, p.img, nil)
	if err != nil {
		return nil, fmt.Errorf("encode upload: %w", err)
	}
	return p, nil
}

// processGIF keeps animations (re-encoding drops comments and other
// extensions). An animation whose frames add up to more than MaxPixels
// is cut to its first frame; animations get no smaller variants.
func (l *Library) processGIF(data []byte) (*processed, error) {
	p := &processed{typ: TypeGIF, ext: "gif"}
	frames, pixels, ok := gifFrames(data)
	if ok && frames > 1 && pixels <= int64(l.opts.MaxPixels) {
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err == nil && len(g.Image) > 1 {
			var buf bytes.Buffer
			if err := gif.EncodeAll(&buf, g); err == nil {
				p.encoded = buf.Bytes()
				p.bounds = image.Rect(0, 0, g.Config.Width, g.Config.Height)
				return p, nil
			}
		}
		l.opts.Log.Info("animated GIF kept as its first frame", "frames", frames, "err", err)
	}
	img, err := gif.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, domain.FieldError("file", "The image is damaged or incomplete: GIF data unreadable.")
	}
	p.img, p.bounds, p.palette = img, img.Bounds(), paletteOf(img)
	p.encoded, err = encode("gif", img, p.palette)
	if err != nil {
		return nil, fmt.Errorf("encode GIF: %w", err)
	}
	return p, nil
}

// gifFrames walks a GIF's blocks without decoding pixels and returns how
// many frames it has and their total area. ok is false for a structure
// it cannot follow.
func gifFrames(b []byte) (frames int, pixels int64, ok bool) {
	if len(b) < 13 {
		return 0, 0, false
	}
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (int(b[10]&7) + 1)
	}
	skipSubBlocks := func() bool {
		for i < len(b) {
			n := int(b[i])
			i++
			if n == 0 {
				return true
			}
			i += n
		}
		return false
	}
	for i < len(b) {
		switch b[i] {
		case 0x21: // extension: label, then sub-blocks
			i += 2
			if !skipSubBlocks() {
				return frames, pixels, false
			}
		case 0x2C: // image descriptor
			if i+10 > len(b) {
				return frames, pixels, false
			}
			w := int64(b[i+5]) | int64(b[i+6])<<8
			h := int64(b[i+7]) | int64(b[i+8])<<8
			flags := b[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (int(flags&7) + 1)
			}
			i++ // LZW minimum code size
			if !skipSubBlocks() {
				return frames, pixels, false
			}
			frames++
			pixels += w * h
		case 0x3B: // trailer
			return frames, pixels, true
		default:
			return frames, pixels, false
		}
	}
	return frames, pixels, false
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
			return "", fmt.Errorf("store image: %w", err)
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

func variantKey(width int, key string) string { return fmt.Sprintf("size/w%d/%s", width, key) }

// resize scales img to w x h. It halves with a 2x2 box filter while the
// picture is at least twice too large (exact and cheap, where Catmull-Rom
// over a 12-megapixel photo allocates hundreds of MB), then finishes with
// Catmull-Rom resampling, which stays sharp for the last step.
func resize(img image.Image, w, h int) *image.RGBA {
	src := toRGBA(img)
	for src.Rect.Dx() >= 2*w && src.Rect.Dy() >= 2*h {
		src = halve(src)
	}
	if src.Rect.Dx() == w && src.Rect.Dy() == h {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Rect, xdraw.Src, nil)
	return dst
}

// heightFor keeps the ratio of a w0 x h0 picture at width w.
func heightFor(w0, h0, w int) int { return max(1, (h0*w+w0/2)/w0) }

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	xdraw.Draw(dst, dst.Rect, img, b.Min, xdraw.Src)
	return dst
}

// halve averages each 2x2 block of src (premultiplied, so averaging is
// exact); an odd last row or column is dropped.
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		r0 := src.Pix[2*y*src.Stride:]
		r1 := src.Pix[(2*y+1)*src.Stride:]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		for i := range d {
			j := i/4*8 + i%4
			d[i] = uint8((uint32(r0[j]) + uint32(r0[j+4]) + uint32(r1[j]) + uint32(r1[j+4]) + 2) / 4)
		}
	}
	return dst
}

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
