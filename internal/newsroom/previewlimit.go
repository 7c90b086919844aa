package newsroom

import (
	"context"
	"net/http"
	"sync"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/markdown"
)

// Live preview limits. The editor posts the body at every pause in
// typing; a render of a body at the size limit takes a good fraction of a
// second of one core, so one user may have only a couple running, and a
// preview whose request was abandoned (a newer keystroke replaced it, the
// tab closed) is not rendered at all.
const (
	maxPreviewsPerUser = 2
	previewWait        = time.Second // how long an excess preview waits for a slot
)

// previewLimiter counts the live previews running per user.
type previewLimiter struct {
	mu      sync.Mutex
	running map[string]int
	freed   chan struct{} // closed and replaced whenever a slot frees
}

// acquire takes a slot for user, waiting up to previewWait; it reports
// false when none freed in time or ctx ended.
func (l *previewLimiter) acquire(ctx context.Context, user string) bool {
	deadline := time.NewTimer(previewWait)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		if l.running == nil {
			l.running = map[string]int{}
			l.freed = make(chan struct{})
		}
		if l.running[user] < maxPreviewsPerUser {
			l.running[user]++
			l.mu.Unlock()
			return true
		}
		freed := l.freed
		l.mu.Unlock()
		select {
		case <-freed:
		case <-deadline.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

func (l *previewLimiter) release(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[user]--; l.running[user] <= 0 {
		delete(l.running, user)
	}
	close(l.freed)
	l.freed = make(chan struct{})
}

// errPreviewGone says the client left before its preview was rendered;
// nothing is written back.
var errPreviewGone = domain.Errorf(domain.EINVALID, "The preview was no longer wanted.")

// renderPreview renders body for u's live preview within the limits
// above. It answers 429 (with Retry-After) when u already has
// maxPreviewsPerUser previews running, and errPreviewGone when the
// request was abandoned before rendering began.
func (n *Newsroom) renderPreview(w http.ResponseWriter, r *http.Request, u *domain.User, body string) (markdown.Result, error) {
	ctx := r.Context()
	if !n.previews.acquire(ctx, u.ID) {
		if ctx.Err() != nil {
			return markdown.Result{}, errPreviewGone
		}
		w.Header().Set("Retry-After", "1")
		return markdown.Result{}, domain.Errorf(domain.ETOOMANY, "Too many previews at once: the preview follows when you pause typing.")
	}
	defer n.previews.release(u.ID)
	// The editor aborts a preview request when a newer one replaces it;
	// once rendering starts it cannot be stopped, so check just before.
	if ctx.Err() != nil {
		return markdown.Result{}, errPreviewGone
	}
	return markdown.Render(body), nil
}
