package sqlstore

import (
	"context"
	"slices"
	"strings"
	"sync"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// On PostgreSQL a post is read with its authors and tags in one statement:
// each posts row carries its relation ids in order (author_ids, tag_ids,
// kept by triggers, see migration 20261129T0930), and the authors and tags
// come from this catalogue. names_version counts the changes to users and
// tags in the database; a read of posts reads it with its rows, and the
// catalogue starts afresh when it moved, so a rename made through any
// instance shows on the next page any instance renders.

// maxNames bounds the catalogue (an author with a long bio is a few KiB):
// past it, it starts afresh.
const maxNames = 10_000

// relationColumns follow postColumns or summaryColumns in a PostgreSQL read.
const relationColumns = `, p.author_ids, p.tag_ids, (SELECT v FROM names_version WHERE id = 1)`

// relationIDs is what a posts row says of its authors and tags.
type relationIDs struct{ authors, tags string }

type nameCatalogue struct {
	mu      sync.Mutex
	version int64
	authors map[string]domain.Author
	tags    map[string]domain.Tag
}

// nameRelations fills the Authors and Tags of a Summary listing's posts
// from rel (one per post) with what an item shows of them: id, name, slug.
// version is names_version as the listing read it.
func (s *Store) nameRelations(ctx context.Context, posts []*domain.Post, rel []relationIDs, version int64) error {
	authors, tags, err := s.relations(ctx, rel, version)
	if err != nil {
		return err
	}
	for i, p := range posts {
		setRelations(p, rel[i], authors, tags)
		for j, a := range p.Authors {
			p.Authors[j] = domain.Author{ID: a.ID, Name: a.Name, Slug: a.Slug}
		}
		for j, t := range p.Tags {
			p.Tags[j] = domain.Tag{ID: t.ID, Name: t.Name, Slug: t.Slug}
		}
	}
	return nil
}

// setRelations gives p the authors and tags r names, in r's order. One
// gone since its row was read is left out.
func setRelations(p *domain.Post, r relationIDs, authors map[string]domain.Author, tags map[string]domain.Tag) {
	p.Authors, p.Tags = nil, nil
	for id := range strings.FieldsSeq(r.authors) {
		if a, ok := authors[id]; ok {
			a.Links = slices.Clone(a.Links) // the catalogue's stay as read
			p.Authors = append(p.Authors, a)
		}
	}
	for id := range strings.FieldsSeq(r.tags) {
		if t, ok := tags[id]; ok {
			p.Tags = append(p.Tags, t)
		}
	}
}

// relations returns every author and tag rel names, as the database had
// them when names_version was version or later: from the catalogue, and
// for those it lacks from the database, which fills it.
func (s *Store) relations(ctx context.Context, rel []relationIDs, version int64) (map[string]domain.Author, map[string]domain.Tag, error) {
	c := &s.names
	authors := map[string]domain.Author{}
	tags := map[string]domain.Tag{}
	var missAuthors, missTags []string
	c.mu.Lock()
	if version > c.version || c.authors == nil || len(c.authors)+len(c.tags) > maxNames {
		c.version, c.authors, c.tags = version, map[string]domain.Author{}, map[string]domain.Tag{}
	}
	current := version == c.version // a read older than the catalogue neither uses nor fills it
	for _, r := range rel {
		for id := range strings.FieldsSeq(r.authors) {
			if _, ok := authors[id]; ok || slices.Contains(missAuthors, id) {
				continue
			}
			if a, ok := c.authors[id]; ok && current {
				authors[id] = a
			} else {
				missAuthors = append(missAuthors, id)
			}
		}
		for id := range strings.FieldsSeq(r.tags) {
			if _, ok := tags[id]; ok || slices.Contains(missTags, id) {
				continue
			}
			if t, ok := c.tags[id]; ok && current {
				tags[id] = t
			} else {
				missTags = append(missTags, id)
			}
		}
	}
	c.mu.Unlock()
	if len(missAuthors)+len(missTags) == 0 {
		return authors, tags, nil
	}
	// These reads come after the one that saw version: they see every
	// change that count covers.
	if err := s.fetchAuthors(ctx, missAuthors, authors); err != nil {
		return nil, nil, err
	}
	if err := s.fetchTags(ctx, missTags, tags); err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if c.version == version {
		for _, id := range missAuthors {
			if a, ok := authors[id]; ok {
				c.authors[id] = a
			}
		}
		for _, id := range missTags {
			if t, ok := tags[id]; ok {
				c.tags[id] = t
			}
		}
	}
	c.mu.Unlock()
	return authors, tags, nil
}

func (s *Store) fetchAuthors(ctx context.Context, ids []string, into map[string]domain.Author) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+authorColumns+` FROM users u WHERE u.id = ANY($1)`, ids)
	if err != nil {
		return storage.Wrap(err, "load authors")
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAuthor(rows)
		if err != nil {
			return storage.Wrap(err, "scan author")
		}
		into[a.ID] = *a
	}
	return storage.Wrap(rows.Err(), "load authors")
}

func (s *Store) fetchTags(ctx context.Context, ids []string, into map[string]domain.Tag) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := s.listTags(ctx, ` WHERE t.id = ANY(?)`, ids)
	for _, t := range list {
		into[t.ID] = *t
	}
	return err
}

// onePostNamed reads one post from PostgreSQL with its authors and tags
// (relations): an uncached article without corrections costs the
// database one statement.
func (s *Store) onePostNamed(ctx context.Context, where, key string) (*domain.Post, error) {
	var r relationIDs
	var version int64
	var corrected bool
	p, err := scanPost(s.db.QueryRowContext(ctx, s.q(`SELECT `+postColumns+relationColumns+
		`, EXISTS (SELECT 1 FROM corrections c WHERE c.post_id = p.id) FROM posts p WHERE `+where), key),
		&r.authors, &r.tags, &version, &corrected)
	if err != nil {
		return nil, err
	}
	if corrected {
		// Few posts have corrections: theirs come with the authors and
		// tags from the join tables, as on SQLite.
		return p, s.loadPostParts(ctx, p)
	}
	authors, tags, err := s.relations(ctx, []relationIDs{r}, version)
	if err != nil {
		return nil, err
	}
	setRelations(p, r, authors, tags)
	return p, nil
}
