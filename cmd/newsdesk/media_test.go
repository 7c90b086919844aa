package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk/internal/media/s3blobs"
	"newsdesk/internal/testsupport"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{uint8(x), 80, 160, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMediaMigrate copies a data folder's media into the S3 test server:
// everything lands under the same paths, checked, with the missing
// variants made; a second run copies nothing; a different object already
// under a key is reported and not replaced.
func TestMediaMigrate(t *testing.T) {
	srv := testsupport.S3Server(t)
	ctx := context.Background()
	dir := t.TempDir()
	images := filepath.Join(dir, "content", "images")
	writeFile(t, filepath.Join(images, "2026", "01", "harbour.jpg"), jpegOf(t, 1200, 800))
	writeFile(t, filepath.Join(images, "size", "w300", "2026", "01", "harbour.jpg"), jpegOf(t, 300, 200))
	writeFile(t, filepath.Join(images, "2026", "01", "icon.png"), []byte("\x89PNG not really"))
	writeFile(t, filepath.Join(images, "2026", "01", ".tmp-123"), []byte("half a file"))
	writeFile(t, filepath.Join(dir, "content", "media", "2026", "01", "clip.mp4"), bytes.Repeat([]byte("v"), 300_000))
	to := srv.MediaURL("", "paper")

	if err := run(ctx, []string{"media", "migrate", "--data", dir, "--to", to}); err != nil {
		t.Fatal(err)
	}
	st := srv.Stats(t)
	for _, k := range []string{
		"content/images/2026/01/harbour.jpg", "content/images/size/w300/2026/01/harbour.jpg", "content/images/2026/01/icon.png",
		"content/media/2026/01/clip.mp4",
		// made by migrate: 1000 and 600 are narrower than the original
		"content/images/size/w600/2026/01/harbour.jpg", "content/images/size/w1000/2026/01/harbour.jpg",
	} {
		if st.Stored["media/paper/"+k] != 1 {
			t.Errorf("%s stored %d times", k, st.Stored["media/paper/"+k])
		}
	}
	if len(st.Stored) != 6 {
		t.Errorf("stored %d objects, want 6: %v", len(st.Stored), st.Stored)
	}
	loc, _ := s3blobs.ParseURL(to)
	store, err := s3blobs.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	info, err := store.Stat(ctx, "content/media/2026/01/clip.mp4")
	if err != nil || info.Size != 300_000 || info.SHA256 == "" {
		t.Fatalf("clip in the store: %+v %v", info, err)
	}

	// Resumed or repeated: nothing is written again.
	if err := run(ctx, []string{"media", "migrate", "--data", dir, "--to", to}); err != nil {
		t.Fatal(err)
	}
	if again := srv.Stats(t); len(again.Puts) != 6 || sumOf(again.Puts) != 6 {
		t.Errorf("a second run wrote again: %v", again.Puts)
	}

	// A different file under a key the store has: refused, not replaced.
	writeFile(t, filepath.Join(images, "2026", "01", "icon.png"), []byte("\x89PNG another one"))
	err = run(ctx, []string{"media", "migrate", "--data", dir, "--to", to, "--variants=false"})
	if err == nil || !strings.Contains(err.Error(), "1 files failed") {
		t.Fatalf("a conflicting file: %v", err)
	}
	if n := srv.Stats(t).Puts["media/paper/content/images/2026/01/icon.png"]; n != 1 {
		t.Errorf("the conflicting file was written %d times", n)
	}

	if err := run(ctx, []string{"media", "migrate", "--data", dir}); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Errorf("without --to: %v", err)
	}
}

func sumOf(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
