package storage

import (
	"context"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
)

// Search finds posts by the words of their headline, standfirst and body,
// and live blogs' published entries by theirs (see package search for how
// words become terms). The index is kept in the transaction of every post
// and entry write.
type Search interface {
	// SearchPosts returns one page of posts matching q, best first.
	SearchPosts(ctx context.Context, q SearchQuery) (SearchPage, error)
}

// SearchQuery selects a page of search results. Zero values mean "any".
type SearchQuery struct {
	// Text is what the reader typed: words and "quoted phrases". A text
	// without words finds nothing.
	Text string
	// Staff searches every post, drafts and scheduled ones included, with
	// members-only parts; otherwise only what anonymous readers may see of
	// posts public at Now.
	Staff bool
	// Status keeps one status (staff searches only).
	Status    domain.Status
	Now       time.Time // zero means time.Now()
	Kind      domain.Kind
	AuthorID  string
	SectionID string // the primary tag
	TagID     string
	// From and To bound the publication time (inclusive; zero: open).
	From, To time.Time
	Limit    int // 1..MaxLimit; 0 means 15
	After    *SearchCursor
	// Entries makes each matching live blog entry a result of its own
	// (SearchPage.Entries); otherwise an entry's match finds its blog,
	// once per window of results.
	Entries bool
}

// SearchPage is one page of results and where the next one starts.
type SearchPage struct {
	Posts []*domain.Post
	// Entries, with Entries asked for, is as long as Posts: Entries[i] is
	// the entry of live blog Posts[i] that matched, nil where the post did.
	Entries []*domain.LiveEntry
	Next    *SearchCursor
}

// SearchCursor continues a search. Results are ranked within windows of
// the newest matches, so a cursor names the window (its newest index
// key) and how many of its ranked results were shown: every page costs
// one window, however deep.
type SearchCursor struct {
	Upper int64
	Skip  int
}

// String encodes the cursor for a query string: "<upper>.<skip>".
func (c SearchCursor) String() string {
	return strconv.FormatInt(c.Upper, 10) + "." + strconv.Itoa(c.Skip)
}

// ParseSearchCursor decodes SearchCursor.String; anything else is EINVALID.
func ParseSearchCursor(s string) (*SearchCursor, error) {
	up, skip, ok := strings.Cut(s, ".")
	u, err1 := strconv.ParseInt(up, 10, 64)
	k, err2 := strconv.Atoi(skip)
	if !ok || err1 != nil || err2 != nil || k < 0 || k > 10000 || len(s) > 40 {
		return nil, domain.Errorf(domain.EINVALID, "Malformed search page cursor.")
	}
	return &SearchCursor{Upper: u, Skip: k}, nil
}
