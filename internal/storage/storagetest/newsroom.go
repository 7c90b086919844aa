package storagetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

func init() {
	register("Sessions", testSessions)
	register("OneTimeTokens", testOneTimeTokens)
	register("SigninAttempts", testSigninAttempts)
	register("Revisions", testRevisions)
	register("DeleteTag", testDeleteTag)
}

func testDeleteTag(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, tag := fixture(t, s)
	p := newPost("Tagged", u, tag)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTag(ctx, tag.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.PostByID(ctx, p.ID)
	if err != nil || len(got.Tags) != 0 {
		t.Fatalf("post after its tag was deleted: %+v, %v", got, err)
	}
	if err := s.DeleteTag(ctx, tag.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleting a missing tag: %v", err)
	}
}

func testSessions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Now().UTC().Truncate(time.Millisecond)
	sess := &storage.Session{TokenHash: "h1", UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	got, err := s.SessionByHash(ctx, "h1", now)
	if err != nil || got.UserID != u.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("session = %+v, %v", got, err)
	}
	if _, err := s.SessionByHash(ctx, "h1", now.Add(2*time.Hour)); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("expired session: got %v, want ENOTFOUND", err)
	}
	if err := s.TouchSession(ctx, "h1", now, now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "h1", now.Add(2*time.Hour)); err != nil {
		t.Fatalf("slid session: %v", err)
	}
	if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "h1", now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("deleted session: got %v", err)
	}
}

func testOneTimeTokens(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	now := time.Now().UTC()
	tok := &storage.OneTimeToken{TokenHash: "t1", Kind: "invite", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseToken(ctx, "t1", "password", now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("wrong kind: got %v", err)
	}
	if _, err := s.PeekToken(ctx, "t1", "invite", now); err != nil {
		t.Fatalf("peek: %v", err)
	}
	// Of several concurrent uses exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := s.UseToken(ctx, "t1", "invite", now)
			if err == nil && got.UserID == u.ID {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("token used %d times, want exactly once", wins)
	}
	old := &storage.OneTimeToken{TokenHash: "t2", Kind: "password", UserID: u.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	if err := s.CreateToken(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseToken(ctx, "t2", "password", now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("expired token: got %v", err)
	}
}

func testSigninAttempts(t *testing.T, s storage.Store) {
	ctx := context.Background()
	now := time.Now().UTC()
	for i := 0; i < 3; i++ {
		if err := s.RecordSignin(ctx, "a@example.org", "10.0.0.1", false, now.Add(-time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	s.RecordSignin(ctx, "b@example.org", "10.0.0.1", false, now)
	s.RecordSignin(ctx, "a@example.org", "10.0.0.2", true, now)
	s.RecordSignin(ctx, "a@example.org", "10.0.0.2", false, now.Add(-time.Hour))
	acc, addr, err := s.FailedSignins(ctx, "a@example.org", "10.0.0.1", now.Add(-15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if acc != 3 || addr != 4 {
		t.Fatalf("failed sign-ins: account %d, address %d; want 3 and 4", acc, addr)
	}
}

func testRevisions(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	p := newPost("Revised", u)
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	base := time.Now().UTC()
	for i, body := range []string{"one", "two", "three"} {
		r := &storage.Revision{PostID: p.ID, UserID: u.ID, Title: p.Title, BodyMD: body, CreatedAt: base.Add(time.Duration(i) * time.Second),
			Snapshot: `{"slug":"revised"}`}
		if err := s.AddRevision(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ListRevisions(ctx, p.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].BodyMD != "three" || list[2].BodyMD != "one" || list[0].UserName != u.Name {
		t.Fatalf("revisions = %+v", list)
	}
	one, err := s.RevisionByID(ctx, list[1].ID)
	if err != nil || one.BodyMD != "two" || one.Snapshot != `{"slug":"revised"}` {
		t.Fatalf("revision = %+v, %v", one, err)
	}
	if err := s.AddRevision(ctx, &storage.Revision{PostID: "000000000000000000000000", Title: "x"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("revision of missing post: got %v", err)
	}
	if err := s.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListRevisions(ctx, p.ID, 0); len(list) != 0 {
		t.Fatalf("revisions survive their post: %d", len(list))
	}
}
