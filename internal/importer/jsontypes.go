package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Exports written by fifteen years of Ghost disagree on types: ids were
// numbers in 0.x, booleans were 0 and 1, dates were milliseconds. These
// types read every variant and refuse only what no version wrote.

// jstr is a string that may arrive as a number, a boolean or null.
type jstr string

var errNotString = errors.New("expected a string")

func (s *jstr) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errNotString
	case b[0] == '"':
		*s = jstr(unquote(b))
	case string(b) == "null":
		*s = ""
	case b[0] == '{' || b[0] == '[':
		return errNotString
	default:
		*s = jstr(b)
	}
	return nil
}

// jbool is a boolean that may arrive as 0/1, a string or null.
type jbool bool

func (v *jbool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch s {
	case "true", "1":
		*v = true
	case "false", "0", "", "null":
		*v = false
	default:
		return errors.New("expected a boolean")
	}
	return nil
}

// jtime is a date as Ghost wrote it: an ISO string, a "YYYY-MM-DD
// HH:MM:SS" string (UTC), milliseconds since 1970, or null. A value that
// is none of these is kept in raw and reported by the caller with its
// field name.
type jtime struct {
	T   time.Time
	Raw string
	Bad bool
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

func (t *jtime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*t = jtime{Raw: string(b)}
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		t.Raw = s
		if s == "" {
			return nil
		}
		for _, l := range timeLayouts {
			if v, err := time.Parse(l, s); err == nil {
				t.T = v.UTC()
				return nil
			}
		}
		t.Bad = true
		return nil
	}
	ms, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		t.Bad = true
		return nil
	}
	t.T = time.UnixMilli(ms).UTC()
	return nil
}

// unquote decodes a JSON string; the common case, with no escapes, is a
// plain copy.
func unquote(b []byte) string {
	if len(b) >= 2 && bytes.IndexByte(b, '\\') < 0 {
		return string(b[1 : len(b)-1])
	}
	var v string
	json.Unmarshal(b, &v)
	return v
}
