package publish

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// ImportItem is one post or page brought in from another system. Its
// authors and tags carry ids (the importer found or created them first).
type ImportItem struct {
	Post *domain.Post
	// SourceKey names the record in its source ("ghost:<id>",
	// "wp:<site>:<id>"); an item whose key was imported before is skipped.
	SourceKey string
	// Line locates the record in the file, for the report.
	Line int
	// Trash puts the post in the trash as it is created (Post.Status is
	// the status it had); Pending gives a published post its pending
	// version. Both come from newsdesk's own exports.
	Trash   *storage.Trash
	Pending *storage.Pending
	// ReviewState and ReviewLog are the post's review state (a draft's)
	// and history, from newsdesk's own exports.
	ReviewState *storage.Review
	ReviewLog   []*storage.ReviewEvent
	// Assignment is the post's assignment (newsdesk's own exports).
	Assignment *storage.Assignment
	// Entries are a live blog's entries (its state is Post.Live), saved
	// with the post.
	Entries []*domain.LiveEntry
	// Notes are the post's editors' notes, first notes before replies,
	// saved with the post.
	Notes []*domain.Note
	// rendered says Prerender rendered Post's body already.
	rendered bool
}

// Prerender renders the items' bodies ahead of Import, on every core, so
// that a caller can render one batch while the batch before is written:
// the writer is the import's bottleneck, and rendering is most of the
// rest. Import renders only items Prerender did not. An item's BodyMD
// must not change between the two calls.
func Prerender(items []ImportItem) {
	posts := make([]*domain.Post, len(items))
	for i := range items {
		posts[i] = items[i].Post
		items[i].rendered = true
	}
	renderAll(posts)
}

// ImportOptions say how an import runs.
type ImportOptions struct {
	// DryRun checks and reports everything and writes nothing.
	DryRun bool
	// BatchSize is how many posts one transaction writes (default 500).
	BatchSize int
	// Progress, when set, is told how many items are done so far.
	Progress func(done int)
}

// ImportReport says what an import did, item by item where it matters.
type ImportReport struct {
	Created, Skipped int
	// Renamed lists slugs that changed: taken by other content, a site
	// path, or not a valid slug. Each old path needs a redirect.
	Renamed []SlugChange
	Skips   []Skip
}

// SlugChange is a post whose slug had to change on import.
type SlugChange struct {
	SourceKey, From, To, Why string
}

// Skip is an item left out, with the reason.
type Skip struct {
	SourceKey string
	Line      int
	Title     string
	Reason    string
}

// Import saves items as they are: statuses, dates and times of the
// source are kept, nothing is announced per post (live readers and
// webhooks would be flooded), and the tag limit, an editing guard, does
// not apply. Items already imported are skipped, so an import can be run
// again or resumed after a crash. Each batch is one transaction with the
// items' revisions and source keys. Call Imported once the whole import
// is done.
func (s *Service) Import(ctx context.Context, a Actor, items []ImportItem, o ImportOptions) (ImportReport, error) {
	var rep ImportReport
	if !domain.Can(a.User, domain.ActionManageSite, nil) {
		return rep, forbidden("import content")
	}
	size := o.BatchSize
	if size <= 0 {
		size = 500
	}
	claimed := map[string]bool{} // slugs taken by earlier items of this import
	for start := 0; start < len(items); start += size {
		batch := items[start:min(start+size, len(items))]
		keys := make([]string, 0, len(batch))
		for _, it := range batch {
			if it.SourceKey != "" {
				keys = append(keys, it.SourceKey)
			}
		}
		done, err := s.Store.ImportedIDs(ctx, "post", keys)
		if err != nil {
			return rep, err
		}
		taken, err := s.takenSlugs(ctx, batch)
		if err != nil {
			return rep, err
		}
		if err := s.keepFreeIDs(ctx, batch, claimed); err != nil {
			return rep, err
		}
		var writes []*storage.PostWrite
		var render []*domain.Post
		for _, it := range batch {
			if _, ok := done[it.SourceKey]; ok && it.SourceKey != "" {
				rep.Skipped++
				rep.Skips = append(rep.Skips, Skip{it.SourceKey, it.Line, it.Post.Title, "already imported"})
				continue
			}
			w, err := s.prepareImport(ctx, a, it, claimed, taken, &rep)
			if err == nil && !it.rendered {
				render = append(render, w.Post)
			}
			if err != nil {
				if code := domain.ErrorCode(err); code == domain.EINVALID {
					rep.Skipped++
					rep.Skips = append(rep.Skips, Skip{it.SourceKey, it.Line, it.Post.Title, domain.ErrorMessage(err)})
					continue
				}
				return rep, err
			}
			writes = append(writes, w)
		}
		renderAll(render)
		if !o.DryRun {
			if err := s.Store.SavePosts(ctx, writes); err != nil {
				return rep, fmt.Errorf("import posts %d to %d: %w", start+1, start+len(batch), err)
			}
		}
		rep.Created += len(writes)
		if o.Progress != nil {
			o.Progress(start + len(batch))
		}
	}
	return rep, nil
}

// Imported tells every cache and instance, once, that an import changed
// the site.
func (s *Service) Imported() {
	s.publish(events.Event{Type: events.SiteImported, Public: true})
}

