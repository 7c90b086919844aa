// Package auth signs newsroom users in and out: argon2id passwords,
// database-backed sessions in HttpOnly cookies, one-time links for
// invitations and password setting, sign-in rate limiting and protection
// against cross-site request forgery.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"newsdesk/internal/clientip"
	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// CookieName is the session cookie.
const CookieName = "newsdesk_session"

// Session lifetime: sliding, renewed at most once an hour of activity.
const (
	SessionTTL   = 14 * 24 * time.Hour
	touchEvery   = time.Hour
	InviteTTL    = 7 * 24 * time.Hour
	PasswordTTL  = 24 * time.Hour
	LimitWindow  = 15 * time.Minute
	LimitFailure = 10
)

// Token kinds for one-time links.
const (
	TokenInvite   = "invite"
	TokenPassword = "password"
)

// Service is the sign-in machinery for one site.
type Service struct {
	store      storage.Store
	siteOrigin string // scheme://host[:port] of the configured site URL
	secureSite bool
	clients    clientip.Resolver
	// Now is the clock; tests replace it.
	Now func() time.Time
	// HashWait is how long SignIn waits for a hashing slot; tests shorten it.
	HashWait time.Duration
}

// New returns a Service for the site at siteURL. trustProxy makes it take
// the client address and scheme from X-Forwarded-For/-Proto.
func New(store storage.Store, siteURL string, trustProxy bool) *Service {
	s := &Service{store: store, clients: clientip.Resolver{TrustProxy: trustProxy}, Now: time.Now, HashWait: HashWait}
	if u, err := url.Parse(siteURL); err == nil && u.Host != "" {
		s.siteOrigin = strings.ToLower(u.Scheme + "://" + u.Host)
		s.secureSite = u.Scheme == "https"
	}
	return s
}

// newToken returns a random 32-byte token (URL-safe) and its SHA-256 hash,
// which is all the database keeps.
func newToken() (raw, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, hashToken(raw)
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// SignIn checks an email and password from addr. After LimitFailure failed
// attempts for the account or from the address within LimitWindow it
// answers ETOOMANY, even for the right password, until the window passes.
//
// The attempt is recorded as failed before the password is checked, in the
// same step that counts earlier failures, so concurrent guesses (on any
// instance) cannot all slip under the limit; a right password then marks
// it successful. Unknown emails and accounts without a password (pending
// invitations) are checked against a dummy hash, so every answer costs one
// argon2id computation and timing does not tell them apart. At most
// MaxHashes computations run at once; an attempt that waits longer than
// s.HashWait for one gets ErrBusy.
func (s *Service) SignIn(ctx context.Context, email, password, addr string) (*domain.User, error) {
	account := strings.ToLower(strings.TrimSpace(email))
	now := s.Now()
	if err := acquireHash(ctx, s.HashWait); err != nil {
		return nil, err
	}
	defer releaseHash()
	attempt, allowed, err := s.store.ReserveSignin(ctx, account, addr, now, now.Add(-LimitWindow), LimitFailure)
	if err != nil {
		return nil, err
	}
	if !allowed {
		return nil, domain.Errorf(domain.ETOOMANY, "Too many failed sign-in attempts. Try again in 15 minutes.")
	}
	u, err := s.store.UserByEmail(ctx, account)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	dummy := dummyHash()
	hash := dummy
	if u != nil && u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	if !checkPassword(hash, password) || hash == dummy {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "Wrong email or password.")
	}
	if err := s.store.SigninSucceeded(ctx, attempt); err != nil {
		return nil, err
	}
	if u.Suspended {
		return nil, domain.Errorf(domain.EFORBIDDEN, "This account is suspended. Ask an administrator.")
	}
	return u, nil
}

// StartSession creates a session for u and sets its cookie.
func (s *Service) StartSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *domain.User) error {
	raw, hash := newToken()
	now := s.Now().UTC()
	sess := &storage.Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(SessionTTL)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(r, raw, sess.ExpiresAt))
	return nil
}

func (s *Service) cookie(r *http.Request, value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{Name: CookieName, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secure(r)}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	return c
}

func (s *Service) secure(r *http.Request) bool {
	if r.TLS != nil || s.secureSite {
		return true
	}
	return s.clients.FromProxy(r) && r.Header.Get("X-Forwarded-Proto") == "https"
}

// SetClients replaces how client addresses are found, for a server behind
// a known list of proxies (config.Config.Clients).
func (s *Service) SetClients(c clientip.Resolver) { s.clients = c }

// SignOut ends the request's session and clears the cookie.
func (s *Service) SignOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, s.cookie(r, "", time.Time{}))
	return nil
}

type ctxKey struct{}

type principal struct {
	user *domain.User
	csrf string
	err  error // the session could not be looked up
}

// UserFromRequest returns the signed-in user of r's session cookie; a
// missing, expired or unknown session, or a suspended user, is (nil, false).
// It slides the session's expiry as a side effect.
func (s *Service) UserFromRequest(r *http.Request) (*domain.User, bool) {
	if p, ok := r.Context().Value(ctxKey{}).(*principal); ok {
		return p.user, p.user != nil
	}
	u, _, _ := s.load(r)
	return u, u != nil
}

