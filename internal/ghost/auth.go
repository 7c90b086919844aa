package ghost

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// maxTokenAge is how long after iat a token may expire: Ghost refuses
// tokens living longer than five minutes.
const maxTokenAge = 5 * time.Minute

// actor is who calls the Admin API: an integration or a signed-in user.
type actor struct {
	User        *domain.User        // the role checks run against this
	Integration *domain.Integration // nil for a session
}

// audienceRe accepts "/admin/" and the versioned audiences older clients
// sign for ("/v4/admin/", "/canary/admin/").
var audienceRe = regexp.MustCompile(`^/((v[2-9]|canary)/)?admin/$`)

// VerifyToken checks an Admin API JWT as Ghost does: HS256 signed with the
// hex-decoded secret of the key named by the kid header, audience
// /admin/, expiring at most five minutes after it was issued.
func VerifyToken(ctx context.Context, store storage.Integrations, token string, now time.Time) (*domain.Integration, error) {
	var in *domain.Integration
	// A key that could not be looked up is not a wrong key: the store's
	// error (the database unavailable: 503) goes back as it is, so an
	// integration does not conclude its key is bad and stop.
	var lookupErr error
	claims := jwt.MapClaims{}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithLeeway(0))
	_, err := parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("the token has no kid header naming the Admin API key")
		}
		found, err := store.IntegrationByAdminKeyID(ctx, kid)
		if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && found.Revoked()) {
			return nil, errUnknownKey
		}
		if err != nil {
			lookupErr = err
			return nil, err
		}
		secret, err := hex.DecodeString(found.AdminSecret)
		if err != nil {
			return nil, fmt.Errorf("stored secret of key %s is not hex: %w", kid, err)
		}
		in = found
		return secret, nil
	})
	if lookupErr != nil {
		return nil, lookupErr
	}
	if err != nil {
		if errors.Is(err, errUnknownKey) {
			return nil, errUnauthorized("Unknown Admin API Key", "The key id in the token's kid header is unknown or revoked.")
		}
		return nil, errUnauthorized("Invalid token: "+tokenProblem(err), "")
	}
	aud, err := claims.GetAudience()
	if err != nil || len(aud) != 1 || !audienceRe.MatchString(aud[0]) {
		return nil, errUnauthorized("Invalid token: jwt audience invalid. expected: /admin/", "")
	}
	exp, _ := claims.GetExpirationTime()
	iat, _ := claims.GetIssuedAt()
	if iat == nil {
		return nil, errUnauthorized("Invalid token: the token has no iat claim", "")
	}
	if exp.Sub(iat.Time) > maxTokenAge {
		return nil, errUnauthorized("Invalid token: maxAge exceeded; tokens may live at most 5 minutes", "")
	}
	return in, nil
}

var errUnknownKey = errors.New("unknown admin api key")

// tokenProblem turns the jwt library's errors into short reasons.
func tokenProblem(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "jwt expired"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "jwt issued in the future"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "invalid signature"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "jwt has no exp claim"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "jwt malformed"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "invalid algorithm or key"
	}
	return "jwt rejected"
}

// authenticate finds who calls: a Ghost Admin API token, else a newsroom
// session. Sessions may only write from the site's own origin, since a
// browser sends cookies along with any site's requests.
func (a *API) authenticate(r *http.Request) (*actor, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Ghost") || token == "" {
			return nil, errUnauthorized("Invalid token: the Authorization header must be \"Ghost <token>\".", "")
		}
		in, err := VerifyToken(r.Context(), a.Store, strings.TrimSpace(token), a.Now())
		if err != nil {
			return nil, err
		}
		return &actor{User: in.Actor(), Integration: in}, nil
	}
	if a.Sessions != nil {
		u, err := sessionUser(a.Sessions, r)
		if err != nil {
			return nil, err // the session could not be looked up: not "sign in"
		}
		if u != nil && !u.Suspended {
			if r.Method != http.MethodGet && r.Method != http.MethodHead && !a.sameOrigin(r) {
				return nil, errNoPermission("Request made from incorrect origin; session writes must come from the site itself.")
			}
			return &actor{User: u}, nil
		}
	}
	return nil, &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: "Authorization failed",
		Context: "Unable to determine the authenticated user or integration. Send an Admin API token or sign in."}
}

// sessionUser returns r's signed-in user, and, from sessions that can
// say, why it could not be looked up (the database unavailable).
func sessionUser(s SessionAuthenticator, r *http.Request) (*domain.User, error) {
	if l, ok := s.(interface {
		SessionUser(*http.Request) (*domain.User, error)
	}); ok {
		return l.SessionUser(r)
	}
	u, _ := s.UserFromRequest(r)
	return u, nil
}

func (a *API) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if site, err := url.Parse(a.SiteURL); err == nil && strings.EqualFold(site.Host, u.Host) {
		return true
	}
	return strings.EqualFold(u.Host, r.Host)
}

// admin wraps an Admin API handler with authentication.
func (a *API) admin(h func(http.ResponseWriter, *http.Request, *actor)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Version", Version)
		who, err := a.authenticate(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		h(w, r, who)
	})
}
