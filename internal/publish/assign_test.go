package publish_test

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Assign makes the stub and its assignment together; only the desk may.
// Scheduling the stub files it; a filed assignment is not changed.
func TestAssignScheduleFiles(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	reporter := e.users[domain.RoleContributor]
	stub := &domain.Post{Title: "  Ice on the river crossings  ", Kind: domain.KindBrief}
	as := &storage.Assignment{AssigneeID: reporter.ID, Deadline: time.Now().Add(6 * time.Hour), Brief: "Check with the rescue service."}
	if err := e.svc.Assign(ctx, e.actor(domain.RoleAuthor), stub, as); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("an Author assigning: %v", err)
	}
	if err := e.svc.Assign(ctx, e.actor(domain.RoleEditor), stub, as); err != nil {
		t.Fatal(err)
	}
	if stub.Title != "Ice on the river crossings" || stub.Status != domain.StatusDraft || stub.Authors[0].ID != reporter.ID ||
		as.PostID != stub.ID || as.AssignedBy != e.users[domain.RoleEditor].ID {
		t.Fatalf("stub %+v, assignment %+v", stub, as)
	}
	e.take()
	// The contributor writes; an editor schedules it.
	cp := *stub
	cp.BodyMD, cp.PublishedAt = "Rescuers warn against crossing the ice.", time.Now().Add(2*time.Hour)
	if err := e.svc.Update(ctx, e.actor(domain.RoleEditor), stub, &cp, publish.Options{Action: publish.Schedule}); err != nil {
		t.Fatal(err)
	}
	got, err := e.store.AssignmentOf(ctx, stub.ID)
	if err != nil || !got.Done() || got.Status != domain.StatusScheduled {
		t.Fatalf("after scheduling: %+v %v", got, err)
	}
	if _, _, err := e.svc.ChangeAssignment(ctx, e.actor(domain.RoleEditor), stub.ID, storage.Assignment{AssigneeID: reporter.ID,
		Deadline: time.Now().Add(time.Hour)}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("changing a filed assignment: %v", err)
	}
}
