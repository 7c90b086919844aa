package newsroom

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/auth"
	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

func (n *Newsroom) profileForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	cp := *u
	n.render(w, r, u, http.StatusOK, "profile", map[string]any{"PageTitle": "Your profile", "U": &cp, "Errors": domain.ValidationErrors(nil)})
	return nil
}

// saveProfile edits the author fields readers see, and the password.
func (n *Newsroom) saveProfile(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	cp := *u
	p := &cp
	var errs domain.ValidationErrors
	p.Name = strings.TrimSpace(r.PostFormValue("name"))
	p.Slug = strings.TrimSpace(r.PostFormValue("slug"))
	p.Title = strings.TrimSpace(r.PostFormValue("title"))
	p.Bio = strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("bio")), "\r\n", "\n")
	p.Email = strings.TrimSpace(r.PostFormValue("email"))
	if lang := r.PostFormValue("newsroom_language"); slices.Contains(newsroomLanguages, lang) {
		p.NewsroomLanguage = lang
	} else {
		errs = append(errs, domain.FieldError("newsroom_language", "Choose English, Ukrainian or the site's language."))
	}
	if p.Slug == "" {
		p.Slug = domain.Slugify(p.Name)
	}
	if utf8.RuneCountInString(p.Title) > 100 {
		errs = append(errs, domain.FieldError("title", "Role title is at most 100 characters."))
	}
	if utf8.RuneCountInString(p.Bio) > 5000 {
		errs = append(errs, domain.FieldError("bio", "Bio is at most 5000 characters."))
	}
	if r.PostFormValue("avatar_remove") == "1" {
		p.Avatar = ""
	}
	if img, ok, err := n.upload(r, u, nil, "avatar_file", &errs, "avatar"); err != nil {
		return err
	} else if ok {
		p.Avatar = img.URL
	}
	if pw := r.PostFormValue("new_password"); pw != "" {
		switch {
		case !auth.CheckPassword(u.PasswordHash, r.PostFormValue("current_password")):
			errs = append(errs, domain.FieldError("current_password", "This is not your current password."))
		case auth.ValidatePassword(pw) != nil:
			errs = append(errs, domain.FieldError("new_password", "Use at least %d characters.", auth.MinPasswordLen))
		default:
			h, err := auth.HashPassword(pw)
			if err != nil {
				return err
			}
			p.PasswordHash = h
		}
	}
	if len(errs) == 0 {
		if err := n.Store.UpdateUser(ctx, p); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				return err
			}
			errs = append(errs, asFieldError(err, "name"))
		}
	}
	if len(errs) > 0 {
		n.render(w, r, u, http.StatusBadRequest, "profile", map[string]any{"PageTitle": "Your profile", "U": p, "Errors": errs})
		return nil
	}
	if p.PasswordHash != u.PasswordHash {
		// Other browsers signed in with the old password are signed out,
		// and outstanding password links stop working; this browser gets
		// a fresh session.
		if err := n.Store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		if err := n.Store.DeleteUserTokens(ctx, u.ID); err != nil {
			return err
		}
		if err := n.Auth.StartSession(ctx, w, r, p); err != nil {
			return err
		}
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.AuthorUpdated, Slug: p.Slug})
	}
	http.Redirect(w, r, "/newsroom/profile?done=profile", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) users(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	return n.renderUsers(w, r, u, http.StatusOK, map[string]any{})
}

func (n *Newsroom) renderUsers(w http.ResponseWriter, r *http.Request, u *domain.User, status int, data map[string]any) error {
	if !domain.Can(u, domain.ActionBrowseUsers, nil) {
		return forbidden("see the staff list")
	}
	list, err := n.Store.ListUsers(r.Context())
	if err != nil {
		return err
	}
	data["PageTitle"] = "Staff"
	data["Users"] = list
	if _, ok := data["Errors"]; !ok {
		data["Errors"] = domain.ValidationErrors(nil)
	}
	if _, ok := data["Invite"]; !ok {
		data["Invite"] = map[string]string{"role": string(domain.RoleAuthor)}
	}
	var invitable []domain.Role
	for _, role := range domain.Roles {
		if domain.CanManageUser(u, role) {
			invitable = append(invitable, role)
		}
	}
	data["Invitable"] = invitable
	n.render(w, r, u, status, "users", data)
	return nil
}

