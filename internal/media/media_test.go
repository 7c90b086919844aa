package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// newTestLibrary returns a Library on a fresh folder, and that folder.
func newTestLibrary(t testing.TB, opts Options) (*Library, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "content", "images")
	opts.Blobs = NewDir(root)
	if opts.Videos == nil {
		opts.Videos = NewDir(filepath.Join(filepath.Dir(root), "media"))
	}
	opts.Now = func() time.Time { return testNow }
	return New(opts), root
}

func upload(t *testing.T, l *Library, name string, data []byte) Image {
	t.Helper()
	img, err := l.Upload(context.Background(), name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	return img
}

func readStored(t *testing.T, root, url string) []byte {
	t.Helper()
	key := strings.TrimPrefix(url, ImagesPrefix)
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(key)))
	if err != nil {
		t.Fatalf("read stored %s: %v", url, err)
	}
	return b
}

func wantInvalid(t *testing.T, err error, contains string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an EINVALID error containing %q, got none", contains)
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("want EINVALID, got %q: %v", domain.ErrorCode(err), err)
	}
	if !strings.Contains(domain.ErrorMessage(err), contains) {
		t.Fatalf("message %q does not contain %q", domain.ErrorMessage(err), contains)
	}
}

func TestUploadDecidesTypeByContent(t *testing.T) {
	l, root := newTestLibrary(t, Options{})
	tests := []struct {
		name     string
		data     []byte
		wantURL  string
		wantType string
		wantErr  string
	}{
		{"Flood in Kyiv.JPG", makeJPEG(t, 64, 48), "/content/images/2026/11/flood-in-kyiv.jpg", TypeJPEG, ""},
		{"chart.jpg", makePNG(t, 64, 48), "/content/images/2026/11/chart.png", TypePNG, ""},
		{`C:\fakepath\anim.png`, makeGIF(t, 16, 16, 1, ""), "/content/images/2026/11/anim.gif", TypeGIF, ""},
		{"opaque.webp", makeWebP(40, 30, color.NRGBA{200, 10, 10, 255}), "/content/images/2026/11/opaque.webp", TypeWebP, ""},
		{"glass.webp", makeWebP(40, 30, color.NRGBA{10, 10, 200, 128}), "/content/images/2026/11/glass.webp", TypeWebP, ""},
		{"Київ.png", makePNG(t, 8, 8), "/content/images/2026/11/kyiv.png", TypePNG, ""},
		{".jpg", makePNG(t, 8, 8), "/content/images/2026/11/image.png", TypePNG, ""},
		{"notes.jpg", []byte("just some text, honestly\n"), "", "", "text/plain, not a supported image: upload a JPEG, PNG, WebP or GIF"},
		{"logo.jpg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", "", "image/svg+xml"},
		{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), "", "", "image/svg+xml"},
		{"page.png", []byte("<!DOCTYPE html><html><body>hi</body></html>"), "", "", "text/html"},
		{"empty.png", nil, "", "", "empty"},
		{"cut.jpg", makeJPEG(t, 64, 48)[:300], "", "", "damaged or incomplete"},
		{"cut.png", makePNG(t, 64, 48)[:20], "", "", "damaged or incomplete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := l.Upload(context.Background(), tt.name, bytes.NewReader(tt.data))
			if tt.wantErr != "" {
				wantInvalid(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.URL != tt.wantURL || img.Type != tt.wantType {
				t.Fatalf("got %s (%s), want %s (%s)", img.URL, img.Type, tt.wantURL, tt.wantType)
			}
			stored := readStored(t, root, img.URL)
			if got := sniffImage(stored); got != tt.wantType {
				t.Fatalf("stored bytes are %q, want %q", got, tt.wantType)
			}
			cfg, _, err := image.DecodeConfig(bytes.NewReader(stored))
			if err != nil || cfg.Width != img.Width || cfg.Height != img.Height {
				t.Fatalf("stored %dx%d (%v), reported %dx%d", cfg.Width, cfg.Height, err, img.Width, img.Height)
			}
		})
	}
	// Nothing but the accepted uploads was written: no temporary files left.
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".") {
			t.Errorf("left behind %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUploadStripsMetadataAndTurnsUpright(t *testing.T) {
	const secret = "GPS-SECRET-50.4501N-30.5234E"
	// Left half red, right half blue, stored sideways: orientation 6 says
	// "turn a quarter clockwise to view", which puts red on top.
	src := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			c := color.RGBA{220, 0, 0, 255}
			if x >= 200 {
				c = color.RGBA{0, 0, 220, 255}
			}
			src.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	for _, bo := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		t.Run(bo.String(), func(t *testing.T) {
			l, root := newTestLibrary(t, Options{})
			data := withEXIF(buf.Bytes(), exifSegment(bo, 6, secret))
			if got := jpegOrientation(data); got != 6 {
				t.Fatalf("parsed orientation %d, want 6", got)
			}
			if !bytes.Contains(data, []byte(secret)) {
				t.Fatal("test image lacks the GPS text")
			}
			img := upload(t, l, "sideways.jpg", data)
			if img.Width != 200 || img.Height != 400 {
				t.Fatalf("got %dx%d, want upright 200x400", img.Width, img.Height)
			}
			stored := readStored(t, root, img.URL)
			for _, banned := range [][]byte{[]byte(secret), []byte("Exif\x00\x00"), {0xFF, 0xE1}} {
				if bytes.Contains(stored, banned) {
					t.Fatalf("stored file still contains %q", banned)
				}
			}
			pic, err := jpeg.Decode(bytes.NewReader(stored))
			if err != nil {
				t.Fatal(err)
			}
			if r, _, b, _ := pic.At(100, 50).RGBA(); r < b {
				t.Errorf("top is not red after turning upright")
			}
			if r, _, b, _ := pic.At(100, 350).RGBA(); b < r {
				t.Errorf("bottom is not blue after turning upright")
			}
		})
	}
}

