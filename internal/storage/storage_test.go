package storage

import (
	"testing"
	"time"

	"newsdesk/internal/domain"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{Time: time.UnixMilli(1764000000123).UTC(), ID: domain.NewID()}
	got, err := ParseCursor(c.String())
	if err != nil {
		t.Fatal(err)
	}
	if !got.Time.Equal(c.Time) || got.ID != c.ID {
		t.Fatalf("got %+v, want %+v", got, c)
	}
	for _, bad := range []string{"", "-", "123", "abc-" + c.ID, "-1-" + c.ID, "123-xyz", "123-" + c.ID + "0",
		"9999999999999999-" + c.ID, "12 3-" + c.ID} {
		if _, err := ParseCursor(bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("ParseCursor(%q) = %v, want EINVALID", bad, err)
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add("1764000000123-0123456789abcdef01234567")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("error code %q for %q", domain.ErrorCode(err), s)
			}
			return
		}
		// Whatever parses must encode back to itself.
		if c.String() != s {
			t.Fatalf("%q parsed to %q", s, c.String())
		}
	})
}

// FuzzCursorRoundTrip: every cursor the site hands out (a time from 1970
// on and a valid id) parses back to itself.
func FuzzCursorRoundTrip(f *testing.F) {
	f.Add(int64(1764000000123), "0123456789abcdef01234567")
	f.Add(int64(0), domain.NewID())
	f.Add(int64(253402300799999), "ffffffffffffffffffffffff")
	f.Fuzz(func(t *testing.T, ms int64, id string) {
		if ms < 0 || ms > 253402300799999 || !domain.ValidID(id) {
			return
		}
		c := Cursor{Time: time.UnixMilli(ms).UTC(), ID: id}
		got, err := ParseCursor(c.String())
		if err != nil {
			t.Fatalf("%q: %v", c.String(), err)
		}
		if !got.Time.Equal(c.Time) || got.ID != c.ID {
			t.Fatalf("%q parsed to %+v, want %+v", c.String(), got, c)
		}
	})
}
