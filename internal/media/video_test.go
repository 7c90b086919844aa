package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mp4Head is the start of an MP4: an ftyp box naming its brands.
func mp4Head(major string, compatible ...string) []byte {
	box := []byte{0, 0, 0, 0}
	box = append(box, "ftyp"+major+"\x00\x00\x02\x00"...)
	for _, c := range compatible {
		box = append(box, c...)
	}
	binary.BigEndian.PutUint32(box, uint32(len(box)))
	return box
}

// webmHead is the start of a WebM: an EBML header with DocType "webm".
var webmHead = []byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01,
	0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'}

func TestSniffVideo(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"isom", mp4Head("isom", "isom", "avc1"), TypeMP4},
		{"mp42", mp4Head("mp42"), TypeMP4},
		{"compatible brand", mp4Head("XAVC", "mp42"), TypeMP4},
		{"HEIC image", mp4Head("heic", "mif1", "heic"), ""},
		{"AVIF image", mp4Head("avif", "mif1", "miaf"), ""},
		{"webm", webmHead, TypeWebM},
		{"matroska", bytes.Replace(webmHead, []byte("webm"), []byte("mkvx"), 1), ""},
		{"text", []byte("ftyp but not really a video file"), ""},
		{"jpeg", makeJPEG(t, 8, 8), ""},
	}
	for _, tt := range tests {
		if got := sniffVideo(tt.head); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestUploadVideo(t *testing.T) {
	l, root := newTestLibrary(t, Options{MaxVideoBytes: 64 << 10})
	videos := filepath.Join(filepath.Dir(root), "media")
	body := append(mp4Head("isom", "isom", "mp41"), bytes.Repeat([]byte("frame data "), 2000)...)

	v, err := l.UploadVideo(context.Background(), "Flood footage.mov", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if v.URL != "/content/media/2026/11/flood-footage.mp4" || v.Type != TypeMP4 {
		t.Fatalf("got %+v", v)
	}
	stored, err := os.ReadFile(filepath.Join(videos, "2026", "11", "flood-footage.mp4"))
	if err != nil || !bytes.Equal(stored, body) {
		t.Fatalf("stored file differs (%v)", err)
	}
	w, err := l.UploadVideo(context.Background(), "clip.mp4", bytes.NewReader(append(append([]byte{}, webmHead...), "clusters"...)))
	if err != nil || w.URL != "/content/media/2026/11/clip.webm" || w.Type != TypeWebM {
		t.Fatalf("webm: %+v, %v", w, err)
	}
	again, err := l.UploadVideo(context.Background(), "Flood footage.mp4", bytes.NewReader(body))
	if err != nil || again.URL != "/content/media/2026/11/flood-footage-1.mp4" {
		t.Fatalf("second upload: %+v, %v", again, err)
	}

	_, err = l.UploadVideo(context.Background(), "clip.mp4", strings.NewReader("<html>not a video</html>"))
	wantInvalid(t, err, "not a supported video: upload an MP4 or WebM")
	_, err = l.UploadVideo(context.Background(), "still.mp4", bytes.NewReader(makeJPEG(t, 16, 16)))
	wantInvalid(t, err, "image/jpeg, not a supported video")
	huge := io.MultiReader(bytes.NewReader(mp4Head("mp42")), bytes.NewReader(make([]byte, 64<<10)))
	_, err = l.UploadVideo(context.Background(), "huge.mp4", huge)
	wantInvalid(t, err, "Video is larger than 64 KB.")
	entries, _ := os.ReadDir(filepath.Join(videos, "2026", "11"))
	if len(entries) != 3 {
		t.Fatalf("want the 3 accepted videos only, folder has %d entries", len(entries))
	}

	// Served with ranges, so players can seek.
	rec := get(t, l.ServeVideos, v.URL, "Range", "bytes=0-99")
	if rec.Code != http.StatusPartialContent || rec.Body.Len() != 100 || rec.Header().Get("Content-Type") != TypeMP4 {
		t.Fatalf("range: status %d, %d bytes, %s", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	for _, target := range []string{"/content/media/../images/x.jpg", "/content/media/2026/11/", "/content/media/2026/11/nothing.mp4", "/content/media/2026/11/flood-footage.jpg"} {
		if rec := get(t, l.ServeVideos, target); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
		}
	}
}
