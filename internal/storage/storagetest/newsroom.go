package storagetest

import (
	"context"
	"fmt"
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
	register("ReserveSignin", testReserveSignin)
	register("DeleteUserTokens", testDeleteUserTokens)
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

// testReserveSignin: after 9 failures, of 25 concurrent reservations
// exactly one gets through; marking it successful frees its place.
func testReserveSignin(t *testing.T, s storage.Store) {
	ReserveSigninRace(t, []storage.Store{s})
}

// ReserveSigninRace records 9 failed sign-ins, then makes 25 concurrent
// reservations for the account, spread over stores (several instances on
// one database), and checks that exactly one is allowed.
func ReserveSigninRace(t *testing.T, stores []storage.Store) {
	ctx := context.Background()
	s := stores[0]
	now := time.Now().UTC().Truncate(time.Millisecond)
	since := now.Add(-15 * time.Minute)
	for i := range 9 {
		if err := s.RecordSignin(ctx, "a@example.org", "10.0.0.1", false, now.Add(-time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var allowed []string
	start := make(chan struct{})
	for i := range 25 {
		wg.Go(func() {
			<-start
			// Distinct addresses: only the account's count can refuse.
			id, ok, err := stores[i%len(stores)].ReserveSignin(ctx, "a@example.org", fmt.Sprintf("10.1.0.%d", i), now, since, 10)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				allowed = append(allowed, id)
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	if len(allowed) != 1 || allowed[0] == "" {
		t.Fatalf("after 9 failures %d of 25 concurrent attempts were allowed (%q), want exactly 1", len(allowed), allowed)
	}
	if acc, _, _ := s.FailedSignins(ctx, "a@example.org", "10.1.0.0", since); acc != 10 {
		t.Fatalf("failed attempts for the account: %d, want 10 (the reserved one counts until it succeeds)", acc)
	}
	if _, ok, _ := s.ReserveSignin(ctx, "a@example.org", "10.2.0.1", now, since, 10); ok {
		t.Fatal("an 11th attempt was allowed")
	}
	if err := s.SigninSucceeded(ctx, allowed[0]); err != nil {
		t.Fatal(err)
	}
	if acc, _, _ := s.FailedSignins(ctx, "a@example.org", "10.1.0.0", since); acc != 9 {
		t.Fatalf("after success, failed attempts: %d, want 9", acc)
	}
	// The address limit is counted separately, across accounts.
	for i := range 10 {
		if _, ok, err := s.ReserveSignin(ctx, fmt.Sprintf("n%d@example.org", i), "10.3.0.1", now, since, 10); err != nil || !ok {
			t.Fatalf("attempt %d from a fresh address: %v, %v", i, ok, err)
		}
	}
	if _, ok, _ := s.ReserveSignin(ctx, "other@example.org", "10.3.0.1", now, since, 10); ok {
		t.Fatal("an address with 10 failures got another attempt")
	}
	// Failures before the window do not count.
	if _, ok, _ := s.ReserveSignin(ctx, "other@example.org", "10.3.0.1", now.Add(time.Hour), now.Add(30*time.Minute), 10); !ok {
		t.Fatal("failures outside the window still count")
	}
}

func testDeleteUserTokens(t *testing.T, s storage.Store) {
	ctx := context.Background()
	u, _ := fixture(t, s)
	other := &domain.User{Author: domain.Author{Name: "Other"}, Email: "other@example.org"}
	if err := s.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, tok := range []*storage.OneTimeToken{
		{TokenHash: "p1", Kind: "password", UserID: u.ID},
		{TokenHash: "p2", Kind: "password", UserID: u.ID},
		{TokenHash: "i1", Kind: "invite", UserID: u.ID},
		{TokenHash: "p3", Kind: "password", UserID: other.ID},
	} {
		tok.CreatedAt, tok.ExpiresAt = now, now.Add(time.Hour)
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteUserTokens(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"p1", "p2"} {
		if _, err := s.PeekToken(ctx, h, "password", now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("token %s survived: %v", h, err)
		}
	}
	if _, err := s.PeekToken(ctx, "i1", "invite", now); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("invitation survived: %v", err)
	}
	if _, err := s.PeekToken(ctx, "p3", "password", now); err != nil {
		t.Errorf("another user's token was deleted: %v", err)
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
