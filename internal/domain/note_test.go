package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestFindMentions(t *testing.T) {
	slugs := []string{"olena-kravets", "olena-kravets-jr", "ivan-petrenko", "iryna-savchuk", "iryna-bondar"}
	for text, want := range map[string][]string{
		"@olena-kravets, look":         {"olena-kravets"},
		"@olena-kravets-jr too":        {"olena-kravets-jr"},
		"@Olena-Kravets-said":          {"olena-kravets"},
		"@ivan and @IVAN-PETRENKO":     {"ivan-petrenko", "ivan-petrenko"},
		"@iryna is ambiguous":          nil,
		"mail olena@ivan-petrenko.org": nil,
		"(@Іван-Петренко)":             {"ivan-petrenko"},
		"@ alone, @@ivan":              {"ivan-petrenko"},
	} {
		var got []string
		for _, m := range FindMentions(text, slugs) {
			got = append(got, m.Slug)
			if text[m.Start] != '@' {
				t.Errorf("%q: mention starts at %q", text, text[m.Start:])
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("FindMentions(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestNoteValidate(t *testing.T) {
	n := &Note{Body: "  Check this\r\n ", Passage: " 12 m "}
	if err := n.Validate(); err != nil || n.Body != "Check this" || n.Passage != "12 m" {
		t.Fatalf("%v %+v", err, n)
	}
	for _, bad := range []*Note{{Body: " "}, {Body: strings.Repeat("я", MaxNoteLen+1)},
		{Body: "x", Passage: strings.Repeat("я", MaxPassageLen+1)}, {Body: "x", ParentID: "p", Passage: "q"}} {
		if err := bad.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
