package ghost

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"newsdesk/internal/filter"
	"newsdesk/internal/storage"
)

// TestPostFilterFieldsExist checks every Ghost field maps onto a field
// storage documents.
func TestPostFilterFieldsExist(t *testing.T) {
	for ghost, name := range postFilterFields {
		if _, ok := storage.PostFilterFields[name]; !ok {
			t.Errorf("Ghost's %q maps onto %q, which storage does not know", ghost, name)
		}
	}
}

func TestPostFilter(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"tags.slug:news+authors:olena":                                "tag:news+author:olena",
		"tags:[a,b],author:-x":                                        "tag:[a,b],author:-x",
		"(custom_excerpt:null,feature_image:-null)+primary_tag:sport": "(standfirst:null,image:-null)+primary_tag:sport",
		"tags.name:~'World'+authors.id:'1'":                           "tag.name:~'World'+author.id:'1'",
		"published_at:>now-30d":                                       "published_at:>now-30d", // resolved, printed as written
	} {
		e, err := filter.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := postFilter(e, now)
		if err != nil || got.String() != want {
			t.Errorf("postFilter(%s) = %v, %v; want %s", in, got, err, want)
		}
		if e.String() != func() string { x, _ := filter.Parse(in); return x.String() }() {
			t.Errorf("postFilter changed its input %s", in)
		}
	}

	dates := map[string]time.Time{
		"published_at:>now-30d":              now.AddDate(0, 0, -30),
		"created_at:<'2026-03-01 10:00'":     time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
		"updated_at:>=yesterday":             afterEveryDate, // Ghost sorts words after every date
		"published_at:[2026-01-01,'now-1w']": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for in, want := range dates {
		e, _ := filter.Parse(in)
		got, err := postFilter(e, now)
		if err != nil {
			t.Fatal(err)
		}
		c := got.(*filter.Cmp)
		if v := c.Values[0]; v.Kind != filter.Time || !v.Time.Equal(want) {
			t.Errorf("%s: value %+v, want the time %v", in, v, want)
		}
	}
	e, _ := filter.Parse("published_at:null")
	if got, _ := postFilter(e, now); got.(*filter.Cmp).Values[0].Kind != filter.Null {
		t.Errorf("published_at:null lost its null: %v", got)
	}

	for in, at := range map[string]string{
		"bogus_field:1":             "at character 1: cannot filter posts by \"bogus_field\"",
		"tag:a+(featured:true,x:1)": "at character 22: cannot filter posts by \"x\"",
		"standfirst:null":           "at character 1: cannot filter posts by \"standfirst\"", // storage's name is not Ghost's
		"tag.name:x":                "at character 1: cannot filter posts by \"tag.name\"",
	} {
		e, _ := filter.Parse(in)
		_, err := postFilter(e, now)
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || ae.Type != "BadRequestError" ||
			ae.Message != "Could not understand request." || ae.Help != "Invalid filter: "+at {
			t.Errorf("postFilter(%s) = %+v, want Ghost's unknown-field error %q", in, err, at)
		}
	}
}
