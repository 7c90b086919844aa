package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/image/webp"
)

// download fetches url from the library's handler, as a browser or
// Ghost's Admin API client would after an upload.
func download(t *testing.T, l *Library, url string) ([]byte, string) {
	t.Helper()
	rec := get(t, l.ServeImages, url)
	if rec.Code != 200 {
		t.Fatalf("GET %s: %d", url, rec.Code)
	}
	return rec.Body.Bytes(), rec.Header().Get("Content-Type")
}

// TestUploadKeepsCleanFilesByteForByte: a file without metadata is stored
// and served exactly as it was sent, whatever its format.
func TestUploadKeepsCleanFilesByteForByte(t *testing.T) {
	l, _ := newTestLibrary(t, Options{})
	tests := []struct {
		name, typ string
		data      []byte
	}{
		{"photo.jpg", TypeJPEG, makeJPEG(t, 1200, 800)},
		{"chart.png", TypePNG, makePNG(t, 700, 300)},
		{"screenshot.png", TypePNG, screenshotPNG(t)},
		{"logo.gif", TypeGIF, makeGIF(t, 320, 200, 1, "")},
		{"anim.gif", TypeGIF, makeGIF(t, 64, 48, 4, "")},
		{"glass.webp", TypeWebP, makeWebP(640, 480, color.NRGBA{10, 10, 200, 128})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := upload(t, l, tt.name, tt.data)
			got, ctype := download(t, l, img.URL)
			if !bytes.Equal(got, tt.data) {
				t.Fatalf("served %d bytes differ from the %d uploaded", len(got), len(tt.data))
			}
			if img.Type != tt.typ || ctype != tt.typ {
				t.Fatalf("type %s, served as %s, want %s", img.Type, ctype, tt.typ)
			}
		})
	}
}

// screenshotPNG is a PNG as browsers and editors write it: colour space
// and pixel density chunks (which are not metadata: they change how it
// looks) and its own compression level.
func screenshotPNG(t *testing.T) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, gradient(500, 400)); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	var b bytes.Buffer
	b.Write(plain[:33])
	writeChunk(&b, "sRGB", []byte{0})
	writeChunk(&b, "pHYs", []byte{0, 0, 0x16, 0x25, 0, 0, 0x16, 0x25, 1})
	b.Write(plain[33:])
	return b.Bytes()
}