func TestOrientationTable(t *testing.T) {
	// A 3x2 picture with distinct pixels; each orientation must put the
	// stored top-left pixel where the EXIF specification says.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Set(i%3, i/3, color.RGBA{uint8(i * 40), 0, 0, 255})
	}
	first := color.RGBA{0, 0, 0, 255}
	tests := []struct {
		o          int
		w, h, x, y int // expected size and position of stored (0,0)
	}{
		{1, 3, 2, 0, 0}, {2, 3, 2, 2, 0}, {3, 3, 2, 2, 1}, {4, 3, 2, 0, 1},
		{5, 2, 3, 0, 0}, {6, 2, 3, 1, 0}, {7, 2, 3, 1, 2}, {8, 2, 3, 0, 2},
	}
	for _, tt := range tests {
		got := orient(src, tt.o)
		b := got.Bounds()
		if b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("orientation %d: size %dx%d, want %dx%d", tt.o, b.Dx(), b.Dy(), tt.w, tt.h)
			continue
		}
		if c := color.RGBAModel.Convert(got.At(tt.x, tt.y)); c != first {
			t.Errorf("orientation %d: stored top-left not at (%d,%d)", tt.o, tt.x, tt.y)
		}
	}
}

func TestUploadLimits(t *testing.T) {
	t.Run("default size limit", func(t *testing.T) {
		l, root := newTestLibrary(t, Options{})
		big := io.MultiReader(bytes.NewReader(makeJPEG(t, 16, 16)), bytes.NewReader(make([]byte, DefaultMaxBytes)))
		_, err := l.Upload(context.Background(), "big.jpg", big)
		wantInvalid(t, err, "Image is larger than 20 MB.")
		if _, err := os.Stat(root); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("refused upload left files behind (%v)", err)
		}
	})
	t.Run("request body limit", func(t *testing.T) {
		l, _ := newTestLibrary(t, Options{})
		body := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(bytes.NewReader(makeJPEG(t, 64, 64))), 100)
		_, err := l.Upload(context.Background(), "big.jpg", body)
		wantInvalid(t, err, "larger than")
	})
	t.Run("custom size limit", func(t *testing.T) {
		l, _ := newTestLibrary(t, Options{MaxBytes: 1000})
		_, err := l.Upload(context.Background(), "big.png", bytes.NewReader(makePNG(t, 200, 200)))
		wantInvalid(t, err, "larger than 1 KB")
	})
	// Each bomb is a few dozen bytes whose pixel data is garbage: refusing
	// with "too large" (not "damaged") shows the header alone decided.
	bombs := []struct {
		name string
		data []byte
	}{
		{"100000x100000", pngHeaderOnly(100000, 100000)},
		{"8000x8000 is 64 MP", pngHeaderOnly(8000, 8000)},
		{"30000x10 side", pngHeaderOnly(30000, 10)},
	}
	for _, b := range bombs {
		t.Run("bomb "+b.name, func(t *testing.T) {
			l, _ := newTestLibrary(t, Options{})
			_, err := l.Upload(context.Background(), "bomb.png", bytes.NewReader(b.data))
			wantInvalid(t, err, "too large")
		})
	}
	t.Run("within limits but damaged", func(t *testing.T) {
		l, _ := newTestLibrary(t, Options{})
		_, err := l.Upload(context.Background(), "ok.png", bytes.NewReader(pngHeaderOnly(100, 100)))
		wantInvalid(t, err, "damaged")
	})
	t.Run("animated GIF over the pixel budget keeps one frame", func(t *testing.T) {
		l, root := newTestLibrary(t, Options{MaxPixels: 2500})
		img := upload(t, l, "anim.gif", makeGIF(t, 40, 40, 3, ""))
		g, err := gif.DecodeAll(bytes.NewReader(readStored(t, root, img.URL)))
		if err != nil || len(g.Image) != 1 {
			t.Fatalf("want 1 frame, got %v frames (%v)", len(g.Image), err)
		}
	})
}

