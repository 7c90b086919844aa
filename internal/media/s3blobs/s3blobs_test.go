package s3blobs

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"newsdesk/internal/media"
	"newsdesk/internal/testsupport"
)

func open(t *testing.T, srv *testsupport.S3, endpoint, prefix string) *Store {
	t.Helper()
	loc, err := ParseURL(srv.MediaURL(endpoint, prefix))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Location
		err  string
	}{
		{in: "s3://media", want: Location{Bucket: "media"}},
		{in: "s3://media/site/a/?region=eu-west-1", want: Location{Bucket: "media", Prefix: "site/a/", Region: "eu-west-1"}},
		{in: "s3://m/p?endpoint=http://127.0.0.1:9000", want: Location{Bucket: "m", Prefix: "p/", Endpoint: "http://127.0.0.1:9000", PathStyle: true}},
		{in: "s3://m?endpoint=https://r2.example&path-style=false", want: Location{Bucket: "m", Endpoint: "https://r2.example"}},
		{in: "s3://m?path-style=true", want: Location{Bucket: "m", PathStyle: true}},
		{in: "https://m/p", err: "want s3://"},
		{in: "s3:///p", err: "want s3://"},
		{in: "s3://m/../x", err: "not a clean path"},
		{in: "s3://m?endpoint=ftp://x", err: "not an http(s) URL"},
		{in: "s3://m?bucket=x", err: "unknown parameter"},
		{in: "s3://m?path-style=maybe", err: "want true or false"},
	} {
		got, err := ParseURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseURL(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		if back, err := ParseURL(got.String()); err != nil || back != got {
			t.Errorf("ParseURL(%q).String() = %q does not read back: %+v %v", tc.in, got.String(), back, err)
		}
	}
}

func TestStore(t *testing.T) {
	srv := testsupport.S3Server(t)
	s := open(t, srv, "", "site").Sub("content/images")
	ctx := context.Background()
	data := bytes.Repeat([]byte("0123456789"), 100_000) // 1 MB

	if ok, err := s.Exists(ctx, "2026/11/a.jpg"); err != nil || ok {
		t.Fatalf("Exists before Put = %v, %v", ok, err)
	}
	if err := s.Put(ctx, "2026/11/a.jpg", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "2026/11/a.jpg", strings.NewReader("other")); !errors.Is(err, media.ErrExist) {
		t.Fatalf("second Put = %v, want ErrExist", err)
	}
	if ok, err := s.Exists(ctx, "2026/11/a.jpg"); err != nil || !ok {
		t.Fatalf("Exists after Put = %v, %v", ok, err)
	}
	// The object sits under the prefixes, with its checksums.
	if st := srv.Stats(t); st.Stored["media/site/content/images/2026/11/a.jpg"] != 1 {
		t.Fatalf("stored objects: %v", st.Stored)
	}
	info, err := s.Stat(ctx, "2026/11/a.jpg")
	m, sh := md5.Sum(data), sha256.Sum256(data)
	if err != nil || info.Size != int64(len(data)) || info.ETag != hex.EncodeToString(m[:]) || info.SHA256 != hex.EncodeToString(sh[:]) {
		t.Fatalf("Stat = %+v, %v", info, err)
	}

	f, mod, size, err := s.Open(ctx, "2026/11/a.jpg")
	if err != nil || size != int64(len(data)) || mod.IsZero() {
		t.Fatalf("Open = %v %v %v", size, mod, err)
	}
	got, err := io.ReadAll(f)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	// Seeking refetches from the new offset (what ranges do).
	if _, err := f.Seek(500_003, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 7)
	if _, err := io.ReadFull(f, part); err != nil || string(part) != "3456789" {
		t.Fatalf("after seek: %q %v", part, err)
	}
	if end, _ := f.Seek(0, io.SeekEnd); end != size {
		t.Fatalf("SeekEnd = %d", end)
	}
	if n, err := f.Read(part); n != 0 || err != io.EOF {
		t.Fatalf("read at end = %d %v", n, err)
	}
	f.Close()

	// A body that is not in memory is spooled; one that fails stores nothing.
	if err := s.Put(ctx, "2026/11/b.png", iotest.HalfReader(bytes.NewReader(data))); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "2026/11/c.png", iotest.TimeoutReader(bytes.NewReader(data))); err == nil {
		t.Fatal("a failing body was stored")
	}
	if ok, _ := s.Exists(ctx, "2026/11/c.png"); ok {
		t.Fatal("a failed Put left an object")
	}

	for _, key := range []string{"2026/11/missing.jpg", "../x.jpg", ""} {
		if _, _, _, err := s.Open(ctx, key); !errors.Is(err, media.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want ErrNotExist", key, err)
		}
	}
}

func TestStoreUnavailable(t *testing.T) {
	srv := testsupport.S3Server(t)
	proxy := testsupport.StartProxy(t, srv.Addr())
	s := open(t, srv, "http://"+proxy.Addr(), "")
	ctx := context.Background()
	if err := s.Put(ctx, "a.jpg", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	proxy.Cut()
	if _, _, _, err := s.Open(ctx, "a.jpg"); !errors.Is(err, media.ErrUnavailable) {
		t.Fatalf("Open while away = %v, want ErrUnavailable", err)
	}
	if err := s.Put(ctx, "b.jpg", strings.NewReader("x")); !errors.Is(err, media.ErrUnavailable) {
		t.Fatalf("Put while away = %v, want ErrUnavailable", err)
	}
	if _, err := s.Exists(ctx, "a.jpg"); !errors.Is(err, media.ErrUnavailable) {
		t.Fatalf("Exists while away = %v, want ErrUnavailable", err)
	}
	proxy.Restore()
	if ok, err := s.Exists(ctx, "a.jpg"); err != nil || !ok {
		t.Fatalf("after the store came back: %v %v", ok, err)
	}
	if ok, _ := s.Exists(ctx, "b.jpg"); ok {
		t.Fatal("the Put made while away left an object")
	}
	if n := srv.Stats(t).Stored["media/b.jpg"]; n != 0 {
		t.Fatalf("b.jpg stored %d times", n)
	}
}

// TestStoreWithoutConditionalWrites: a store that answers 501 to
// If-None-Match still takes uploads, and still never overwrites a name.
func TestStoreWithoutConditionalWrites(t *testing.T) {
	srv := testsupport.S3Server(t, "-no-conditional-writes")
	s := open(t, srv, "", "")
	ctx := context.Background()
	if err := s.Put(ctx, "a.jpg", strings.NewReader("first")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "b.jpg", strings.NewReader("second")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "a.jpg", strings.NewReader("other")); !errors.Is(err, media.ErrExist) {
		t.Fatalf("overwrite = %v, want ErrExist", err)
	}
	st := srv.Stats(t)
	// One refused conditional PUT, then plain ones.
	if st.Puts["media/a.jpg"] != 2 || st.Stored["media/a.jpg"] != 1 || st.Puts["media/b.jpg"] != 1 {
		t.Fatalf("PUTs %v, stored %v", st.Puts, st.Stored)
	}
	f, _, _, err := s.Open(ctx, "a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, _ := io.ReadAll(f); string(b) != "first" {
		t.Fatalf("a.jpg holds %q", b)
	}
}

// TestOpenWithoutCredentials: a store without credentials is refused at
// start with a message that says what to set.
func TestOpenWithoutCredentials(t *testing.T) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	loc, err := ParseURL("s3://media?endpoint=http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), loc); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Fatalf("Open without credentials: %v", err)
	}
}