// jpegSegment is a marker segment with its length.
func jpegSegment(marker byte, payload string) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// TestUploadStripsJPEGMetadataLosslessly: EXIF with GPS, XMP, IPTC,
// comments, a JFIF thumbnail and a second picture after the end marker go;
// JFIF, the ICC profile and every byte of the picture stay.
func TestUploadStripsJPEGMetadataLosslessly(t *testing.T) {
	const secret = "GPS-SECRET-50.4501N-30.5234E"
	clean := makeJPEG(t, 800, 600)
	jfif := jpegSegment(0xE0, "JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00")
	jfifThumb := jpegSegment(0xE0, "JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x02\x01"+"\x01\x02\x03\x04\x05\x06")
	icc := jpegSegment(0xE2, "ICC_PROFILE\x00\x01\x01"+strings.Repeat("p", 40))
	var dirty []byte
	dirty = append(dirty, clean[:2]...)
	dirty = append(dirty, jfifThumb...)
	dirty = append(dirty, exifSegment(binary.BigEndian, 1, secret)...)
	dirty = append(dirty, jpegSegment(0xE1, "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+secret+"</x:xmpmeta>")...)
	dirty = append(dirty, icc...)
	dirty = append(dirty, jpegSegment(0xE2, "MPF\x00"+secret)...)
	dirty = append(dirty, jpegSegment(0xED, "Photoshop 3.0\x00"+secret)...)
	dirty = append(dirty, jpegSegment(0xFE, "Comment: "+secret)...)
	dirty = append(dirty, clean[2:]...)
	dirty = append(dirty, withEXIF(makeJPEG(t, 16, 16), exifSegment(binary.LittleEndian, 1, secret))...) // after EOI
	if _, err := jpeg.Decode(bytes.NewReader(dirty)); err != nil {
		t.Fatalf("test JPEG is broken: %v", err)
	}

	l, _ := newTestLibrary(t, Options{})
	img := upload(t, l, "dirty.jpg", dirty)
	got, _ := download(t, l, img.URL)
	var want []byte
	want = append(want, clean[:2]...)
	want = append(want, jfif...) // thumbnail removed
	want = append(want, icc...)
	want = append(want, clean[2:]...)
	if !bytes.Equal(got, want) {
		t.Fatalf("stored %d bytes, want the %d bytes of the original picture with JFIF and ICC only", len(got), len(want))
	}
	if bytes.Contains(got, []byte(secret)) {
		t.Fatal("metadata survived")
	}
	// The entropy-coded data is the original's, so not a pixel changed.
	sos := bytes.Index(clean, []byte{0xFF, 0xDA})
	if !bytes.HasSuffix(got, clean[sos:]) {
		t.Fatal("scan data differs from the original's")
	}
}

// TestUploadTurnsPNGUpright: browsers apply a PNG's eXIf orientation, so
// one stored sideways is re-encoded upright before the chunk goes.
func TestUploadTurnsPNGUpright(t *testing.T) {
	clean := makePNG(t, 60, 20)
	tiff := exifSegment(binary.LittleEndian, 6, "")[4+6:] // TIFF structure without APP1 and "Exif\0\0"
	var b bytes.Buffer
	b.Write(clean[:33])
	writeChunk(&b, "eXIf", tiff)
	b.Write(clean[33:])
	if pngOrientation(b.Bytes()) != 6 {
		t.Fatal("orientation not read")
	}
	l, root := newTestLibrary(t, Options{})
	img := upload(t, l, "sideways.png", b.Bytes())
	stored := readStored(t, root, img.URL)
	cfg, err := png.DecodeConfig(bytes.NewReader(stored))
	if err != nil || cfg.Width != 20 || cfg.Height != 60 || img.Width != 20 {
		t.Fatalf("stored %dx%d (%v), want 20x60", cfg.Width, cfg.Height, err)
	}
	if bytes.Contains(stored, []byte("eXIf")) {
		t.Fatal("eXIf chunk survived")
	}
}

// TestUploadStripsPNGChunks: text, time, EXIF and private chunks go and
// the rest of the file is the original, byte for byte.
func TestUploadStripsPNGChunks(t *testing.T) {
	const secret = "Author: Jane Doe, GPS 50.45N 30.52E"
	clean := makePNG(t, 400, 300)
	var b bytes.Buffer
	b.Write(clean[:33]) // signature and IHDR
	writeChunk(&b, "tEXt", []byte("Comment\x00"+secret))
	writeChunk(&b, "iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+secret))
	writeChunk(&b, "zTXt", []byte("Author\x00\x00x\x9c"))
	writeChunk(&b, "tIME", []byte{0x07, 0xEA, 11, 27, 9, 0, 0})
	writeChunk(&b, "eXIf", exifSegment(binary.BigEndian, 1, secret)[10:])
	writeChunk(&b, "prVt", []byte(secret))
	b.Write(clean[33:])
	b.WriteString("trailing " + secret)
	l, _ := newTestLibrary(t, Options{})
	img := upload(t, l, "text.png", b.Bytes())
	got, _ := download(t, l, img.URL)
	if !bytes.Equal(got, clean) {
		t.Fatalf("stored %d bytes, want the %d clean bytes", len(got), len(clean))
	}
}

// TestUploadStripsGIFExtensions: comments and XMP application extensions
// go; the animation, its loop and its frames stay as they were.
func TestUploadStripsGIFExtensions(t *testing.T) {
	const secret = "SECRET-COMMENT-camera-serial-1234"
	clean := makeGIF(t, 40, 30, 3, "")
	withComment := makeGIF(t, 40, 30, 3, secret)
	xmp := append([]byte{0x21, 0xFF, 11}, "XMP DataXMP"...)
	xmp = append(xmp, byte(len(secret)))
	xmp = append(xmp, secret...)
	xmp = append(xmp, 0)
	dirty := append(append(bytes.Clone(withComment[:len(withComment)-1]), xmp...), 0x3B)
	if g, err := gif.DecodeAll(bytes.NewReader(dirty)); err != nil || len(g.Image) != 3 {
		t.Fatalf("test GIF is broken: %v", err)
	}
	l, _ := newTestLibrary(t, Options{})
	img := upload(t, l, "anim.gif", dirty)
	got, _ := download(t, l, img.URL)
	if !bytes.Equal(got, clean) {
		t.Fatalf("stored %d bytes, want the %d clean bytes", len(got), len(clean))
	}
}

// TestUploadStripsWebPChunks: EXIF and XMP chunks go, with their flags in
// the VP8X header; the picture stays a WebP, served as one.
func TestUploadStripsWebPChunks(t *testing.T) {
	const secret = "GPS-SECRET-50.4501N-30.5234E"
	simple := makeWebP(300, 200, color.NRGBA{200, 10, 10, 255})
	vp8l := simple[12:] // the VP8L chunk
	chunk := func(fourcc string, data []byte) []byte {
		c := append([]byte(fourcc), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(c[4:], uint32(len(data)))
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	vp8x := func(flags byte) []byte {
		// Flags, 3 reserved bytes, then canvas width-1 and height-1 in 24 bits.
		d := []byte{flags, 0, 0, 0, 299 - 256, 1, 0, 199, 0, 0}
		return chunk("VP8X", d)
	}
	riff := func(chunks ...[]byte) []byte {
		body := bytes.Join(chunks, nil)
		out := append([]byte("RIFF"), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(out[4:], uint32(4+len(body)))
		return append(append(out, "WEBP"...), body...)
	}
	dirty := riff(vp8x(0x08|0x04), vp8l, chunk("EXIF", exifSegment(binary.LittleEndian, 1, secret)[10:]), chunk("XMP ", []byte(secret+"!")))
	if _, err := webp.Decode(bytes.NewReader(dirty)); err != nil {
		t.Fatalf("test WebP is broken: %v", err)
	}
	l, _ := newTestLibrary(t, Options{})
	img := upload(t, l, "photo.webp", dirty)
	got, ctype := download(t, l, img.URL)
	if want := riff(vp8x(0), vp8l); !bytes.Equal(got, want) {
		t.Fatalf("stored %q, want %q", got[:min(len(got), 40)], want[:40])
	}
	if ctype != TypeWebP || !strings.HasSuffix(img.URL, ".webp") || img.Width != 300 || img.Height != 200 {
		t.Fatalf("stored %+v served as %s", img, ctype)
	}
	if pic, err := webp.Decode(bytes.NewReader(got)); err != nil || pic.Bounds() != image.Rect(0, 0, 300, 200) {
		t.Fatalf("stored WebP unreadable: %v", err)
	}
	// WebP pictures have no variants: a variant address serves the original.
	variant, _ := download(t, l, ImagesPrefix+"size/w300/"+img.URL[len(ImagesPrefix):])
	if !bytes.Equal(variant, got) {
		t.Fatal("w300 of a WebP is not the original")
	}
}

// TestGIFFirstFrame: an animation over the pixel budget is cut to its
// first frame from its bytes, which decodes to the same picture.
func TestGIFFirstFrame(t *testing.T) {
	data := makeGIF(t, 40, 30, 3, "")
	one, err := gifFirstFrame(data)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := gif.DecodeAll(bytes.NewReader(data))
	g, err := gif.DecodeAll(bytes.NewReader(one))
	if err != nil || len(g.Image) != 1 || !bytes.Equal(g.Image[0].Pix, all.Image[0].Pix) {
		t.Fatalf("first frame: %v", err)
	}
	if bytes.Contains(one, []byte("NETSCAPE2.0")) {
		t.Fatal("a still picture kept the loop extension")
	}
}

// TestStripRefusesBrokenStructure: files whose blocks run past their end
// are damaged, not stored half-read.
func TestStripRefusesBrokenStructure(t *testing.T) {
	jpg, pngData, gifData := makeJPEG(t, 64, 48), makePNG(t, 64, 48), makeGIF(t, 16, 16, 2, "")
	webpData := makeWebP(16, 16, color.NRGBA{1, 2, 3, 255})
	for name, tt := range map[string]struct {
		typ  string
		data []byte
	}{
		"jpeg without end":     {TypeJPEG, jpg[:len(jpg)-2]},
		"jpeg cut in a header": {TypeJPEG, jpg[:30]},
		"png without IEND":     {TypePNG, pngData[:len(pngData)-12]},
		"gif cut":              {TypeGIF, gifData[:len(gifData)-5]},
		"webp size too large":  {TypeWebP, append(bytes.Clone(webpData[:4]), append([]byte{0xFF, 0xFF, 0, 0}, webpData[8:]...)...)},
	} {
		if _, err := strip(tt.typ, tt.data); err == nil {
			t.Errorf("%s: stripped without error", name)
		}
	}
}
