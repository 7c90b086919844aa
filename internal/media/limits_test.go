package media

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"sync"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"
)

// zeroPNG is a w x h PNG of the given bit depth (8 or 16) and colour type
// whose pixels are all zero, built without holding them: the zlib stream
// is the deflate encoding of one run of zero rows repeated, which is what
// makes such files tiny (a 7000 x 7000 16-bit RGBA one is 381 KB).
func zeroPNG(t testing.TB, w, h int, depth, colour byte) []byte {
	t.Helper()
	channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[colour]
	rowLen := 1 + w*channels*int(depth)/8 // filter byte, then samples
	total := int64(rowLen) * int64(h)
	unit := rowLen * min(h, 100)
	zeros := make([]byte, unit)
	var z bytes.Buffer
	fw, err := flate.NewWriter(&z, 6)
	if err != nil {
		t.Fatal(err)
	}
	// The first run starts the stream; every later run, coming after
	// zeros, can be encoded the same way, so it is encoded once.
	fw.Write(zeros)
	fw.Flush()
	first := bytes.Clone(z.Bytes())
	z.Reset()
	fw.Write(zeros)
	fw.Flush()
	again := bytes.Clone(z.Bytes())
	z.Reset()
	runs, tail := total/int64(unit), total%int64(unit)
	var idat bytes.Buffer
	idat.Write([]byte{0x78, 0x9C})
	idat.Write(first)
	for i := int64(1); i < runs; i++ {
		idat.Write(again)
	}
	fw.Write(zeros[:tail])
	fw.Close()
	idat.Write(z.Bytes())
	// Adler-32 of n zero bytes: a stays 1, b adds it n times.
	binary.Write(&idat, binary.BigEndian, uint32(total%65521)<<16|1)

	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, colour
	writeChunk(&b, "IHDR", ihdr)
	writeChunk(&b, "IDAT", idat.Bytes())
	writeChunk(&b, "IEND", nil)
	return b.Bytes()
}

