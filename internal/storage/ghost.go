package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/ghost/nql"
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
// an NQL filter, an order and a total.
type GhostListing interface {
	// GhostPosts returns one page of posts with authors and tags, and the
	// number of posts matching q. An unknown filter field or a value of the
	// wrong type is EINVALID.
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
	Filter   nql.Expr  // nil: no filter
	Order    []GhostOrder
	Limit    int // 1..MaxLimit
	Page     int // from 1; Page × Limit beyond MaxPageDepth is EINVALID
	// SkipTotal leaves total at -1 for callers that know it already.
	SkipTotal bool
}

// GhostOrder is one "field direction" of Ghost's order parameter.
type GhostOrder struct {
	Field string // published_at, created_at, updated_at, title, slug, featured
	Desc  bool
}
