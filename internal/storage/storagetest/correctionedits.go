package storagetest

import (
	"context"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("CorrectionEditAndRetract", testCorrectionEditAndRetract)
}

// A note's text can be fixed and the note withdrawn; the post's time
// moves on each change, and the history keeps every earlier text.
func testCorrectionEditAndRetract(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Bridge reopens", u, tag)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	c := &domain.Correction{PostID: p.ID, Kind: "correction", Body: "The bridge is 40 m long, not 400 km."}
	if err := s.AddCorrection(ctx, c); err != nil {
		t.Fatal(err)
	}
	before, _ := s.PostByID(ctx, p.ID)
	fixed := &domain.Correction{ID: c.ID, PostID: p.ID, Kind: "correction", Body: "The bridge is 40 m long, not 400 m."}
	if err := s.EditCorrection(ctx, fixed, "Iryna Savchuk"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.PostByID(ctx, p.ID)
	if len(got.Corrections) != 1 || got.Corrections[0].Body != fixed.Body || got.Corrections[0].UpdatedAt.IsZero() ||
		!got.Corrections[0].CreatedAt.Equal(before.Corrections[0].CreatedAt) || got.UpdatedAt.Before(before.UpdatedAt) {
		t.Fatalf("after edit: %+v (post updated %v, before %v)", got.Corrections, got.UpdatedAt, before.UpdatedAt)
	}
	if err := s.EditCorrection(ctx, &domain.Correction{ID: c.ID, PostID: "000000000000000000000000", Kind: "update", Body: "x"}, ""); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a note edited through another post: %v", err)
	}
	if err := s.RetractCorrection(ctx, p.ID, c.ID, "Iryna Savchuk"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.PostByID(ctx, p.ID)
	if !got.Corrections[0].Retracted() || len(got.PublicCorrections()) != 0 {
		t.Fatalf("after retract: %+v", got.Corrections)
	}
	if err := s.EditCorrection(ctx, fixed, ""); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("editing a retracted note: %v", err)
	}
	hist, err := s.CorrectionEdits(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Change != "edited" || hist[0].Body != c.Body || hist[0].UserName != "Iryna Savchuk" ||
		hist[1].Change != "retracted" || hist[1].Body != fixed.Body {
		t.Fatalf("history = %+v", hist)
	}
}