func writeChunk(b *bytes.Buffer, typ string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

// allocated returns the bytes fn allocated on the heap, all goroutines
// counted.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestUploadRefusesDecodeBomb: a 381 KB PNG of 7000 x 7000 16-bit RGBA
// pixels is under the pixel cap, but decoding it would take 374 MiB (and
// re-encoding and resizing it used to take over 1.2 GB in all). It is
// refused from its header, at once, allocating next to nothing.
func TestUploadRefusesDecodeBomb(t *testing.T) {
	data := zeroPNG(t, 7000, 7000, 16, 6)
	if len(data) > 400<<10 {
		t.Fatalf("the bomb is %d bytes, want about 381 KB", len(data))
	}
	if _, err := png.DecodeConfig(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	l, _ := newTestLibrary(t, Options{})
	var err error
	began := time.Now()
	alloc := allocated(func() {
		_, err = l.Upload(context.Background(), "bomb.png", bytes.NewReader(data))
	})
	took := time.Since(began)
	t.Logf("%d-byte bomb refused in %v, %.1f MB allocated", len(data), took, float64(alloc)/1e6)
	wantInvalid(t, err, "The image is too large to process: decoded it would take 374 MB (limit 192 MB).")
	if alloc > 100<<20 {
		t.Errorf("refusing the bomb allocated %d MB, want well under 100 MB", alloc>>20)
	}
	if took > 2*time.Second {
		t.Errorf("refusing the bomb took %v", took)
	}
}

// TestUploadTallImageMemory: a 3000 x 16000 grey PNG (48 megapixels, 48
// MB decoded) is accepted, and making its variants no longer allocates a
// filter buffer of variant width x source height x 32 bytes (1 GB) or a
// full-size RGBA copy.
func TestUploadTallImageMemory(t *testing.T) {
	data := zeroPNG(t, 3000, 16000, 8, 0)
	l, root := newTestLibrary(t, Options{})
	var img Image
	var err error
	alloc := allocated(func() {
		img, err = l.Upload(context.Background(), "tall.png", bytes.NewReader(data))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("3000x16000 grey PNG with variants: %.0f MB allocated", float64(alloc)/1e6)
	if alloc > 400<<20 {
		t.Errorf("allocated %d MB, want under 400", alloc>>20)
	}
	variant := readStored(t, root, ImagesPrefix+"size/w2000/"+img.URL[len(ImagesPrefix):])
	if cfg, err := png.DecodeConfig(bytes.NewReader(variant)); err != nil || cfg.Width != 2000 || cfg.Height != 10667 {
		t.Fatalf("w2000 variant: %+v, %v", cfg, err)
	}
}

// TestUploadNormalPhoto: a 4000 x 3000 JPEG, the size of a phone photo,
// still uploads with its variants.
func TestUploadNormalPhoto(t *testing.T) {
	data := makeJPEG(t, 4000, 3000)
	l, root := newTestLibrary(t, Options{})
	var img Image
	var err error
	alloc := allocated(func() {
		img, err = l.Upload(context.Background(), "photo.jpg", bytes.NewReader(data))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("4000x3000 JPEG with variants: %.0f MB allocated", float64(alloc)/1e6)
	if img.Width != 4000 || img.Height != 3000 || !bytes.Equal(readStored(t, root, img.URL), data) {
		t.Fatalf("stored %+v, or bytes changed", img)
	}
	for _, w := range Widths {
		if !isWidth(readStored(t, root, fmt.Sprintf("%ssize/w%d/%s", ImagesPrefix, w, img.URL[len(ImagesPrefix):])), w) {
			t.Errorf("w%d variant missing or wrong", w)
		}
	}
}

func TestDecodeCost(t *testing.T) {
	progressive := func(jpg []byte) []byte {
		// Only the header is read: marking the frame progressive is enough.
		out := bytes.Clone(jpg)
		i := bytes.Index(out, []byte{0xFF, 0xC0})
		out[i+1] = 0xC2
		return out
	}
	photo := makeJPEG(t, 1000, 800) // 4:2:0
	gray := func() []byte {
		var b bytes.Buffer
		png.Encode(&b, image.NewGray(image.Rect(0, 0, 100, 100)))
		return b.Bytes()
	}()
	pal := func() []byte {
		var b bytes.Buffer
		png.Encode(&b, image.NewPaletted(image.Rect(0, 0, 100, 100), color.Palette{color.Black, color.White}))
		return b.Bytes()
	}()
	tests := []struct {
		name string
		typ  string
		data []byte
		w, h int
		want int64
	}{
		{"16-bit RGBA PNG", TypePNG, zeroPNG(t, 100, 100, 16, 6), 100, 100, 80000},
		{"8-bit RGB PNG", TypePNG, zeroPNG(t, 100, 100, 8, 2), 100, 100, 40000},
		{"8-bit grey PNG", TypePNG, gray, 100, 100, 10000},
		{"16-bit grey PNG", TypePNG, zeroPNG(t, 100, 100, 16, 0), 100, 100, 20000},
		{"palette PNG", TypePNG, pal, 100, 100, 10000},
		// 63 x 50 MCUs of 16 x 16: four Y blocks and one each of Cb, Cr.
		{"baseline JPEG", TypeJPEG, photo, 1000, 800, 63 * 50 * 6 * 64},
		{"progressive JPEG", TypeJPEG, progressive(photo), 1000, 800, 5 * 63 * 50 * 6 * 64},
		{"GIF", TypeGIF, makeGIF(t, 100, 100, 3, ""), 100, 100, 10000},
		{"lossless WebP", TypeWebP, makeWebP(100, 100, color.NRGBA{1, 2, 3, 255}), 100, 100, 80000},
	}
	for _, tt := range tests {
		if got := decodeCost(tt.typ, tt.data, tt.w, tt.h); got != tt.want {
			t.Errorf("%s: decodeCost = %d, want %d", tt.name, got, tt.want)
		}
	}

	// A 45-megapixel camera's portrait photo (stored sideways, EXIF
	// orientation 6) fits the budget even with its upright copy, which
	// keeps the decoded planes rather than taking 4 bytes a pixel.
	big := bytes.Clone(photo)
	sof := bytes.Index(big, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(big[sof+5:], 5504)
	binary.BigEndian.PutUint16(big[sof+7:], 8256)
	l, _ := newTestLibrary(t, Options{})
	if err := l.checkDecode(TypeJPEG, big, 8256, 5504, 6); err != nil {
		t.Errorf("45 MP portrait photo: %v", err)
	}
	if got, want := decodeNeed(TypeJPEG, big, 8256, 5504, 6), 2*decodeCost(TypeJPEG, big, 8256, 5504); got != want {
		t.Errorf("upright copy of a JPEG: need %d, want %d", got, want)
	}
}

// TestUploadDecodesTwoAtATime: however many uploads arrive together, at
// most MaxDecodes images are decoded at once.
func TestUploadDecodesTwoAtATime(t *testing.T) {
	l, _ := newTestLibrary(t, Options{})
	data := makePNG(t, 700, 500)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			if _, err := l.Upload(context.Background(), fmt.Sprintf("p%d.png", i), bytes.NewReader(data)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak := l.decodePeak.Load(); peak < 1 || peak > DefaultMaxDecodes {
		t.Fatalf("%d decodes ran at once, want at most %d", peak, DefaultMaxDecodes)
	}
}

// TestScaleMatchesCatmullRom: the row-by-row resampler gives what
// x/image's Catmull-Rom kernel gives, within rounding.
func TestScaleMatchesCatmullRom(t *testing.T) {
	src := gradient(733, 517)
	for _, size := range [][2]int{{500, 353}, {367, 259}, {733, 517}, {900, 700}} {
		got := scale(newRows(src), size[0], size[1])
		want := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		xdraw.CatmullRom.Scale(want, want.Rect, src, src.Rect, xdraw.Src, nil)
		worst := 0
		for i := range got.Pix {
			worst = max(worst, abs(int(got.Pix[i])-int(want.Pix[i])))
		}
		if worst > 3 {
			t.Errorf("%dx%d: differs from x/image by up to %d levels", size[0], size[1], worst)
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestOrientKeepsPlanes: turning a YCbCr picture (a decoded JPEG) plane by
// plane gives the same pixels as turning its RGBA conversion, for every
// orientation and chroma subsampling, and keeps it YCbCr.
func TestOrientKeepsPlanes(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio420} {
		src := image.NewYCbCr(image.Rect(0, 0, 8, 6), ratio)
		for i := range src.Y {
			src.Y[i] = uint8(i * 7)
		}
		for i := range src.Cb {
			src.Cb[i], src.Cr[i] = uint8(i*29), uint8(255-i*13)
		}
		rgba := image.NewRGBA(src.Rect)
		xdraw.Draw(rgba, rgba.Rect, src, image.Point{}, xdraw.Src)
		for o := 1; o <= 8; o++ {
			got, want := orient(src, o), orient(rgba, o)
			if _, ok := got.(*image.YCbCr); !ok {
				t.Fatalf("%v, orientation %d: turned into %T", ratio, o, got)
			}
			if got.Bounds() != want.Bounds() {
				t.Fatalf("%v, orientation %d: bounds %v, want %v", ratio, o, got.Bounds(), want.Bounds())
			}
			b := got.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if g, w := color.RGBAModel.Convert(got.At(x, y)), want.At(x, y); g != w {
						t.Fatalf("%v, orientation %d: pixel (%d,%d) is %v, want %v", ratio, o, x, y, g, w)
					}
				}
			}
		}
	}
}
