package storagetest

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("Notes", testNotes)
	register("NotesGoWithPost", testNotesGoWithPost)
}

// Notes are threads of one level on a post: replies name a first note of
// the same post; editing stamps a time; resolving is the first note's;
// deleting a first note takes its replies; OpenNotes counts open threads.
func testNotes(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p, other := newPost("Dam holds after storm", u, tag), newPost("Council meets", u, tag)
	for _, x := range []*domain.Post{p, other} {
		if err := s.CreatePost(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	root := &domain.Note{PostID: p.ID, AuthorID: u.ID, Body: "Check the figure, @olena-kravets", Passage: "12 metres"}
	if err := s.AddNote(ctx, root); err != nil || root.ID == "" || root.CreatedAt.IsZero() {
		t.Fatalf("add note: %v %+v", err, root)
	}
	reply := &domain.Note{PostID: p.ID, ParentID: root.ID, AuthorID: u.ID, Body: "Checked: 12.4 <m> & \"more\"", CreatedAt: root.CreatedAt.Add(time.Second)}
	if err := s.AddNote(ctx, reply); err != nil {
		t.Fatal(err)
	}
	// A reply to a reply, to another post's note, or on a missing post is refused.
	for _, bad := range []*domain.Note{
		{PostID: p.ID, ParentID: reply.ID, Body: "x"},
		{PostID: other.ID, ParentID: root.ID, Body: "x"},
		{PostID: p.ID, ParentID: "nope", Body: "x"},
	} {
		if err := s.AddNote(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("bad reply %+v: %v", bad, err)
		}
	}
	if err := s.AddNote(ctx, &domain.Note{PostID: "missing", Body: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("note on a missing post: %v", err)
	}
	second := &domain.Note{PostID: p.ID, AuthorID: "gone-user", Body: "Headline too long", CreatedAt: root.CreatedAt.Add(2 * time.Second)}
	if err := s.AddNote(ctx, second); err != nil {
		t.Fatal(err)
	}
	got, err := s.NotesOf(ctx, p.ID)
	if err != nil || len(got) != 3 || got[0].ID != root.ID || got[1].ID != reply.ID || got[2].ID != second.ID {
		t.Fatalf("notes = %v, %v", got, err)
	}
	if g := got[0]; g.Passage != "12 metres" || g.AuthorName != u.Name || g.AuthorSlug != u.Slug || g.ParentID != "" ||
		!g.CreatedAt.Equal(root.CreatedAt) || g.Edited() || g.Resolved() {
		t.Fatalf("first note read back = %+v", g)
	}
	if g := got[1]; g.ParentID != root.ID || g.Body != reply.Body {
		t.Fatalf("reply read back = %+v", g)
	}
	if g := got[2]; g.AuthorName != "" || g.AuthorID != "gone-user" {
		t.Fatalf("note of a gone account = %+v", g)
	}
	if others, err := s.NotesOf(ctx, other.ID); err != nil || len(others) != 0 {
		t.Fatalf("other post's notes = %v, %v", others, err)
	}

	reply.Body = "Checked: 12.4 m"
	if err := s.EditNote(ctx, reply); err != nil || reply.UpdatedAt.IsZero() {
		t.Fatalf("edit note: %v", err)
	}
	if g, err := s.NoteByID(ctx, reply.ID); err != nil || g.Body != "Checked: 12.4 m" || !g.UpdatedAt.Equal(reply.UpdatedAt) {
		t.Fatalf("edited note = %+v, %v", g, err)
	}

	at := time.Now().UTC().Truncate(time.Millisecond)
	if err := s.ResolveNote(ctx, reply.ID, u.ID, at); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("resolving a reply: %v", err)
	}
	if err := s.ResolveNote(ctx, root.ID, u.ID, at); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.NoteByID(ctx, root.ID); !g.ResolvedAt.Equal(at) || g.ResolvedBy != u.ID || g.ResolvedByName != u.Name {
		t.Fatalf("resolved = %+v", g)
	}
	open, err := s.OpenNotes(ctx, []string{p.ID, other.ID})
	if err != nil || open[p.ID] != 1 || open[other.ID] != 0 {
		t.Fatalf("open notes = %v, %v", open, err)
	}
	if err := s.ResolveNote(ctx, root.ID, u.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.NoteByID(ctx, root.ID); g.Resolved() || g.ResolvedBy != "" {
		t.Fatalf("reopened = %+v", g)
	}
	if open, _ := s.OpenNotes(ctx, []string{p.ID}); open[p.ID] != 2 {
		t.Fatalf("open after reopening = %v", open)
	}

	// Deleting a first note takes its replies.
	if err := s.DeleteNote(ctx, root.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NoteByID(ctx, reply.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("reply outlived its thread: %v", err)
	}
	if err := s.DeleteNote(ctx, root.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
	if err := s.EditNote(ctx, root); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("editing a deleted note: %v", err)
	}
	if rest, _ := s.NotesOf(ctx, p.ID); len(rest) != 1 || rest[0].ID != second.ID {
		t.Fatalf("after delete = %v", rest)
	}

	// The snapshot reads every note, first notes before replies.
	r2 := &domain.Note{PostID: p.ID, ParentID: second.ID, AuthorID: u.ID, Body: "Agreed", CreatedAt: second.CreatedAt}
	if err := s.AddNote(ctx, r2); err != nil {
		t.Fatal(err)
	}
	err = s.ExportSnapshot(ctx, func(sn storage.Snapshot) error {
		all, err := sn.Notes(ctx)
		if err != nil || len(all) != 2 || all[0].ID != second.ID || all[1].ID != r2.ID {
			t.Fatalf("snapshot notes = %v, %v", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A post's notes go when it is deleted for good, and come with a created
// post through SavePosts (imports).
func testNotesGoWithPost(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Ferry timetable", u, tag)
	created := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	root := &domain.Note{ID: domain.NewID(), AuthorID: u.ID, Body: "Source?", Passage: "every hour", CreatedAt: created,
		ResolvedAt: created.Add(time.Hour), ResolvedBy: u.ID}
	reply := &domain.Note{ID: domain.NewID(), ParentID: root.ID, AuthorID: u.ID, Body: "The port.", CreatedAt: created.Add(time.Minute),
		UpdatedAt: created.Add(2 * time.Minute)}
	if err := s.SavePosts(ctx, []*storage.PostWrite{{Post: p, Create: true, Notes: []*domain.Note{root, reply}}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.NotesOf(ctx, p.ID)
	if err != nil || len(got) != 2 || got[0].ID != root.ID || !got[0].ResolvedAt.Equal(root.ResolvedAt) || got[0].Passage != "every hour" ||
		got[1].ParentID != root.ID || !got[1].UpdatedAt.Equal(reply.UpdatedAt) || !got[1].CreatedAt.Equal(reply.CreatedAt) {
		t.Fatalf("imported notes = %+v, %v", got, err)
	}
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NoteByID(ctx, reply.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("note outlived its post: %v", err)
	}
	if _, err := s.NoteByID(ctx, root.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("note outlived its post: %v", err)
	}
}