func TestUploadDropsPNGText(t *testing.T) {
	const secret = "Author: Jane Doe, GPS 50.45N 30.52E"
	l, root := newTestLibrary(t, Options{})
	plain := makePNG(t, 50, 40)
	// A tEXt chunk right after IHDR (8-byte signature + 25-byte IHDR).
	var chunk bytes.Buffer
	data := []byte("Comment\x00" + secret)
	binary.Write(&chunk, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte("tEXt"))
	crc.Write(data)
	chunk.WriteString("tEXt")
	chunk.Write(data)
	binary.Write(&chunk, binary.BigEndian, crc.Sum32())
	withText := append(append(append([]byte{}, plain[:33]...), chunk.Bytes()...), plain[33:]...)
	if _, err := png.Decode(bytes.NewReader(withText)); err != nil {
		t.Fatalf("test PNG is broken: %v", err)
	}
	img := upload(t, l, "text.png", withText)
	if bytes.Contains(readStored(t, root, img.URL), []byte(secret)) {
		t.Fatal("PNG text chunk survived")
	}
}

func TestUploadKeepsAnimationWithoutComments(t *testing.T) {
	const secret = "SECRET-COMMENT-camera-serial-1234"
	l, root := newTestLibrary(t, Options{})
	data := makeGIF(t, 40, 30, 3, secret)
	if frames, pixels, ok := gifFrames(data); !ok || frames != 3 || pixels != 3*40*30 {
		t.Fatalf("gifFrames = %d, %d, %v", frames, pixels, ok)
	}
	img := upload(t, l, "anim.gif", data)
	stored := readStored(t, root, img.URL)
	if bytes.Contains(stored, []byte(secret)) {
		t.Fatal("comment survived")
	}
	g, err := gif.DecodeAll(bytes.NewReader(stored))
	if err != nil || len(g.Image) != 3 {
		t.Fatalf("want 3 frames, got %d (%v)", len(g.Image), err)
	}
}

