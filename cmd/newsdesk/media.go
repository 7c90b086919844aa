package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsdesk/internal/app"
	"newsdesk/internal/media"
	"newsdesk/internal/media/s3blobs"
)

const mediaUsage = `Usage: newsdesk media migrate --to s3://bucket/prefix?endpoint=...&region=... [flags]

Copies the data folder's media (content/images and content/media) into an
S3-compatible store, under the same paths below the prefix, then makes the
image variants that are missing there (readers served from a public URL
never ask newsdesk for them). Files already in the store with the same size
and checksum are skipped, so an interrupted run can simply be run again;
every copy is read back and checked (size and SHA-256). Afterwards, start
newsdesk with --media-url set to the same URL.
`

func mediaCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "migrate" {
		fmt.Fprint(os.Stderr, mediaUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return errors.New("media: want the migrate subcommand")
	}
	var to string
	var workers int
	var variants bool
	a, err := openApp(ctx, "media migrate", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "the store to copy into: s3://bucket/prefix?endpoint=...&region=... (required)")
		fs.IntVar(&workers, "workers", 4, "files copied at once")
		fs.BoolVar(&variants, "variants", true, "make the missing image variants in the store after copying")
		fs.Usage = func() {
			fmt.Fprint(fs.Output(), mediaUsage+"\n")
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if to == "" {
		return errors.New("media migrate: --to s3://... is required")
	}
	loc, err := s3blobs.ParseURL(to)
	if err != nil {
		return fmt.Errorf("media migrate: --to: %w", err)
	}
	store, err := s3blobs.Open(ctx, loc)
	if err != nil {
		return fmt.Errorf("media migrate: %w", err)
	}
	start := time.Now()
	var failed []string
	var copied, skipped, files int
	var bytes, copiedBytes int64
	for _, part := range []string{"content/images", "content/media"} {
		dir := filepath.Join(a.Config.Data, filepath.FromSlash(part))
		list, err := s3blobs.List(dir)
		if err != nil {
			return fmt.Errorf("media migrate: list %s: %w", dir, err)
		}
		if len(list) == 0 {
			continue
		}
		var total int64
		for _, f := range list {
			total += f.Size
		}
		bar := terminalBar(int(total), fmt.Sprintf("%s (%d files)", part, len(list)))
		dst := store.Sub(part)
		sum := dst.CopyAll(ctx, list, workers, func(f s3blobs.File, _ s3blobs.Result, _ error) {
			if bar != nil {
				bar.Add64(f.Size)
			}
		})
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(os.Stderr)
		}
		files += sum.Files
		copied += sum.Copied
		skipped += sum.Skipped
		bytes += sum.Bytes
		copiedBytes += sum.CopiedBytes
		for _, f := range sum.Failed {
			failed = append(failed, part+"/"+f)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("media migrate: stopped after %d of %d files: %w (run it again to go on)", sum.Copied+sum.Skipped, files, err)
		}
	}
	made := 0
	if variants {
		n, fails, err := makeVariants(ctx, a, store.Sub("content/images"), filepath.Join(a.Config.Data, "content", "images"))
		if err != nil {
			return err
		}
		made = n
		failed = append(failed, fails...)
	}
	fmt.Printf("media migrate to %s: %d files (%.1f MB): %d copied (%.1f MB) and checked, %d already there, %d failed; %d image variants made; in %s\n",
		"s3://"+store.Bucket(), files, float64(bytes)/1e6, copied, float64(copiedBytes)/1e6, skipped, len(failed), made, time.Since(start).Round(time.Millisecond))
	if len(failed) > 0 {
		for _, f := range failed {
			fmt.Fprintln(os.Stderr, "  failed:", f)
		}
		return fmt.Errorf("media migrate: %d files failed; fix the cause and run it again (files already copied are skipped)", len(failed))
	}
	return nil
}

// makeVariants makes the missing variants of every original image of the
// local folder in the store, under the same lock serving instances take.
func makeVariants(ctx context.Context, a *app.App, images *s3blobs.Store, dir string) (int, []string, error) {
	list, err := s3blobs.List(dir)
	if err != nil {
		return 0, nil, err
	}
	var originals []string
	for _, f := range list {
		if !strings.HasPrefix(f.Key, "size/") && media.Srcset(media.ImagesPrefix+f.Key) != "" {
			originals = append(originals, f.Key)
		}
	}
	if len(originals) == 0 {
		return 0, nil, nil
	}
	lib := media.New(media.Options{Blobs: images, Log: a.Log, Exclusive: a.Store.Exclusive})
	bar := terminalBar(len(originals), "image variants")
	var failed []string
	for _, key := range originals {
		if err := lib.MakeVariants(ctx, key); err != nil {
			if ctx.Err() != nil {
				return 0, nil, fmt.Errorf("media migrate: stopped making variants: %w (run it again to go on)", ctx.Err())
			}
			failed = append(failed, "content/images/"+key+": variants: "+err.Error())
		}
		if bar != nil {
			bar.Add(1)
		}
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	return int(lib.Generated()), failed, nil
}
