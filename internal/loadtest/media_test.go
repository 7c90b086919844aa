package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"newsdesk/internal/media/s3blobs"
	"newsdesk/internal/testsupport"
)

func paint(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 3 {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fetchBody(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestMediaAcrossProcesses runs three real "newsdesk serve" processes,
// each with its own data folder, on one PostgreSQL database and one
// S3-compatible store (tests/s3server), configured by their flags as an
// operator would: an image uploaded on one is served by the others,
// variants first asked for on all three at once are written once, and
// when one instance is killed the other two carry on, uploads included.
func TestMediaAcrossProcesses(t *testing.T) {
	s3 := testsupport.S3Server(t)
	dsn := testsupport.PostgresDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	bin, err := Build(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	mediaURL := s3.MediaURL("", "paper")
	var servers []*Server
	for i := range 3 {
		st := Storage{Data: filepath.Join(dir, fmt.Sprintf("node%d", i)), DB: dsn, MediaURL: mediaURL}
		srv, err := Start(ctx, bin, st, ServerOptions{})
		if err != nil {
			t.Fatal(err)
		}
		servers = append(servers, srv)
		t.Cleanup(func() {
			if !srv.Exited() {
				srv.Stop()
			}
			if t.Failed() {
				t.Logf("node%d log (end):\n%s", i, srv.Tail(3000))
			}
		})
	}
	keys, err := AddIntegration(ctx, bin, Storage{Data: filepath.Join(dir, "node0"), DB: dsn}, "Photo desk")
	if err != nil {
		t.Fatal(err)
	}

	// Uploaded on node 0, served by 1 and 2.
	admin := &Admin{URL: servers[0].URL, Key: keys.AdminKey}
	if _, _, err := admin.UploadImage(ctx, "Dam at dawn.jpg", paint(t, 1300, 800)); err != nil {
		t.Fatal(err)
	}
	code, url, err := admin.UploadImage(ctx, "Dam at dawn.jpg", paint(t, 1300, 800))
	if err != nil || !strings.HasSuffix(url, "/dam-at-dawn-1.jpg") {
		t.Fatalf("second upload of the same name: %d %q %v", code, url, err)
	}
	path := strings.TrimPrefix(url, servers[0].URL)
	_, want := fetchBody(t, servers[0].URL+path)
	for _, srv := range servers[1:] {
		if code, b := fetchBody(t, srv.URL+path); code != 200 || !bytes.Equal(b, want) {
			t.Errorf("%s%s: %d, %d bytes (want %d)", srv.URL, path, code, len(b), len(want))
		}
	}

	// Originals put straight into the store (as an old media folder
	// would be); their variants are asked for on all three at once.
	loc, err := s3blobs.ParseURL(mediaURL)
	if err != nil {
		t.Fatal(err)
	}
	store, err := s3blobs.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	images := store.Sub("content/images")
	originals := []string{"2019/05/flood.jpg", "2019/05/bridge.jpg"}
	for i, k := range originals {
		if err := images.Put(ctx, k, bytes.NewReader(paint(t, 1400+20*i, 900))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, k := range originals {
		for _, w := range []int{300, 600, 1000} {
			for i := range 6 {
				srv := servers[i%3]
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					code, b := fetchBody(t, fmt.Sprintf("%s/content/images/size/w%d/%s", srv.URL, w, k))
					cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
					if code != 200 || err != nil || cfg.Width != w {
						t.Errorf("w%d of %s on %s: %d, width %d", w, k, srv.URL, code, cfg.Width)
					}
				}()
			}
		}
	}
	close(start)
	wg.Wait()
	st := s3.Stats(t)
	for _, k := range originals {
		for _, w := range []int{300, 600, 1000} {
			obj := fmt.Sprintf("media/paper/content/images/size/w%d/%s", w, k)
			if st.Puts[obj] != 1 {
				t.Errorf("%s PUT %d times, want once", obj, st.Puts[obj])
			}
		}
	}

	// Node 0 dies; 1 and 2 carry on, uploads included.
	servers[0].Kill()
	admin.URL = servers[1].URL
	code, url, err = admin.UploadImage(ctx, "After the crash.jpg", paint(t, 700, 400))
	if err != nil {
		t.Fatalf("upload on node 1 after node 0 died: %d %v", code, err)
	}
	if code, _ := fetchBody(t, servers[2].URL+strings.TrimPrefix(url, servers[1].URL)); code != 200 {
		t.Errorf("node 2 serves node 1's upload: %d", code)
	}
	if code, _ := fetchBody(t, servers[2].URL+path); code != 200 {
		t.Errorf("node 2 serves node 0's upload: %d", code)
	}
}
