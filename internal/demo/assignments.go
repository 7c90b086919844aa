package demo

import (
	"context"
	"fmt"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// The desk's open commissions, so a newcomer finds the Assignments page
// at work: one due later today, one due in two days, one overdue. Each
// is a draft stub of its reporter's with the editor's brief; deadlines
// are relative to the time the demo is loaded.
type assignmentSpec struct {
	Title    string
	Kind     domain.Kind
	Reporter string // person key
	Due      time.Duration
	Brief    string
}

var assignmentSpecs = []assignmentSpec{
	{"What Line 4's delays have cost so far", domain.KindArticle, "daniel", -3 * time.Hour,
		"The transport department published its quarterly spending tables on Monday. Add up what the two years of delay have cost, " +
			"contract by contract, and compare it with the 2023 budget. Ask the department for a response before we publish; " +
			"about 700 words, with one chart."},
	{"Lower Quay tenants told their building has been sold", domain.KindArticle, "olena", 5 * time.Hour,
		"Residents of 14 Quay Street got letters this morning saying the building changed hands. Talk to at least three tenants, " +
			"find the buyer in the land register, and ask City Hall whether the rent-protection rules still apply."},
	{"New river gauges: what the first week shows", domain.KindBrief, "taras", 50 * time.Hour,
		"The water agency switched on six new gauges along the Verna last week. A short brief: where they are, what they read, " +
			"and where readers can follow them live."},
}

// loadAssignments stores the demo's assignments, each stub with its
// assignment in one write, assigned by the editor-at-large.
func loadAssignments(ctx context.Context, store storage.Store, now time.Time, authors map[string]domain.Author) error {
	editor := authors["iryna"]
	for i, spec := range assignmentSpecs {
		reporter, ok := authors[spec.Reporter]
		if !ok {
			return fmt.Errorf("demo assignment %q: unknown reporter %q", spec.Title, spec.Reporter)
		}
		p := &domain.Post{Kind: spec.Kind, Status: domain.StatusDraft, Title: spec.Title, Language: Settings.Language,
			Authors: []domain.Author{reporter}}
		if err := p.Validate(); err != nil {
			return fmt.Errorf("demo assignment %q: %w", spec.Title, err)
		}
		a := &storage.Assignment{AssigneeID: reporter.ID, AssignedBy: editor.ID, Brief: spec.Brief,
			AssignedAt: now.Add(-time.Duration(20+i*7) * time.Hour), Deadline: now.Add(spec.Due).Truncate(15 * time.Minute)}
		if err := store.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, Assignment: a}}); err != nil {
			return fmt.Errorf("demo assignment %q: %w", spec.Title, err)
		}
	}
	return nil
}
