package ghost

import (
	"fmt"
	"math"
	"time"

	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

// postFilterFields maps the fields Ghost filters posts and pages by onto
// storage's (storage.PostFilterFields): Ghost's aliases (tag, tags,
// tags.slug) become one field, and Ghost's names for newsdesk's own
// (custom_excerpt, feature_image) become newsdesk's. Storage never sees a
// Ghost name; a field missing here is Ghost's "unknown column" error.
var postFilterFields = map[string]string{
	"id":             "id",
	"uuid":           "uuid",
	"slug":           "slug",
	"title":          "title",
	"custom_excerpt": "standfirst",
	"feature_image":  "image",
	"status":         "status",
	"visibility":     "visibility",
	"featured":       "featured",
	"published_at":   "published_at",
	"created_at":     "created_at",
	"updated_at":     "updated_at",
	"tag":            "tag",
	"tags":           "tag",
	"tags.slug":      "tag",
	"tags.id":        "tag.id",
	"tags.name":      "tag.name",
	"author":         "author",
	"authors":        "author",
	"authors.slug":   "author",
	"authors.id":     "author.id",
	"authors.name":   "author.name",
	// Ghost knows no "primary_tag.slug": the bare names compare slugs.
	"primary_tag":    "primary_tag",
	"primary_author": "primary_author",
	// newsdesk's own, beside Ghost's.
	"kind":       "kind",
	"language":   "language",
	"word_count": "word_count",
}

// afterEveryDate stands for a date Ghost cannot read: its database
// compares such text with the stored dates as text, and words sort after
// every date.
var afterEveryDate = time.UnixMilli(math.MaxInt64)

// postFilter turns a filter in Ghost's field names into one over
// storage's, resolving dates (now-30d) against now, or answers Ghost's
// error for a field it cannot filter posts by.
func postFilter(e filter.Expr, now time.Time) (filter.Expr, error) {
	return filter.Rewrite(e, func(c *filter.Cmp) (filter.Expr, error) {
		name, ok := postFilterFields[c.Field]
		if !ok {
			return nil, errFilterField(fmt.Sprintf("Invalid filter: at character %d: cannot filter posts by %q", c.At, c.Field))
		}
		out := *c
		out.Field = name
		if storage.PostFilterFields[name] == storage.TimeField {
			out.Values = make([]filter.Value, len(c.Values))
			for i, v := range c.Values {
				if v.Kind != filter.Null {
					t, err := filter.ParseTime(v.Text, now)
					if err != nil {
						t = afterEveryDate
					}
					v = filter.Value{Kind: filter.Time, Text: v.Text, Time: t, Quoted: v.Quoted}
				}
				out.Values[i] = v
			}
		}
		return &out, nil
	})
}

// dropFields removes the comparisons on fields drop picks from a filter,
// as Ghost rejects statements on fields it enforces (a post's status in
// the Content API) or keeps private (authors' e-mail addresses). nil is
// the filter that matches everything.
func dropFields(e filter.Expr, drop func(field string) bool) filter.Expr {
	out, _ := filter.Rewrite(e, func(c *filter.Cmp) (filter.Expr, error) {
		if drop(c.Field) {
			return nil, nil
		}
		return c, nil
	})
	return out
}
