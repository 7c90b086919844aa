package auth

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage/sqlstore"
)

const testPassword = "correct horse battery"

// newSigninService returns a Service on a fresh SQLite database with one
// user who has a password and one pending invitee who has none yet.
func newSigninService(t *testing.T) (*Service, *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "test.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*domain.User{
		{Author: domain.Author{Name: "Olena"}, Email: "olena@example.org", Role: domain.RoleAuthor, PasswordHash: h},
		{Author: domain.Author{Name: "Petro"}, Email: "petro@example.org", Role: domain.RoleAuthor},
	} {
		if err := store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return New(store, "http://news.test", false), store
}

// TestSignInBoundsConcurrentHashing: 40 sign-ins at once with unknown
// emails from 40 addresses (no rate limit applies) never run more than
// MaxHashes argon2id computations at once, and each gets an answer a
// client can act on (wrong password, or busy), never an internal error.
func TestSignInBoundsConcurrentHashing(t *testing.T) {
	s, _ := newSigninService(t)
	hashPeak.Store(0)
	dummyHash() // made once per process, at the first sign-in: not counted here
	before := Hashes().Total

	var heapPeak atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > heapPeak.Load() {
				heapPeak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})

	const n = 40
	codes := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, err := s.SignIn(context.Background(), fmt.Sprintf("nobody%d@example.org", i), "guess number one", fmt.Sprintf("10.0.%d.1", i))
			codes[i] = domain.ErrorCode(err)
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(began)
	close(stop)
	sampler.Wait()

	st := Hashes()
	busy := 0
	for i, c := range codes {
		switch c {
		case domain.EUNAUTHORIZED:
		case domain.ETOOMANY:
			busy++
		default:
			t.Errorf("attempt %d: error code %q, want unauthorized or too_many_requests", i, c)
		}
	}
	t.Logf("%d sign-ins in %v: %d hashed, %d busy; peak %d hashes at once; peak heap in use %d MiB",
		n, took.Round(time.Millisecond), st.Total-before, busy, st.Peak, heapPeak.Load()>>20)
	if st.Peak > MaxHashes {
		t.Fatalf("%d argon2id computations ran at once, want at most %d", st.Peak, MaxHashes)
	}
	if st.Total-before != int64(n-busy) {
		t.Fatalf("%d computations for %d answered attempts", st.Total-before, n-busy)
	}
}

// TestSignInBusyAnswersQuickly: with every hashing slot taken, a sign-in
// gives up after HashWait with ErrBusy and records no attempt.
func TestSignInBusyAnswersQuickly(t *testing.T) {
	s, store := newSigninService(t)
	s.HashWait = 50 * time.Millisecond
	for range MaxHashes {
		if err := acquireHash(context.Background(), 0); err != nil {
			t.Fatal(err)
		}
	}
	began := time.Now()
	_, err := s.SignIn(context.Background(), "olena@example.org", testPassword, "10.0.0.1")
	took := time.Since(began)
	for range MaxHashes {
		releaseHash()
	}
	if err != ErrBusy || took > time.Second {
		t.Fatalf("got %v after %v, want ErrBusy after about 50ms", err, took)
	}
	if acc, _, _ := store.FailedSignins(context.Background(), "olena@example.org", "10.0.0.1", time.Now().Add(-time.Hour)); acc != 0 {
		t.Fatalf("a busy answer counted as %d failed attempts", acc)
	}
	if _, err := s.SignIn(context.Background(), "olena@example.org", testPassword, "10.0.0.1"); err != nil {
		t.Fatalf("once slots are free: %v", err)
	}
}

