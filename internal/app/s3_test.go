package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"newsdesk/internal/config"
	"newsdesk/internal/domain"
	"newsdesk/internal/media/s3blobs"
	"newsdesk/internal/storage"
	"newsdesk/internal/testsupport"
)

// testJPEG paints a w x h photo-like JPEG (a gradient, so resizing has
// work to do).
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadImage posts an image to the Admin API as Ghost's clients do and
// returns the status and the decoded answer.
func uploadImage(t testing.TB, srvURL, token, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", srvURL+"/ghost/api/admin/images/upload/", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Ghost "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func getMedia(t testing.TB, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// TestMediaOnObjectStore runs two instances, A and B, on one PostgreSQL
// database and one S3-compatible store (tests/s3server in its own
// process, behind a proxy the test can cut): an image uploaded through
// the Admin API on A is served by B with ranges and immutable caching; a
// variant first asked for on both at once is written to the store once;
// while the store is away uploads and reads answer 503 and leave nothing
// behind, and both work again when it is back.
func TestMediaOnObjectStore(t *testing.T) {
	s3 := testsupport.S3Server(t)
	proxy := testsupport.StartProxy(t, s3.Addr())
	dsn := testsupport.PostgresDB(t)
	mediaURL := s3.MediaURL("http://"+proxy.Addr(), "site")
	useStore := func(c *config.Config) { c.DB, c.MediaURL = dsn, mediaURL }
	a, srvA := startAppWith(t, useStore)
	appB, srvB := startAppWith(t, useStore)
	ctx := context.Background()

	in, err := domain.NewIntegration("Photo desk", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.CreateIntegration(ctx, in); err != nil {
		t.Fatal(err)
	}
	token := adminToken(t, in)

	// Upload on A, read on B.
	photo := testJPEG(t, 1400, 900)
	code, out := uploadImage(t, srvA.URL, token, "Flood in Kyiv.jpg", photo)
	if code != http.StatusCreated {
		t.Fatalf("upload on A: %d %v", code, out)
	}
	url := out["images"].([]any)[0].(map[string]any)["url"].(string)
	path := strings.TrimPrefix(url, srvA.URL)
	if !strings.HasPrefix(path, "/content/images/") || !strings.HasSuffix(path, "/flood-in-kyiv.jpg") {
		t.Fatalf("uploaded URL %q", url)
	}
	key := strings.TrimPrefix(path, "/content/images/")
	resB, bodyB := getMedia(t, srvB.URL+path)
	if resB.StatusCode != 200 || resB.Header.Get("Content-Type") != "image/jpeg" || len(bodyB) < 1000 {
		t.Fatalf("B serves the upload: %d %q, %d bytes", resB.StatusCode, resB.Header.Get("Content-Type"), len(bodyB))
	}
	if cc := resB.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	resA, bodyA := getMedia(t, srvA.URL+path)
	if !bytes.Equal(bodyA, bodyB) || resA.Header.Get("ETag") == "" || resA.Header.Get("ETag") != resB.Header.Get("ETag") ||
		resA.Header.Get("Last-Modified") != resB.Header.Get("Last-Modified") {
		t.Fatalf("A and B disagree: ETag %q/%q, Last-Modified %q/%q", resA.Header.Get("ETag"), resB.Header.Get("ETag"),
			resA.Header.Get("Last-Modified"), resB.Header.Get("Last-Modified"))
	}
	if res, _ := getMedia(t, srvB.URL+path, "If-None-Match", resA.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	// Variants were made at upload and are in the store.
	for _, w := range []int{300, 600, 1000} {
		res, b := getMedia(t, srvB.URL+fmt.Sprintf("/content/images/size/w%d/%s", w, key))
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if res.StatusCode != 200 || err != nil || cfg.Width != w {
			t.Errorf("w%d on B: %d, width %d %v", w, res.StatusCode, cfg.Width, err)
		}
		if n := s3.Stats(t).Stored[fmt.Sprintf("media/site/content/images/size/w%d/%s", w, key)]; n != 1 {
			t.Errorf("w%d stored %d times", w, n)
		}
	}

	// Ranges, streamed from the store.
	for _, tc := range []struct{ rng, want string }{
		{"bytes=0-9", string(bodyA[:10])},
		{"bytes=100-199", string(bodyA[100:200])},
		{fmt.Sprintf("bytes=-%d", 50), string(bodyA[len(bodyA)-50:])},
	} {
		res, b := getMedia(t, srvB.URL+path, "Range", tc.rng)
		if res.StatusCode != http.StatusPartialContent || string(b) != tc.want || !strings.HasPrefix(res.Header.Get("Content-Range"), "bytes ") {
			t.Errorf("Range %s: %d %q, %d bytes", tc.rng, res.StatusCode, res.Header.Get("Content-Range"), len(b))
		}
	}
	if res, _ := getMedia(t, srvB.URL+path, "Range", fmt.Sprintf("bytes=%d-", len(bodyA)+10)); res.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("range past the end: %d", res.StatusCode)
	}

	// A missing object, and a variant of one.
	for _, p := range []string{"/content/images/2020/01/missing.jpg", "/content/images/size/w600/2020/01/missing.jpg"} {
		if res, _ := getMedia(t, srvA.URL+p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}

	// An original put straight into the store (as media migrate or an old
	// folder would leave it) has no variants yet: the first requests for
	// one, on both instances at once, write it once.
	loc, err := s3blobs.ParseURL(s3.MediaURL("", "site"))
	if err != nil {
		t.Fatal(err)
	}
	direct, err := s3blobs.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	images := direct.Sub("content/images")
	originals := []string{"archive/harbour.jpg", "archive/bridge.jpg", "archive/market.jpg", "archive/station.jpg"}
	for i, k := range originals {
		if err := images.Put(ctx, k, bytes.NewReader(testJPEG(t, 1500+10*i, 1000))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, k := range originals {
		for _, w := range []int{300, 600, 1000} {
			for i := range 4 {
				srv := srvA
				if i%2 == 1 {
					srv = srvB
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					res, b := getMedia(t, fmt.Sprintf("%s/content/images/size/w%d/%s", srv.URL, w, k))
					cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
					if res.StatusCode != 200 || err != nil || cfg.Width != w {
						t.Errorf("concurrent first request for w%d of %s: %d, width %d", w, k, res.StatusCode, cfg.Width)
					}
				}()
			}
		}
	}
	close(start)
	wg.Wait()
	// Made once (decoded and encoded on one instance), and written once.
	if made := a.Media.Generated() + appB.Media.Generated(); made != int64(3*len(originals)) {
		t.Errorf("%d variants made on request across A and B, want %d", made, 3*len(originals))
	}
	st := s3.Stats(t)
	for _, k := range originals {
		for _, w := range []int{300, 600, 1000} {
			obj := fmt.Sprintf("media/site/content/images/size/w%d/%s", w, k)
			if st.Puts[obj] != 1 || st.Stored[obj] != 1 {
				t.Errorf("%s was PUT %d times (%d stored), want once", obj, st.Puts[obj], st.Stored[obj])
			}
		}
	}

	// The store goes away.
	proxy.Cut()
	res, b := getMedia(t, srvB.URL+path)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "media store") {
		t.Errorf("read while the store is away: %d %q", res.StatusCode, b)
	}
	if res, _ := getMedia(t, srvA.URL+"/content/images/size/w300/archive/harbour.jpg"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("variant while the store is away: %d", res.StatusCode)
	}
	code, out = uploadImage(t, srvA.URL, token, "Lost photo.jpg", photo)
	errs, _ := out["errors"].([]any)
	if code != http.StatusServiceUnavailable || len(errs) == 0 || !strings.Contains(fmt.Sprint(errs[0]), "media store is unavailable") {
		t.Errorf("upload while the store is away: %d %v", code, out)
	}
	// The newsroom's editor, saving a new story with its lead image: 503,
	// and no post is saved (none refers to an image that is not there).
	editor := addUser(t, a, "Olena Editor", "olena@example.org", domain.RoleEditor, "Editor")
	cookie := sessionCookie(t, a, editor)
	req, _ := http.NewRequest("GET", srvA.URL+"/newsroom/posts/new", nil)
	req.AddCookie(cookie)
	page, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pageBody, _ := io.ReadAll(page.Body)
	page.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(pageBody)
	if csrf == nil {
		t.Fatalf("no CSRF token on the editor page (%d)", page.StatusCode)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for k, v := range map[string]string{"csrf": string(csrf[1]), "title": "Lost with its photo", "kind": "article",
		"body": "KYIV — A story whose photo never reached the store.", "author[]": editor.ID, "language": "en"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("image_file", "lost.jpg")
	fw.Write(photo)
	mw.Close()
	req, _ = http.NewRequest("POST", srvA.URL+"/newsroom/posts/new", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", srvA.URL)
	req.AddCookie(cookie)
	saved, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	savedBody, _ := io.ReadAll(saved.Body)
	saved.Body.Close()
	if saved.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(savedBody), "media store is unavailable") {
		t.Errorf("newsroom save with an image while the store is away: %d", saved.StatusCode)
	}
	posts, err := a.Store.ListPosts(ctx, storage.PostQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts.Posts {
		if p.Title == "Lost with its photo" {
			t.Errorf("a post was saved with image %q while its upload failed", p.Image.URL)
		}
	}

	// The site itself still answers: pages do not need the store.
	if res, _ := getMedia(t, srvB.URL+"/"); res.StatusCode != 200 {
		t.Errorf("home page while the store is away: %d", res.StatusCode)
	}

	// It comes back: reads and uploads work, and the failed upload left
	// nothing in the store.
	proxy.Restore()
	if res, b := getMedia(t, srvB.URL+path); res.StatusCode != 200 || !bytes.Equal(b, bodyA) {
		t.Errorf("read after the store came back: %d", res.StatusCode)
	}
	code, out = uploadImage(t, srvB.URL, token, "Lost photo.jpg", photo)
	if code != http.StatusCreated {
		t.Fatalf("upload after the store came back: %d %v", code, out)
	}
	newKey := strings.TrimPrefix(out["images"].([]any)[0].(map[string]any)["url"].(string), srvB.URL+"/content/images/")
	if !strings.HasSuffix(newKey, "/lost-photo.jpg") {
		t.Errorf("the retried upload was stored as %q: the failed one took its name", newKey)
	}
	for k, n := range s3.Stats(t).Stored {
		if strings.Contains(k, "lost-photo") && n != 1 {
			t.Errorf("%s stored %d times", k, n)
		}
	}
}

// TestMediaPublicURL: with --media-public-url, /content/ requests redirect
// to the public copy; the variant a request resolves to (made if missing,
// or the original when it is narrower) is where it goes.
func TestMediaPublicURL(t *testing.T) {
	s3 := testsupport.S3Server(t)
	_, srv := startAppWith(t, func(c *config.Config) {
		c.MediaURL, c.MediaPublicURL = s3.MediaURL("", ""), "https://cdn.example.org/news/"
	})
	loc, _ := s3blobs.ParseURL(s3.MediaURL("", ""))
	store, err := s3blobs.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Sub("content/images").Put(context.Background(), "2026/01/small.jpg", bytes.NewReader(testJPEG(t, 500, 300))); err != nil {
		t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{
		"/content/images/2026/01/small.jpg":            "https://cdn.example.org/news/content/images/2026/01/small.jpg",
		"/content/images/size/w300/2026/01/small.jpg":  "https://cdn.example.org/news/content/images/size/w300/2026/01/small.jpg",
		"/content/images/size/w1000/2026/01/small.jpg": "https://cdn.example.org/news/content/images/2026/01/small.jpg",
		"/content/media/2026/01/clip.mp4":              "https://cdn.example.org/news/content/media/2026/01/clip.mp4",
	} {
		res, err := noFollow.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != want {
			t.Errorf("GET %s: %d -> %q, want %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	if ok, _ := store.Sub("content/images").Exists(context.Background(), "size/w300/2026/01/small.jpg"); !ok {
		t.Error("the w300 variant was not made before redirecting to it")
	}
}
