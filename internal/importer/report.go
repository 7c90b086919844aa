package importer

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Report says what an import read, what it left out and why, and what it
// changed on the way. Nothing is dropped silently: every skipped record
// is counted under a reason, every altered one gets a Note.
type Report struct {
	Format  Format
	Version string // the exporter's version: Ghost's "5.82.0", WXR "1.2"
	// Counts are keyed by kind: "post", "page", "user", "tag", "setting",
	// "redirect", and what is counted but not imported ("comment",
	// "menu item", "attachment", other Ghost tables by name).
	Counts map[string]*Count
	Notes  []Note
	// NotesDropped counts notes past MaxNotes, counted but not kept.
	NotesDropped int
	maxNotes     int
}

// Count is how many records of a kind were read and how many of them were
// skipped, by reason.
type Count struct {
	Read    int
	Skipped map[string]int
}

// Imported is how many records of the kind go on to the import.
func (c *Count) Imported() int {
	n := c.Read
	for _, s := range c.Skipped {
		n -= s
	}
	return n
}

// Note is something worth an editor's attention about one record: a
// status mapped to another, a slug renamed, content a converter could not
// keep.
type Note struct {
	Kind     string // "post", "page", "user", "tag", "setting"
	SourceID string
	Title    string
	Field    string
	Line     int // where the record starts in the file, when known
	Message  string
}

func (n Note) String() string {
	var b strings.Builder
	b.WriteString(n.Kind)
	if n.SourceID != "" {
		b.WriteString(" " + n.SourceID)
	}
	if n.Title != "" {
		fmt.Fprintf(&b, " %q", n.Title)
	}
	if n.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", n.Line)
	}
	if n.Field != "" {
		b.WriteString(" " + n.Field)
	}
	return b.String() + ": " + n.Message
}

// MaxNotes bounds the notes a report keeps, so an archive of a million
// odd records cannot exhaust memory; the rest are counted.
const MaxNotes = 10000

func newReport(f Format) *Report {
	return &Report{Format: f, Counts: map[string]*Count{}, maxNotes: MaxNotes}
}

func (r *Report) count(kind string) *Count {
	c := r.Counts[kind]
	if c == nil {
		c = &Count{Skipped: map[string]int{}}
		r.Counts[kind] = c
	}
	return c
}

func (r *Report) read(kind string, n int) { r.count(kind).Read += n }

func (r *Report) skip(kind, reason string, n int) {
	c := r.count(kind)
	c.Read += n
	c.Skipped[reason] += n
}

func (r *Report) note(n Note) {
	if len(r.Notes) >= r.maxNotes {
		r.NotesDropped++
		return
	}
	r.Notes = append(r.Notes, n)
}

// WriteTo writes the report for people: counts, skips with reasons, notes.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s export", r.Format)
	if r.Version != "" {
		fmt.Fprintf(&b, " (version %s)", r.Version)
	}
	b.WriteString("\n")
	kinds := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		c := r.Counts[k]
		fmt.Fprintf(&b, "  %-12s %7d read, %7d to import\n", k, c.Read, c.Imported())
		reasons := make([]string, 0, len(c.Skipped))
		for reason := range c.Skipped {
			reasons = append(reasons, reason)
		}
		slices.Sort(reasons)
		for _, reason := range reasons {
			fmt.Fprintf(&b, "  %12s %7d skipped: %s\n", "", c.Skipped[reason], reason)
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintf(&b, "%d notes:\n", len(r.Notes)+r.NotesDropped)
		for _, n := range r.Notes {
			b.WriteString("  " + n.String() + "\n")
		}
		if r.NotesDropped > 0 {
			fmt.Fprintf(&b, "  ... and %d more\n", r.NotesDropped)
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// Error is a file the importer refuses: it says where and what.
type Error struct {
	// Record names the record, e.g. "posts[41] (id 5f3a...)" or
	// "item 12 (wp:post_id 345)"; empty for the file as a whole.
	Record string
	Field  string
	Line   int // 1-based; 0 when unknown
	Column int
	Offset int64 // bytes from the start of the file
	Err    error
}

func (e *Error) Error() string {
	var parts []string
	if e.Line > 0 {
		parts = append(parts, fmt.Sprintf("line %d, column %d", e.Line, e.Column))
	} else if e.Offset > 0 {
		parts = append(parts, fmt.Sprintf("byte %d", e.Offset))
	}
	if e.Record != "" {
		parts = append(parts, e.Record)
	}
	if e.Field != "" {
		parts = append(parts, "field "+e.Field)
	}
	msg := e.Err.Error()
	if len(parts) == 0 {
		return msg
	}
	return strings.Join(parts, ": ") + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrTruncated is the cause of an Error for a file that ends too soon.
var ErrTruncated = errors.New("the file ends in the middle of the data (truncated?)")
