package site

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// A live page shows twenty entries and every new entry drops the page,
// so each of them used to run the entry template again on every render.
// Entries change rarely once written: their rendered HTML is kept, keyed
// by everything the "entry" template reads, so an entry edited, a new
// day (its time reads differently), another language or zone is simply
// another key, and nothing has to be dropped on events. The SSE message
// of a new entry renders it first, so the page that follows finds it.

// entryCacheMaxBytes bounds the kept HTML (keys included); when full the
// cache starts again, which costs one render per entry shown.
const entryCacheMaxBytes = 8 << 20

// entryKey is what the "entry" template reads of an entryView.
type entryKey struct {
	ID, URL, Title   string
	Body             template.HTML
	Time, Corrected  when
	AuthorName       string
	KeyEvent, Pinned bool
	Correction       string
	L                *locale
}

func keyOf(v *entryView) entryKey {
	return entryKey{ID: v.ID, URL: v.URL, Title: v.Title, Body: v.Body, Time: v.Time, Corrected: v.Corrected,
		AuthorName: v.Author.Name, KeyEvent: v.KeyEvent, Pinned: v.Pinned, Correction: v.Correction, L: v.L}
}

type entryCache struct {
	mu    sync.Mutex
	m     map[entryKey]template.HTML
	bytes int
}

// renderEntry returns v rendered by the "entry" template of pt.
func (s *Site) renderEntry(pt *template.Template, v *entryView) (template.HTML, error) {
	k := keyOf(v)
	c := &s.entries
	c.mu.Lock()
	h, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return h, nil
	}
	var buf bytes.Buffer
	if err := pt.ExecuteTemplate(&buf, "entry", v); err != nil {
		return "", fmt.Errorf("render entry %s: %w", v.ID, err)
	}
	h = template.HTML(buf.String()) // the template escaped it
	size := 2*len(h) + len(k.Body) + len(k.Title) + len(k.Correction) + 256
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.bytes+size > entryCacheMaxBytes {
		c.m, c.bytes = make(map[entryKey]template.HTML), 0
	}
	if _, ok := c.m[k]; !ok {
		c.m[k] = h
		c.bytes += size
	}
	return h, nil
}