// prepareImport validates and renders one item and settles its slug.
func (s *Service) prepareImport(ctx context.Context, a Actor, it ImportItem, claimed, taken map[string]bool, rep *ImportReport) (*storage.PostWrite, error) {
	p := it.Post
	from := p.Slug
	why := ""
	switch {
	case p.Slug == "":
	case !domain.ValidSlug(p.Slug):
		why = "not a valid slug"
		p.Slug = domain.Slugify(p.Slug)
	case domain.ReservedSlug(p.Slug):
		why = "a site path"
		p.Slug += "-2"
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	slug := p.Slug
	if isTaken, asked := taken[slug]; isTaken || !asked {
		var err error
		if slug, err = s.freeSlug(ctx, p.Slug, ""); err != nil {
			return nil, err
		}
	}
	for claimed[slug] {
		var err error
		slug, err = s.freeSlug(ctx, nextSlug(slug), "")
		if err != nil {
			return nil, err
		}
	}
	if slug != p.Slug && why == "" {
		why = "taken by other content"
	}
	p.Slug = slug
	claimed[slug] = true
	if from != "" && from != p.Slug {
		rep.Renamed = append(rep.Renamed, SlugChange{SourceKey: it.SourceKey, From: from, To: p.Slug, Why: why})
	}
	w := &storage.PostWrite{Post: p, Create: true, KeepUpdatedAt: true, SourceKey: it.SourceKey,
		Revision: RevisionOf(p, a.User), Trash: it.Trash, Assignment: it.Assignment}
	if it.Pending != nil && p.Status == domain.StatusPublished && it.Trash == nil {
		w.Pending = it.Pending
	}
	if it.ReviewState != nil && p.Status == domain.StatusDraft {
		w.ReviewState = it.ReviewState
	}
	w.ReviewLog = it.ReviewLog
	if p.Kind == domain.KindLive {
		w.Live, w.Entries = importLive(p, it.Entries)
	}
	w.Notes = importNotes(p, it.Notes)
	return w, nil
}

// importLive prepares an imported live blog's state and entries: bodies
// rendered, and, for a post that could not keep its id (another post has
// it here, with entries of its own perhaps), new entry ids.
func importLive(p *domain.Post, entries []*domain.LiveEntry) (*domain.LiveBlog, []*domain.LiveEntry) {
	b := p.Live
	if b == nil {
		b = &domain.LiveBlog{}
	}
	for _, e := range entries {
		if p.ID == "" {
			old := e.ID
			e.ID = domain.NewID()
			if b.PinnedEntryID == old {
				b.PinnedEntryID = e.ID
			}
		}
		renderEntry(e)
	}
	return b, entries
}

// importNotes prepares an imported post's notes: a post that could not
// keep its id gets new note ids too (as importLive does for entries), its
// replies following their threads.
func importNotes(p *domain.Post, notes []*domain.Note) []*domain.Note {
	ids := map[string]string{}
	for _, n := range notes {
		if p.ID == "" || !domain.ValidID(n.ID) {
			ids[n.ID] = domain.NewID()
			n.ID = ids[n.ID]
		}
		if to, ok := ids[n.ParentID]; ok {
			n.ParentID = to
		}
	}
	return notes
}

// takenSlugs asks once per batch which of its slugs are in use, so that
// only clashes cost a query of their own. Slugs it did not ask about are
// missing from the map.
func (s *Service) takenSlugs(ctx context.Context, batch []ImportItem) (map[string]bool, error) {
	slugs := make([]string, 0, len(batch))
	for _, it := range batch {
		if sl := it.Post.Slug; sl != "" {
			slugs = append(slugs, sl, sl+"-2")
		} else if sl := domain.Slugify(it.Post.Title); sl != "" {
			slugs = append(slugs, sl)
		}
	}
	taken, err := s.Store.TakenSlugs(ctx, slugs)
	if err != nil {
		return nil, err
	}
	asked := make(map[string]bool, len(slugs))
	for _, sl := range slugs {
		asked[sl] = taken[sl]
	}
	return asked, nil
}

// keepFreeIDs lets items keep the ids they came with (a site moving
// between newsdesk installs keeps its API ids) unless another post has
// one; those get new ids.
func (s *Service) keepFreeIDs(ctx context.Context, batch []ImportItem, claimed map[string]bool) error {
	var ids []string
	for _, it := range batch {
		if it.Post.ID != "" {
			ids = append(ids, it.Post.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	taken, err := s.Store.TakenPostIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, it := range batch {
		id := it.Post.ID
		if id == "" {
			continue
		}
		if !domain.ValidID(id) || taken[id] || claimed["id:"+id] {
			it.Post.ID = ""
			continue
		}
		claimed["id:"+id] = true
	}
	return nil
}

// renderAll renders the bodies of a batch on every core: rendering is
// most of an import's time.
func renderAll(posts []*domain.Post) {
	var wg sync.WaitGroup
	next := make(chan *domain.Post)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				markdown.Apply(p)
			}
		}()
	}
	for _, p := range posts {
		next <- p
	}
	close(next)
	wg.Wait()
}

// nextSlug is the slug after s in the "-2", "-3" sequence.
func nextSlug(s string) string {
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		var n int
		if _, err := fmt.Sscanf(s[i+1:], "%d", &n); err == nil && n >= 2 && fmt.Sprint(n) == s[i+1:] {
			return fmt.Sprintf("%s-%d", s[:i], n+1)
		}
	}
	return s + "-2"
}