// SessionUser is UserFromRequest that also says why there is no user when
// the session could not be looked up (the database unavailable).
func (s *Service) SessionUser(r *http.Request) (*domain.User, error) {
	if p, ok := r.Context().Value(ctxKey{}).(*principal); ok {
		return p.user, p.err
	}
	u, _, err := s.load(r)
	return u, err
}

func (s *Service) load(r *http.Request) (*domain.User, string, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, "", nil
	}
	ctx := r.Context()
	hash := hashToken(c.Value)
	now := s.Now().UTC()
	sess, err := s.store.SessionByHash(ctx, hash, now)
	if err != nil {
		return nil, "", unavailableOnly(err)
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil || u.Suspended {
		return nil, "", unavailableOnly(err)
	}
	if now.Sub(sess.LastSeen) > touchEvery {
		// Best effort: a failed touch only shortens the session.
		_ = s.store.TouchSession(ctx, hash, now, now.Add(SessionTTL))
	}
	return u, csrfFor(c.Value), nil
}

// unavailableOnly keeps a session lookup's error when the database could
// not answer, so the newsroom says so instead of asking to sign in again;
// any other failure means no session.
func unavailableOnly(err error) error {
	if domain.ErrorCode(err) == domain.EUNAVAILABLE {
		return err
	}
	return nil
}

// csrfFor derives the form token from the session token: it is secret as
// long as the cookie is, and changes with every session.
func csrfFor(raw string) string {
	sum := sha256.Sum256([]byte("csrf\x00" + raw))
	return base64.RawURLEncoding.EncodeToString(sum[:18])
}

// Middleware loads the session's user (if any) into the request context.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, tok, err := s.load(r)
		ctx := context.WithValue(r.Context(), ctxKey{}, &principal{user: u, csrf: tok, err: err})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// UserFrom returns the user Middleware loaded, or nil.
func UserFrom(ctx context.Context) *domain.User {
	if p, ok := ctx.Value(ctxKey{}).(*principal); ok {
		return p.user
	}
	return nil
}

// SessionError returns why Middleware could not look the session up (the
// database unavailable), or nil.
func SessionError(ctx context.Context) error {
	if p, ok := ctx.Value(ctxKey{}).(*principal); ok {
		return p.err
	}
	return nil
}

// CSRFToken returns the form token of the request's session ("" without one).
func CSRFToken(ctx context.Context) string {
	if p, ok := ctx.Value(ctxKey{}).(*principal); ok {
		return p.csrf
	}
	return ""
}

// CheckOrigin refuses a state-changing request that a browser sent from
// another site: Sec-Fetch-Site says cross-site, or Origin (or, without it,
// Referer) names neither the site's origin nor the host that was asked.
func (s *Service) CheckOrigin(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	forbidden := domain.Errorf(domain.EFORBIDDEN, "Cross-origin request refused.")
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return forbidden
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		ref := r.Header.Get("Referer")
		if ref == "" {
			return nil // not a browser: the CSRF token still has to match
		}
		u, err := url.Parse(ref)
		if err != nil {
			return forbidden
		}
		origin = u.Scheme + "://" + u.Host
	}
	origin = strings.ToLower(origin)
	if origin == s.siteOrigin {
		return nil
	}
	if u, err := url.Parse(origin); err == nil && (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	return forbidden
}

// CheckCSRF runs CheckOrigin and, for a signed-in request, requires the
// session's token in the form field "csrf" or the X-CSRF-Token header.
func (s *Service) CheckCSRF(r *http.Request) error {
	if err := s.CheckOrigin(r); err != nil {
		return err
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	want := CSRFToken(r.Context())
	if want == "" {
		return nil
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return domain.Errorf(domain.EFORBIDDEN, "The form expired or came from elsewhere. Reload the page and try again.")
	}
	return nil
}

// NewLink creates a one-time token of kind for the user and returns the raw
// token to put in a link.
func (s *Service) NewLink(ctx context.Context, kind, userID string) (string, error) {
	ttl := PasswordTTL
	if kind == TokenInvite {
		ttl = InviteTTL
	}
	raw, hash := newToken()
	now := s.Now().UTC()
	err := s.store.CreateToken(ctx, &storage.OneTimeToken{TokenHash: hash, Kind: kind, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(ttl)})
	if err != nil {
		return "", fmt.Errorf("create %s link: %w", kind, err)
	}
	return raw, nil
}

// LinkUser returns the user a live one-time token belongs to, without using it.
func (s *Service) LinkUser(ctx context.Context, kind, raw string) (*domain.User, error) {
	t, err := s.store.PeekToken(ctx, hashToken(raw), kind, s.Now())
	if err != nil {
		return nil, expiredLink(err)
	}
	return s.store.UserByID(ctx, t.UserID)
}

// UseLink consumes a one-time token and returns its user.
func (s *Service) UseLink(ctx context.Context, kind, raw string) (*domain.User, error) {
	t, err := s.store.UseToken(ctx, hashToken(raw), kind, s.Now())
	if err != nil {
		return nil, expiredLink(err)
	}
	return s.store.UserByID(ctx, t.UserID)
}

func expiredLink(err error) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ENOTFOUND, "This link has expired or was already used. Ask for a new one.")
	}
	return err
}

// ClientAddr is the address rate limits count by: the peer's IP, or, behind
// trusted proxies, the address the nearest of them saw (never an entry the
// client could write itself).
func (s *Service) ClientAddr(r *http.Request) string { return s.clients.Addr(r) }