// TestSignInLimitHoldsUnderConcurrency: after 9 failures, 25 concurrent
// attempts (one with the right password) check at most one more password,
// so 10 in all; the others are refused with ETOOMANY without a check.
func TestSignInLimitHoldsUnderConcurrency(t *testing.T) {
	s, _ := newSigninService(t)
	ctx := context.Background()
	for i := range 9 {
		if _, err := s.SignIn(ctx, "olena@example.org", fmt.Sprintf("wrong guess %d", i), "10.0.0.1"); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	before := Hashes().Total
	const n, right = 25, 24
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			pw := fmt.Sprintf("concurrent guess %d", i)
			if i == right {
				pw = testPassword
			}
			// Separate addresses, as a spread-out attacker would use.
			_, errs[i] = s.SignIn(ctx, "olena@example.org", pw, fmt.Sprintf("10.9.0.%d", i))
		})
	}
	close(start)
	wg.Wait()
	checked := Hashes().Total - before
	var codes []string
	for _, err := range errs {
		codes = append(codes, domain.ErrorCode(err))
	}
	if checked > 1 {
		t.Fatalf("%d passwords checked after 9 failures, want at most 1 (10 in all); answers %v", checked, codes)
	}
	passed := 0
	for i, c := range codes {
		switch {
		case c == "":
			passed++
			if i != right {
				t.Errorf("attempt %d with a wrong password signed in", i)
			}
		case c != domain.ETOOMANY && c != domain.EUNAUTHORIZED:
			t.Errorf("attempt %d: %q", i, c)
		}
	}
	if countOf(codes, domain.ETOOMANY) != n-1 {
		t.Fatalf("want 24 attempts refused as too many, got answers %v", codes)
	}
	// Unless the right password happened to be the one checked (then it
	// is the 10th attempt, within the limit), it was refused, and the
	// account stays locked for it.
	if passed == 0 {
		if codes[right] != domain.ETOOMANY {
			t.Fatalf("the right password got %q, want too_many_requests", codes[right])
		}
		if _, err := s.SignIn(ctx, "olena@example.org", testPassword, "10.8.0.1"); domain.ErrorCode(err) != domain.ETOOMANY {
			t.Fatalf("after 10 failures the right password got %v, want too_many_requests", err)
		}
	}
}

func countOf(list []string, v string) int {
	n := 0
	for _, s := range list {
		if s == v {
			n++
		}
	}
	return n
}

// TestSignInTimingHidesAccounts: an unknown email, a pending invitee (no
// password yet) and a wrong password for a real account each cost exactly
// one argon2id computation, so their answers take the same time.
func TestSignInTimingHidesAccounts(t *testing.T) {
	// The exact count of hashes is the real check; the medians catch a
	// path that skips the hash even so. The machine is shared, so a
	// measurement that a burst of other work skewed is taken again: a
	// path without the hash answers in microseconds every time.
	var medians []time.Duration
	for attempt := range 3 {
		medians = signInMedians(t)
		if lo, hi := slices.Min(medians), slices.Max(medians); float64(lo) >= 0.5*float64(hi) {
			return
		}
		t.Logf("attempt %d: medians %v differ by more than half", attempt+1, medians)
	}
	t.Fatalf("medians %v differ by more than half in three measurements", medians)
}

// signInMedians signs in nine times with each kind of failure on a fresh
// service and returns each kind's median time.
func signInMedians(t *testing.T) []time.Duration {
	s, _ := newSigninService(t)
	ctx := context.Background()
	cases := []struct{ name, email string }{
		{"unknown email", "nobody%d@example.org"},
		{"pending invitee", "petro@example.org"},
		{"wrong password", "olena@example.org"},
	}
	const rounds = 9 // under the 10-failure limit of each account
	times := make([][]time.Duration, len(cases))
	addr := 0
	for r := range rounds {
		// Rotate the order, so garbage collection and the machine's other
		// work do not always fall on the same case.
		for k := range cases {
			i := (k + r) % len(cases)
			c := cases[i]
			email := c.email
			if i == 0 {
				email = fmt.Sprintf(email, r)
			}
			addr++
			before := Hashes().Total
			began := time.Now()
			_, err := s.SignIn(ctx, email, "a wrong password", fmt.Sprintf("10.7.%d.%d", addr/200, addr%200))
			times[i] = append(times[i], time.Since(began))
			if domain.ErrorCode(err) != domain.EUNAUTHORIZED || domain.ErrorMessage(err) != "Wrong email or password." {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := Hashes().Total - before; got != 1 {
				t.Fatalf("%s: %d argon2id computations, want 1", c.name, got)
			}
		}
	}
	medians := make([]time.Duration, len(cases))
	for i := range cases {
		slices.Sort(times[i])
		medians[i] = times[i][rounds/2]
		t.Logf("%s: median %v", cases[i].name, medians[i].Round(100*time.Microsecond))
	}
	return medians
}
