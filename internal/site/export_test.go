package site_test

import (
	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// sitetestApply renders a post's Markdown as saving it through the newsroom would.
func sitetestApply(p *domain.Post) { markdown.Apply(p) }
