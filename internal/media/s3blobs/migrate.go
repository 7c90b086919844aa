package s3blobs

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"newsdesk/internal/media"
)

// File is one file of a media folder to copy.
type File struct {
	Key  string // slash-separated path under the folder
	Path string
	Size int64
}

// List returns the files under dir that newsdesk could have written:
// regular files with valid keys (temporary files start with a dot and are
// left out). A missing dir is an empty list.
func List(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !media.ValidKey(key) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, File{Key: key, Path: p, Size: fi.Size()})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].Key < files[j].Key })
	return files, err
}

// Result says what Copy did with one file.
type Result int

// Results of Copy.
const (
	Copied  Result = iota // written to the store and checked
	Skipped               // already there with the same size and checksum
	Failed
)

// Copy puts file into s unless the store already holds it with the same
// size and checksum (SHA-256 metadata, else the ETag as MD5), and checks
// the stored copy's size and checksum after writing. A different object
// already under the key is never replaced: keys are immutable, and it is
// reported.
func (s *Store) Copy(ctx context.Context, file File) (Result, error) {
	f, err := os.Open(file.Path)
	if err != nil {
		return Failed, err
	}
	defer f.Close()
	m, sh := md5.New(), sha256.New()
	size, err := io.Copy(io.MultiWriter(m, sh), f)
	if err != nil {
		return Failed, fmt.Errorf("read %s: %w", file.Path, err)
	}
	want := Info{Size: size, ETag: hex.EncodeToString(m.Sum(nil)), SHA256: hex.EncodeToString(sh.Sum(nil))}

	info, err := s.Stat(ctx, file.Key)
	switch {
	case err == nil:
		if same(info, want) {
			return Skipped, nil
		}
		return Failed, fmt.Errorf("the store already has a different %s (%d bytes, here %d): not replaced", file.Key, info.Size, size)
	case !errors.Is(err, media.ErrNotExist):
		return Failed, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Failed, err
	}
	if err := s.Put(ctx, file.Key, f); err != nil && !errors.Is(err, media.ErrExist) {
		return Failed, err
	}
	// Read back what the store says it holds (another copy may have won
	// the race to write it: then it must be the same file).
	info, err = s.Stat(ctx, file.Key)
	if err != nil {
		return Failed, fmt.Errorf("check %s after writing: %w", file.Key, err)
	}
	if !same(info, want) {
		return Failed, fmt.Errorf("check %s after writing: the store holds %d bytes with SHA-256 %q, want %d bytes, %s",
			file.Key, info.Size, info.SHA256, size, want.SHA256)
	}
	return Copied, nil
}

// same compares a stored object with a local file: size, then SHA-256
// from the metadata newsdesk writes, or the ETag, which is the MD5 of a
// single-part upload, for objects other tools wrote.
func same(stored, local Info) bool {
	if stored.Size != local.Size {
		return false
	}
	if stored.SHA256 != "" {
		return stored.SHA256 == local.SHA256
	}
	return stored.ETag == local.ETag
}

// Summary is what CopyAll did.
type Summary struct {
	Files, Copied, Skipped int
	Bytes, CopiedBytes     int64
	Failed                 []string // "key: reason"
}

// CopyAll copies files into s with workers in parallel, calling done
// after each file (from any goroutine, one call at a time) with its
// result. It stops early only when ctx ends.
func (s *Store) CopyAll(ctx context.Context, files []File, workers int, done func(File, Result, error)) Summary {
	if workers < 1 {
		workers = 1
	}
	var (
		mu  sync.Mutex
		sum = Summary{Files: len(files)}
		wg  sync.WaitGroup
		in  = make(chan File)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range in {
				res, err := s.Copy(ctx, f)
				mu.Lock()
				sum.Bytes += f.Size
				switch res {
				case Copied:
					sum.Copied++
					sum.CopiedBytes += f.Size
				case Skipped:
					sum.Skipped++
				default:
					sum.Failed = append(sum.Failed, fmt.Sprintf("%s: %v", f.Key, err))
				}
				if done != nil {
					done(f, res, err)
				}
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		in <- f
	}
	close(in)
	wg.Wait()
	sort.Strings(sum.Failed)
	return sum
}
