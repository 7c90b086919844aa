package ghost

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"newsdesk/internal/domain"
)

// apiError is one entry of Ghost's error envelope.
type apiError struct {
	Status  int
	Type    string // NotFoundError, ValidationError, ...
	Message string
	Context string
	Prop    string
	Help    string
	Code    string
	Details any
	// raw errors keep their message as it is; others are reworded the
	// way Ghost words errors raised inside an endpoint ("Validation error,
	// cannot list posts.", with the original message as context).
	raw bool
}

func (e *apiError) Error() string { return e.Message }

func errNotFound(what string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: what + " not found."}
}

func errValidation(status int, msg, context, prop string) *apiError {
	return &apiError{Status: status, Type: "ValidationError", Message: msg, Context: context, Prop: prop}
}

// errParam is Ghost's answer to a query or path parameter that fails its
// check: 422 ValidationError "Validation (CHECK) failed for KEY".
func errParam(check, key string) *apiError {
	msg := "Validation (" + check + ") failed for " + key
	if check != "AllowedValues" {
		// Ghost's validator names a table it does not have here.
		msg += " undefined." + key
	}
	return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError", Message: msg}
}

// errFilter is Ghost's answer to a filter it cannot read; help says
// where and why, which Ghost does not.
func errFilter(help string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "Error parsing filter", Help: help}
}

// errFilterField is Ghost's answer to a filter naming a field its
// database does not have.
func errFilterField(help string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "Could not understand request.", Help: help}
}

func errNoPermission(msg string) *apiError {
	return &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: msg}
}

func errUnauthorized(msg, context string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: msg, Context: context, raw: true}
}

// frame says which endpoint a request reached, once it passed
// authentication: Ghost words the errors an endpoint raises after it.
type frame struct {
	doc    string // posts, tags, authors, ...
	method string // browse, read, add, edit, destroy, upload
}

type frameKey struct{}

func withFrame(r *http.Request, f frame) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), frameKey{}, f))
}

func frameOf(r *http.Request) (frame, bool) {
	f, ok := r.Context().Value(frameKey{}).(frame)
	return f, ok
}

// action is how Ghost names what failed: "list posts", "read post".
func (f frame) action() string {
	singular := strings.TrimSuffix(f.doc, "s")
	switch f.method {
	case "browse":
		return "list " + f.doc
	case "read":
		return "read " + singular
	case "add":
		return "save " + singular
	case "edit":
		return "edit " + singular
	case "destroy":
		return "delete " + singular
	}
	return ""
}

// userMessages are Ghost's messages for errors an endpoint raises.
var userMessages = map[string]string{
	"InternalServerError":        "Internal server error, cannot %s.",
	"NotFoundError":              "Resource not found error, cannot %s.",
	"BadRequestError":            "Request not understood error, cannot %s.",
	"UnauthorizedError":          "Authorisation error, cannot %s.",
	"NoPermissionError":          "Permission error, cannot %s.",
	"ValidationError":            "Validation error, cannot %s.",
	"UnsupportedMediaTypeError":  "Unsupported media error, cannot %s.",
	"TooManyRequestsError":       "Too many requests error, cannot %s.",
	"RequestEntityTooLargeError": "Request too large, cannot %s.",
	"UpdateCollisionError":       "Saving failed! Someone else is editing this post.",
}

func (e *apiError) inFrame(f frame) *apiError {
	action := f.action()
	if e.raw || action == "" {
		return e
	}
	out := *e
	out.Context = e.Message
	if e.Context != "" {
		out.Context += " " + e.Context
	}
	if m, ok := userMessages[e.Type]; ok {
		out.Message = strings.Replace(m, "%s", action, 1)
	}
	return &out
}

// toAPIError maps domain error codes to Ghost's error types, in this one
// place. Unknown errors are logged and answered without details.
func (a *API) toAPIError(r *http.Request, err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var de *domain.Error
	if errors.As(err, &de) {
		switch de.Code {
		case domain.ENOTFOUND:
			return &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: de.Message}
		case domain.EINVALID:
			if de.Field == "filter" {
				return errFilter("Invalid filter: " + de.Message)
			}
			if de.Field == "order" {
				return errParam("matches", "order")
			}
			if de.Field == "page" {
				// newsdesk's own limit on page depth (Ghost has none).
				return &apiError{Status: http.StatusBadRequest, Type: "ValidationError", Message: de.Message, Prop: de.Field}
			}
			return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError", Message: de.Message, Prop: de.Field}
		case domain.ECONFLICT:
			return &apiError{Status: http.StatusConflict, Type: "UpdateCollisionError",
				Message: "Saving failed! Someone else is editing this post.", Context: de.Message, Code: "UPDATE_COLLISION"}
		case domain.EUNAUTHORIZED:
			return errUnauthorized(de.Message, "")
		case domain.EFORBIDDEN:
			return errNoPermission(de.Message)
		case domain.ETOOMANY:
			return &apiError{Status: http.StatusTooManyRequests, Type: "TooManyRequestsError", Message: de.Message}
		case domain.EUNAVAILABLE:
			a.Log.Warn("ghost api: database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
			return &apiError{Status: http.StatusServiceUnavailable, Type: "ServiceUnavailableError", Message: de.Message,
				Context: "Nothing was changed. Try the request again in a few seconds.", raw: true}
		}
	}
	a.Log.Error("ghost api", "method", r.Method, "path", r.URL.Path, "err", err)
	return &apiError{Status: http.StatusInternalServerError, Type: "InternalServerError", Message: "An unexpected error occurred, please try again.",
		Code: "UNEXPECTED_ERROR", raw: true}
}

// Ghost's Cache-Control values for errors: never stored, except that a
// 404 nobody signed in for may be revalidated by shared caches.
const (
	privateCache   = "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0"
	noCacheDynamic = "no-cache, max-age=0, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0"
)

// userSpecific reports whether an answer depends on who asks, as Ghost
// decides it: the request carries a cookie or credentials.
func userSpecific(r *http.Request) bool {
	return r.Header.Get("Cookie") != "" || r.Header.Get("Authorization") != ""
}

// writeError answers with Ghost's {"errors":[...]} envelope.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := a.toAPIError(r, err)
	if f, ok := frameOf(r); ok {
		e = e.inFrame(f)
	}
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	body := object{{"errors", []object{{
		{"message", e.Message},
		{"context", nullable(e.Context)},
		{"type", e.Type},
		{"details", e.Details},
		{"property", nullable(e.Prop)},
		{"help", nullable(e.Help)},
		{"code", nullable(e.Code)},
		{"id", domain.NewUUID()},
		{"ghostErrorCode", nil},
	}}}}
	cache := privateCache
	if e.Status == http.StatusNotFound && r.Method == http.MethodGet && !userSpecific(r) {
		cache = noCacheDynamic
	}
	if e.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
	}
	a.writeJSON(w, r, e.Status, body, cache)
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, r, &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Resource not found", raw: true})
}
