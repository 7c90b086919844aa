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
	n.render(w, r, u, status, "tags", map[string]any{"PageTitle": "Tags", "TagList": list, "ErrID": errID, "Errors": errs})
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
	t.Name = strings.TrimSpace(r.PostFormValue("name"))
	t.Slug = strings.TrimSpace(r.PostFormValue("slug"))
	t.Description = strings.TrimSpace(r.PostFormValue("description"))
	var errs domain.ValidationErrors
	if utf8.RuneCountInString(t.Description) > 500 {
		errs = append(errs, domain.FieldError("description", "Description is at most 500 characters."))
	}
	if len(errs) == 0 {
		if err := n.Store.UpdateTag(ctx, t); err != nil {
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
	if err := n.Store.DeleteTag(ctx, t.ID); err != nil {
		return err
	}
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.TagUpdated, Slug: t.Slug})
	}
	http.Redirect(w, r, "/newsroom/tags?done=tagdeleted", http.StatusSeeOther)
	return nil
}
