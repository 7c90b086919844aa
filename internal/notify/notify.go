// Package notify tells staff about newsroom events that need them: a story
// waiting for review, one sent back or approved, a mention in an editor's
// note, a new assignment. Each event becomes an in-app notification for
// every recipient and, when the site has SMTP settings, an email.
package notify

import "context"

// Kind names what happened.
type Kind string

// The kinds staff are told about.
const (
	ReviewRequested Kind = "review.requested"
	SentBack        Kind = "review.sent_back"
	Approved        Kind = "review.approved"
	Mentioned       Kind = "note.mentioned"
	Assigned        Kind = "assignment.assigned"
)

// Event is one thing to tell staff about.
type Event struct {
	Kind Kind
	// Recipients are user ids. ToEditors adds every Editor and
	// Administrator (a review request goes to the whole desk). The actor
	// is never told about their own action.
	Recipients []string
	ToEditors  bool
	ActorID    string
	PostID     string
	PostTitle  string
	// Note is the words that came with the event: the send-back note, the
	// mentioning note, the assignment's brief.
	Note string
	// Path is the newsroom page the notification links to
	// ("/newsroom/posts/ID").
	Path string
}

// Notifier delivers events. The newsroom calls it after the change the
// event reports has been saved; a failure to notify never undoes it.
type Notifier interface {
	Notify(ctx context.Context, e Event) error
}
