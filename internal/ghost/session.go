package ghost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"newsdesk/internal/domain"
)

// SessionStarter signs staff in and out; the newsroom's auth service is
// one. With it, POST and DELETE /ghost/api/admin/session/ work as in
// Ghost, so tools that sign in with a staff e-mail and password (Ghost's
// own scripts do, for the endpoints Ghost keeps from integrations: db/,
// redirects/) work against newsdesk. The session is the newsroom's.
type SessionStarter interface {
	SignIn(ctx context.Context, email, password, addr string) (*domain.User, error)
	StartSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *domain.User) error
	SignOut(w http.ResponseWriter, r *http.Request) error
	ClientAddr(r *http.Request) string
}

// maxSessionBody bounds a sign-in request: an e-mail and a password.
const maxSessionBody = 16 << 10

// signIn answers POST /ghost/api/admin/session/ as Ghost does: a JSON
// body {username, password}, 201 "Created" with the session cookie, or
// Ghost's errors. A browser's sign-in must come from the site's own
// origin (Ghost takes any origin and then holds the session to it;
// newsdesk's session is the newsroom's, so a foreign page must not be
// able to sign a browser in).
func (a *API) signIn(w http.ResponseWriter, r *http.Request) {
	starter, ok := a.Sessions.(SessionStarter)
	if !ok {
		a.notFound(w, r)
		return
	}
	// Ghost takes a request without Origin or Referer as coming from the
	// site itself (a script, not a browser: browsers send Origin with
	// every POST), and refuses the opaque origin "null".
	if r.Header.Get("Origin") == "null" {
		a.writeError(w, r, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError",
			Message: "Could not determine origin of request. Please ensure an Origin or Referrer header is present.", raw: true})
		return
	}
	if (r.Header.Get("Origin") != "" || r.Header.Get("Referer") != "") && !a.sameOrigin(r) {
		a.writeError(w, r, errNoPermission("Request made from incorrect origin; sign in from the site itself."))
		return
	}
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSessionBody))
	if err == nil {
		if json.Unmarshal(b, &body) != nil {
			// Ghost's body parser also takes a urlencoded form.
			if v, err := url.ParseQuery(string(b)); err == nil {
				body.Username, body.Password = v.Get("username"), v.Get("password")
			}
		}
	}
	accessDenied := &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: "Access Denied.", raw: true}
	if body.Username == "" || body.Password == "" {
		a.writeError(w, r, accessDenied)
		return
	}
	u, err := starter.SignIn(r.Context(), body.Username, body.Password, starter.ClientAddr(r))
	switch domain.ErrorCode(err) {
	case "":
	case domain.EUNAUTHORIZED:
		// Ghost says "no user with that email" (404) for unknown
		// addresses; newsdesk does not tell them apart from a wrong
		// password, so the answer cannot be used to find staff e-mails.
		a.writeError(w, r, &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError",
			Message: "Your password is incorrect.", Context: "Your password is incorrect.",
			Help: "Visit and save your profile after logging in to check for problems.", Code: "PASSWORD_INCORRECT", raw: true})
		return
	case domain.EFORBIDDEN:
		a.writeError(w, r, &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: "Your account was suspended.", raw: true})
		return
	default:
		a.writeError(w, r, err)
		return
	}
	if err := starter.StartSession(r.Context(), w, r, u); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeStatusText(w, r, http.StatusCreated)
}

// signOut answers DELETE /ghost/api/admin/session/: the session ends, 204.
// Integrations get Ghost's 501: session/ is not on their allow-list.
func (a *API) signOut(w http.ResponseWriter, r *http.Request, who *actor) {
	starter, ok := a.Sessions.(SessionStarter)
	if !ok {
		a.notFound(w, r)
		return
	}
	if who.Integration != nil {
		a.writeError(w, r, errNotImplemented())
		return
	}
	if err := starter.SignOut(w, r); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", privateCache)
	w.WriteHeader(http.StatusNoContent)
}

// writeStatusText answers as Express's res.sendStatus does: the status
// text as a plain-text body, with the headers Ghost's other answers have.
func (a *API) writeStatusText(w http.ResponseWriter, r *http.Request, status int) {
	body := http.StatusText(status)
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", privateCache)
	h.Set("Content-Version", Version)
	h.Set("Vary", "Accept-Version, Accept-Encoding")
	if a.adminCORS(w, r) {
		h.Set("Vary", "Accept-Version, Origin, Accept-Encoding")
	}
	sum := sha256.Sum256([]byte(body))
	h.Set("ETag", `W/"`+hex.EncodeToString(sum[:12])+`"`)
	w.WriteHeader(status)
	io.WriteString(w, body)
}
