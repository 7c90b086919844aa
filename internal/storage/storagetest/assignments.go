package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("Assignments", testAssignments)
	register("AssignmentAllOrNothing", testAssignmentAllOrNothing)
}

// stub saves a draft by u with an assignment, in one SavePosts write.
func stub(t *testing.T, s storage.Store, u, by *domain.User, title string, deadline time.Time) *domain.Post {
	t.Helper()
	p := newPost(title, u)
	p.Status, p.PublishedAt, p.BodyMD, p.BodyHTML = domain.StatusDraft, time.Time{}, "", ""
	a := &storage.Assignment{AssigneeID: u.ID, AssignedBy: by.ID, AssignedAt: time.Now(), Deadline: deadline, Brief: "Brief for " + title}
	if err := s.SavePosts(context.Background(), []*storage.PostWrite{{Post: p, Create: true, Assignment: a}}); err != nil {
		t.Fatal(err)
	}
	if a.PostID != p.ID {
		t.Fatalf("assignment post id %q, want %q", a.PostID, p.ID)
	}
	return p
}

// Assignments are written with their stubs, listed open-first by
// deadline, finished by the write that files the story, and drop out of
// lists while the stub is in the trash.
func testAssignments(t *testing.T, s storage.Store) {
	ctx := context.Background()
	reporter, _ := fixture(t, s)
	editor := &domain.User{Author: domain.Author{Name: "Maryna Lysenko"}, Email: "maryna@example.org", Role: domain.RoleEditor}
	other := &domain.User{Author: domain.Author{Name: "Taras Bondar"}, Email: "taras@example.org", Role: domain.RoleAuthor}
	for _, u := range []*domain.User{editor, other} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	late := stub(t, s, reporter, editor, "Bridge repairs run late", base.Add(48*time.Hour))
	soon := stub(t, s, reporter, editor, "School meals price rise", base.Add(2*time.Hour))
	theirs := stub(t, s, other, editor, "Harbour dredging plan", base.Add(time.Hour))
	plain := newPost("Not an assignment", reporter)
	if err := s.CreatePost(ctx, plain); err != nil {
		t.Fatal(err)
	}

	got, err := s.AssignmentOf(ctx, soon.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AssigneeID != reporter.ID || got.AssigneeName != reporter.Name || got.AssignedBy != editor.ID ||
		got.AssignedByName != editor.Name || !got.Deadline.Equal(base.Add(2*time.Hour)) || got.Brief != "Brief for School meals price rise" ||
		got.Title != soon.Title || got.Kind != domain.KindArticle || got.Status != domain.StatusDraft || got.Done() {
		t.Fatalf("assignment read back = %+v", got)
	}
	if _, err := s.AssignmentOf(ctx, plain.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("post without an assignment: %v", err)
	}

	titles := func(q storage.AssignmentQuery) []string {
		t.Helper()
		list, err := s.ListAssignments(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountAssignments(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(list) {
			t.Fatalf("count %d, list %d", n, len(list))
		}
		var out []string
		for _, a := range list {
			out = append(out, a.Title)
		}
		return out
	}
	same := func(got []string, want ...string) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	if got := titles(storage.AssignmentQuery{Open: true}); !same(got, theirs.Title, soon.Title, late.Title) {
		t.Fatalf("open, soonest first: %q", got)
	}
	if got := titles(storage.AssignmentQuery{AssigneeID: reporter.ID, Open: true}); !same(got, soon.Title, late.Title) {
		t.Fatalf("one reporter's: %q", got)
	}

	// Publishing the stub in a write with FinishAssignment files it.
	filed := *soon
	filed.Status, filed.PublishedAt, filed.BodyMD = domain.StatusPublished, base, "The story."
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: &filed, FinishAssignment: true}}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.AssignmentOf(ctx, soon.ID)
	if !got.Done() || !got.DoneAt.Equal(filed.UpdatedAt.Truncate(time.Millisecond)) || got.Status != domain.StatusPublished {
		t.Fatalf("filed assignment = %+v (post updated %v)", got, filed.UpdatedAt)
	}
	// A later save keeps the first filing time.
	first := got.DoneAt
	time.Sleep(5 * time.Millisecond)
	again := filed
	again.Title = "School meals price rise confirmed"
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: &again, FinishAssignment: true}}); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.AssignmentOf(ctx, soon.ID); !got.DoneAt.Equal(first) {
		t.Fatalf("done time moved: %v then %v", first, got.DoneAt)
	}
	if got := titles(storage.AssignmentQuery{AssigneeID: reporter.ID, Open: true}); !same(got, late.Title) {
		t.Fatalf("open after filing: %q", got)
	}
	if got := titles(storage.AssignmentQuery{Done: true}); !same(got, again.Title) {
		t.Fatalf("done: %q", got)
	}
	if got := titles(storage.AssignmentQuery{AssigneeID: reporter.ID}); !same(got, late.Title, again.Title) {
		t.Fatalf("all of one reporter's, open first: %q", got)
	}

	// Deadline and brief change in place.
	got, _ = s.AssignmentOf(ctx, late.ID)
	got.Deadline, got.Brief = base.Add(72*time.Hour), "Ask the contractor too."
	if err := s.UpdateAssignment(ctx, got); err != nil {
		t.Fatal(err)
	}
	if back, _ := s.AssignmentOf(ctx, late.ID); !back.Deadline.Equal(base.Add(72*time.Hour)) || back.Brief != "Ask the contractor too." {
		t.Fatalf("updated assignment = %+v", back)
	}
	if err := s.UpdateAssignment(ctx, &storage.Assignment{PostID: plain.ID, Deadline: base}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("update without an assignment: %v", err)
	}
	m, err := s.AssignmentsOf(ctx, []string{late.ID, plain.ID, theirs.ID})
	if err != nil || len(m) != 2 || m[late.ID] == nil || m[theirs.ID].AssigneeName != other.Name {
		t.Fatalf("AssignmentsOf = %v, %v", m, err)
	}

	// A trashed stub drops out of lists and counts, and comes back.
	if err := s.TrashPost(ctx, &storage.Trash{PostID: theirs.ID}); err != nil {
		t.Fatal(err)
	}
	if got := titles(storage.AssignmentQuery{Open: true}); !same(got, late.Title) {
		t.Fatalf("open with one stub trashed: %q", got)
	}
	var exported []*storage.Assignment
	if err := s.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		exported, err = sn.Assignments(ctx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(exported) != 3 {
		t.Fatalf("export holds %d assignments, want 3 (trashed and done ones too)", len(exported))
	}
	if _, err := s.RestorePost(ctx, theirs.ID); err != nil {
		t.Fatal(err)
	}
	if got := titles(storage.AssignmentQuery{Open: true}); !same(got, theirs.Title, late.Title) {
		t.Fatalf("open after restore: %q", got)
	}

	// Cancelling keeps the post; deleting the post takes the assignment.
	if err := s.DeleteAssignment(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAssignment(ctx, late.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("cancel twice: %v", err)
	}
	if _, err := s.PostByID(ctx, late.ID); err != nil {
		t.Fatalf("cancelled stub gone: %v", err)
	}
	if err := s.DeletePost(ctx, theirs.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssignmentOf(ctx, theirs.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("assignment of a deleted post: %v", err)
	}
	if got := titles(storage.AssignmentQuery{Open: true}); len(got) != 0 {
		t.Fatalf("open at the end: %q", got)
	}
}

// A write whose post is refused saves no assignment either.
func testAssignmentAllOrNothing(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	first := stub(t, s, u, u, "Water tower inspection", time.Now().Add(time.Hour))
	dup := newPost(first.Title, u) // same slug
	dup.Status = domain.StatusDraft
	a := &storage.Assignment{AssigneeID: u.ID, AssignedAt: time.Now(), Deadline: time.Now().Add(time.Hour)}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: dup, Create: true, Assignment: a}}); err == nil {
		t.Fatal("duplicate slug saved")
	}
	if n, err := s.CountAssignments(ctx, storage.AssignmentQuery{}); err != nil || n != 1 {
		t.Fatalf("assignments after a refused write: %d %v", n, err)
	}
}
