package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// An Assignment is an editor's commission: a story stub (a draft post
// whose author is the reporter) with a deadline and a brief. It lives in
// its own table keyed by the stub, beside the post's other workflow state
// (see Workflow), and the publishing service is its one writer: the stub
// and its assignment are created in one transaction (PostWrite.Assignment),
// and the save that publishes or schedules the stub marks it done
// (PostWrite.FinishAssignment).
type Assignment struct {
	PostID     string
	AssigneeID string
	// AssignedBy is the editor who made (or last reassigned) it.
	AssignedBy string
	AssignedAt time.Time
	Deadline   time.Time
	Brief      string
	// DoneAt is when the stub was first published or scheduled; zero
	// while the assignment is open.
	DoneAt time.Time

	// Filled when read: the people's names and the stub's headline,
	// kind and status.
	AssigneeName   string
	AssignedByName string
	Title          string
	Kind           domain.Kind
	Status         domain.Status
}

// Done reports whether the stub was published or scheduled.
func (a *Assignment) Done() bool { return !a.DoneAt.IsZero() }

// Overdue reports whether the deadline passed at now with the story not
// filed.
func (a *Assignment) Overdue(now time.Time) bool { return !a.Done() && a.Deadline.Before(now) }

// AssignmentQuery selects assignments for a list.
type AssignmentQuery struct {
	// AssigneeID, when set, keeps one reporter's assignments.
	AssigneeID string
	// Open keeps assignments not done yet; Done keeps done ones only.
	Open, Done bool
	// Limit caps the list (default and maximum 500).
	Limit int
}

// Assignments stores assignments. A stub in the trash drops out of every
// list and count (its assignment comes back with it when restored); a
// stub deleted for good takes its assignment with it.
type Assignments interface {
	// AssignmentOf returns the assignment of a post, ENOTFOUND if it has
	// none.
	AssignmentOf(ctx context.Context, postID string) (*Assignment, error)
	// UpdateAssignment changes an assignment's deadline and brief (not
	// its assignee, which is the stub's author: that is a post write);
	// ENOTFOUND when the post has none.
	UpdateAssignment(ctx context.Context, a *Assignment) error
	// DeleteAssignment cancels a post's assignment; the post stays.
	// ENOTFOUND when it has none.
	DeleteAssignment(ctx context.Context, postID string) error
	// ListAssignments returns the assignments q selects: open ones by
	// deadline, soonest first, then done ones, most recently done first.
	ListAssignments(ctx context.Context, q AssignmentQuery) ([]*Assignment, error)
	// CountAssignments counts what ListAssignments would return, without
	// its limit.
	CountAssignments(ctx context.Context, q AssignmentQuery) (int, error)
	// AssignmentsOf returns the assignments of those of ids that have one.
	AssignmentsOf(ctx context.Context, ids []string) (map[string]*Assignment, error)
}
