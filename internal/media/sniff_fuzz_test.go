package media

import (
	"bytes"
	"image"
	"testing"
)

// FuzzSniff feeds arbitrary bytes to what reads an upload before any
// pixel is decoded: the type sniffers, the EXIF orientation reader and the
// header check. None may panic; a type is only claimed when the magic
// numbers are there; orientation is always 1 to 8; and describe names
// every refused file.
func FuzzSniff(f *testing.F) {
	for _, s := range [][]byte{
		nil, []byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*\x00\x00\x00\x08"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		[]byte("GIF89a\x01\x00\x01\x00"), []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isomavc1"),
		[]byte("\x1a\x45\xdf\xa3\x42\x82\x84webm"), []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), []byte("%PDF-1.7"),
		[]byte("\xff\xd8\xff\xe1\xff\xffExif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		switch typ := sniffImage(b); typ {
		case TypeJPEG:
			if !bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) {
				t.Fatalf("JPEG claimed for %x", b[:min(len(b), 8)])
			}
			if o := jpegOrientation(b); o < 1 || o > 8 {
				t.Fatalf("orientation %d", o)
			}
		case TypePNG, TypeGIF, TypeWebP:
		case "":
			if describe(b) == "" {
				t.Fatalf("refused file described as nothing")
			}
		default:
			t.Fatalf("unknown type %q", typ)
		}
		switch sniffVideo(b) {
		case "", TypeMP4, TypeWebM:
		default:
			t.Fatal("unknown video type")
		}
		if sniffImage(b) != "" {
			// The header read before any decoding must not panic either.
			_, _, _ = image.DecodeConfig(bytes.NewReader(b))
		}
	})
}