var emailRe = regexp.MustCompile(`^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{1,63}$`)

// invite creates an account without a password and shows the inviter a
// one-time link to pass on; the invitee sets name and password there.
func (n *Newsroom) invite(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	in := map[string]string{"email": strings.TrimSpace(r.PostFormValue("email")), "name": strings.TrimSpace(r.PostFormValue("name")),
		"role": r.PostFormValue("role")}
	role := domain.Role(in["role"])
	var errs domain.ValidationErrors
	if !role.Valid() {
		errs = append(errs, domain.FieldError("role", "Unknown role %q.", in["role"]))
	} else if !domain.CanManageUser(u, role) {
		return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to invite a user with the role %s.", roleLabel(role))
	}
	if !emailRe.MatchString(in["email"]) {
		errs = append(errs, domain.FieldError("email", "Enter a valid email address."))
	} else if _, err := n.Store.UserByEmail(ctx, in["email"]); err == nil {
		errs = append(errs, domain.FieldError("email", "Someone already has an account with this email."))
	}
	if in["name"] == "" {
		errs = append(errs, domain.FieldError("name", "Name is required."))
	}
	var nu *domain.User
	if len(errs) == 0 {
		// Pending until the link is used: the name stays off the public site.
		nu = &domain.User{Author: domain.Author{Name: in["name"]}, Email: in["email"], Role: role, Pending: true}
		nu.Slug, _ = n.freeUserSlug(r, domain.Slugify(nu.Name))
		if err := n.Store.CreateUser(ctx, nu); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				return err
			}
			errs = append(errs, asFieldError(err, "email"))
		}
	}
	if len(errs) > 0 {
		return n.renderUsers(w, r, u, http.StatusBadRequest, map[string]any{"Errors": errs, "Invite": in})
	}
	raw, err := n.Auth.NewLink(ctx, auth.TokenInvite, nu.ID)
	if err != nil {
		return err
	}
	return n.renderUsers(w, r, u, http.StatusOK, map[string]any{"Link": n.SiteURL + "/newsroom/invite/" + raw, "LinkFor": nu.Name,
		"LinkExpires": time.Now().Add(auth.InviteTTL)})
}

