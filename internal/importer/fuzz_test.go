package importer

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// fuzzOpen reads data as an import and ranges over its posts: any input
// either fails Open with an *Error or yields posts, and never panics.
func fuzzOpen(t *testing.T, data []byte) {
	im, err := Open(bytes.NewReader(data), Options{})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("Open error %T is not *Error: %v", err, err)
		}
		if im != nil {
			t.Fatal("Open returned an import with its error")
		}
		return
	}
	n := 0
	for p, err := range im.Posts() {
		if err != nil {
			t.Fatalf("Posts failed after Open accepted the file: %v", err)
		}
		if p.SourceID == "" {
			t.Fatal("a post without its source id")
		}
		n++
	}
	if n != im.PostCount {
		t.Fatalf("Posts yielded %d, PostCount %d", n, im.PostCount)
	}
}

func addSeeds(f *testing.F, names ...string) {
	for _, name := range names {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzGhostJSON(f *testing.F) {
	addSeeds(f, "ghost-0.x.json", "ghost-1.x.json", "ghost-3.x.json", "ghost-4.x.json", "ghost-5.130-every-card.json")
	f.Fuzz(fuzzOpen)
}

func FuzzWXR(f *testing.F) {
	addSeeds(f, "wxr-1.0.xml", "wxr-1.1-https.xml")
	f.Fuzz(fuzzOpen)
}
