package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
)

// safeNext keeps post-sign-in redirects inside the newsroom.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/newsroom/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/newsroom/"
}

func (n *Newsroom) signinForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	next := safeNext(r.URL.Query().Get("next"))
	if u != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	n.render(w, r, nil, http.StatusOK, "signin", map[string]any{"PageTitle": "Sign in", "Next": next})
	return nil
}

func (n *Newsroom) signin(w http.ResponseWriter, r *http.Request, _ *domain.User) error {
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	data := map[string]any{"PageTitle": "Sign in", "Next": next, "Email": email}
	if email == "" || password == "" {
		data["Error"] = "Enter your email and password."
		n.render(w, r, nil, http.StatusBadRequest, "signin", data)
		return nil
	}
	u, err := n.Auth.SignIn(r.Context(), email, password, n.Auth.ClientAddr(r))
	if err != nil {
		status := http.StatusInternalServerError
		switch domain.ErrorCode(err) {
		case domain.ETOOMANY:
			status = http.StatusTooManyRequests
			wait := auth.LimitWindow
			if err == auth.ErrBusy {
				wait = auth.HashRetryAfter
			}
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
		case domain.EUNAUTHORIZED:
			status = http.StatusUnauthorized
		case domain.EFORBIDDEN:
			status = http.StatusForbidden
		default:
			return err
		}
		data["Error"] = err // worded in the page's language by render
		n.render(w, r, nil, status, "signin", data)
		return nil
	}
	if err := n.Auth.StartSession(r.Context(), w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (n *Newsroom) signout(w http.ResponseWriter, r *http.Request, _ *domain.User) error {
	if err := n.Auth.SignOut(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/signin", http.StatusSeeOther)
	return nil
}

// linkForm shows the form behind an invitation or password link.
func (n *Newsroom) linkForm(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ *domain.User) error {
		u, err := n.Auth.LinkUser(r.Context(), kind, r.PathValue("token"))
		if err != nil {
			return err
		}
		// The address holds the secret: keep it out of Referer headers.
		w.Header().Set("Referrer-Policy", "no-referrer")
		n.render(w, r, nil, http.StatusOK, "setpassword", map[string]any{"PageTitle": "Set your password",
			"Invite": kind == auth.TokenInvite, "Name": u.Name, "Email": u.Email, "Errors": domain.ValidationErrors(nil)})
		return nil
	}
}

// useLink sets the name and password, consumes the link and signs in.
func (n *Newsroom) useLink(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ *domain.User) error {
		ctx := r.Context()
		token := r.PathValue("token")
		u, err := n.Auth.LinkUser(ctx, kind, token)
		if err != nil {
			return err
		}
		name := strings.TrimSpace(r.PostFormValue("name"))
		pw, pw2 := r.PostFormValue("password"), r.PostFormValue("password2")
		var errs domain.ValidationErrors
		if kind == auth.TokenInvite && name == "" {
			errs = append(errs, domain.FieldError("name", "Name is required."))
		}
		if err := auth.ValidatePassword(pw); err != nil {
			errs = append(errs, err.(*domain.Error))
		} else if pw != pw2 {
			errs = append(errs, domain.FieldError("password2", "The two passwords differ."))
		}
		if len(errs) > 0 {
			n.render(w, r, nil, http.StatusBadRequest, "setpassword", map[string]any{"PageTitle": "Set your password",
				"Invite": kind == auth.TokenInvite, "Name": name, "Email": u.Email, "Errors": errs})
			return nil
		}
		if u, err = n.Auth.UseLink(ctx, kind, token); err != nil {
			return err
		}
		if kind == auth.TokenInvite {
			u.Name = name
		}
		u.Pending = false // the invitation is accepted
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return err
		}
		if err := n.Store.UpdateUser(ctx, u); err != nil {
			return err
		}
		// A new password ends every other session of the account, and
		// every other link that could set it again.
		if err := n.Store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		if err := n.Store.DeleteUserTokens(ctx, u.ID); err != nil {
			return err
		}
		if err := n.Auth.StartSession(ctx, w, r, u); err != nil {
			return err
		}
		http.Redirect(w, r, "/newsroom/?done=password", http.StatusSeeOther)
		return nil
	}
}

// LogPath returns path as logs may show it: the secret of an invitation or
// password link (/newsroom/invite/{token}, /newsroom/password/{token}) is
// replaced, since anyone reading the log could otherwise use the link.
func LogPath(path string) string {
	for _, prefix := range []string{"/newsroom/invite/", "/newsroom/password/"} {
		if rest, ok := strings.CutPrefix(path, prefix); ok && rest != "" {
			return prefix + "REDACTED"
		}
	}
	return path
}
