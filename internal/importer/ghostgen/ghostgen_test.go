package ghostgen

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/importer"
)

func TestWriteReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, 300, Options{Seed: 7}); err != nil {
		t.Fatal(err)
	}
	im, err := importer.Open(bytes.NewReader(buf.Bytes()), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.PostCount != 300 || len(im.Users) != 50 || len(im.Tags) != 10 || im.Report.Version != "5.82.0" {
		t.Fatalf("posts %d users %d tags %d version %s", im.PostCount, len(im.Users), len(im.Tags), im.Report.Version)
	}
	n, words, images, videos := 0, 0, 0, 0
	for p, err := range im.Posts() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if p.BodyFrom != "lexical" || len(p.Authors) == 0 || len(p.Tags) == 0 || p.Title == "" {
			t.Fatalf("post %d: %+v", n, p)
		}
		words += len(strings.Fields(p.BodyMD))
		if p.Image.URL != "" {
			images++
			if p.Image.Credit == "" || p.Image.Alt == "" {
				t.Errorf("image without credit or alt: %+v", p.Image)
			}
		}
		if strings.Contains(p.BodyMD, "\nhttps://www.youtube.com/watch?v=") {
			videos++
		}
	}
	if n != 300 || videos == 0 || images == 0 {
		t.Errorf("%d posts, %d videos, %d images", n, videos, images)
	}
	// The synthetic lengths: 70% articles of 300-1500 words, briefs of 40-130.
	if avg := words / n; avg < 250 || avg > 700 {
		t.Errorf("average %d words a post, want the synthetic content's", avg)
	}
	for _, note := range im.Report.Notes {
		t.Errorf("unexpected note: %s", note)
	}
	var again bytes.Buffer
	Write(&again, 300, Options{Seed: 7})
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same seed writes a different export")
	}
}

// BenchmarkReadGhostExport reads a generated Ghost 5 export of
// NEWSDESK_BENCH_IMPORT_POSTS posts (default 10,000) through Open and
// Posts, converting every body, and reports the peak heap: it stays flat
// as the file grows, since posts stream one at a time.
func BenchmarkReadGhostExport(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("NEWSDESK_BENCH_IMPORT_POSTS")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(b.TempDir(), "ghost.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := Write(f, n, Options{Seed: 1}); err != nil {
		b.Fatal(err)
	}
	size, _ := f.Seek(0, 2)
	f.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var peak uint64
		var ms runtime.MemStats
		start := time.Now()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		im, err := importer.Open(f, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		opened := time.Since(start)
		count := 0
		for _, err := range im.Posts() {
			if err != nil {
				b.Fatal(err)
			}
			count++
			if count%1000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		f.Close()
		if count != n {
			b.Fatalf("read %d of %d posts", count, n)
		}
		b.ReportMetric(float64(size)/1e6, "MB-file")
		b.ReportMetric(float64(peak)/1e6, "MB-peak-heap")
		b.ReportMetric(opened.Seconds(), "s-first-pass")
		b.ReportMetric(time.Since(start).Seconds()/float64(n)*1e6, "µs/post")
	}
}
