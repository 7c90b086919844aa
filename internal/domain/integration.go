package domain

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// Integration is an API client with keys in Ghost's formats: a Content API
// key of 26 lowercase hex characters, and an Admin API key "id:secret"
// with a 24-hex id and a 64-hex secret used to sign JWTs.
type Integration struct {
	ID          string
	Name        string
	ContentKey  string
	AdminKeyID  string
	AdminSecret string
	// Role is what the integration may do through the Admin API; an
	// unrestricted integration is an Administrator, as in Ghost.
	Role      Role
	CreatedAt time.Time
	RevokedAt time.Time // zero while the keys work
}

// NewIntegration returns an integration named name with fresh keys.
func NewIntegration(name string, role Role) (*Integration, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, FieldError("name", "Integration name is required.")
	}
	if utf8.RuneCountInString(name) > 191 || hasControl(name) {
		return nil, FieldError("name", "Integration name must be at most 191 printable characters.")
	}
	if role == "" {
		role = RoleAdministrator
	}
	if !role.Valid() {
		return nil, FieldError("role", "Unknown role %q.", role)
	}
	return &Integration{
		ID:          NewID(),
		Name:        name,
		ContentKey:  randomHex(13),
		AdminKeyID:  NewID(),
		AdminSecret: randomHex(32),
		Role:        role,
	}, nil
}

// AdminKey is the Admin API key as Ghost prints it: "id:secret".
func (i *Integration) AdminKey() string { return i.AdminKeyID + ":" + i.AdminSecret }

// Revoked reports whether the integration's keys were revoked.
func (i *Integration) Revoked() bool { return !i.RevokedAt.IsZero() }

// Actor is the user an integration acts as when role checks ask: a user
// with the integration's role and no posts of its own.
func (i *Integration) Actor() *User {
	return &User{Author: Author{ID: "integration-" + i.ID, Name: i.Name}, Role: i.Role}
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
