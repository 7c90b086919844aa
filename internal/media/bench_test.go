package media

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkUpload measures one 4000x3000 JPEG upload end to end: decode,
// metadata stripped from the original's bytes, and the four variants
// (2000, 1000, 600, 300 px) encoded, stored on disk. BenchmarkDecodeEncode
// is what a bare decode and full-size re-encode of the same photo costs.
func BenchmarkUpload(b *testing.B) {
	data := makeJPEG(b, 4000, 3000)
	l, _ := newTestLibrary(b, Options{})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Upload(context.Background(), fmt.Sprintf("photo-%d.jpg", i), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeEncode(b *testing.B) {
	data := makeJPEG(b, 4000, 3000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := encode("jpg", img, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeVariant measures serving a stored variant, the steady
// state once a variant exists.
func BenchmarkServeVariant(b *testing.B) {
	l, _ := newTestLibrary(b, Options{})
	img, err := l.Upload(context.Background(), "photo.jpg", bytes.NewReader(makeJPEG(b, 1200, 800)))
	if err != nil {
		b.Fatal(err)
	}
	target := "/content/images/size/w600/" + img.URL[len(ImagesPrefix):]
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		l.ServeImages(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
