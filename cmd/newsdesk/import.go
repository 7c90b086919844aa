package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer"
	"newsdesk/internal/publish"
)

// importActor is who an import from the command line acts as: whoever
// may run the binary on the data folder is the site's operator.
var importActor = publish.Actor{User: &domain.User{Author: domain.Author{ID: "import", Name: "Import"}, Role: domain.RoleAdministrator}}

// importCmd reads a Ghost JSON or WordPress WXR export and brings it in.
func importCmd(ctx context.Context, args []string) error {
	var dryRun bool
	var mediaDir, tz string
	a, rest, err := openAppArgs(ctx, "import", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "read and check everything, print the report, write nothing")
		fs.StringVar(&mediaDir, "media", "", "the old site's image folder (Ghost content/images or WordPress wp-content/uploads), copied in")
		fs.StringVar(&tz, "timezone", "", "the old site's time zone (IANA name) for WordPress dates without one")
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), "Usage: newsdesk import [--dry-run] [--media DIR] [shared flags] FILE\n\n"+
				"Brings in a Ghost JSON export (any version) or a WordPress WXR export: posts, pages,\n"+
				"authors, tags, settings, menus and a redirect from every old address. Running it\n"+
				"again skips what is already in; it works while the server runs.")
			fs.PrintDefaults()
		}
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if len(rest) != 1 {
		return errors.New("import: name one export file")
	}
	opt := importer.Options{}
	if tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return fmt.Errorf("import: --timezone: %w", err)
		}
		opt.Location = loc
	}
	if mediaDir != "" {
		if st, err := os.Stat(mediaDir); err != nil || !st.IsDir() {
			return fmt.Errorf("import: --media %s is not a folder", mediaDir)
		}
	}
	defer importer.TuneGCForImport()()
	f, err := os.Open(rest[0])
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	im, err := importer.Open(f, opt)
	if err != nil {
		return fmt.Errorf("import: %s: %w (nothing was imported)", rest[0], err)
	}
	target := importer.Target{Store: a.Store, Publisher: a.Publisher, Media: a.Media, MediaDir: mediaDir}
	o := importer.ApplyOptions{DryRun: dryRun}
	bar := terminalBar(im.PostCount, "importing posts")
	if bar != nil {
		o.Progress = func(done, total int) { bar.Set(done) }
	}
	res, err := importer.Apply(ctx, target, importActor, im, o)
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(os.Stderr)
	}
	im.Report.WriteTo(stdout)
	if res != nil {
		res.WriteTo(stdout)
	}
	if err != nil {
		return fmt.Errorf("import: %w (batches written before this stay; run the same command again to resume)", err)
	}
	verb := "imported"
	if dryRun {
		verb = "dry run: would import"
	}
	fmt.Fprintf(os.Stderr, "%s %d posts and pages from %s in %s\n", verb, res.Posts.Created, rest[0], time.Since(start).Round(time.Millisecond))
	return nil
}