func (n *Newsroom) freeUserSlug(r *http.Request, base string) (string, error) {
	if base == "" {
		base = "user"
	}
	slug := base
	for i := 2; i < 100; i++ {
		if _, err := n.Store.AuthorBySlug(r.Context(), slug); domain.ErrorCode(err) == domain.ENOTFOUND {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
	return base + "-" + domain.NewID()[:6], nil
}

// updateUser changes another user's role or suspends them, within the
// limits of domain.CanManageUser for both the old and the new role.
func (n *Newsroom) updateUser(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	target, err := n.Store.UserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if target.ID == u.ID {
		return domain.Errorf(domain.EFORBIDDEN, "You cannot change your own role or suspend yourself.")
	}
	if !domain.CanManageUser(u, target.Role) {
		return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to manage a user with the role %s.", roleLabel(target.Role))
	}
	if role := domain.Role(r.PostFormValue("role")); role != "" {
		if !role.Valid() {
			return domain.FieldError("role", "Unknown role %q.", role)
		}
		if !domain.CanManageUser(u, role) {
			return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to give someone the role %s.", roleLabel(role))
		}
		target.Role = role
	}
	if s := r.PostFormValue("suspended"); s != "" {
		target.Suspended = s == "1"
	}
	if err := n.Store.UpdateUser(ctx, target); err != nil {
		return err
	}
	if target.Suspended {
		if err := n.Store.DeleteUserSessions(ctx, target.ID); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/newsroom/users?done=user", http.StatusSeeOther)
	return nil
}

// passwordLink makes a one-time password-set link for a user the actor
// manages (a forgotten password, or an invitation to resend).
func (n *Newsroom) passwordLink(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	ctx := r.Context()
	target, err := n.Store.UserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !domain.CanManageUser(u, target.Role) {
		return domain.Errorf(domain.EFORBIDDEN, "Your role does not allow you to manage a user with the role %s.", roleLabel(target.Role))
	}
	raw, err := n.Auth.NewLink(ctx, auth.TokenPassword, target.ID)
	if err != nil {
		return err
	}
	return n.renderUsers(w, r, u, http.StatusOK, map[string]any{"Link": n.SiteURL + "/newsroom/password/" + raw, "LinkFor": target.Name,
		"LinkExpires": time.Now().Add(auth.PasswordTTL)})
}

func (n *Newsroom) settingsForm(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	s, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	n.render(w, r, u, http.StatusOK, "settings", map[string]any{"PageTitle": "Site settings", "S": s, "Errors": domain.ValidationErrors(nil)})
	return nil
}

var accentRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

func (n *Newsroom) saveSettings(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageSite, nil) {
		return forbidden("change site settings")
	}
	ctx := r.Context()
	s, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	s.Title = strings.TrimSpace(r.PostFormValue("site_title"))
	s.Description = strings.TrimSpace(r.PostFormValue("description"))
	s.Language = strings.TrimSpace(r.PostFormValue("language"))
	s.Timezone = strings.TrimSpace(r.PostFormValue("timezone"))
	s.Accent = strings.TrimSpace(r.PostFormValue("accent"))
	s.Dateline = strings.TrimSpace(r.PostFormValue("dateline"))
	s.APITrash = r.PostFormValue("api_trash") == "1"
	s.ReviewAuthors = r.PostFormValue("review_authors") == "1"
	var errs domain.ValidationErrors
	if s.Title == "" || utf8.RuneCountInString(s.Title) > 150 {
		errs = append(errs, domain.FieldError("site_title", "Site title is required, at most 150 characters."))
	}
	if utf8.RuneCountInString(s.Description) > 500 {
		errs = append(errs, domain.FieldError("description", "Description is at most 500 characters."))
	}
	if probe := (domain.Post{Title: "x", Language: s.Language, Authors: []domain.Author{{}}}); s.Language == "" || probe.Validate() != nil {
		errs = append(errs, domain.FieldError("language", "Language must be a code such as en or uk."))
	}
	if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "" || s.Timezone == "Local" {
		errs = append(errs, domain.FieldError("timezone", "Unknown time zone; use a name such as Europe/Kyiv or UTC."))
	}
	if utf8.RuneCountInString(s.Dateline) > 60 || strings.ContainsAny(s.Dateline, "\r\n\t") {
		errs = append(errs, domain.FieldError("dateline", "Dateline is one place name, at most 60 characters."))
	}
	if !accentRe.MatchString(s.Accent) {
		errs = append(errs, domain.FieldError("accent", "Accent must be a colour like #c8102e."))
	}
	if r.PostFormValue("logo_remove") == "1" {
		s.Logo = ""
	}
	if img, ok, err := n.upload(r, u, nil, "logo_file", &errs, "logo"); err != nil {
		return err
	} else if ok {
		s.Logo = img.URL
	}
	if r.PostFormValue("share_image_remove") == "1" {
		s.ShareImage = ""
	}
	if img, ok, err := n.upload(r, u, nil, "share_image_file", &errs, "share_image"); err != nil {
		return err
	} else if ok {
		s.ShareImage = img.URL
	}
	if len(errs) > 0 {
		n.render(w, r, u, http.StatusBadRequest, "settings", map[string]any{"PageTitle": "Site settings", "S": s, "Errors": errs})
		return nil
	}
	if err := n.Store.SaveSettings(ctx, s, n.Publisher.Webhooks.SiteChanged(ctx)...); err != nil {
		return err
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.SettingsUpdated})
	}
	http.Redirect(w, r, "/newsroom/settings?done=settings", http.StatusSeeOther)
	return nil
}

// roleLabel is a role as the newsroom names it ("Editor"), a catalogue
// key, so errors that name it translate it.
func roleLabel(r domain.Role) string {
	if r == "" {
		return ""
	}
	return strings.ToUpper(string(r)[:1]) + string(r)[1:]
}