func TestUploadMakesVariants(t *testing.T) {
	l, root := newTestLibrary(t, Options{})
	tests := []struct {
		name   string
		data   []byte
		widths []int // variants expected on disk
	}{
		{"wide.jpg", makeJPEG(t, 2400, 1600), []int{300, 600, 1000, 2000}},
		{"mid.png", makePNG(t, 800, 400), []int{300, 600}},
		{"small.gif", makeGIF(t, 320, 200, 1, ""), []int{300}},
		{"tiny.jpg", makeJPEG(t, 300, 100), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := upload(t, l, tt.name, tt.data)
			key := strings.TrimPrefix(img.URL, ImagesPrefix)
			for _, w := range Widths {
				p := filepath.Join(root, "size", "w"+strconv.Itoa(w), filepath.FromSlash(key))
				b, err := os.ReadFile(p)
				want := slices.Contains(tt.widths, w)
				if !want {
					if err == nil {
						t.Errorf("w%d exists for a %d-wide image", w, img.Width)
					}
					continue
				}
				if err != nil {
					t.Fatalf("w%d: %v", w, err)
				}
				cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("w%d: %v", w, err)
				}
				wantH := (img.Height*w + img.Width/2) / img.Width
				if cfg.Width != w || cfg.Height != wantH || "image/"+format != img.Type {
					t.Errorf("w%d: got %dx%d %s, want %dx%d %s", w, cfg.Width, cfg.Height, format, w, wantH, img.Type)
				}
			}
		})
	}
}

func TestUploadNamesAreUnique(t *testing.T) {
	l, _ := newTestLibrary(t, Options{})
	data := makeJPEG(t, 32, 32)
	var urls []string
	for range 3 {
		urls = append(urls, upload(t, l, "flood.jpg", data).URL)
	}
	want := []string{"/content/images/2026/11/flood.jpg", "/content/images/2026/11/flood-1.jpg", "/content/images/2026/11/flood-2.jpg"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Fatalf("got %v, want %v", urls, want)
	}
}

func get(t *testing.T, h http.HandlerFunc, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h(rec, req)
	return rec
}

func TestServeImages(t *testing.T) {
	l, _ := newTestLibrary(t, Options{})
	img := upload(t, l, "flood.jpg", makeJPEG(t, 1200, 800))

	rec := get(t, l.ServeImages, img.URL)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	h := rec.Header()
	for k, v := range map[string]string{
		"Content-Type":           "image/jpeg",
		"Cache-Control":          "public, max-age=31536000, immutable",
		"X-Content-Type-Options": "nosniff",
	} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if h.Get("ETag") == "" || h.Get("Last-Modified") == "" {
		t.Fatalf("missing validators: %v", h)
	}
	if rec := get(t, l.ServeImages, img.URL, "If-None-Match", h.Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", rec.Code)
	}
	variant := "/content/images/size/w600/" + strings.TrimPrefix(img.URL, ImagesPrefix)
	if rec := get(t, l.ServeImages, variant); rec.Code != http.StatusOK || !isWidth(rec.Body.Bytes(), 600) {
		t.Errorf("variant: status %d", rec.Code)
	}
	if l.generated.Load() != 0 {
		t.Errorf("an uploaded image's variant was generated again")
	}
	for _, target := range []string{
		"/content/images/size/w601/2026/11/flood.jpg", // not an offered width
		"/content/images/size/w0600/2026/11/flood.jpg",
		"/content/images/size/w600/size/w300/2026/11/flood.jpg",
		"/content/images/size/2026/11/flood.jpg",
		"/content/images/2026/11/",      // folder listing
		"/content/images/2026/11",       // folder
		"/content/images/2026/11/x.jpg", // missing
		"/content/images/2026/11/flood.txt",
	} {
		if rec := get(t, l.ServeImages, target); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
		}
	}
}

