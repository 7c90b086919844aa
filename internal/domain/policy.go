package domain

// Action is something a user may or may not do. The rules are Ghost's four
// roles; every adapter (newsroom, Admin API) asks Can before acting.
type Action string

// The actions the role matrix covers.
const (
	ActionCreatePost  Action = "post.create"
	ActionEditPost    Action = "post.edit"
	ActionPublishPost Action = "post.publish" // publish, schedule, unpublish
	// ActionDeletePost moves a post to the trash, restores it from there,
	// and (Admin API, Ghost's behaviour) deletes it at once. Authors and
	// Contributors may do it to their own drafts only: a published story
	// goes away only by an editor's hand.
	ActionDeletePost Action = "post.delete"
	// ActionPurgePost deletes a post for good from the trash.
	ActionPurgePost    Action = "post.purge"
	ActionUploadImage  Action = "post.upload" // attach media to a post
	ActionCorrectPost  Action = "post.correct"
	ActionPinBreaking  Action = "post.breaking"
	ActionCreateTag    Action = "tag.create" // add a new tag while writing
	ActionManageTags   Action = "tag.manage" // edit and delete tags
	ActionBrowseUsers  Action = "user.browse"
	ActionManageSite   Action = "settings.manage"
	ActionManageKeys   Action = "integration.manage"
	ActionViewAllPosts Action = "post.browse_all" // see others' drafts
	// ActionReviewPost answers a submission for review: approve it
	// (publish or schedule) or send it back. Editors and Administrators.
	ActionReviewPost Action = "post.review"
	// ActionAssign creates, changes and cancels assignments (story stubs
	// with a deadline for a reporter): the desk's work, Editors and up.
	ActionAssign Action = "assignment.manage"
)

// Actions lists every action, for the role-matrix test and docs.
var Actions = []Action{ActionCreatePost, ActionEditPost, ActionPublishPost, ActionDeletePost, ActionPurgePost,
	ActionUploadImage, ActionCorrectPost, ActionPinBreaking, ActionCreateTag, ActionManageTags,
	ActionBrowseUsers, ActionManageSite, ActionManageKeys, ActionViewAllPosts, ActionReviewPost, ActionAssign}

// Roles lists the roles from least to most powerful.
var Roles = []Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdministrator}

// rank orders roles so "at least Editor" reads as a comparison.
func (r Role) rank() int {
	switch r {
	case RoleContributor:
		return 1
	case RoleAuthor:
		return 2
	case RoleEditor:
		return 3
	case RoleAdministrator:
		return 4
	}
	return 0
}

// AtLeast reports whether r is as powerful as min or more.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// IsAuthorOf reports whether u is one of p's authors.
func (u *User) IsAuthorOf(p *Post) bool {
	for _, a := range p.Authors {
		if a.ID == u.ID {
			return true
		}
	}
	return false
}

// Can reports whether u may do a to post p (nil for actions not about one
// post, or for a post not created yet).
func Can(u *User, a Action, p *Post) bool {
	if u == nil || u.Suspended || !u.Role.Valid() {
		return false
	}
	if u.Role.AtLeast(RoleEditor) {
		switch a {
		case ActionManageSite, ActionManageKeys, ActionPurgePost:
			return u.Role == RoleAdministrator
		}
		return true
	}
	own := p == nil || u.IsAuthorOf(p)
	switch a {
	case ActionCreatePost, ActionCreateTag, ActionBrowseUsers:
		return true
	case ActionDeletePost:
		return own && (p == nil || p.Status == StatusDraft)
	case ActionEditPost, ActionUploadImage:
		if u.Role == RoleContributor {
			// Contributors work on their own drafts only; once an editor
			// publishes or schedules a piece it is out of their hands.
			return own && (p == nil || p.Status == StatusDraft)
		}
		return own
	case ActionPublishPost:
		return u.Role == RoleAuthor && own
	}
	return false
}

// MustSubmit reports whether u publishes through review: Contributors
// always, Authors when the site requires review for Authors
// (Settings.ReviewAuthors). Editors and Administrators publish directly.
func MustSubmit(u *User, s Settings) bool {
	if u == nil {
		return true
	}
	switch u.Role {
	case RoleContributor:
		return true
	case RoleAuthor:
		return s.ReviewAuthors
	}
	return false
}

// CanManageUser reports whether actor may invite, edit, suspend or delete a
// user with the target role. Editors manage Authors and Contributors only.
func CanManageUser(actor *User, target Role) bool {
	if actor == nil || actor.Suspended {
		return false
	}
	switch actor.Role {
	case RoleAdministrator:
		return target.Valid()
	case RoleEditor:
		return target == RoleAuthor || target == RoleContributor
	}
	return false
}

// CanSeeEmail reports whether actor may see target's email address: their
// own, and those of the people they manage (Editors: Authors and
// Contributors; Administrators: everyone). Contributors and Authors see
// only their own. The newsroom's Staff page and the Admin API's users/
// both follow it.
func CanSeeEmail(actor, target *User) bool {
	if actor == nil || target == nil || actor.Suspended {
		return false
	}
	return actor.ID == target.ID || CanManageUser(actor, target.Role)
}
