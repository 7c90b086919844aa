package storage

import (
	"context"
	"time"

	"newsdesk/internal/domain"
)

// The review state is the fourth part of a post's workflow state (see
// workflow.go): a draft submitted for review waits in the review queue
// until an Editor approves it (it is published or scheduled), sends it
// back with a note, or its author withdraws it. A post in review stays a
// draft, so nothing reader-facing needs to know about it. The current
// state (post_review) holds only posts in review or sent back; every
// transition is kept in the post's review history (post_review_log).

// ReviewState is where a post stands in review.
type ReviewState string

// The states a post_review row can hold. Approved and withdrawn posts
// have no row: they are out of review.
const (
	ReviewSubmitted ReviewState = "submitted"
	ReviewSentBack  ReviewState = "sent_back"
)

// ReviewAction is one transition of the review workflow.
type ReviewAction string

// The transitions.
const (
	ReviewActionSubmitted   ReviewAction = "submitted"
	ReviewActionResubmitted ReviewAction = "resubmitted"
	ReviewActionSentBack    ReviewAction = "sent_back"
	ReviewActionApproved    ReviewAction = "approved"
	ReviewActionWithdrawn   ReviewAction = "withdrawn"
)

// Valid reports whether a is a known transition.
func (a ReviewAction) Valid() bool {
	switch a {
	case ReviewActionSubmitted, ReviewActionResubmitted, ReviewActionSentBack, ReviewActionApproved, ReviewActionWithdrawn:
		return true
	}
	return false
}

// State is the review state a transition leaves the post in ("" when it
// leaves review).
func (a ReviewAction) State() ReviewState {
	switch a {
	case ReviewActionSubmitted, ReviewActionResubmitted:
		return ReviewSubmitted
	case ReviewActionSentBack:
		return ReviewSentBack
	}
	return ""
}

// Review is a post's current review state.
type Review struct {
	PostID string
	State  ReviewState
	// SubmittedBy and SubmittedAt are the latest submission: who waits
	// for the answer, and since when (the queue's order).
	SubmittedBy   string
	SubmitterName string // filled when read
	SubmittedAt   time.Time
	// UserID and At are the latest transition (for a post sent back:
	// who sent it back, and when), Note its words.
	UserID   string
	UserName string // filled when read
	At       time.Time
	Note     string
}

// ReviewEvent is one transition in a post's review history.
type ReviewEvent struct {
	ID       string
	PostID   string
	At       time.Time
	UserID   string
	UserName string // filled when read
	Action   ReviewAction
	Note     string
	// From, when recording, lists the states the post must be in for the
	// transition to apply ("" for none: not in review); otherwise it is
	// refused with ECONFLICT and nothing is written.
	From []ReviewState
}

// ReviewedPost is a post with its review state.
type ReviewedPost struct {
	Post   *domain.Post
	Review Review
}

// Reviews stores review states and their history. The publishing service
// is their one writer.
type Reviews interface {
	// ReviewOf returns a post's review state, ENOTFOUND if it is not in
	// review (never was, approved or withdrawn).
	ReviewOf(ctx context.Context, postID string) (*Review, error)
	// ReviewStates returns the review states of those of ids that have
	// one, for the post list's marks.
	ReviewStates(ctx context.Context, ids []string) (map[string]*Review, error)
	// ReviewQueue returns the drafts waiting for review, the longest
	// waiting first (at most limit).
	ReviewQueue(ctx context.Context, limit int) ([]ReviewedPost, error)
	// CountReviewQueue counts the drafts waiting for review.
	CountReviewQueue(ctx context.Context) (int, error)
	// ReviewHistory returns a post's review transitions, oldest first.
	ReviewHistory(ctx context.Context, postID string) ([]*ReviewEvent, error)
	// RecordReview applies the transition e (ID and At are filled when
	// empty) and adds it to the history, in one transaction: the state
	// becomes e.Action.State(), checked against e.From. A submission
	// needs the post to be a draft (EINVALID); a missing post is
	// ENOTFOUND.
	RecordReview(ctx context.Context, e *ReviewEvent) error
}
