package storage

// FieldType says how a filter field compares its values.
type FieldType int

// The field types.
const (
	// TextField compares as written; ~, ~^ and ~$ search it ignoring case.
	TextField FieldType = iota
	// SlugField is text compared in lower case (slugs, statuses, kinds).
	SlugField
	// FlagField is true or false; any other value matches no post.
	FlagField
	// TimeField takes filter.Time values, or date text as filter.ParseTime
	// reads it (relative dates count from the query's Now); null is a
	// post without that date.
	TimeField
	// NumberField takes numbers only.
	NumberField
	// EnumField takes one of a fixed set of values, with :, :- and
	// [lists] only (visibility: public, members, paid, tiers).
	EnumField
)

// PostFilterFields are the fields a filter over posts (GhostQuery.Filter)
// may name: newsdesk's own names for a domain.Post, the one list of them.
// A comparison on a relation (tag, author) matches when any of the post's
// tags or authors does, and its negation when none does. Text operators
// (~) on flags, dates and numbers match nothing, as Ghost's database does.
// Callers speaking another vocabulary map onto these names first
// (internal/ghost maps Ghost's custom_excerpt, tags.slug, authors, ...).
var PostFilterFields = map[string]FieldType{
	"id":           TextField,
	"uuid":         TextField,
	"slug":         SlugField,
	"title":        TextField,
	"standfirst":   TextField,
	"image":        TextField, // the lead image's URL
	"status":       SlugField,
	"kind":         SlugField,
	"language":     SlugField,
	"visibility":   EnumField,
	"featured":     FlagField,
	"published_at": TimeField,
	"created_at":   TimeField,
	"updated_at":   TimeField,
	"word_count":   NumberField,
	"tag":          SlugField, // a tag's slug
	"tag.id":       TextField,
	"tag.name":     TextField,
	"author":       SlugField, // an author's slug
	"author.id":    TextField,
	"author.name":  TextField,
	// primary_tag is the slug of the post's first tag when that tag is
	// public; a post that leads with an internal "#" tag has none (as in
	// Ghost; domain.Post.PrimaryTag skips to the first public tag instead).
	"primary_tag":    SlugField,
	"primary_author": SlugField, // the first author's slug
}
