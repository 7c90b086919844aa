package newsroom

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// tags lists tags for Editors and Administrators to rename, re-slug,
// describe or delete (typos made while tagging on the fly).
func (n *Newsroom) tags(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	return n.renderTags(w, r, u, http.StatusOK, nil, nil)
}

func (n *Newsroom) renderTags(w http.ResponseWriter, r *http.Request, u *domain.User, status int, edited *domain.Tag, errs domain.ValidationErrors) error {
	if !domain.Can(u, domain.ActionManageTags, nil) {
		return forbidden("manage tags")
	}
	list, err := n.Store.ListTags(r.Context())
	if err != nil {
		return err
	}
	if edited != nil {
		for i, t := range list {
			if t.ID == edited.ID {
				list[i] = edited // show what was typed
			}
		}
	}
	errID := ""
	if edited != nil {
		errID = edited.ID
	}
	use, err := n.Store.TagUse(r.Context())
	if err != nil {
		return err
	}
	n.render(w, r, u, status, "tags", map[string]any{"PageTitle": "Tags", "TagList": list, "Use": use, "ErrID": errID, "Errors": errs})
	return nil
}

// mergeTag folds a tag into another, named by name or slug (a tag list
// of an imported archive can run to thousands, too many for a menu on
// every row): its posts move over, it is deleted, and its public page
// redirects to the other's so links to it keep working.
func (n *Newsroom) mergeTag(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageTags, nil) {
		return forbidden("manage tags")
	}
	ctx := r.Context()
	from, err := n.Store.TagByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("into"))
	var into *domain.Tag
	if name != "" {
		if into, err = n.Store.TagBySlug(ctx, domain.TagSlug(name)); domain.ErrorCode(err) == domain.ENOTFOUND {
			into, err = n.Store.TagBySlug(ctx, name)
		}
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
	}
	refuse := func(format string, args ...any) error {
		return n.renderTags(w, r, u, http.StatusBadRequest, from, domain.ValidationErrors{domain.FieldError("into", format, args...)})
	}
	switch {
	case name == "":
		return refuse("Name the tag to merge into.")
	case into == nil:
		return refuse("There is no tag named “%s”.", name)
	case into.ID == from.ID:
		return refuse("A tag cannot be merged into itself.")
	}
	if _, err := n.Store.MergeTags(ctx, from.ID, into.ID); err != nil {
		return err
	}
	// The merged tag is gone: tag.deleted, queued just after the merge
	// (MergeTags takes no outbox).
	if err := n.Store.Enqueue(ctx, n.Publisher.Webhooks.TagChange(ctx, from, nil)); err != nil {
		n.Log.Warn("tag merge: queue webhooks", "err", err)
	}
	// Best effort: the merge has happened, and a path that another rule
	// already claims keeps that rule.
	rule := &domain.Redirect{From: "/tag/" + from.Slug + "/", To: "/tag/" + into.Slug + "/", Permanent: true}
	if err := n.Store.AddRedirect(ctx, rule); err != nil {
		n.Log.Warn("tag merge: no redirect from the old tag page", "from", rule.From, "err", err)
	} else {
		n.redirectsChanged()
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.TagUpdated, Slug: from.Slug})
		n.Events.Publish(events.Event{Type: events.TagUpdated, Slug: into.Slug})
	}
	http.Redirect(w, r, "/newsroom/tags?done=tagmerged", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) saveTag(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageTags, nil) {
		return forbidden("manage tags")
	}
	ctx := r.Context()
	t, err := n.Store.TagByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	old := *t
	t.Name = strings.TrimSpace(r.PostFormValue("name"))
	t.Slug = strings.TrimSpace(r.PostFormValue("slug"))
	t.Description = strings.TrimSpace(r.PostFormValue("description"))
	var errs domain.ValidationErrors
	if utf8.RuneCountInString(t.Description) > 500 {
		errs = append(errs, domain.FieldError("description", "Description is at most 500 characters."))
	}
	if len(errs) == 0 {
		if err := n.Store.UpdateTag(ctx, t, n.Publisher.Webhooks.TagChange(ctx, &old, t)...); err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				return err
			}
			errs = append(errs, asFieldError(err, "name"))
		}
	}
	if len(errs) > 0 {
		return n.renderTags(w, r, u, http.StatusBadRequest, t, errs)
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.TagUpdated, Slug: t.Slug})
	}
	http.Redirect(w, r, "/newsroom/tags?done=tag", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) deleteTag(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageTags, nil) {
		return forbidden("manage tags")
	}
	ctx := r.Context()
	t, err := n.Store.TagByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := n.Store.DeleteTag(ctx, t.ID, n.Publisher.Webhooks.TagChange(ctx, t, nil)...); err != nil {
		return err
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.TagUpdated, Slug: t.Slug})
	}
	http.Redirect(w, r, "/newsroom/tags?done=tagdeleted", http.StatusSeeOther)
	return nil
}
