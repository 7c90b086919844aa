package sqlstore

import (
	"testing"

	"newsdesk/internal/storage"
)

// TestPostFieldsMatchStorage keeps the SQL for filter fields and the
// documented list of them (storage.PostFilterFields) in step.
func TestPostFieldsMatchStorage(t *testing.T) {
	for name, typ := range storage.PostFilterFields {
		f, ok := postFields[name]
		if !ok {
			t.Errorf("storage.PostFilterFields names %q, which has no SQL", name)
		} else if f.typ != typ {
			t.Errorf("%q: SQL compares it as type %d, storage documents %d", name, f.typ, typ)
		}
	}
	for name := range postFields {
		if _, ok := storage.PostFilterFields[name]; !ok {
			t.Errorf("%q has SQL but is not in storage.PostFilterFields", name)
		}
	}
	for name := range drivers {
		if _, ok := postFields[name]; !ok {
			t.Errorf("driver %q is no filter field", name)
		}
	}
}
