package site_test

import (
	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
	"newsdesk/internal/storage"
)

// sitetestApply renders a post's Markdown as saving it through the newsroom would.
func sitetestApply(p *domain.Post) { markdown.Apply(p) }

// cursorString is the cursor just after p, as Show More links carry it.
func cursorString(p *domain.Post) string { return storage.CursorOf(p).String() }