func TestServeGeneratesVariantsOnDemand(t *testing.T) {
	l, root := newTestLibrary(t, Options{})
	// Demo content is written straight to disk, without variants.
	if err := l.opts.Blobs.Put(context.Background(), "demo/river.jpg", bytes.NewReader(makeJPEG(t, 1200, 900))); err != nil {
		t.Fatal(err)
	}
	rec := get(t, l.ServeImages, "/content/images/size/w600/demo/river.jpg")
	if rec.Code != http.StatusOK || !isWidth(rec.Body.Bytes(), 600) {
		t.Fatalf("status %d", rec.Code)
	}
	if rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	if _, err := os.Stat(filepath.Join(root, "size", "w600", "demo", "river.jpg")); err != nil {
		t.Fatalf("variant not stored: %v", err)
	}
	// Wider than the original: the original is served, nothing stored.
	rec = get(t, l.ServeImages, "/content/images/size/w2000/demo/river.jpg")
	if rec.Code != http.StatusOK || !isWidth(rec.Body.Bytes(), 1200) {
		t.Fatalf("w2000: status %d", rec.Code)
	}
	if _, err := os.Stat(filepath.Join(root, "size", "w2000")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("w2000 copy stored: %v", err)
	}
	if rec := get(t, l.ServeImages, "/content/images/size/w300/demo/missing.jpg"); rec.Code != http.StatusNotFound {
		t.Errorf("missing original: status %d", rec.Code)
	}
	if got := l.generated.Load(); got != 1 {
		t.Errorf("generated %d variants, want 1", got)
	}
	if l.asIs["size/w2000/demo/river.jpg"] != "demo/river.jpg" {
		t.Errorf("w2000 answered by the original is not remembered: %v", l.asIs)
	}
}

func TestServeGeneratesAVariantOnce(t *testing.T) {
	l, _ := newTestLibrary(t, Options{})
	if err := l.opts.Blobs.Put(context.Background(), "demo/crowd.png", bytes.NewReader(makePNG(t, 1600, 1000))); err != nil {
		t.Fatal(err)
	}
	const n = 12
	var wg sync.WaitGroup
	bodies := make([][]byte, n)
	codes := make([]int, n)
	for i := range n {
		wg.Go(func() {
			req := httptest.NewRequest(http.MethodGet, "/content/images/size/w1000/demo/crowd.png", nil)
			rec := httptest.NewRecorder()
			l.ServeImages(rec, req)
			codes[i], bodies[i] = rec.Code, rec.Body.Bytes()
		})
	}
	wg.Wait()
	for i := range n {
		if codes[i] != http.StatusOK || !bytes.Equal(bodies[i], bodies[0]) {
			t.Fatalf("request %d: status %d, %d bytes (first had %d)", i, codes[i], len(bodies[i]), len(bodies[0]))
		}
	}
	if !isWidth(bodies[0], 1000) {
		t.Fatal("wrong width")
	}
	if got := l.generated.Load(); got != 1 {
		t.Fatalf("generated %d times, want once", got)
	}
}

