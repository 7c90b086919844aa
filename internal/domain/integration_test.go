package domain

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewIntegrationKeysHaveGhostShapes(t *testing.T) {
	// The shapes Ghost's clients check before sending anything.
	contentRe := regexp.MustCompile(`^[0-9a-f]{26}$`)
	adminRe := regexp.MustCompile(`^[0-9a-f]{24}:[0-9a-f]{64}$`)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		in, err := NewIntegration("Zapier", "")
		if err != nil {
			t.Fatal(err)
		}
		if !contentRe.MatchString(in.ContentKey) || !adminRe.MatchString(in.AdminKey()) || !ValidID(in.ID) {
			t.Fatalf("bad key shapes: %q %q", in.ContentKey, in.AdminKey())
		}
		if in.Role != RoleAdministrator || in.Revoked() {
			t.Fatalf("defaults: %+v", in)
		}
		if seen[in.ContentKey] || seen[in.AdminSecret] {
			t.Fatal("keys repeat")
		}
		seen[in.ContentKey], seen[in.AdminSecret] = true, true
	}
	for _, bad := range []struct {
		name string
		role Role
	}{{"", ""}, {"   ", ""}, {strings.Repeat("x", 192), ""}, {"bell\a", ""}, {"ok", "owner"}} {
		if _, err := NewIntegration(bad.name, bad.role); ErrorCode(err) != EINVALID {
			t.Errorf("NewIntegration(%q, %q): %v, want EINVALID", bad.name, bad.role, err)
		}
	}
	ed, _ := NewIntegration("Bot", RoleEditor)
	if !Can(ed.Actor(), ActionPublishPost, nil) || Can(ed.Actor(), ActionManageKeys, nil) {
		t.Fatal("an editor integration acts as an editor")
	}
}
