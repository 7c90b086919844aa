package ghost

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"newsdesk/internal/domain"
)

// apiError is one entry of Ghost's error envelope.
type apiError struct {
	Status  int
	Type    string // NotFoundError, ValidationError, ...
	Message string
	Context string
	Prop    string
}

func (e *apiError) Error() string { return e.Message }

func errNotFound(what string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: what + " not found."}
}

func errValidation(status int, msg, context, prop string) *apiError {
	return &apiError{Status: status, Type: "ValidationError", Message: msg, Context: context, Prop: prop}
}

func errNoPermission(msg string) *apiError {
	return &apiError{Status: http.StatusForbidden, Type: "NoPermissionError", Message: msg}
}

func errUnauthorized(msg, context string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Type: "UnauthorizedError", Message: msg, Context: context}
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
			status := http.StatusUnprocessableEntity
			if de.Field == "filter" || de.Field == "order" || de.Field == "page" {
				status = http.StatusBadRequest
			}
			msg := de.Message
			if de.Field == "filter" {
				msg = "Invalid filter: " + msg
			}
			return &apiError{Status: status, Type: "ValidationError", Message: msg, Prop: de.Field}
		case domain.ECONFLICT:
			return &apiError{Status: http.StatusConflict, Type: "UpdateCollisionError",
				Message: "Saving failed! Someone else is editing this post.", Context: de.Message}
		case domain.EUNAUTHORIZED:
			return errUnauthorized(de.Message, "")
		case domain.EFORBIDDEN:
			return errNoPermission(de.Message)
		case domain.ETOOMANY:
			return &apiError{Status: http.StatusTooManyRequests, Type: "TooManyRequestsError", Message: de.Message}
		case domain.EUNAVAILABLE:
			a.Log.Warn("ghost api: database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
			return &apiError{Status: http.StatusServiceUnavailable, Type: "ServiceUnavailableError", Message: de.Message,
				Context: "Nothing was changed. Try the request again in a few seconds."}
		}
	}
	a.Log.Error("ghost api", "method", r.Method, "path", r.URL.Path, "err", err)
	return &apiError{Status: http.StatusInternalServerError, Type: "InternalServerError", Message: "An unexpected error occurred."}
}

// writeError answers with Ghost's {"errors":[...]} envelope.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := a.toAPIError(r, err)
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	body := map[string]any{"errors": []object{{
		{"message", e.Message},
		{"context", nullable(e.Context)},
		{"type", e.Type},
		{"details", nil},
		{"property", nullable(e.Prop)},
		{"help", nil},
		{"code", nil},
		{"id", domain.NewUUID()},
		{"ghostErrorCode", nil},
	}}}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0")
	h.Set("Content-Version", Version)
	if e.Status == http.StatusServiceUnavailable {
		h.Set("Retry-After", strconv.Itoa(domain.RetryUnavailable))
	}
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(body)
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, r, &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Resource not found"})
}
