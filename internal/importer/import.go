package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// Options tune how a file is read.
type Options struct {
	// Location is the old site's time zone, for WordPress dates that
	// carry only local time (drafts). When nil, the offset the file's own
	// dated posts show is used, else UTC.
	Location *time.Location
}

// Import is an export file read into the neutral model. Site, Users, Tags
// and Redirects are complete after Open; posts and pages stream from
// Posts.
type Import struct {
	Format    Format
	Site      Site
	Users     []User
	Tags      []Tag
	Redirects []Redirect
	// Report is complete for everything but the posts' conversion notes
	// once Open returns, and complete after Posts has been ranged over.
	Report *Report
	// PostCount is how many posts and pages Posts yields.
	PostCount int

	posts     func(yield func(*Post, error) bool)
	openNotes int
}

// Posts yields the posts and pages in file order, one at a time, with
// bodies converted to newsdesk Markdown. It may be ranged over more than
// once (a dry run, then the real one): each pass re-reads the file. An
// error ends the sequence; after a successful Open it means the file
// changed or could not be read again.
func (im *Import) Posts() iter.Seq2[*Post, error] {
	return func(yield func(*Post, error) bool) {
		// Conversion notes belong to the latest pass only.
		im.Report.Notes = im.Report.Notes[:im.openNotes]
		im.posts(yield)
	}
}

// Open detects the format from the content and reads r. It returns an
// *Error saying where and what when the file is malformed or truncated;
// then nothing has been produced.
func Open(r io.ReadSeeker, opt Options) (*Import, error) {
	f, err := Detect(r)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	var im *Import
	switch f {
	case FormatGhost:
		im, err = openGhost(r, opt)
	case FormatWXR:
		im, err = openWXR(r, opt)
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Line == 0 && e.Offset > 0 {
			e.Line, e.Column = position(r, e.Offset)
		}
		return nil, err
	}
	im.openNotes = len(im.Report.Notes)
	return im, nil
}

// ErrUnknownFormat is returned for a file that is neither a Ghost export
// nor a WordPress export.
var ErrUnknownFormat = errors.New("not a Ghost JSON export or a WordPress WXR file")

// Detect tells a Ghost JSON export from a WordPress WXR file by their
// first bytes.
func Detect(r io.Reader) (Format, error) {
	head := make([]byte, 4096)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", err
	}
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(head) == 0:
		return "", &Error{Err: errors.New("the file is empty")}
	case head[0] == '{':
		return FormatGhost, nil
	case head[0] == '<':
		if bytes.Contains(head, []byte("wordpress.org/export/")) {
			return FormatWXR, nil
		}
		return "", &Error{Err: fmt.Errorf("%w: XML without WordPress's export namespace", ErrUnknownFormat)}
	}
	return "", &Error{Err: ErrUnknownFormat}
}

// position turns a byte offset into a line and column by reading the file
// again; it runs only when reporting an error.
func position(r io.ReadSeeker, offset int64) (line, col int) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, 0
	}
	br := bufio.NewReader(io.LimitReader(r, offset))
	line, col = 1, 1
	for {
		b, err := br.ReadByte()
		if err != nil {
			return line, col
		}
		if b == '\n' {
			line++
			col = 1
		} else if b&0xc0 != 0x80 {
			col++
		}
	}
}

// splitCaption turns a caption (HTML or text) into plain text and a
// credit: "Kyiv, March 3. (Jane Doe / Agency)" gives the caption and
// "Jane Doe / Agency".
func splitCaption(caption string) (text, credit string) {
	c := strings.TrimSpace(caption)
	if strings.ContainsAny(c, "<&") {
		c = markdown.PlainText(markdown.Sanitize(c))
	}
	c = strings.Join(strings.Fields(c), " ")
	if !strings.HasSuffix(c, ")") {
		return c, ""
	}
	depth := 0
	for i := len(c) - 1; i >= 0; i-- {
		switch c[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return strings.TrimSpace(c[:i]), strings.TrimSpace(c[i+1 : len(c)-1])
			}
		}
	}
	return c, ""
}

// settleSlug returns a slug newsdesk accepts for a record, with a note
// when it had to change one: slugs with characters newsdesk does not use
// are transliterated, and ones that clash with the site's own paths get
// "-2". The returned old path is where the record used to live, for a
// redirect; it is empty when the old path is one of the site's own.
func settleSlug(slug, title, fallback string) (settled, oldPath, why string) {
	s := strings.TrimSpace(slug)
	settled = s
	if !domain.ValidSlug(s) {
		settled = domain.Slugify(s)
		if settled == "" {
			settled = domain.Slugify(title)
		}
		if settled == "" {
			settled = fallback
		}
		if s != "" {
			oldPath = "/" + s + "/"
			why = fmt.Sprintf("slug %q is not a newsdesk slug; it becomes %q", s, settled)
		}
	}
	if domain.ReservedSlug(settled) {
		why = fmt.Sprintf("slug %q is a path the site serves itself; it becomes %q", settled, settled+"-2")
		oldPath = ""
		settled += "-2"
	}
	return settled, oldPath, why
}
