package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/filter"
)

// Integrations stores API integrations and their keys.
type Integrations interface {
	// CreateIntegration saves a new integration made by domain.NewIntegration.
	CreateIntegration(ctx context.Context, in *domain.Integration) error
	// ListIntegrations returns every integration, revoked ones too, oldest first.
	ListIntegrations(ctx context.Context) ([]*domain.Integration, error)
	// RevokeIntegration stops an integration's keys from working (ENOTFOUND
	// for an unknown id). Revoking twice is not an error.
	RevokeIntegration(ctx context.Context, id string) error
	// IntegrationByContentKey finds the integration owning a Content API key.
	IntegrationByContentKey(ctx context.Context, key string) (*domain.Integration, error)
	// IntegrationByAdminKeyID finds the integration owning an Admin API key id.
	IntegrationByAdminKeyID(ctx context.Context, id string) (*domain.Integration, error)
}

// GhostListing pages posts the way Ghost's APIs do: by page number, with
// a filter, an order and a total.
type GhostListing interface {
	// GhostPosts returns one page of posts with authors and tags, and the
	// number of posts matching q. A filter field not in PostFilterFields
	// or a value of the wrong type is EINVALID (Field "filter").
	GhostPosts(ctx context.Context, q GhostQuery) (posts []*domain.Post, total int, err error)
}

// MaxPageDepth is how many posts page-numbered listings (the Ghost APIs)
// reach: page × limit may not exceed it. OFFSET reads and drops every row
// before the page, so deeper pages would cost a scan of the archive; past
// it, clients filter on published_at, which seeks on the index.
const MaxPageDepth = 10_000

// GhostQuery selects posts for the Ghost-compatible APIs.
type GhostQuery struct {
	// Type selects posts (empty) or pages, as Ghost's posts/ and pages/.
	Type domain.PostType
	// Public restricts to published posts whose time has come (Content
	// API); otherwise Statuses selects, empty meaning every status.
	Public   bool
	Statuses []domain.Status
	Now      time.Time // for Public and relative dates; zero means time.Now()
	// Filter compares PostFilterFields (never Ghost's names); nil: no filter.
	Filter filter.Expr
	Order  []GhostOrder
	Limit  int // 1..MaxLimit
	Page   int // from 1; Page × Limit beyond MaxPageDepth is EINVALID
	// SkipTotal leaves total at -1 for callers that know it already.
	SkipTotal bool
	// SlugOrder, when Order is empty, orders posts by where their slug
	// stands in this list (Ghost's order for "slug:[a,b]" filters); posts
	// whose slug is not in it come first.
	SlugOrder []string
}

// GhostOrder is one "field direction" of Ghost's order parameter.
type GhostOrder struct {
	Field string // published_at, created_at, updated_at, title, slug, featured, id, or one below
	Desc  bool
}

// Order fields for Ghost's Admin API default order: scheduled posts, then
// drafts, then published ones; and published_at itself (empty for drafts),
// where "published_at" orders drafts by when they were made.
const (
	GhostStatusRank  = "status_rank"
	GhostPublishedAt = "published_at_only"
)
