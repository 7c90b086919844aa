// Command bare serves files from memory with a bare net/http handler: the
// reference scripts/bench-cache sets beside nginx and newsdesk. Each path
// maps to DIR/path/index.html and its .gz copy, sent when the client
// accepts gzip. No logging, no metrics: the floor of net/http itself.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type file struct {
	body, gz       []byte
	length, gzSize []string
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18092", "listen address")
	dir := flag.String("dir", ".", "folder of index.html files")
	flag.Parse()
	files := map[string]*file{}
	err := filepath.WalkDir(*dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		gz, err := os.ReadFile(p + ".gz")
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(*dir, filepath.Dir(p))
		path := "/"
		if rel != "." {
			path = "/" + filepath.ToSlash(rel) + "/"
		}
		files[path] = &file{body: body, gz: gz, length: []string{strconv.Itoa(len(body))}, gzSize: []string{strconv.Itoa(len(gz))}}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	html, gzip, vary := []string{"text/html; charset=utf-8"}, []string{"gzip"}, []string{"Accept-Encoding"}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := files[r.URL.Path]
		if f == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h["Content-Type"], h["Vary"] = html, vary
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h["Content-Encoding"], h["Content-Length"] = gzip, f.gzSize
			w.Write(f.gz)
			return
		}
		h["Content-Length"] = f.length
		w.Write(f.body)
	})))
}