func TestServeRefusesTraversal(t *testing.T) {
	l, root := newTestLibrary(t, Options{})
	// Targets a traversal would reach: a file beside the images folder and
	// a symbolic link inside it pointing out.
	outside := filepath.Join(filepath.Dir(root), "secret.jpg")
	if err := os.MkdirAll(root, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, makeJPEG(t, 700, 10), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "link.jpg")); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /content/images/", l.ServeImages)
	targets := []string{
		"/content/images/../../etc/passwd",
		"/content/images/../secret.jpg",
		"/content/images/%2e%2e/secret.jpg",
		"/content/images/..%2fsecret.jpg",
		"/content/images/..%5csecret.jpg",
		"/content/images/%2e%2e%5csecret.jpg",
		"/content/images/size/w300/../secret.jpg",
		"/content/images/size/w300/..%2fsecret.jpg",
		"/content/images/size/w300/%2e%2e/%2e%2e/secret.jpg",
		"/content/images//etc/passwd",
		"/content/images/%2fetc%2fpasswd",
		"/content/images/link.jpg",
		"/content/images/size/w300/link.jpg",
		"/content/images/.tmp-1.jpg",
		"/content/images/a%00.jpg",
	}
	for _, target := range targets {
		// Straight into the handler, and through a ServeMux as in the app.
		direct := get(t, l.ServeImages, target)
		if direct.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, direct.Code)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code == http.StatusOK || strings.Contains(rec.Header().Get("Content-Type"), "image") {
			t.Errorf("%s via mux: status %d, %s", target, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	if _, err := os.Stat(filepath.Join(root, "size")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a variant was made from outside the folder")
	}
}

func TestValidKey(t *testing.T) {
	for key, want := range map[string]bool{
		"2026/11/flood.jpg": true, "size/w300/demo/a-b_c.png": true,
		"": false, "/etc/passwd": false, "../x.jpg": false, "a/../x.jpg": false, "a//x.jpg": false,
		"a/./x.jpg": false, ".hidden.jpg": false, `a\..\x.jpg`: false, "a/": false, "c:x.jpg": false,
		"a\x00.jpg": false, "a\n.jpg": false,
	} {
		if got := ValidKey(key); got != want {
			t.Errorf("ValidKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestDirPutNeverOverwrites(t *testing.T) {
	d := NewDir(t.TempDir())
	ctx := context.Background()
	if err := d.Put(ctx, "a/b.jpg", strings.NewReader("one")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "a/b.jpg", strings.NewReader("two")); !errors.Is(err, ErrExist) {
		t.Fatalf("second Put: %v, want ErrExist", err)
	}
	if err := d.Put(ctx, "a/c.jpg", io.MultiReader(strings.NewReader("part"), errReader{})); err == nil {
		t.Fatal("Put of a failing reader succeeded")
	}
	if ok, _ := d.Exists(ctx, "a/c.jpg"); ok {
		t.Fatal("failed Put left a file")
	}
	f, _, size, err := d.Open(ctx, "a/b.jpg")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	if string(b) != "one" || size != 3 {
		t.Fatalf("got %q (%d bytes)", b, size)
	}
	if _, _, _, err := d.Open(ctx, "a"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("Open of a folder: %v, want ErrNotExist", err)
	}
	if err := d.Put(ctx, "../escape.jpg", strings.NewReader("x")); err == nil {
		t.Fatal("Put accepted ../")
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestSrcset(t *testing.T) {
	tests := map[string]string{
		"/content/images/2026/11/flood.jpg": "/content/images/size/w300/2026/11/flood.jpg 300w, /content/images/size/w600/2026/11/flood.jpg 600w, " +
			"/content/images/size/w1000/2026/11/flood.jpg 1000w, /content/images/size/w2000/2026/11/flood.jpg 2000w",
		"https://news.example.org/content/images/demo/a.png": "https://news.example.org/content/images/size/w300/demo/a.png 300w, " +
			"https://news.example.org/content/images/size/w600/demo/a.png 600w, https://news.example.org/content/images/size/w1000/demo/a.png 1000w, " +
			"https://news.example.org/content/images/size/w2000/demo/a.png 2000w",
		"/content/images/size/w600/2026/11/flood.jpg": "",
		"/content/images/2026/11/flood.webp":          "",
		"/content/images/2026/11/logo.svg":            "",
		"/images/flood.jpg":                           "",
		"javascript:/content/images/x.jpg":            "",
		"/content/images/a b.jpg":                     "",
		"":                                            "",
	}
	for in, want := range tests {
		if got := Srcset(in); got != want {
			t.Errorf("Srcset(%q) =\n  %q\nwant\n  %q", in, got, want)
		}
	}
}

func isWidth(b []byte, w int) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	return err == nil && cfg.Width == w
}

// TestVariantWithoutTheLock: when the cross-instance lock cannot be taken
// (its database is away), the variant is still made and served; when the
// lock is there, the variant is made inside it.
func TestVariantWithoutTheLock(t *testing.T) {
	var tried, held int
	l, root := newTestLibrary(t, Options{Exclusive: func(ctx context.Context, name string, fn func(context.Context) error) error {
		tried++
		if name == "media size/w600/demo/river.jpg" {
			return errors.New("database unavailable")
		}
		held++
		return fn(ctx)
	}})
	if err := l.opts.Blobs.Put(context.Background(), "demo/river.jpg", bytes.NewReader(makeJPEG(t, 1200, 900))); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{600, 300} {
		rec := get(t, l.ServeImages, fmt.Sprintf("/content/images/size/w%d/demo/river.jpg", w))
		if rec.Code != http.StatusOK || !isWidth(rec.Body.Bytes(), w) {
			t.Fatalf("w%d: status %d", w, rec.Code)
		}
		if _, err := os.Stat(filepath.Join(root, "size", fmt.Sprintf("w%d", w), "demo", "river.jpg")); err != nil {
			t.Fatalf("w%d not stored: %v", w, err)
		}
	}
	if tried != 2 || held != 1 {
		t.Errorf("lock tried %d times, held %d", tried, held)
	}
}
