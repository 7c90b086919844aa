package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// Images built in the tests themselves, so every byte is known.

// gradient is a picture with enough detail that encoders do real work.
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 255})
		}
	}
	return img
}

func makeJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gradient(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func makePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// makeGIF returns a GIF of frames frames, with a comment extension
// carrying secret inserted after the header.
func makeGIF(t testing.TB, w, h, frames int, secret string) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}}
	g := &gif.GIF{}
	for f := 0; f < frames; f++ {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				p.SetColorIndex(x, y, uint8((x+y+f)%3))
			}
		}
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if secret == "" {
		return b
	}
	// No global colour table here, so blocks start at byte 13.
	if b[10]&0x80 != 0 {
		t.Fatal("unexpected global colour table")
	}
	comment := append([]byte{0x21, 0xFE, byte(len(secret))}, secret...)
	comment = append(comment, 0)
	return append(append(append([]byte{}, b[:13]...), comment...), b[13:]...)
}

// exifSegment builds an APP1 segment in byte order bo with an
// Orientation tag and a GPS IFD whose latitude reference, latitude and
// processing method text (secret) must never survive an upload.
func exifSegment(bo binary.ByteOrder, orientation int, secret string) []byte {
	var t bytes.Buffer
	if bo == binary.LittleEndian {
		t.WriteString("II*\x00")
	} else {
		t.WriteString("MM\x00*")
	}
	w16 := func(v int) { binary.Write(&t, bo, uint16(v)) }
	w32 := func(v int) { binary.Write(&t, bo, uint32(v)) }
	w32(8) // IFD0 right after the header
	// IFD0: 2 entries (Orientation, GPS pointer) = 2 + 24 + 4 bytes.
	gpsIFD := 8 + 2 + 2*12 + 4
	w16(2)
	w16(0x0112)
	w16(3)
	w32(1)
	w16(orientation)
	w16(0)
	w16(0x8825)
	w16(4)
	w32(1)
	w32(gpsIFD)
	w32(0) // no next IFD
	// GPS IFD: 3 entries.
	data := gpsIFD + 2 + 3*12 + 4
	w16(3)
	w16(1) // GPSLatitudeRef "N"
	w16(2)
	w32(2)
	t.WriteString("N\x00\x00\x00")
	w16(2) // GPSLatitude, 3 rationals
	w16(5)
	w32(3)
	w32(data)
	w16(0x1B) // GPSProcessingMethod
	w16(7)
	w32(len(secret))
	w32(data + 24)
	w32(0)
	for _, v := range []int{50, 1, 27, 1, 1234, 100} {
		w32(v)
	}
	t.WriteString(secret)

	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// withEXIF inserts an EXIF segment right after a JPEG's SOI marker.
func withEXIF(jpg, seg []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngHeaderOnly is a PNG that claims w x h pixels but carries a few
// bytes of garbage as image data: only a decoder that reads pixels
// notices.
func pngHeaderOnly(w, h int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte("not zlib at all"))
	chunk("IEND", nil)
	return b.Bytes()
}

// makeWebP returns a lossless WebP (VP8L) of one colour. Every prefix
// code has a single symbol, so pixels take no bits at all: small enough
// to build by hand, real enough for the decoder.
func makeWebP(w, h int, c color.NRGBA) []byte {
	var bits []bool
	put := func(v uint32, n int) {
		for i := 0; i < n; i++ {
			bits = append(bits, v>>i&1 == 1)
		}
	}
	put(uint32(w-1), 14)
	put(uint32(h-1), 14)
	alpha := uint32(0)
	if c.A != 255 {
		alpha = 1
	}
	put(alpha, 1)
	put(0, 3) // version
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		put(1, 1) // simple code
		put(0, 1) // one symbol
		put(1, 1) // 8-bit symbol
		put(uint32(sym), 8)
	}
	payload := []byte{0x2f}
	for i := 0; i < len(bits); i += 8 {
		var by byte
		for j := 0; j < 8 && i+j < len(bits); j++ {
			if bits[i+j] {
				by |= 1 << j
			}
		}
		payload = append(payload, by)
	}
	if len(payload)%2 == 1 {
		payload = append(payload, 0) // pad byte
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(payload)))
	b.WriteString("WEBPVP8L")
	binary.Write(&b, binary.LittleEndian, uint32(len(payload)))
	b.Write(payload)
	return b.Bytes()
}
