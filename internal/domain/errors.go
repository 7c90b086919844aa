// Package domain holds newsdesk's types and rules: posts and their kinds,
// authors, tags, reading time, slugs and status transitions. It does no I/O.
package domain

import (
	"errors"
	"fmt"
)

// Error codes, mapped to HTTP status in exactly one place per adapter.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOMANY      = "too_many_requests"
	EINTERNAL     = "internal"
	// EUNAVAILABLE: the database cannot be reached or is too busy right
	// now; nothing is wrong with the request, and it may be tried again.
	EUNAVAILABLE = "unavailable"
)

// Error is an error a user can act on. Field names the input at fault, if any.
type Error struct {
	Code    string
	Field   string
	Message string
	// Err is the cause, for logs and errors.Is; never shown to users.
	Err error
	// Format and Args are what Message was made of, so an interface in
	// another language can translate the format and put the same
	// arguments back in (the newsroom's Ukrainian catalogue is keyed by
	// the English format). Empty Format: Message is its own key.
	Format string
	Args   []any
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// RetryUnavailable is how many seconds clients are asked to wait
// (Retry-After) before trying again after an EUNAVAILABLE error.
const RetryUnavailable = 5

// Unavailable wraps cause, a failure to reach the database, as an
// EUNAVAILABLE error.
func Unavailable(cause error) *Error {
	return &Error{Code: EUNAVAILABLE, Message: "The database is unavailable right now. Please try again in a moment.", Err: cause}
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors
// get a generic text so details never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ValidationErrors collects field errors so a form can show all of them at once.
type ValidationErrors []*Error

func (v ValidationErrors) Error() string {
	if len(v) == 0 {
		return "no errors"
	}
	return v[0].Error()
}

// For returns the message for a field, or "".
func (v ValidationErrors) For(field string) string {
	for _, e := range v {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Err returns nil when there are no errors, else the collection as an error
// whose first element carries the EINVALID code.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// As lets errors.As find the first *Error inside the collection.
func (v ValidationErrors) As(target any) bool {
	if t, ok := target.(**Error); ok && len(v) > 0 {
		*t = v[0]
		return true
	}
	return false
}
