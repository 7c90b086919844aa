package ghost

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

// newsdesk has no members, paid tiers, newsletters or offers. Clients
// written for Ghost still read them (a theme's sign-up box, a front end's
// pricing page), so these endpoints answer as a Ghost site without members
// does: its free tier, its default newsletter, and no offers.

// stableID is a Ghost-shaped id (24 hex) that stays the same for a site,
// for the fixed objects newsdesk does not store.
func (a *API) stableID(name string) string {
	sum := sha1.Sum([]byte(a.SiteURL + "\x00" + name))
	return hex.EncodeToString(sum[:12])
}

// stableUUID is a name-based UUID (version 5 layout) for the same objects.
func (a *API) stableUUID(name string) string {
	sum := sha1.Sum([]byte("uuid\x00" + a.SiteURL + "\x00" + name))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// siteCreated is when the site began, as far as newsdesk knows: when its
// first account was made.
func (a *API) siteCreated(ctx context.Context) time.Time {
	users, err := a.Store.ListUsers(ctx)
	if err != nil {
		return time.Time{}
	}
	var first time.Time
	for _, u := range users {
		if !u.CreatedAt.IsZero() && (first.IsZero() || u.CreatedAt.Before(first)) {
			first = u.CreatedAt
		}
	}
	return first
}

func (a *API) tiers(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	created := shaper{admin: true}.date(a.siteCreated(r.Context()))
	free := object{
		{"id", a.stableID("tier:free")},
		{"name", "Free"},
		{"description", nil},
		{"slug", "free"},
		{"active", true},
		{"type", "free"},
		{"welcome_page_url", nil},
		{"created_at", created},
		{"updated_at", created},
		{"visibility", "public"},
		{"benefits", []object{}},
		{"trial_days", 0},
	}
	list := []object{free.only(p.fields)}
	// Ghost lists tiers in one page whatever the limit, and says so.
	a.writeJSON(w, r, http.StatusOK, object{{"tiers", list}, {"meta", pagination(1, 1, 1)}}, publicCache)
}

func (a *API) newsletters(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	st, err := a.Store.Settings(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	created := shaper{admin: true}.date(a.siteCreated(r.Context()))
	nl := object{
		{"id", a.stableID("newsletter:default")},
		{"uuid", a.stableUUID("newsletter:default")},
		{"name", st.Title},
		{"description", nil},
		{"slug", "default-newsletter"},
		{"sender_email", nil},
		{"subscribe_on_signup", true},
		{"visibility", "members"},
		{"sort_order", 0},
		{"created_at", created},
		{"updated_at", created},
	}
	list := pageOf([]object{nl.only(p.fields)}, p)
	if list == nil {
		list = []object{}
	}
	a.writeJSON(w, r, http.StatusOK, object{{"newsletters", list}, {"meta", pagination(p.page, p.limit, 1)}}, publicCache)
}

func (a *API) readOffer(w http.ResponseWriter, r *http.Request) {
	if _, err := parseParams(r); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeError(w, r, errNotFound("Offer"))
}
