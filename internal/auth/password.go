package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"newsdesk/internal/domain"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, one
// lane). They are written into every hash, so raising them later keeps old
// hashes verifiable.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length limits: long enough to resist guessing, short enough that
// hashing cannot be used to burn CPU.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// ValidatePassword reports a field error for a password too short or too long.
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return domain.FieldError("password", "Use at least %d characters.", MinPasswordLen)
	}
	if len(pw) > MaxPasswordLen {
		return domain.FieldError("password", "Use at most %d bytes.", MaxPasswordLen)
	}
	return nil
}

// HashPassword returns an encoded argon2id hash of pw with a random salt,
// in the PHC string format: $argon2id$v=19$m=...,t=...,p=...$salt$key.
func HashPassword(pw string) (string, error) {
	if err := acquireHash(context.Background(), 0); err != nil {
		return "", err
	}
	defer releaseHash()
	return hashPassword(pw)
}

// hashPassword is HashPassword without waiting for a hashing slot.
func hashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := idKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash, comparing in
// constant time. A malformed or empty hash never matches. It waits for a
// hashing slot as long as it takes; sign-in, which strangers can call,
// waits only HashWait (see Service.SignIn).
func CheckPassword(encoded, pw string) bool {
	if err := acquireHash(context.Background(), 0); err != nil {
		return false
	}
	defer releaseHash()
	return checkPassword(encoded, pw)
}

// checkPassword is CheckPassword for a caller holding a hashing slot.
func checkPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || len(pw) > MaxPasswordLen {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || p == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := idKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the account does not exist or has no
// password yet (a pending invitation), so the response time does not reveal
// which emails have accounts. Its parameters are those of HashPassword.
// It is made at the first sign-in rather than at start: hashing holds
// 19 MiB for a moment, which every command and a reader-only server
// would otherwise pay. It takes no hashing slot: the sign-in asking for
// it may hold the last one.
var dummyHash = sync.OnceValue(func() string {
	h, _ := hashPassword("not a real password, only for timing")
	return h
})

// MaxHashes bounds the argon2id computations running at once: each holds
// argonMemory (19 MiB) for about 0.1 s of a core, so unbounded sign-in
// attempts would turn into unbounded memory. Four keep that under 80 MiB.
const MaxHashes = 4

// HashWait is how long a sign-in waits for a hashing slot before it is
// answered "busy" (429 with a Retry-After of HashRetryAfter).
const (
	HashWait       = 3 * time.Second
	HashRetryAfter = 5 * time.Second
)

var (
	hashSlots = make(chan struct{}, MaxHashes)
	// Counters for tests and metrics: hashes started, running, most at once.
	hashTotal, hashRunning, hashPeak atomic.Int64
)

// ErrBusy answers a sign-in that found every hashing slot taken for HashWait.
var ErrBusy = domain.Errorf(domain.ETOOMANY, "The server is busy checking other sign-ins. Try again in a few seconds.")

// acquireHash takes a hashing slot, waiting at most wait (forever when 0)
// or until ctx ends; it fails with ErrBusy when the wait runs out, and
// with ErrBusy too when the client gave up waiting (not an internal error).
func acquireHash(ctx context.Context, wait time.Duration) error {
	select {
	case hashSlots <- struct{}{}:
	default:
		var timeout <-chan time.Time
		if wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case hashSlots <- struct{}{}:
		case <-timeout:
			return ErrBusy
		case <-ctx.Done():
			return ErrBusy
		}
	}
	return nil
}

func releaseHash() { <-hashSlots }

// idKey is argon2.IDKey, counted; callers hold a hashing slot.
func idKey(pw, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	hashTotal.Add(1)
	running := hashRunning.Add(1)
	defer hashRunning.Add(-1)
	for {
		peak := hashPeak.Load()
		if running <= peak || hashPeak.CompareAndSwap(peak, running) {
			break
		}
	}
	return argon2.IDKey(pw, salt, t, m, p, n)
}

// HashStats counts argon2id computations since the process started.
type HashStats struct {
	Total   int64 // started
	Running int64 // running now
	Peak    int64 // the most that ran at once
}

// Hashes reports the argon2id counters, for tests and metrics.
func Hashes() HashStats {
	return HashStats{Total: hashTotal.Load(), Running: hashRunning.Load(), Peak: hashPeak.Load()}
}
