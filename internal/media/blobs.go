package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// ErrExist is returned by Blobs.Put when the key is already taken. Stored
// files are served as immutable, so a key never changes its content.
var ErrExist = fs.ErrExist

// ErrNotExist is returned by Blobs.Open for a missing key (or one that
// names a folder).
var ErrNotExist = fs.ErrNotExist

// ErrUnavailable wraps the errors of a store that cannot be reached (an
// object store that is down, unreachable or overloaded): the site answers
// 503, and nothing was stored.
var ErrUnavailable = errors.New("media store unavailable")

// Blobs stores files by key, a slash-separated relative path such as
// "2026/11/flood.jpg". Dir keeps them in a local folder; s3blobs in an
// S3-compatible object store.
type Blobs interface {
	// Put stores the content of r under key. It fails with ErrExist if key
	// is taken, and stores nothing if reading r fails.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the content of key with its modification time and size,
	// or ErrNotExist.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, time.Time, int64, error)
	// Exists reports whether key is stored.
	Exists(ctx context.Context, key string) (bool, error)
}

// ValidKey reports whether key is a clean relative path: no "..", no
// absolute or empty segments, no backslashes or control characters, and
// no hidden segments (temporary files start with a dot).
func ValidKey(key string) bool {
	if key == "" || len(key) > 1024 {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg[0] == '.' {
			return false
		}
		for _, r := range seg {
			if r < 0x20 || r == 0x7f || r == '\\' || r == ':' {
				return false
			}
		}
	}
	return true
}

// Dir is Blobs on the local filesystem, rooted at a folder.
type Dir struct {
	root string
}

// NewDir returns Blobs stored under root; folders are created on demand.
func NewDir(root string) *Dir { return &Dir{root: root} }

func (d *Dir) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("media key %q: %w", key, ErrNotExist)
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file in the target folder, syncs it and links
// it into place, so readers never see a partial file and an existing key
// is never overwritten.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader) error {
	dst, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("create media folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, ctxReader{ctx, r}); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", key, err)
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return fmt.Errorf("chmod %s: %w", key, err)
	}
	// A hard link fails when the name exists, which makes "create only"
	// atomic even across processes sharing the folder.
	err = os.Link(tmp.Name(), dst)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("store %s: %w", key, ErrExist)
	}
	if err != nil {
		// Filesystems without hard links: check, then rename.
		if _, serr := os.Lstat(dst); serr == nil {
			return fmt.Errorf("store %s: %w", key, ErrExist)
		}
		if err := os.Rename(tmp.Name(), dst); err != nil {
			return fmt.Errorf("store %s: %w", key, err)
		}
	}
	return nil
}

// Open opens key for reading. Folders and symbolic links pointing
// outside the root are reported as missing.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadSeekCloser, time.Time, int64, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, time.Time{}, 0, err
	}
	f, err := os.OpenInRoot(d.root, filepath.FromSlash(key))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isNotDir(err) || escapes(p) {
			return nil, time.Time{}, 0, fmt.Errorf("open %s: %w", p, ErrNotExist)
		}
		return nil, time.Time{}, 0, fmt.Errorf("open %s: %w", p, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, time.Time{}, 0, fmt.Errorf("stat %s: %w", p, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, time.Time{}, 0, fmt.Errorf("open %s: %w", p, ErrNotExist)
	}
	return f, fi.ModTime(), fi.Size(), nil
}

// Exists reports whether key names a stored file.
func (d *Dir) Exists(ctx context.Context, key string) (bool, error) {
	p, err := d.path(key)
	if err != nil {
		return false, nil
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) || isNotDir(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("stat %s: %w", p, err)
	}
	return fi.Mode().IsRegular(), nil
}

// isNotDir catches ENOTDIR ("a/b" where a is a file), which is just a
// missing key to callers.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }

// escapes reports whether p is reached through a symbolic link, which
// os.OpenInRoot refuses when it leads out of the root: such a key is
// missing as far as the site is concerned.
func escapes(p string) bool {
	fi, err := os.Lstat(p)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return true
	}
	return errors.Is(err, syscall.ELOOP)
}

// ctxReader stops a long copy when the request is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
