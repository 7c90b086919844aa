package ghost

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
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

// actorKey carries the Admin API's caller in a request's context, for
// what depends on who looks (staff e-mail addresses).
type actorKey struct{}

// actor is who calls the Admin API: an integration or a signed-in user.
type actor struct {
	User        *domain.User        // the role checks run against this
	Integration *domain.Integration // nil for a session
}

// audienceRe is Ghost's audience check: the audience must end in
// "admin" ("/admin/", and the versioned "/v4/admin/" older clients sign for).
var audienceRe = regexp.MustCompile(`/?admin/?$`)

// maxTokenAge is how long after iat a token is accepted, as in Ghost.
const maxTokenAge = 5 * time.Minute

// VerifyToken checks an Admin API JWT as Ghost does (jsonwebtoken with
// maxAge 5m): HS256 signed with the hex-decoded secret of the key named by
// the kid header; not expired if it has an exp; an audience ending in
// "admin"; issued (iat) less than five minutes ago. Failures carry Ghost's
// status, type, message and code.
func VerifyToken(ctx context.Context, store storage.Integrations, token string, now time.Time) (*domain.Integration, error) {
	invalid := func(reason string) error {
		return &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: "Invalid token: " + reason, Code: "INVALID_JWT", raw: true}
	}
	parts := strings.Split(token, ".")
	var header struct {
		Kid any `json:"kid"`
		Alg any `json:"alg"`
	}
	if len(parts) != 3 || decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &map[string]any{}) != nil {
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "Invalid token", Code: "INVALID_JWT", raw: true}
	}
	kid, _ := header.Kid.(string)
	if kid == "" {
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "Admin API kid missing.", Code: "MISSING_ADMIN_API_KID", raw: true}
	}
	in, err := store.IntegrationByAdminKeyID(ctx, kid)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && in.Revoked()) {
		return nil, &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: "Unknown Admin API Key", Code: "UNKNOWN_ADMIN_API_KEY", raw: true}
	}
	if err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(in.AdminSecret)
	if err != nil {
		return nil, fmt.Errorf("stored secret of key %s is not hex: %w", kid, err)
	}
	if header.Alg != "HS256" {
		return nil, invalid("invalid algorithm")
	}
	claims := jwt.MapClaims{}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation())
	if _, err := parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return secret, nil }); err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenSignatureInvalid):
			return nil, invalid("invalid signature")
		case errors.Is(err, jwt.ErrTokenUnverifiable):
			return nil, invalid("invalid algorithm")
		}
		return nil, invalid("jwt malformed")
	}
	clock := now.Unix()
	number := func(name string) (float64, bool, error) {
		v, ok := claims[name]
		if !ok {
			return 0, false, nil
		}
		f, isNum := v.(float64)
		if !isNum {
			return 0, true, invalid("invalid " + name + " value")
		}
		return f, true, nil
	}
	if nbf, ok, err := number("nbf"); err != nil {
		return nil, err
	} else if ok && nbf > float64(clock) {
		return nil, invalid("jwt not active")
	}
	if exp, ok, err := number("exp"); err != nil {
		return nil, err
	} else if ok && float64(clock) >= exp {
		return nil, invalid("jwt expired")
	}
	if !audienceMatches(claims["aud"]) {
		return nil, invalid("jwt audience invalid. expected: /\\/?admin\\/?$/")
	}
	iat, ok := claims["iat"].(float64)
	if !ok {
		return nil, invalid("iat required when maxAge is specified")
	}
	if float64(clock) >= iat+maxTokenAge.Seconds() {
		return nil, invalid("maxAge exceeded")
	}
	return in, nil
}

func audienceMatches(aud any) bool {
	switch v := aud.(type) {
	case string:
		return audienceRe.MatchString(v)
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok && audienceRe.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// decodeSegment decodes one base64url JSON part of a JWT.
func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// authenticate finds who calls: a Ghost Admin API token, else a newsroom
// session. Sessions may only write from the site's own origin, since a
// browser sends cookies along with any site's requests.
func (a *API) authenticate(r *http.Request) (*actor, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		// As Ghost reads it: the scheme, one space, the token.
		fields := strings.Split(h, " ")
		if !strings.EqualFold(fields[0], "Ghost") || len(fields) < 2 || fields[1] == "" {
			return nil, &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError",
				Message: `Authorization header format is "Authorization: Ghost [token]"`, Code: "INVALID_AUTH_HEADER", raw: true}
		}
		in, err := VerifyToken(r.Context(), a.Store, fields[1], a.Now())
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
		Context: "Unable to determine the authenticated user or integration. Check that cookies are being passed through if using session authentication.",
		raw:     true}
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

// admin wraps an Admin API handler with authentication, then the
// endpoint's frame.
func (a *API) admin(f frame, h func(http.ResponseWriter, *http.Request, *actor)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := a.authenticate(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		r = withFrame(r, f)
		// Ghost checks an {id} or {slug} in the path before anything else.
		if r.PathValue("id") != "" || r.PathValue("slug") != "" {
			if err := checkPathParams(r); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), actorKey{}, who)), who)
	})
}
